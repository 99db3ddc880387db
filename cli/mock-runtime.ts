/**
 * Runs a Pulumi program in-process under the SDK's mock runtime, with mocks that return the
 * outputs AWS would (ARNs, IDs, names), and records every registration as the engine sees it:
 * URN, parent, `protect`, dependencies and property dependencies. Used by the offline preview and
 * by the tests, so both see exactly what `pulumi up` would send.
 */
import * as crypto from "crypto";
import * as path from "path";
import { fileURLToPath } from "url";
import * as pulumi from "@pulumi/pulumi";
import { checkedInputs, UnknownMarker } from "./provider-check";

// Internal SDK modules: the monitor and the RPC queue are not part of the public API.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings");

export interface MockContext {
    accountId: string;
    region: string;
    partition: string;
}

export interface RegisteredResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent?: string;
    protect: boolean;
    provider?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    /**
     * Inputs as analyzers receive them: what the program sent, after the provider's \`Check\`
     * (JSON documents as strings, auto-names filled in; cli/provider-check.ts), with unknowns as
     * the SDK's sentinel strings.
     */
    inputs: Record<string, any>;
    /** Outputs the mock returned (inputs plus computed properties). */
    outputs: Record<string, any>;
    /** Aliases the resource was registered with, as URNs (an alias spec resolved as the engine does, before multiplying out the parent's aliases). */
    aliases: string[];
    /** The program line that registered the resource, as the SDK records it for the engine. */
    sourcePosition?: { file: string; line: number };
}

export interface MockRunOptions {
    project?: string;
    stack: string;
    /** Raw stack configuration, `namespace:key` -> value (objects as JSON strings). */
    config: Record<string, string>;
    context: MockContext;
    /** Model `pulumi preview`: computed outputs (ARNs, IDs) are unknown, as before the first `up`. */
    preview?: boolean;
}

/** A short stable hex suffix, so repeated runs produce the same IDs. */
function suffix(seed: string, length = 8): string {
    return crypto.createHash("sha256").update(seed).digest("hex").slice(0, length);
}

function uuid(seed: string): string {
    const h = suffix(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The name the provider gives a resource the program did not name: its logical name and seven hex digits. */
function autoNameOf(name: string): string {
    return `${name}-${suffix(name, 7)}`;
}

/** Unknowns as the mocks receive inputs (the SDK's \`unknown\`) and as the recorder reads requests (the wire sentinel). */
const SDK_UNKNOWN: UnknownMarker = { isUnknown: (v) => pulumi.isUnknown(v), unknown: pulumi.unknown };
const WIRE_UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const WIRE_UNKNOWN: UnknownMarker = { isUnknown: (v) => v === WIRE_UNKNOWN_STRING, unknown: WIRE_UNKNOWN_STRING };

/** Computed outputs per resource type, shaped like AWS's (checked against @pulumi/aws output names). */
export function computedOutputs(type: string, name: string, inputs: Record<string, any>, ctx: MockContext): Record<string, any> {
    const { partition: p, region: r, accountId: a } = ctx;
    const physical = inputs.name ?? autoNameOf(name);
    const id10 = suffix(`${type}/${name}`, 10).toUpperCase();
    switch (type) {
        case "aws:kms/key:Key": {
            const keyId = uuid(name);
            return { id: keyId, keyId, arn: `arn:${p}:kms:${r}:${a}:key/${keyId}` };
        }
        case "aws:kms/alias:Alias":
            return { id: inputs.name, arn: `arn:${p}:kms:${r}:${a}:${inputs.name}`, targetKeyArn: inputs.targetKeyId };
        case "aws:iam/role:Role":
            return { id: physical, name: physical, arn: `arn:${p}:iam::${a}:role${inputs.path ?? "/"}${physical}`, uniqueId: `AROA${id10}` };
        case "aws:iam/policy:Policy":
            return { id: `arn:${p}:iam::${a}:policy${inputs.path ?? "/"}${physical}`, name: physical, arn: `arn:${p}:iam::${a}:policy${inputs.path ?? "/"}${physical}`, policyId: `ANPA${id10}` };
        case "aws:iam/rolePolicy:RolePolicy":
            return { id: `${inputs.role}:${physical}`, name: physical };
        case "aws:s3/bucket:Bucket":
        case "aws:s3/bucketV2:BucketV2": {
            const bucket = inputs.bucket ?? autoNameOf(name).toLowerCase();
            return { id: bucket, bucket, arn: `arn:${p}:s3:::${bucket}`, bucketDomainName: `${bucket}.s3.amazonaws.com` };
        }
        case "aws:cloudwatch/logGroup:LogGroup":
            return { id: physical, name: physical, arn: `arn:${p}:logs:${r}:${a}:log-group:${physical}` };
        case "aws:sns/topic:Topic":
            return { id: `arn:${p}:sns:${r}:${a}:${physical}`, name: physical, arn: `arn:${p}:sns:${r}:${a}:${physical}` };
        case "aws:cloudtrail/trail:Trail":
            return { id: physical, name: physical, arn: `arn:${p}:cloudtrail:${r}:${a}:trail/${physical}`, homeRegion: r };
        case "aws:bedrock/guardrail:Guardrail": {
            const guardrailId = suffix(name, 12);
            return { id: `${guardrailId},DRAFT`, guardrailId, guardrailArn: `arn:${p}:bedrock:${r}:${a}:guardrail/${guardrailId}`, version: "DRAFT", status: "READY" };
        }
        case "aws:bedrock/guardrailVersion:GuardrailVersion":
            return { id: `${inputs.guardrailArn},1`, version: "1" };
        case "aws:bedrock/agentAgent:AgentAgent":
            return { id: id10, agentId: id10, agentArn: `arn:${p}:bedrock:${r}:${a}:agent/${id10}`, agentVersion: "DRAFT" };
        case "aws:bedrock/agentAgentAlias:AgentAgentAlias":
            return { id: `${id10},${inputs.agentId}`, agentAliasId: id10, agentAliasArn: `arn:${p}:bedrock:${r}:${a}:agent-alias/${inputs.agentId}/${id10}` };
        case "aws:bedrock/agentcoreGateway:AgentcoreGateway": {
            const gatewayId = `${physical}-${suffix(name, 10)}`;
            return { id: gatewayId, gatewayId, gatewayArn: `arn:${p}:bedrock-agentcore:${r}:${a}:gateway/${gatewayId}`, gatewayUrl: `https://${gatewayId}.gateway.bedrock-agentcore.${r}.amazonaws.com/mcp`, workloadIdentityDetails: [] };
        }
        case "aws:bedrock/agentcoreGatewayTarget:AgentcoreGatewayTarget":
            return { id: `${inputs.gatewayIdentifier},${id10}`, targetId: id10 };
        case "aws:bedrock/agentcorePolicyEngine:AgentcorePolicyEngine": {
            const policyEngineId = `${physical}-${suffix(name, 10)}`;
            return { id: policyEngineId, policyEngineId, policyEngineArn: `arn:${p}:bedrock-agentcore:${r}:${a}:policy-engine/${policyEngineId}` };
        }
        case "aws:bedrock/agentcorePolicy:AgentcorePolicy": {
            const policyId = `${physical}-${suffix(name, 10)}`;
            return { id: `${inputs.policyEngineId},${policyId}`, policyId, policyArn: `arn:${p}:bedrock-agentcore:${r}:${a}:policy-engine/${inputs.policyEngineId}/policy/${policyId}` };
        }
        case "aws:bedrock/agentcoreAgentRuntime:AgentcoreAgentRuntime": {
            const agentRuntimeId = `${physical}-${suffix(name, 10)}`;
            return { id: agentRuntimeId, agentRuntimeId, agentRuntimeArn: `arn:${p}:bedrock-agentcore:${r}:${a}:runtime/${agentRuntimeId}`, agentRuntimeVersion: "1" };
        }
        case "aws:ec2/vpc:Vpc":
            return { id: `vpc-${suffix(name, 17)}`, arn: `arn:${p}:ec2:${r}:${a}:vpc/vpc-${suffix(name, 17)}` };
        case "aws:ec2/subnet:Subnet":
            return { id: `subnet-${suffix(name, 17)}`, arn: `arn:${p}:ec2:${r}:${a}:subnet/subnet-${suffix(name, 17)}` };
        case "aws:ec2/securityGroup:SecurityGroup":
            return { id: `sg-${suffix(name, 17)}`, arn: `arn:${p}:ec2:${r}:${a}:security-group/sg-${suffix(name, 17)}` };
        case "aws:ec2/vpcEndpoint:VpcEndpoint":
            return { id: `vpce-${suffix(name, 17)}`, arn: `arn:${p}:ec2:${r}:${a}:vpc-endpoint/vpce-${suffix(name, 17)}`, dnsEntries: [] };
        case "aws:wafv2/webAcl:WebAcl": {
            const id = uuid(name);
            return { id, arn: `arn:${p}:wafv2:${r}:${a}:regional/webacl/${physical}/${id}`, capacity: 100 };
        }
        case "aws:wafv2/regexPatternSet:RegexPatternSet": {
            const id = uuid(name);
            return { id, arn: `arn:${p}:wafv2:${r}:${a}:regional/regexpatternset/${physical}/${id}` };
        }
        case "aws:apigateway/restApi:RestApi": {
            const id = suffix(name, 10);
            return { id, arn: `arn:${p}:apigateway:${r}::/restapis/${id}`, executionArn: `arn:${p}:execute-api:${r}:${a}:${id}`, rootResourceId: suffix(`${name}/root`, 10) };
        }
        case "aws:apigateway/stage:Stage":
            return { id: `ags-${inputs.restApi}-${inputs.stageName}`, arn: `arn:${p}:apigateway:${r}::/restapis/${inputs.restApi}/stages/${inputs.stageName}`, invokeUrl: `https://${inputs.restApi}.execute-api.${r}.amazonaws.com/${inputs.stageName}`, executionArn: `arn:${p}:execute-api:${r}:${a}:${inputs.restApi}/${inputs.stageName}` };
        case "aws:organizations/policy:Policy": {
            const id = `p-${suffix(name, 8)}`;
            return { id, arn: `arn:${p}:organizations::${a}:policy/o-exampleorg1/${String(inputs.type ?? "service_control_policy").toLowerCase()}/${id}` };
        }
        case "aws:organizations/organization:Organization":
            return { id: "o-exampleorg1", arn: `arn:${p}:organizations::${a}:organization/o-exampleorg1`, masterAccountId: a, roots: [{ id: "r-ex12", arn: `arn:${p}:organizations::${a}:root/o-exampleorg1/r-ex12`, name: "Root", policyTypes: [] }] };
        default: {
            // Other types: an ID and, where AWS has one, an ARN of the usual shape.
            const [pkg, mod] = type.split(":");
            const service = (mod ?? "").split("/")[0];
            const id = `${physical}`;
            return pkg === "aws" ? { id, arn: `arn:${p}:${service}:${r}:${a}:${id}` } : { id };
        }
    }
}

/** Invokes the components may make, answered for the mocked account. */
function callResult(token: string, ctx: MockContext): Record<string, any> {
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: ctx.accountId, arn: `arn:${ctx.partition}:iam::${ctx.accountId}:user/offline`, userId: "AIDAOFFLINE", id: ctx.accountId };
        case "aws:index/getRegion:getRegion":
            return { name: ctx.region, region: ctx.region, id: ctx.region, endpoint: `${ctx.region}.amazonaws.com` };
        case "aws:index/getPartition:getPartition":
            return { partition: ctx.partition, dnsSuffix: "amazonaws.com", id: ctx.partition };
        default:
            return {};
    }
}

/** `type::name` of the provider a reference (`urn:pulumi:STACK::PROJECT::TYPE::NAME::ID`) points at. */
function providerKey(reference: string): string {
    const [, , qualifiedType = "", name = ""] = reference.split("::");
    return `${qualifiedType.split("$").pop()}::${name}`;
}

/**
 * Mocks that answer like AWS on the inputs the provider's \`Check\` returns; in preview mode the
 * outputs are those checked inputs (auto-names known, as \`pulumi preview\` shows them) and every
 * computed output is unknown. A resource gets the Region of its explicit provider (a multi-Region
 * program has one provider per Region), else the stack's.
 */
export function awsLikeMocks(ctx: MockContext, preview: boolean): pulumi.runtime.Mocks {
    const providerRegions = new Map<string, string>();
    return {
        newResource: (args: pulumi.runtime.MockResourceArgs) => {
            if (args.type.startsWith("pulumi:providers:") && typeof args.inputs.region === "string") {
                providerRegions.set(`${args.type}::${args.name}`, args.inputs.region);
            }
            const region = (args.provider && providerRegions.get(providerKey(args.provider))) || ctx.region;
            const inputs = args.custom === false ? args.inputs : checkedInputs(args.type, args.inputs, SDK_UNKNOWN, () => autoNameOf(args.name));
            const computed = computedOutputs(args.type, args.name, inputs, { ...ctx, region });
            const { id, ...rest } = computed;
            return { id: preview ? undefined : id ?? `${args.name}-id`, state: preview ? { ...inputs } : { ...inputs, ...rest } };
        },
        call: (args: pulumi.runtime.MockCallArgs) => callResult(args.token, ctx),
    };
}

function structToJs(struct: any): Record<string, any> {
    return struct ? struct.toJavaScript() : {};
}

/** The SDK's `sourcePosition` of a registration (a `file:` URI and a line), as a path and line. */
function sourcePositionOf(req: any): { sourcePosition?: { file: string; line: number } } {
    const position = typeof req.getSourceposition === "function" ? req.getSourceposition() : undefined;
    const uri: string | undefined = position?.getUri();
    const line: number | undefined = position?.getLine();
    if (!uri || !uri.startsWith("file:") || !line || line < 1) {
        return {};
    }
    try {
        return { sourcePosition: { file: fileURLToPath(uri), line } };
    } catch {
        return {};
    }
}

/**
 * The URN an alias spec names: its name, type, stack, project and parent, each defaulting to the
 * resource's own (a renamed child's `{ name }`, a component's former `{ type }`).
 */
function aliasSpecUrn(spec: any, req: any, options: MockRunOptions): string {
    const parent: string = spec.getNoparent() ? "" : spec.getParenturn() || req.getParent() || "";
    const parentType = parent.split("::")[2];
    const type = spec.getType() || req.getType();
    const qualified = parentType && parentType !== "pulumi:pulumi:Stack" ? `${parentType}$${type}` : type;
    return `urn:pulumi:${spec.getStack() || options.stack}::${spec.getProject() || options.project || "ai-guardrails"}::${qualified}::${spec.getName() || req.getName()}`;
}

/**
 * Installs mocks and records every `RegisterResource` request and its response. The recorder
 * wraps the SDK's mock monitor so URNs, parents and dependencies are the ones the SDK computed.
 */
export async function installRecordingMocks(options: MockRunOptions): Promise<RegisteredResource[]> {
    const recorded: RegisteredResource[] = [];
    pulumi.runtime.setAllConfig(options.config);
    await pulumi.runtime.setMocks(awsLikeMocks(options.context, options.preview ?? false), options.project ?? "ai-guardrails", options.stack, options.preview ?? false);
    const monitor = settings.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: any, resp: any) => void) => {
        register(req, (err: any, resp: any) => {
            if (!err && resp) {
                const propertyDependencies: Record<string, string[]> = {};
                req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
                    propertyDependencies[key] = deps.getUrnsList();
                });
                recorded.push({
                    urn: resp.getUrn(),
                    type: req.getType(),
                    name: req.getName(),
                    custom: req.getCustom(),
                    parent: req.getParent() || undefined,
                    protect: req.getProtect() ?? false,
                    provider: req.getProvider() || undefined,
                    dependencies: req.getDependenciesList(),
                    propertyDependencies,
                    inputs: req.getCustom() ? checkedInputs(req.getType(), structToJs(req.getObject()), WIRE_UNKNOWN, () => autoNameOf(req.getName())) : structToJs(req.getObject()),
                    outputs: structToJs(resp.getObject()),
                    aliases: [...req.getAliasurnsList(), ...req.getAliasesList().map((a: any) => (a.hasUrn() ? a.getUrn() : aliasSpecUrn(a.getSpec(), req, options)))].filter(Boolean),
                    ...sourcePositionOf(req),
                });
            }
            callback(err, resp);
        });
    };
    return recorded;
}

/** Waits until every outstanding registration and invoke has completed. */
export function settle(): Promise<void> {
    return settings.waitForRPCs();
}

/** Where the SDK's `debuggablePromise` lives: the frame that asks for a debug-only stack trace. */
const DEBUGGABLE = path.join("@pulumi", "pulumi", "runtime", "debuggable.js");

/**
 * The SDK records a stack trace on every promise it makes (several per resource property) and shows
 * them only when PULUMI_DEBUG_PROMISE_LEAKS is set. Under ts-node every trace is source-mapped frame
 * by frame, which was most of the time a program spent under the mocks. While a program runs, those
 * traces are not formatted unless that variable asks for them; every other error keeps its trace.
 */
async function withoutDebugOnlyTraces<T>(run: () => Promise<T>): Promise<T> {
    const format = Error.prepareStackTrace;
    if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) {
        return run();
    }
    Error.prepareStackTrace = (error, frames) => {
        const top = frames[0];
        if (top?.getFunctionName() === "debuggablePromise" && top.getFileName()?.endsWith(DEBUGGABLE)) {
            return "(stack trace recorded only with PULUMI_DEBUG_PROMISE_LEAKS set)";
        }
        return format ? format(error, frames) : `${error}${frames.map((f) => `\n    at ${f}`).join("")}`;
    };
    try {
        return await run();
    } finally {
        Error.prepareStackTrace = format;
    }
}

/**
 * Runs `program` under recording mocks and returns what it registered, in registration order.
 * Errors thrown by the program (for example invalid stack config) propagate to the caller.
 */
export async function runUnderMocks(options: MockRunOptions, program: () => unknown): Promise<{ resources: RegisteredResource[]; result: unknown }> {
    return withoutDebugOnlyTraces(async () => {
        const resources = await installRecordingMocks(options);
        const result = await program();
        await settle();
        return { resources, result };
    });
}
