/**
 * How AgentCore resources of a stack fit together, for the stack rules: which policy engine a
 * gateway enforces, which Cedar policies that engine holds, which targets (and so which tools) a
 * gateway exposes. Links follow the values (IDs and ARNs, once known) and, when a value is not
 * known yet at preview, the engine's `propertyDependencies`. One pass over the resources.
 */
import { PolicyResource } from "@pulumi/policy";
import { TOOL_INPUT_TYPES, toolActionName, ToolInput, ToolInputType, ToolManifestEntry } from "../controls/agentcore";
import { StackIndex } from "./stack-index";
import { T } from "./types";
import { dependenciesOf, isUnknownProp } from "./unknowns";

export type Known = { known: true; value: unknown } | { known: false };

/** The value at a path of a resource's props without tripping the unknown-checking proxy. */
export function knownAt(props: Record<string, any>, path: readonly (string | number)[]): Known {
    let cur: any = props;
    for (const key of path) {
        if (cur === null || cur === undefined || typeof cur !== "object") {
            return { known: true, value: undefined };
        }
        if (isUnknownProp(cur, String(key))) {
            return { known: false };
        }
        cur = cur[key];
    }
    return { known: true, value: cur };
}

/** A known string at a path, or undefined (unknown, absent or not a string). */
export function knownString(props: Record<string, any>, path: readonly (string | number)[]): string | undefined {
    const v = knownAt(props, path);
    return v.known && typeof v.value === "string" && v.value !== "" ? v.value : undefined;
}

/** A gateway with what it enforces and exposes. */
export interface GatewayView {
    gateway: PolicyResource;
    /** The gateway's ARN, when known. */
    arn?: string;
    /** `authorizerType`, when known. */
    authorizerType?: string;
    /** Whether `policyEngineConfiguration` is set (or not known yet). */
    engineAttached: boolean;
    /** The engine's ARN as configured on the gateway, when known. */
    engineArn?: string;
    /** The in-stack policy engine the gateway enforces, when it is in this stack. */
    engine?: PolicyResource;
    /** The engine's Cedar policies in this stack. */
    policies: PolicyResource[];
    targets: PolicyResource[];
}

export interface AgentCoreTopology {
    gateways: GatewayView[];
    /** Each in-stack policy engine's policies. */
    policiesByEngine: Map<PolicyResource, PolicyResource[]>;
    /** Each policy's engine, when it is in this stack. */
    engineOfPolicy: Map<PolicyResource, PolicyResource>;
    /** The gateways that enforce each in-stack engine. */
    gatewaysByEngine: Map<PolicyResource, GatewayView[]>;
}

/**
 * The resource `resource.props[prop]` links to: the in-stack resource of `type` it depends on, else
 * the first candidate (in stack order) whose known value of one of `keys` equals `value`.
 */
function linked(resource: PolicyResource, prop: string, type: string, candidates: ValueIndex, value: string | undefined): PolicyResource | undefined {
    const dep = dependenciesOf(resource, prop).find((d) => d.type === type);
    if (dep) {
        return dep;
    }
    return value === undefined ? undefined : candidates.first(value);
}

/** Resources by the known string values of some of their props, first in stack order first. */
class ValueIndex {
    private readonly byValue = new Map<string, PolicyResource>();

    constructor(resources: readonly PolicyResource[], keys: readonly string[]) {
        for (const r of resources) {
            for (const k of keys) {
                const v = knownString(r.props, [k]);
                if (v !== undefined && !this.byValue.has(v)) {
                    this.byValue.set(v, r);
                }
            }
        }
    }

    first(value: string): PolicyResource | undefined {
        return this.byValue.get(value);
    }
}

/** Indexes the stack's gateways, policy engines, policies and targets, once per stack rule. */
export function agentCoreTopology(resources: readonly PolicyResource[]): AgentCoreTopology {
    const stack = StackIndex.of(resources);
    return stack.remember("AgentCore topology", () => topologyOf(stack));
}

function topologyOf(stack: StackIndex): AgentCoreTopology {
    const engines = stack.ofType(T.agentcorePolicyEngine);
    const gatewayResources = stack.ofType(T.agentcoreGateway);
    const enginesById = new ValueIndex(engines, ["policyEngineId"]);
    const enginesByArn = new ValueIndex(engines, ["policyEngineArn"]);
    const gatewaysByIdentifier = new ValueIndex(gatewayResources, ["gatewayId", "gatewayArn"]);

    const policiesByEngine = new Map<PolicyResource, PolicyResource[]>(engines.map((e) => [e, []]));
    const engineOfPolicy = new Map<PolicyResource, PolicyResource>();
    for (const policy of stack.ofType(T.agentcorePolicy)) {
        const engine = linked(policy, "policyEngineId", T.agentcorePolicyEngine, enginesById, knownString(policy.props, ["policyEngineId"]));
        if (engine) {
            policiesByEngine.get(engine)?.push(policy);
            engineOfPolicy.set(policy, engine);
        }
    }

    const targetsByGateway = new Map<PolicyResource, PolicyResource[]>(gatewayResources.map((g) => [g, []]));
    for (const target of stack.ofType(T.agentcoreGatewayTarget)) {
        const gw = linked(target, "gatewayIdentifier", T.agentcoreGateway, gatewaysByIdentifier, knownString(target.props, ["gatewayIdentifier"]));
        if (gw) {
            targetsByGateway.get(gw)?.push(target);
        }
    }

    const gateways = gatewayResources.map((gateway): GatewayView => {
        const config = knownAt(gateway.props, ["policyEngineConfiguration"]);
        const engineArn = knownString(gateway.props, ["policyEngineConfiguration", "arn"]);
        const engineAttached = !config.known || (config.value !== undefined && config.value !== null);
        const engine = engineAttached ? linked(gateway, "policyEngineConfiguration", T.agentcorePolicyEngine, enginesByArn, engineArn) : undefined;
        return {
            gateway,
            arn: knownString(gateway.props, ["gatewayArn"]),
            authorizerType: knownString(gateway.props, ["authorizerType"]),
            engineAttached,
            engineArn,
            engine,
            policies: engine ? (policiesByEngine.get(engine) ?? []) : [],
            targets: targetsByGateway.get(gateway) ?? [],
        };
    });
    const gatewaysByEngine = new Map<PolicyResource, GatewayView[]>();
    for (const view of gateways) {
        if (view.engine) {
            gatewaysByEngine.set(view.engine, [...(gatewaysByEngine.get(view.engine) ?? []), view]);
        }
    }
    return { gateways, policiesByEngine, engineOfPolicy, gatewaysByEngine };
}

/** What a target tells about its tools. */
export interface TargetManifest {
    /** Tools described inline (Lambda targets with an inline tool schema). */
    tools: ToolManifestEntry[];
    /** True when the target exposes tools this stack cannot see (MCP server, OpenAPI, S3 schema, ...). */
    opaque: boolean;
}

function asList(value: unknown): unknown[] {
    return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

/** A tool's input parameters from its inline JSON schema; undefined when a type has no Cedar mapping here. */
function inputsOf(schema: any): Record<string, ToolInput> | undefined {
    const inputs: Record<string, ToolInput> = {};
    for (const p of asList(schema?.properties)) {
        const prop = p as any;
        if (typeof prop?.name !== "string" || !(TOOL_INPUT_TYPES as readonly string[]).includes(prop?.type)) {
            return undefined;
        }
        inputs[prop.name] = { type: prop.type as ToolInputType, required: prop.required === true };
    }
    return inputs;
}

/** The tools a gateway target exposes, as far as its configuration shows them. */
export function targetManifest(target: PolicyResource): TargetManifest {
    const name = knownString(target.props, ["name"]);
    const payloads = knownAt(target.props, ["targetConfiguration", "mcp", "lambda", "toolSchema", "inlinePayloads"]);
    if (name === undefined || !payloads.known || !Array.isArray(payloads.value) || payloads.value.length === 0) {
        return { tools: [], opaque: true };
    }
    const tools: ToolManifestEntry[] = [];
    let opaque = false;
    for (const payload of payloads.value as any[]) {
        if (typeof payload?.name !== "string") {
            opaque = true;
            continue;
        }
        const input = inputsOf(payload.inputSchema);
        if (input === undefined) {
            opaque = true;
            continue;
        }
        tools.push({ action: toolActionName(name, payload.name), input });
    }
    return { tools, opaque };
}

/** Every tool a gateway's targets show, and whether some of its tools cannot be seen. */
export function gatewayManifestOf(view: GatewayView): TargetManifest {
    const parts = view.targets.map(targetManifest);
    return { tools: parts.flatMap((p) => p.tools), opaque: view.targets.length === 0 || parts.some((p) => p.opaque) };
}
