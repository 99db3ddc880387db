import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    agentCoreIdentitySecretArnPattern,
    gatewayArnPattern,
    policyEngineArnPattern,
    GATEWAY_TARGET_ROLE_ACTIONS,
    POLICY_ENGINE_ROLE_ACTIONS,
    POLICY_VALIDATION_MODE,
    policyResourceName,
    REQUIRED_POLICY_ENGINE_MODE,
} from "../../policypack/controls/agentcore";
import { z } from "zod";
import { gatewayCallerSchema, GatewayConfig, gatewaySchema, TargetConfig, toolProblems } from "../config/agents";
import { GatewayCaller, GatewaySettings } from "../settings/agents";
import { inputOf, validateArgs } from "../config/args";
import { identitySchema } from "../config/identity";
import { kmsKeyArnSchema, locationShape, managedPolicyArnSchema, partitionOf, tagsSchema } from "../config/location";
import { DeploymentLocation } from "../settings/location";
import { AgentIdentity, AgentPolicy } from "../identity/agentIdentity";
import { componentOptions, componentType } from "../shared/component";
import { gatewayCatalogue, generateToolPolicies } from "./cedarPolicies";
import { credentialProviders, tokenVaultOf } from "./tokenVaultKey";

/**
 * Arguments of ToolGateway: the gateway's settings (an entry of the stack settings'
 * `agents.gateways`), where it deploys, the agents that call it, its key and the boundary of its role.
 */
export interface ToolGatewayArgs extends GatewaySettings, DeploymentLocation {
    /** Agents that call the gateway; each is permitted exactly the (read-only or write) tools it lists. */
    callers?: GatewayCaller[];
    /** Customer-managed key for the gateway and its policy engine. */
    kmsKeyArn: pulumi.Input<string>;
    /** The permissions boundary of the gateway's execution role (the stack's AgentPermissionBoundary policy). */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** IAM path of the execution role, marking it as an agent identity. Defaults to `/ai-agents/`. */
    rolePath?: string;
    /** Tags on every resource the component creates. */
    tags?: { [key: string]: string };
}

/** @internal The arguments as the constructor validates them. */
export const toolGatewayArgsSchema = gatewaySchema
    .extend({
        ...locationShape,
        callers: z.array(gatewayCallerSchema).default([]),
        kmsKeyArn: inputOf(kmsKeyArnSchema),
        permissionsBoundaryArn: inputOf(managedPolicyArnSchema),
        rolePath: identitySchema.shape.rolePath,
        tags: tagsSchema.default({}),
    })
    .superRefine((g, ctx) => {
        g.callers.forEach((caller, i) => {
            for (const p of toolProblems(g, caller.tools)) {
                ctx.addIssue({ code: "custom", path: ["callers", i, "tools", p.index], message: p.message });
            }
        });
    });

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

/**
 * The execution role's policies: exactly what the policy engine needs on the engine and the
 * gateway, Lambda invoke on the Lambda targets, and the outbound credentials of the other targets.
 */
function rolePolicies(g: GatewayConfig & DeploymentLocation, policyEngineArn: string, gatewayArns: string): AgentPolicy[] {
    const partition = partitionOf(g.region);
    const policies: AgentPolicy[] = [
        {
            name: "policy-engine",
            document: {
                Version: "2012-10-17",
                Statement: [
                    { Sid: "AuthorizeToolCalls", Effect: "Allow", Action: [...POLICY_ENGINE_ROLE_ACTIONS.onEngineAndGateway], Resource: [policyEngineArn, gatewayArns] },
                    { Sid: "ReadPolicyEngine", Effect: "Allow", Action: [...POLICY_ENGINE_ROLE_ACTIONS.onEngine], Resource: policyEngineArn },
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
        const directory = `arn:${partition}:bedrock-agentcore:${g.region}:${g.accountId}:workload-identity-directory/default`;
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
            Resource: agentCoreIdentitySecretArnPattern(partition, g.region, g.accountId),
        });
        policies.push({ name: "target-credentials", document: { Version: "2012-10-17", Statement: statements } });
    }
    return policies;
}

/**
 * An AgentCore MCP gateway whose tools may be called only as Cedar policies allow:
 * - a CUSTOM_JWT authorizer (issuer discovery URL, allowed audiences or clients);
 * - a customer-managed key for the gateway and its policy engine;
 * - an execution role (a dedicated AgentIdentity trusted by AgentCore for this gateway only) with
 *   exactly what the policy engine needs (AuthorizeAction, PartiallyAuthorizeActions on the engine
 *   and the gateway, GetPolicyEngine on the engine), Lambda invoke on its Lambda targets and the
 *   outbound credentials of its other targets;
 * - a policy engine attached in ENFORCE mode, holding Cedar policies generated from the tool
 *   catalogue (permit callable tools for their allowed principals and groups, forbid every
 *   destructive tool for everyone), created with FAIL_ON_ANY_FINDINGS after the targets exist;
 * - the targets from the settings.
 * Invalid arguments throw before any resource is registered.
 */
export class ToolGateway extends pulumi.ComponentResource {
    /** ARN of the gateway (the `AgentCore::Gateway` resource of its Cedar policies). */
    public readonly gatewayArn: pulumi.Output<string>;
    /** ID of the gateway. */
    public readonly gatewayId: pulumi.Output<string>;
    /** The MCP endpoint agents call. */
    public readonly gatewayUrl: pulumi.Output<string>;
    /** ARN of the Cedar policy engine attached in ENFORCE mode. */
    public readonly policyEngineArn: pulumi.Output<string>;
    /** ARN of the gateway's execution role. */
    public readonly roleArn: pulumi.Output<string>;
    /** Target name -> ID of the gateway target. */
    public readonly targetIds: pulumi.Output<{ [name: string]: string }>;
    /** Policy name -> the Cedar statement registered on the engine, generated for the gateway's ARN. */
    public readonly cedarPolicies: pulumi.Output<{ [name: string]: string }>;

    constructor(name: string, args: ToolGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
        const g = validateArgs("ToolGateway", name, toolGatewayArgsSchema, args);
        super(componentType("ToolGateway"), name, {}, componentOptions("ToolGateway", "agents", opts));

        const tags = { ...g.tags, "ai-guardrails:gateway": g.name };
        const { region, accountId } = g;
        const partition = partitionOf(region);

        const engineName = policyResourceName(`${g.name}_tools`);
        const policyEngine = new aws.bedrock.AgentcorePolicyEngine(
            `${name}-engine`,
            {
                name: engineName,
                description: `Cedar tool policies of AgentCore gateway ${g.name}`,
                encryptionKeyArn: g.kmsKeyArn,
                tags,
            },
            { parent: this },
        );
        this.policyEngineArn = policyEngine.policyEngineArn;

        // The gateway's ID starts with its name, so its ARN is known as a pattern before it exists:
        // the role can carry its permissions before the gateway is created with the engine attached.
        const gatewayArns = gatewayArnPattern(partition, region, accountId, g.name);
        const identity = new AgentIdentity(
            `${name}-role`,
            {
                purpose: `Execution role of AgentCore gateway ${g.name}: evaluates its Cedar tool policies and reaches its targets`,
                trustedService: "bedrock-agentcore",
                sourceArn: gatewayArns,
                accountId,
                region,
                permissionsBoundaryArn: g.permissionsBoundaryArn,
                rolePath: g.rolePath,
                // The engine's ID is assigned when it is created; its name-derived pattern is known now.
                policies: rolePolicies(g, policyEngineArnPattern(partition, region, accountId, engineName), gatewayArns),
                tags,
            },
            // The role takes this component's name (it was `${name}-role-role` before 0.2; AgentIdentity aliases it).
            { parent: this },
        );
        this.roleArn = identity.roleArn;

        const gateway = new aws.bedrock.AgentcoreGateway(
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
                kmsKeyArn: g.kmsKeyArn,
                policyEngineConfiguration: { arn: this.policyEngineArn, mode: REQUIRED_POLICY_ENGINE_MODE },
                tags,
            },
            // The role's policies must be in place before the engine is attached, or attaching fails.
            { parent: this, dependsOn: [identity] },
        );
        this.gatewayArn = gateway.gatewayArn;
        this.gatewayId = gateway.gatewayId;
        this.gatewayUrl = gateway.gatewayUrl;

        const targets = g.targets.map(
            (target) =>
                new aws.bedrock.AgentcoreGatewayTarget(
                    `${name}-target-${target.name}`,
                    { gatewayIdentifier: this.gatewayId, name: target.name, description: target.description ?? `Tools of ${target.name}`, ...targetInputs(target) },
                    // Releases before 0.2 named targets `${name}-${target}`, which a target called `engine` or `identity` would collide with.
                    { parent: this, aliases: [{ name: `${name}-${target.name}` }] },
                ),
        );
        this.targetIds = pulumi.all(Object.fromEntries(g.targets.map((t, i) => [t.name, targets[i].targetId])));

        const catalogue = gatewayCatalogue(g, g.callers);
        // Names are derived from the catalogue alone, so they are known before the gateway exists.
        const names = generateToolPolicies({ gatewayArn: "arn:placeholder", groupClaim: g.groupClaim, tools: catalogue }).map((p) => p.name);
        const generated = this.gatewayArn.apply((arn) => generateToolPolicies({ gatewayArn: arn, groupClaim: g.groupClaim, tools: catalogue }));
        this.cedarPolicies = generated.apply((all) => Object.fromEntries(all.map((p) => [p.name, p.statement])));
        names.forEach((policyName, i) => {
            const policy = generated.apply((all) => all[i]);
            new aws.bedrock.AgentcorePolicy(
                `${name}-${policyName.replace(/_/g, "-")}`,
                {
                    name: policyName,
                    description: policy.apply((p) => p.description),
                    policyEngineId: policyEngine.policyEngineId,
                    validationMode: POLICY_VALIDATION_MODE,
                    definition: { cedar: { statement: policy.apply((p) => p.statement) } },
                },
                // AgentCore validates a policy against the tools of the gateways its engine serves.
                { parent: this, dependsOn: targets },
            );
        });

        this.registerOutputs({
            gatewayArn: this.gatewayArn,
            gatewayId: this.gatewayId,
            gatewayUrl: this.gatewayUrl,
            policyEngineArn: this.policyEngineArn,
            roleArn: this.roleArn,
            targetIds: this.targetIds,
            cedarPolicies: this.cedarPolicies,
        });
    }
}
