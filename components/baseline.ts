import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ModelAccessPolicy } from "./access/modelAccessPolicy";
import { callersOf } from "./agents/cedarPolicies";
import { GuardedAgent } from "./agents/guardedAgent";
import { ToolGateway } from "./agents/toolGateway";
import { validateArgs } from "./config/args";
import { edgeModel } from "./config/edge";
import { endpointsEnabled } from "./config/network";
import { GuardrailReference } from "./settings/references";
import { baselineSettingsSchema, StackConfig } from "./config/schema";
import { BaselineSettings } from "./settings/baseline";
import { ModelApiEdge } from "./edge/modelApiEdge";
import { AiAuditTrail } from "./evidence/aiAuditTrail";
import { AiMonitoring } from "./evidence/aiMonitoring";
import { AgentPermissionBoundary } from "./identity/agentPermissionBoundary";
import { InvocationLogging } from "./model/invocationLogging";
import { ModelGuardrail } from "./model/modelGuardrail";
import { PrivateModelEndpoints } from "./network/privateModelEndpoints";
import { EnforcedGuardrail, OrganizationGuardrails } from "./organization/organizationGuardrails";
import { componentType } from "./shared/component";
import { agentsKey } from "./agents/agentsKey";
import { tokenVaultIds, tokenVaultKeys } from "./agents/tokenVaultKey";

/** Arguments of AiSecurityBaseline: the baseline's settings, section by section, as the stack settings hold them. */
export type { BaselineSettings };
// The settings interface under the component's own name, as every component's arguments are named.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AiSecurityBaselineArgs extends BaselineSettings {}

/** The options every layer's components are created with. */
interface LayerContext {
    accountId: string;
    region: string;
    /** Options for governance resources: `protect` per `protectGovernance`. */
    governance: pulumi.ComponentResourceOptions;
    tagsFor(layer: string): Record<string, string>;
}

/** The published version of a ModelGuardrail, as the components that pin it take it. */
function guardrailReference(guardrail: ModelGuardrail): GuardrailReference {
    return { arn: guardrail.guardrailArn, version: guardrail.version, kmsKeyArn: guardrail.kmsKeyArn };
}

/** A map output from a record of outputs (`{agent: aliasArn}`). */
function outputMap(entries: Record<string, pulumi.Output<string>>): pulumi.Output<{ [name: string]: string }> {
    return pulumi.output(entries) as pulumi.Output<{ [name: string]: string }>;
}

/**
 * The AI security baseline of one stack, composed layer by layer from its settings: guardrail and
 * invocation logging, least-privilege model access, the agent permission boundary, agents and tool
 * gateways, private endpoints, the audit trail and monitoring, the model's API behind a WAF and, in
 * the organization's management account, the Organizations policies. Each layer is built by its own
 * method below; the components it creates are the layer table's (policypack/controls/layers.ts).
 */
export class AiSecurityBaseline extends pulumi.ComponentResource {
    /** ARN of the baseline guardrail, without version. */
    public readonly guardrailArn: pulumi.Output<string>;
    /** ID of the baseline guardrail. */
    public readonly guardrailId: pulumi.Output<string>;
    /** The guardrail's published numeric version. */
    public readonly guardrailVersion: pulumi.Output<string>;
    /** `arn:...:guardrail/ID:VERSION`: what `bedrock:GuardrailIdentifier` must equal. */
    public readonly guardrailVersionedArn: pulumi.Output<string>;
    /** ARN of the guardrail's customer-managed key. */
    public readonly guardrailKmsKeyArn: pulumi.Output<string>;
    /** The bucket model invocations are logged to. */
    public readonly invocationLogBucket: pulumi.Output<string>;
    /** The log group model invocations are logged to. */
    public readonly invocationLogGroup: pulumi.Output<string>;
    /** ARN of the managed policy that allows invoking the approved models through the guardrail; attach it to callers. */
    public readonly modelAccessPolicyArn: pulumi.Output<string>;
    /** ARN of the permissions boundary every agent role carries. */
    public readonly agentPermissionBoundaryArn: pulumi.Output<string>;
    /** ARN of the key that encrypts agents, gateways and policy engines (when the stack has any). */
    public readonly agentsKmsKeyArn?: pulumi.Output<string>;
    /** Each agent's alias ARN (what callers invoke), by agent name. */
    public readonly agentAliasArns: pulumi.Output<{ [agent: string]: string }>;
    /** Each agent's role ARN, by agent name. */
    public readonly agentRoleArns: pulumi.Output<{ [agent: string]: string }>;
    /** Each tool gateway's MCP URL, by gateway name. */
    public readonly toolGatewayUrls: pulumi.Output<{ [gateway: string]: string }>;
    /** Each tool gateway's ARN, by gateway name. */
    public readonly toolGatewayArns: pulumi.Output<{ [gateway: string]: string }>;
    /** Interface endpoint IDs by service (when the stack has private endpoints). */
    public readonly vpcEndpointIds?: pulumi.Output<{ [service: string]: string }>;
    /** The endpoint IDs model invocations must arrive through (bedrock-runtime). */
    public readonly invokeVpcEndpointIds?: pulumi.Output<string[]>;
    /** ARN of the audit trail. */
    public readonly trailArn: pulumi.Output<string>;
    /** The bucket the trail delivers to. */
    public readonly trailBucket: pulumi.Output<string>;
    /** The log group the trail delivers to (the governance alarms read it). */
    public readonly trailLogGroup: pulumi.Output<string>;
    /** ARN of the SNS topic alarms notify. */
    public readonly alarmTopicArn: pulumi.Output<string>;
    /** Name of the CloudWatch dashboard. */
    public readonly dashboardName: pulumi.Output<string>;
    /** The model API's invoke URL (when the edge is enabled). */
    public readonly modelApiUrl?: pulumi.Output<string>;
    /** ARN of the web ACL in front of the model API (when the edge is enabled). */
    public readonly modelApiWebAclArn?: pulumi.Output<string>;
    /** ID of the model API's key (when it authorizes with API keys). */
    public readonly modelApiKeyId?: pulumi.Output<string>;
    /** ID of the Organizations BEDROCK_POLICY (org stack). */
    public readonly bedrockPolicyId?: pulumi.Output<string>;
    /** IDs of the SCPs by name (org stack). */
    public readonly serviceControlPolicyIds?: pulumi.Output<{ [name: string]: string }>;

    constructor(name: string, args: AiSecurityBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
        const config = validateArgs("AiSecurityBaseline", name, baselineSettingsSchema, args);
        super(componentType("AiSecurityBaseline"), name, {}, opts);
        const ctx: LayerContext = {
            accountId: config.accountId,
            region: config.region,
            governance: { parent: this, protect: config.protectGovernance },
            tagsFor: (layer) => ({ ...config.tags, "ai-guardrails:environment": config.environment, "ai-guardrails:layer": layer, "managed-by": "pulumi" }),
        };

        // Network first: its endpoint IDs condition the model-access policy.
        const endpoints = this.buildNetworkLayer(name, config, ctx);
        this.vpcEndpointIds = endpoints?.endpointIds;
        this.invokeVpcEndpointIds = endpoints?.invokeEndpointIds;

        const model = this.buildModelLayer(name, config, ctx, endpoints?.invokeEndpointIds);
        const guardrail = model.guardrail;
        this.guardrailArn = guardrail.guardrailArn;
        this.guardrailId = guardrail.guardrailId;
        this.guardrailVersion = guardrail.version;
        this.guardrailVersionedArn = guardrail.versionedArn;
        this.guardrailKmsKeyArn = guardrail.kmsKeyArn;
        this.invocationLogBucket = model.invocationLogging.bucketName;
        this.invocationLogGroup = model.invocationLogging.logGroupName;
        this.modelAccessPolicyArn = model.accessPolicy.policyArn;

        const boundary = this.buildIdentityLayer(name, config, ctx, guardrail);
        this.agentPermissionBoundaryArn = boundary.policyArn;

        const agents = this.buildAgentsLayer(name, config, ctx, guardrail, boundary);
        this.agentsKmsKeyArn = agents.keyArn;
        this.agentAliasArns = outputMap(Object.fromEntries(Object.entries(agents.agents).map(([n, a]) => [n, a.aliasArn])));
        this.agentRoleArns = outputMap(Object.fromEntries(Object.entries(agents.agents).map(([n, a]) => [n, a.roleArn])));
        this.toolGatewayUrls = outputMap(Object.fromEntries(Object.entries(agents.gateways).map(([n, g]) => [n, g.gatewayUrl])));
        this.toolGatewayArns = outputMap(Object.fromEntries(Object.entries(agents.gateways).map(([n, g]) => [n, g.gatewayArn])));

        const { trail, monitoring } = this.buildEvidenceLayer(name, config, ctx, guardrail);
        this.trailArn = trail.trailArn;
        this.trailBucket = trail.bucketName;
        this.trailLogGroup = trail.logGroupName;
        this.alarmTopicArn = monitoring.topicArn;
        this.dashboardName = monitoring.dashboardName;

        const api = this.buildEdgeLayer(name, config, ctx, guardrail);
        this.modelApiUrl = api ? pulumi.interpolate`${api.invokeUrl}/invoke` : undefined;
        this.modelApiWebAclArn = api?.webAclArn;
        this.modelApiKeyId = api?.apiKeyId;

        const organization = this.buildOrganizationLayer(name, config, ctx, guardrail);
        this.bedrockPolicyId = organization?.bedrockPolicyId;
        this.serviceControlPolicyIds = organization?.serviceControlPolicyIds;

        this.registerOutputs(this.stackOutputs());
    }

    /** The values a stack exports: every output of the baseline that the stack's settings produce. */
    public stackOutputs(): Record<string, pulumi.Output<unknown>> {
        const outputs: Record<string, pulumi.Output<unknown> | undefined> = {
            guardrailArn: this.guardrailArn,
            guardrailId: this.guardrailId,
            guardrailVersion: this.guardrailVersion,
            guardrailVersionedArn: this.guardrailVersionedArn,
            guardrailKmsKeyArn: this.guardrailKmsKeyArn,
            invocationLogBucket: this.invocationLogBucket,
            invocationLogGroup: this.invocationLogGroup,
            modelAccessPolicyArn: this.modelAccessPolicyArn,
            agentPermissionBoundaryArn: this.agentPermissionBoundaryArn,
            agentsKmsKeyArn: this.agentsKmsKeyArn,
            agentAliasArns: this.agentsKmsKeyArn ? this.agentAliasArns : undefined,
            agentRoleArns: this.agentsKmsKeyArn ? this.agentRoleArns : undefined,
            toolGatewayUrls: this.agentsKmsKeyArn ? this.toolGatewayUrls : undefined,
            toolGatewayArns: this.agentsKmsKeyArn ? this.toolGatewayArns : undefined,
            vpcEndpointIds: this.vpcEndpointIds,
            invokeVpcEndpointIds: this.invokeVpcEndpointIds,
            trailArn: this.trailArn,
            trailBucket: this.trailBucket,
            trailLogGroup: this.trailLogGroup,
            alarmTopicArn: this.alarmTopicArn,
            dashboardName: this.dashboardName,
            modelApiUrl: this.modelApiUrl,
            modelApiWebAclArn: this.modelApiWebAclArn,
            modelApiKeyId: this.modelApiKeyId,
            bedrockPolicyId: this.bedrockPolicyId,
            serviceControlPolicyIds: this.serviceControlPolicyIds,
        };
        return Object.fromEntries(Object.entries(outputs).filter((entry): entry is [string, pulumi.Output<unknown>] => entry[1] !== undefined));
    }

    /** The guardrail, invocation logging and the invoke policy; `sourceVpceIds`: the private path invokes must arrive through. */
    private buildModelLayer(name: string, config: StackConfig, ctx: LayerContext, sourceVpceIds?: pulumi.Input<string[]>) {
        const tags = ctx.tagsFor("model");
        const guardrail = new ModelGuardrail(
            `${name}-guardrail`,
            { ...config.guardrail, accountId: ctx.accountId, region: ctx.region, description: `AI security baseline guardrail (${config.environment})`, tags },
            ctx.governance,
        );
        const invocationLogging = new InvocationLogging(`${name}-invocation-logging`, { ...config.invocationLogging, accountId: ctx.accountId, region: ctx.region, tags }, ctx.governance);
        const accessPolicy = new ModelAccessPolicy(
            `${name}-model-access`,
            { accountId: ctx.accountId, region: ctx.region, models: config.models, guardrail: guardrailReference(guardrail), sourceVpceIds, tags },
            { parent: this },
        );
        return { guardrail, invocationLogging, accessPolicy };
    }

    /** The stack's one permission ceiling for agent roles. */
    private buildIdentityLayer(name: string, config: StackConfig, ctx: LayerContext, guardrail: ModelGuardrail): AgentPermissionBoundary {
        return new AgentPermissionBoundary(
            `${name}-agent-boundary`,
            {
                ...config.identity,
                accountId: ctx.accountId,
                region: ctx.region,
                approvedModels: config.models.approved,
                guardrail: guardrailReference(guardrail),
                tags: ctx.tagsFor("identity"),
            },
            ctx.governance,
        );
    }

    /**
     * Each configured agent as a GuardedAgent (its own identity under the stack's boundary, the
     * model layer's published guardrail version, an approved model) and each gateway as a
     * ToolGateway whose Cedar policies permit each agent the tools it lists. One customer-managed
     * key encrypts them all; it and the gateways (the tool-authorization controls) are governance.
     */
    private buildAgentsLayer(name: string, config: StackConfig, ctx: LayerContext, guardrail: ModelGuardrail, boundary: AgentPermissionBoundary) {
        const { agents, gateways } = config.agents;
        if (agents.length === 0 && gateways.length === 0) {
            return { keyArn: undefined, agents: {} as Record<string, GuardedAgent>, gateways: {} as Record<string, ToolGateway> };
        }
        const tags = ctx.tagsFor("agents");
        const { accountId, region } = ctx;
        const vaultIds = config.agents.tokenVaultKey ? tokenVaultIds(gateways) : [];
        const key = agentsKey(`${name}-agents-key`, { accountId, region, environment: config.environment, tags, tokenVaults: vaultIds.length > 0 }, ctx.governance);
        const shared = { kmsKeyArn: key.keyArn, permissionsBoundaryArn: boundary.policyArn, rolePath: config.identity.rolePath, accountId, region, tags };

        const toolGateways: Record<string, ToolGateway> = {};
        for (const gateway of gateways) {
            toolGateways[gateway.name] = new ToolGateway(`${name}-gateway-${gateway.name}`, { ...gateway, ...shared, callers: callersOf(gateway.name, agents) }, ctx.governance);
        }
        // The vaults the gateways' OAuth and API-key credentials live in, under the same key.
        if (vaultIds.length > 0) {
            tokenVaultKeys(name, { vaultIds, kmsKeyArn: key.keyArn }, ctx.governance);
        }

        const guarded: Record<string, GuardedAgent> = {};
        for (const agent of agents) {
            guarded[agent.name] = new GuardedAgent(
                `${name}-agent-${agent.name}`,
                {
                    ...agent,
                    ...shared,
                    approvedModels: config.models.approved,
                    guardrail: guardrailReference(guardrail),
                },
                { parent: this },
            );
        }
        return { keyArn: key.keyArn, agents: guarded, gateways: toolGateways };
    }

    /**
     * Interface endpoints for Bedrock and AgentCore in the workloads' VPC, admitting only this
     * account's (or the organization's) principals and only the approved models. Skipped where the
     * stack runs without private endpoints (`network.endpoints.enabled: false`, and the org stack).
     */
    private buildNetworkLayer(name: string, config: StackConfig, ctx: LayerContext): PrivateModelEndpoints | undefined {
        if (!endpointsEnabled(config)) {
            return undefined;
        }
        const { enabled: _enabled, vpcId, vpcCidr, subnetIds, ...policy } = config.network.endpoints;
        return new PrivateModelEndpoints(
            `${name}-endpoints`,
            {
                ...policy,
                accountId: ctx.accountId,
                region: ctx.region,
                // Present whenever endpoints are enabled: the stack config refuses them otherwise.
                vpcId: vpcId!,
                vpcCidr: vpcCidr!,
                subnetIds: subnetIds!,
                approvedModelIds: [...config.models.approved, ...config.models.approvedWithoutGuardrail],
                tags: ctx.tagsFor("network"),
            },
            { parent: this },
        );
    }

    /**
     * The audit trail (a governance control: protected with the stack's governance options) and the
     * dashboard and alarms on the approved models, the guardrail's published version and the trail's
     * governance events.
     */
    private buildEvidenceLayer(name: string, config: StackConfig, ctx: LayerContext, guardrail: ModelGuardrail) {
        const tags = ctx.tagsFor("evidence");
        const trail = new AiAuditTrail(
            `${name}-audit-trail`,
            { ...config.evidence.trail, accountId: ctx.accountId, region: ctx.region, trailName: `ai-guardrails-${config.environment}-audit`, tags },
            ctx.governance,
        );
        const monitoring = new AiMonitoring(
            `${name}-monitoring`,
            {
                ...config.evidence.monitoring,
                accountId: ctx.accountId,
                region: ctx.region,
                trailLogGroupName: trail.logGroupName,
                approvedModelIds: [...config.models.approved, ...config.models.approvedWithoutGuardrail],
                guardrails: { baseline: { arn: guardrail.guardrailArn, version: guardrail.version } },
                topicName: `ai-guardrails-${config.environment}-alarms`,
                tags,
            },
            { parent: this },
        );
        return { trail, monitoring };
    }

    /**
     * The model's public face: a REST API that invokes the edge model (an approved model) with the
     * model layer's published guardrail version, behind a regional WAF. Only where enabled.
     */
    private buildEdgeLayer(name: string, config: StackConfig, ctx: LayerContext, guardrail: ModelGuardrail): ModelApiEdge | undefined {
        const { enabled, model: _model, ...settings } = config.edge;
        if (!enabled) {
            return undefined;
        }
        return new ModelApiEdge(
            `${name}-model-api`,
            {
                ...settings,
                accountId: ctx.accountId,
                region: ctx.region,
                modelId: edgeModel(config),
                guardrail: guardrailReference(guardrail),
                tags: ctx.tagsFor("edge"),
            },
            { parent: this },
        );
    }

    /**
     * The org stack (the management account) imposes the baseline on every member account: the
     * Bedrock policy enforces the baseline guardrail's published version in each configured Region
     * (the stack's Region uses the model layer's guardrail; each further Region gets the same
     * guardrail through a provider for that Region), and the SCPs confine invocation, protect the
     * governance controls and cap agent roles. All of it is governance.
     */
    private buildOrganizationLayer(name: string, config: StackConfig, ctx: LayerContext, home: ModelGuardrail): OrganizationGuardrails | undefined {
        const o = config.organization;
        if (config.environment !== "org" || o === undefined) {
            return undefined;
        }
        const regions = o.bedrockPolicy.regions ?? [ctx.region];
        const enforced: EnforcedGuardrail[] = regions.map((region) => {
            if (region === ctx.region) {
                return { region, guardrailArn: home.guardrailArn, version: home.version };
            }
            // The same guardrail in each further Region, through a provider for that Region.
            const provider = new aws.Provider(`${name}-${region}`, { region, allowedAccountIds: [ctx.accountId] }, { parent: this });
            const regional = new ModelGuardrail(
                `${name}-guardrail-${region}`,
                { ...config.guardrail, accountId: ctx.accountId, region, description: `AI security baseline guardrail enforced by the organization in ${region}`, tags: ctx.tagsFor("organization") },
                { ...ctx.governance, providers: [provider] },
            );
            return { region, guardrailArn: regional.guardrailArn, version: regional.version };
        });
        return new OrganizationGuardrails(
            `${name}-organization`,
            {
                ...o,
                accountId: ctx.accountId,
                region: ctx.region,
                guardrails: enforced,
                agentRolePath: config.identity.rolePath,
                extraDestructiveActions: config.identity.extraDestructiveActions,
                allowedPassRoleArns: config.identity.allowedPassRoleArns,
                tags: ctx.tagsFor("organization"),
            },
            ctx.governance,
        );
    }
}
