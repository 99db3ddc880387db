import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    agentCoreIdentitySecretArnPattern,
    gatewayArnPattern,
    GATEWAY_TARGET_ROLE_ACTIONS,
    POLICY_ENGINE_ROLE_ACTIONS,
    POLICY_VALIDATION_MODE,
    policyResourceName,
    REQUIRED_POLICY_ENGINE_MODE,
    ToolManifestEntry,
} from "../../policypack/controls/agentcore";
import { GatewayConfig, TargetConfig } from "../config/agents";
import { AgentIdentity, AgentPolicy } from "../identity/agentIdentity";
import { GatewayCaller, gatewayCatalogue, gatewayManifest, GeneratedPolicy, generateToolPolicies } from "./cedarPolicies";

export type { GatewayCaller };

export interface ToolGatewayArgs {
    /** The gateway from the stack config: authorizer, targets and the tool catalogue. */
    gateway: GatewayConfig;
    /** Agents that call the gateway; each is permitted exactly the (non-destructive) tools it lists. */
    callers?: GatewayCaller[];
    /** Customer-managed key for the gateway and its policy engine. */
    kmsKeyArn: pulumi.Input<string>;
    /** The permissions boundary of the gateway's execution role (the stack's AgentPermissionBoundary). */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** IAM path of the role (the stack's agent role path). Defaults to `/ai-agents/`. */
    rolePath?: string;
    accountId: string;
    region: string;
    partition: string;
    tags?: Record<string, string>;
}

/** Problems with the arguments, one line each; empty when they are valid. */
export function toolGatewayProblems(args: ToolGatewayArgs): string[] {
    const problems: string[] = [];
    const tools = new Map(gatewayCatalogue(args.gateway).map((t) => [t.action, t]));
    for (const caller of args.callers ?? []) {
        for (const tool of caller.tools) {
            const t = tools.get(tool);
            if (!t) {
                problems.push(`callers ${caller.name}: gateway ${args.gateway.name} has no tool ${tool}`);
            } else if (t.access === "destructive") {
                problems.push(`callers ${caller.name}: ${tool} is destructive and forbidden for every caller`);
            }
        }
    }
    if (args.gateway.targets.length === 0) {
        problems.push("gateway.targets: a gateway needs at least one target");
    }
    return problems;
}

/** The target configuration and outbound credentials AgentCore expects for a configured target. */
function targetInputs(target: TargetConfig): Pick<aws.bedrock.AgentcoreGatewayTargetArgs, "targetConfiguration" | "credentialProviderConfiguration"> {
    if (target.lambda) {
        return {
            targetConfiguration: {
                mcp: {
                    lambda: {
                        lambdaArn: target.lambda.arn,
                        toolSchema: {
                            inlinePayloads: target.tools.map((tool) => ({
                                name: tool.name,
                                description: tool.description,
                                inputSchema: {
                                    type: "object",
                                    properties: Object.entries(tool.inputs).map(([name, input]) => ({
                                        name,
                                        type: input.type,
                                        required: input.required,
                                        ...(input.description ? { description: input.description } : {}),
                                    })),
                                },
                            })),
                        },
                    },
                },
            },
            // Lambda targets are invoked with the gateway's execution role.
            credentialProviderConfiguration: { gatewayIamRole: {} },
        };
    }
    if (target.mcpServer) {
        return {
            targetConfiguration: { mcp: { mcpServer: { endpoint: target.mcpServer.endpoint } } },
            ...(target.mcpServer.oauth ? { credentialProviderConfiguration: { oauth: { providerArn: target.mcpServer.oauth.providerArn, scopes: target.mcpServer.oauth.scopes } } } : {}),
        };
    }
    const openApi = target.openApi!;
    return {
        targetConfiguration: { mcp: { openApiSchema: { s3: { uri: openApi.schemaS3Uri } } } },
        credentialProviderConfiguration: openApi.apiKey
            ? { apiKey: { providerArn: openApi.apiKey.providerArn, credentialLocation: openApi.apiKey.location, credentialParameterName: openApi.apiKey.parameterName } }
            : { oauth: { providerArn: openApi.oauth!.providerArn, scopes: openApi.oauth!.scopes } },
    };
}

/** The outbound credential providers the gateway's targets use. */
function credentialProviders(gateway: GatewayConfig): { apiKey: string[]; oauth: string[] } {
    const apiKey = gateway.targets.flatMap((t) => (t.openApi?.apiKey ? [t.openApi.apiKey.providerArn] : []));
    const oauth = gateway.targets.flatMap((t) => [t.mcpServer?.oauth?.providerArn, t.openApi?.oauth?.providerArn].filter((a): a is string => a !== undefined));
    return { apiKey: [...new Set(apiKey)], oauth: [...new Set(oauth)] };
}

/** The token vault a credential provider ARN lives in (`...:token-vault/ID`). */
function tokenVaultOf(providerArn: string): string {
    return providerArn.replace(/\/(apikey|oauth2)credentialprovider\/.*$/, "");
}

/**
 * An AgentCore MCP gateway whose tools may be called only as Cedar policies allow:
 * - a CUSTOM_JWT authorizer from config (issuer discovery URL, allowed audiences or clients);
 * - a customer-managed key for the gateway and its policy engine;
 * - an execution role (a dedicated AgentIdentity trusted by AgentCore for this gateway only) with
 *   exactly what the policy engine needs (AuthorizeAction, PartiallyAuthorizeActions on the engine
 *   and the gateway, GetPolicyEngine on the engine), Lambda invoke on its Lambda targets and the
 *   outbound credentials of its other targets;
 * - a policy engine attached in ENFORCE mode, holding Cedar policies generated from the tool
 *   catalogue (permit callable tools for their allowed principals and groups, forbid every
 *   destructive tool for everyone), created with FAIL_ON_ANY_FINDINGS after the targets exist;
 * - the targets from config.
 * Invalid arguments throw before any resource is registered.
 */
export class ToolGateway extends pulumi.ComponentResource {
    /** The AgentCore gateway. */
    public readonly gateway: aws.bedrock.AgentcoreGateway;
    /** ARN of the gateway (the `AgentCore::Gateway` resource of its Cedar policies). */
    public readonly gatewayArn: pulumi.Output<string>;
    /** ID of the gateway. */
    public readonly gatewayId: pulumi.Output<string>;
    /** The MCP endpoint agents call. */
    public readonly gatewayUrl: pulumi.Output<string>;
    /** The Cedar policy engine attached in ENFORCE mode. */
    public readonly policyEngine: aws.bedrock.AgentcorePolicyEngine;
    /** ARN of the policy engine. */
    public readonly policyEngineArn: pulumi.Output<string>;
    /** The execution role of the gateway. */
    public readonly identity: AgentIdentity;
    /** ARN of the execution role. */
    public readonly roleArn: pulumi.Output<string>;
    /** The gateway targets, by target name. */
    public readonly targets: Record<string, aws.bedrock.AgentcoreGatewayTarget>;
    /** The Cedar policies, by policy name. */
    public readonly policies: Record<string, aws.bedrock.AgentcorePolicy>;
    /** The Cedar statements as generated for the gateway's ARN. */
    public readonly cedarPolicies: pulumi.Output<GeneratedPolicy[]>;
    /** The tool manifest (MCP names and typed inputs) the policies are validated against. */
    public readonly manifest: ToolManifestEntry[];

    constructor(name: string, args: ToolGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems = toolGatewayProblems(args);
        if (problems.length > 0) {
            throw new Error(`ToolGateway ${name}: invalid arguments:\n` + problems.map((p) => `  - ${p}`).join("\n"));
        }
        super("ai-guardrails:agents:ToolGateway", name, {}, opts);

        const g = args.gateway;
        const tags = { ...(args.tags ?? {}), "ai-guardrails:gateway": g.name };
        const { partition, region, accountId } = args;

        this.policyEngine = new aws.bedrock.AgentcorePolicyEngine(
            `${name}-engine`,
            {
                name: policyResourceName(`${g.name}_tools`),
                description: `Cedar tool policies of AgentCore gateway ${g.name}`,
                encryptionKeyArn: args.kmsKeyArn,
                tags,
            },
            { parent: this },
        );
        this.policyEngineArn = this.policyEngine.policyEngineArn;

        // The gateway's ID starts with its name, so its ARN is known as a pattern before it exists:
        // the role can carry its permissions before the gateway is created with the engine attached.
        const gatewayArns = gatewayArnPattern(partition, region, accountId, g.name);
        const policies: AgentPolicy[] = [
            {
                name: "policy-engine",
                document: {
                    Version: "2012-10-17",
                    Statement: [
                        { Sid: "AuthorizeToolCalls", Effect: "Allow", Action: [...POLICY_ENGINE_ROLE_ACTIONS.onEngineAndGateway], Resource: [this.policyEngineArn, gatewayArns] },
                        { Sid: "ReadPolicyEngine", Effect: "Allow", Action: [...POLICY_ENGINE_ROLE_ACTIONS.onEngine], Resource: this.policyEngineArn },
                    ],
                },
            },
        ];
        const lambdas = [...new Set(g.targets.flatMap((t) => (t.lambda ? [t.lambda.arn] : [])))];
        if (lambdas.length > 0) {
            policies.push({
                name: "invoke-lambda-targets",
                document: { Version: "2012-10-17", Statement: [{ Sid: "InvokeLambdaTargets", Effect: "Allow", Action: GATEWAY_TARGET_ROLE_ACTIONS.lambda, Resource: lambdas }] },
            });
        }
        const providers = credentialProviders(g);
        if (providers.apiKey.length + providers.oauth.length > 0) {
            const directory = `arn:${partition}:bedrock-agentcore:${region}:${accountId}:workload-identity-directory/default`;
            const workload = [directory, `${directory}/workload-identity/${g.name}-*`];
            const vaults = [...new Set([...providers.apiKey, ...providers.oauth].map(tokenVaultOf))];
            const statements: Record<string, unknown>[] = [{ Sid: "GetWorkloadAccessToken", Effect: "Allow", Action: GATEWAY_TARGET_ROLE_ACTIONS.workloadToken, Resource: workload }];
            if (providers.apiKey.length > 0) {
                statements.push({ Sid: "GetTargetApiKeys", Effect: "Allow", Action: GATEWAY_TARGET_ROLE_ACTIONS.apiKey, Resource: [...providers.apiKey, ...vaults, ...workload] });
            }
            if (providers.oauth.length > 0) {
                statements.push({ Sid: "GetTargetOAuthTokens", Effect: "Allow", Action: GATEWAY_TARGET_ROLE_ACTIONS.oauth, Resource: [...providers.oauth, ...vaults, ...workload] });
            }
            // The providers' API keys and client secrets live in Secrets Manager, under AgentCore Identity's names.
            statements.push({
                Sid: "ReadTargetCredentialSecrets",
                Effect: "Allow",
                Action: GATEWAY_TARGET_ROLE_ACTIONS.credentialSecret,
                Resource: agentCoreIdentitySecretArnPattern(partition, region, accountId),
            });
            policies.push({ name: "target-credentials", document: { Version: "2012-10-17", Statement: statements } });
        }
        this.identity = new AgentIdentity(
            `${name}-role`,
            {
                purpose: `Execution role of AgentCore gateway ${g.name}: evaluates its Cedar tool policies and reaches its targets`,
                trustedService: "bedrock-agentcore",
                sourceArn: gatewayArns,
                accountId,
                region,
                permissionsBoundaryArn: args.permissionsBoundaryArn,
                rolePath: args.rolePath,
                policies,
                tags,
            },
            { parent: this },
        );
        this.roleArn = this.identity.roleArn;

        this.gateway = new aws.bedrock.AgentcoreGateway(
            name,
            {
                name: g.name,
                description: g.description ?? `Tool gateway ${g.name}`,
                protocolType: "MCP",
                authorizerType: "CUSTOM_JWT",
                authorizerConfiguration: {
                    customJwtAuthorizer: {
                        discoveryUrl: g.authorizer.discoveryUrl,
                        ...(g.authorizer.allowedAudiences.length > 0 ? { allowedAudiences: g.authorizer.allowedAudiences } : {}),
                        ...(g.authorizer.allowedClients.length > 0 ? { allowedClients: g.authorizer.allowedClients } : {}),
                        ...(g.authorizer.allowedScopes.length > 0 ? { allowedScopes: g.authorizer.allowedScopes } : {}),
                    },
                },
                roleArn: this.roleArn,
                kmsKeyArn: args.kmsKeyArn,
                policyEngineConfiguration: { arn: this.policyEngineArn, mode: REQUIRED_POLICY_ENGINE_MODE },
                tags,
            },
            // The role's policies must be in place before the engine is attached, or attaching fails.
            { parent: this, dependsOn: [this.identity] },
        );
        this.gatewayArn = this.gateway.gatewayArn;
        this.gatewayId = this.gateway.gatewayId;
        this.gatewayUrl = this.gateway.gatewayUrl;

        this.targets = {};
        for (const target of g.targets) {
            this.targets[target.name] = new aws.bedrock.AgentcoreGatewayTarget(
                `${name}-${target.name}`,
                { gatewayIdentifier: this.gatewayId, name: target.name, description: target.description ?? `Tools of ${target.name}`, ...targetInputs(target) },
                { parent: this },
            );
        }

        this.manifest = gatewayManifest(g);
        const catalogue = gatewayCatalogue(g, args.callers ?? []);
        // Names are derived from the catalogue alone, so they are known before the gateway exists.
        const names = generateToolPolicies({ gatewayArn: "arn:placeholder", groupClaim: g.groupClaim, tools: catalogue }).map((p) => p.name);
        this.cedarPolicies = this.gatewayArn.apply((arn) => generateToolPolicies({ gatewayArn: arn, groupClaim: g.groupClaim, tools: catalogue }));
        this.policies = {};
        names.forEach((policyName, i) => {
            const generated = this.cedarPolicies.apply((all) => all[i]);
            this.policies[policyName] = new aws.bedrock.AgentcorePolicy(
                `${name}-${policyName.replace(/_/g, "-")}`,
                {
                    name: policyName,
                    description: generated.apply((p) => p.description),
                    policyEngineId: this.policyEngine.policyEngineId,
                    validationMode: POLICY_VALIDATION_MODE,
                    definition: { cedar: { statement: generated.apply((p) => p.statement) } },
                },
                // AgentCore validates a policy against the tools of the gateways its engine serves.
                { parent: this, dependsOn: Object.values(this.targets) },
            );
        });

        this.registerOutputs({
            gatewayArn: this.gatewayArn,
            gatewayId: this.gatewayId,
            gatewayUrl: this.gatewayUrl,
            policyEngineArn: this.policyEngineArn,
            roleArn: this.roleArn,
        });
    }
}
