import * as pulumi from "@pulumi/pulumi";
import { ModelAccessPolicy } from "./access/modelAccessPolicy";
import { StackConfig } from "./config";
import { GuardrailReference } from "./config/references";
import { AgentPermissionBoundary } from "./identity/agentPermissionBoundary";
import { InvocationLogging } from "./model/invocationLogging";
import { ModelGuardrail, ModelGuardrailArgs } from "./model/modelGuardrail";
import { callersOf } from "./agents/cedarPolicies";
import { GuardedAgent } from "./agents/guardedAgent";
import { ToolGateway } from "./agents/toolGateway";
import { CustomerManagedKey } from "./shared/customerManagedKey";
import { endpointsEnabled } from "./config/network";
import { AiAuditTrail } from "./evidence/aiAuditTrail";
import { AiMonitoring } from "./evidence/aiMonitoring";
import { PrivateModelEndpoints } from "./network/privateModelEndpoints";
import * as aws from "@pulumi/aws";
import { edgeModel } from "./config/edge";
import { ModelApiEdge } from "./edge/modelApiEdge";
import { EnforcedGuardrail, OrganizationGuardrails } from "./organization/organizationGuardrails";

export interface AiSecurityBaselineArgs {
    /** The stack's validated configuration (`loadStackConfig()`). */
    config: StackConfig;
}

/** Model interaction and model access: the guardrail, invocation logging and the invoke policy. */
export interface ModelLayer {
    guardrail: ModelGuardrail;
    invocationLogging: InvocationLogging;
    accessPolicy: ModelAccessPolicy;
}

/** Agent identity and permission ceiling: the boundary every agent role carries. */
export interface IdentityLayer {
    /** The stack's one permission ceiling for agent roles (AgentIdentity's `permissionsBoundaryArn`). */
    boundary: AgentPermissionBoundary;
}

/** Agents and tools: Bedrock agents and the AgentCore gateways they call tools through. */
export interface AgentsLayer {
    /** The customer-managed key of agents, gateways and policy engines (none without agents or gateways). */
    key?: CustomerManagedKey;
    /** Guarded agents by configured name. */
    agents: Record<string, GuardedAgent>;
    /** Tool gateways by configured name. */
    gateways: Record<string, ToolGateway>;
}

/** Network path: the private endpoints to Bedrock and AgentCore (none where the stack runs without them). */
export interface NetworkLayer {
    endpoints?: PrivateModelEndpoints;
}

/** Evidence: the audit trail and the monitoring built on it. */
export interface EvidenceLayer {
    trail: AiAuditTrail;
    monitoring: AiMonitoring;
}

/** Edge: the model's API behind a WAF (where the stack exposes a model to applications). */
export interface EdgeLayer {
    api?: ModelApiEdge;
}

/** Organization baseline (org stack only): the Bedrock policy, the SCPs and the guardrails they enforce. */
export interface OrganizationLayer {
    guardrails?: OrganizationGuardrails;
    /** The baseline guardrail of each further Region the Bedrock policy enforces (the stack's Region uses the model layer's). */
    regionalGuardrails: Record<string, ModelGuardrail>;
}

/** What every layer needs to know about the stack it is deployed into. */
/** Where the stack deploys: every component takes these three arguments. */
interface StackLocation {
    accountId: string;
    region: string;
    partition: string;
}

interface StackContext extends StackLocation {
    /** The three location fields alone, to spread into component arguments. */
    location: StackLocation;
    /** Options for governance resources: `protect` per `protectGovernance`. */
    governance: pulumi.ComponentResourceOptions;
    tagsFor(layer: string): Record<string, string>;
}

/**
 * The stack's guardrail settings as ModelGuardrail arguments: one definition for the model layer's
 * guardrail and for the same guardrail in each further Region the organization enforces it in.
 */
function baselineGuardrailArgs(config: StackConfig, ctx: StackContext, description: string, tags: Record<string, string>): ModelGuardrailArgs {
    return { ...config.guardrail, accountId: ctx.accountId, region: ctx.region, description, tags };
}

/** The published version of a ModelGuardrail, as the components that pin it take it. */
function guardrailReference(guardrail: ModelGuardrail): GuardrailReference {
    return { arn: guardrail.guardrailArn, version: guardrail.version, kmsKeyArn: guardrail.kmsKeyArn };
}

/**
 * The AI security baseline of one stack, composed layer by layer from validated configuration.
 * Each layer is built in its own block below and kept in its own public field.
 */
export class AiSecurityBaseline extends pulumi.ComponentResource {
    /** Model interaction and model access. */
    public readonly model: ModelLayer;
    /** Agent identity and permission ceiling. */
    public readonly identity: IdentityLayer;
    /** Agents and tools. */
    public readonly agents: AgentsLayer;
    /** Network path. */
    public readonly network: NetworkLayer;
    /** Evidence. */
    public readonly evidence: EvidenceLayer;
    /** Edge. */
    public readonly edge: EdgeLayer;
    /** Organization baseline. */
    public readonly organization: OrganizationLayer;
    /** The values the stack exports (stack outputs), gathered from every layer. */
    public readonly outputs: Record<string, pulumi.Output<unknown>>;

    constructor(name: string, args: AiSecurityBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ai-guardrails:index:AiSecurityBaseline", name, {}, opts);
        const { config } = args;
        const location: StackLocation = { accountId: config.accountId, region: config["aws:region"], partition: config.partition };
        const ctx: StackContext = {
            ...location,
            location,
            governance: { parent: this, protect: config.protectGovernance },
            tagsFor: (layer) => ({ ...config.tags, "ai-guardrails:environment": config.environment, "ai-guardrails:layer": layer, "managed-by": "pulumi" }),
        };
        const outputs: Record<string, pulumi.Output<unknown>> = {};

        // ---- Layer: network path (first: its endpoint IDs condition the model-access policy) ----
        this.network = this.buildNetworkLayer(name, config, ctx);
        if (this.network.endpoints) {
            Object.assign(outputs, { vpcEndpointIds: this.network.endpoints.endpointIds, invokeVpcEndpointIds: this.network.endpoints.invokeEndpointIds });
        }

        // ---- Layer: model interaction and model access ----
        this.model = this.buildModelLayer(name, config, ctx, this.network.endpoints?.invokeEndpointIds);
        Object.assign(outputs, {
            guardrailArn: this.model.guardrail.guardrailArn,
            guardrailId: this.model.guardrail.guardrailId,
            guardrailVersion: this.model.guardrail.version,
            guardrailVersionedArn: this.model.guardrail.versionedArn,
            guardrailKmsKeyArn: this.model.guardrail.kmsKeyArn,
            invocationLogBucket: this.model.invocationLogging.bucketName,
            invocationLogGroup: this.model.invocationLogging.logGroupName,
            modelAccessPolicyArn: this.model.accessPolicy.policyArn,
        });

        // ---- Layer: agent identity and permission ceiling ----
        this.identity = this.buildIdentityLayer(name, config, ctx);
        Object.assign(outputs, { agentPermissionBoundaryArn: this.identity.boundary.policyArn });

        // ---- Layer: agents and tools ----
        this.agents = this.buildAgentsLayer(name, config, ctx);
        if (this.agents.key) {
            Object.assign(outputs, {
                agentsKmsKeyArn: this.agents.key.keyArn,
                agentAliasArns: pulumi.output(Object.fromEntries(Object.entries(this.agents.agents).map(([n, a]) => [n, a.aliasArn]))),
                toolGatewayUrls: pulumi.output(Object.fromEntries(Object.entries(this.agents.gateways).map(([n, g]) => [n, g.gatewayUrl]))),
            });
        }

        // ---- Layer: evidence ----
        this.evidence = this.buildEvidenceLayer(name, config, ctx);
        Object.assign(outputs, {
            trailArn: this.evidence.trail.trailArn,
            trailBucket: this.evidence.trail.bucketName,
            trailLogGroup: this.evidence.trail.logGroupName,
            alarmTopicArn: this.evidence.monitoring.topicArn,
            dashboardName: this.evidence.monitoring.dashboardName,
        });

        // ---- Layer: edge (the model's API behind a WAF) ----
        this.edge = this.buildEdgeLayer(name, config, ctx);
        if (this.edge.api) {
            Object.assign(outputs, {
                modelApiUrl: pulumi.interpolate`${this.edge.api.invokeUrl}/invoke`,
                modelApiWebAclArn: this.edge.api.webAclArn,
                ...(this.edge.api.apiKeyId ? { modelApiKeyId: this.edge.api.apiKeyId } : {}),
            });
        }

        // ---- Layer: organization baseline (org stack only) ----
        this.organization = this.buildOrganizationLayer(name, config, ctx);
        if (this.organization.guardrails) {
            Object.assign(outputs, {
                bedrockPolicyId: this.organization.guardrails.bedrockPolicyId,
                serviceControlPolicyIds: this.organization.guardrails.serviceControlPolicyIds,
            });
        }

        this.outputs = outputs;
        this.registerOutputs(outputs);
    }

    /** `sourceVpceIds`: the private path invokes must arrive through, when the stack has one. */
    private buildModelLayer(name: string, config: StackConfig, ctx: StackContext, sourceVpceIds?: pulumi.Input<string[]>): ModelLayer {
        const tags = ctx.tagsFor("model");
        const guardrail = new ModelGuardrail(`${name}-guardrail`, baselineGuardrailArgs(config, ctx, `AI security baseline guardrail (${config.environment})`, tags), ctx.governance);

        const invocationLogging = new InvocationLogging(
            `${name}-invocation-logging`,
            { ...config.invocationLogging, accountId: ctx.accountId, region: ctx.region, tags },
            ctx.governance,
        );

        const accessPolicy = new ModelAccessPolicy(
            `${name}-model-access`,
            { accountId: ctx.accountId, region: ctx.region, models: config.models, guardrail: guardrailReference(guardrail), sourceVpceIds, tags },
            { parent: this },
        );

        return { guardrail, invocationLogging, accessPolicy };
    }

    private buildIdentityLayer(name: string, config: StackConfig, ctx: StackContext): IdentityLayer {
        const boundary = new AgentPermissionBoundary(
            `${name}-agent-boundary`,
            {
                ...config.identity,
                accountId: ctx.accountId,
                region: ctx.region,
                approvedModels: config.models.approved,
                guardrail: guardrailReference(this.model.guardrail),
                tags: ctx.tagsFor("identity"),
            },
            ctx.governance,
        );
        return { boundary };
    }

    /**
     * Each configured agent as a GuardedAgent (its own identity under the stack's boundary, the
     * model layer's published guardrail version, an approved model) and each gateway as a
     * ToolGateway whose Cedar policies permit each agent the tools it lists. One customer-managed
     * key encrypts them all; it and the gateways (the tool-authorization controls) are governance.
     */
    private buildAgentsLayer(name: string, config: StackConfig, ctx: StackContext): AgentsLayer {
        const { agents, gateways } = config.agents;
        if (agents.length === 0 && gateways.length === 0) {
            return { agents: {}, gateways: {} };
        }
        const tags = ctx.tagsFor("agents");
        const { accountId, region, partition } = ctx;
        const key = new CustomerManagedKey(
            `${name}-agents-key`,
            {
                accountId,
                partition,
                description: `Encrypts Bedrock agents, AgentCore gateways and their policy engines (${config.environment})`,
                aliasName: `alias/ai-guardrails/${config.environment}/agents`,
                serviceGrants: [
                    {
                        sid: "BedrockAgentsOfThisAccount",
                        service: "bedrock.amazonaws.com",
                        actions: ["kms:GenerateDataKey", "kms:Decrypt"],
                        condition: {
                            StringEquals: { "aws:SourceAccount": accountId },
                            ArnLike: { "aws:SourceArn": `arn:${partition}:bedrock:${region}:${accountId}:agent/*` },
                        },
                    },
                    {
                        sid: "AgentCoreGatewaysAndPolicyEnginesOfThisAccount",
                        service: "bedrock-agentcore.amazonaws.com",
                        actions: ["kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"],
                    },
                ],
                tags,
            },
            ctx.governance,
        );
        const shared = { kmsKeyArn: key.keyArn, permissionsBoundaryArn: this.identity.boundary.policyArn, rolePath: config.identity.rolePath, accountId, region, tags };

        const toolGateways: Record<string, ToolGateway> = {};
        for (const gateway of gateways) {
            toolGateways[gateway.name] = new ToolGateway(`${name}-gateway-${gateway.name}`, { ...gateway, ...shared, callers: callersOf(gateway.name, agents) }, ctx.governance);
        }

        const guarded: Record<string, GuardedAgent> = {};
        const guardrail = this.model.guardrail;
        for (const agent of agents) {
            guarded[agent.name] = new GuardedAgent(
                `${name}-agent-${agent.name}`,
                {
                    ...agent,
                    ...shared,
                    approvedModels: config.models.approved,
                    guardrail: { arn: guardrail.guardrailArn, version: guardrail.version, kmsKeyArn: guardrail.kmsKeyArn },
                },
                { parent: this },
            );
        }
        return { key, agents: guarded, gateways: toolGateways };
    }

    /**
     * Interface endpoints for Bedrock and AgentCore in the workloads' VPC, admitting only this
     * account's (or the organization's) principals and only the approved models. Skipped where the
     * stack runs without private endpoints (`network.endpoints.enabled: false`, and the org stack).
     */
    private buildNetworkLayer(name: string, config: StackConfig, ctx: StackContext): NetworkLayer {
        if (!endpointsEnabled(config)) {
            return {};
        }
        const { enabled: _enabled, vpcId, vpcCidr, subnetIds, ...policy } = config.network.endpoints;
        const endpoints = new PrivateModelEndpoints(
            `${name}-endpoints`,
            {
                ...policy,
                accountId: ctx.accountId,
                region: ctx.region,
                // Present whenever endpoints are enabled: the stack config refuses them otherwise.
                vpcId: vpcId!,
                vpcCidr: vpcCidr!,
                subnetIds: subnetIds!,
                approvedModelIds: config.models.approved,
                tags: ctx.tagsFor("network"),
            },
            { parent: this },
        );
        return { endpoints };
    }

    /**
     * The audit trail (a governance control: protected with the stack's governance options) and the
     * dashboard and alarms on the approved models, the guardrail's published version and the trail's
     * governance events.
     */
    private buildEvidenceLayer(name: string, config: StackConfig, ctx: StackContext): EvidenceLayer {
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
                approvedModelIds: config.models.approved,
                guardrails: { baseline: { arn: this.model.guardrail.guardrailArn, version: this.model.guardrail.version } },
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
    private buildEdgeLayer(name: string, config: StackConfig, ctx: StackContext): EdgeLayer {
        const { enabled, model: _model, ...settings } = config.edge;
        if (!enabled) {
            return {};
        }
        const guardrail = this.model.guardrail;
        const api = new ModelApiEdge(
            `${name}-model-api`,
            {
                ...settings,
                accountId: ctx.accountId,
                region: ctx.region,
                modelId: edgeModel(config),
                guardrail: { arn: guardrail.guardrailArn, version: guardrail.version, kmsKeyArn: guardrail.kmsKeyArn },
                tags: ctx.tagsFor("edge"),
            },
            { parent: this },
        );
        return { api };
    }

    /**
     * The org stack (the management account) imposes the baseline on every member account: the
     * Bedrock policy enforces the baseline guardrail's published version in each configured Region
     * (the stack's Region uses the model layer's guardrail; each further Region gets the same
     * guardrail through a provider for that Region), and the SCPs confine invocation, protect the
     * governance controls and cap agent roles. All of it is governance.
     */
    private buildOrganizationLayer(name: string, config: StackConfig, ctx: StackContext): OrganizationLayer {
        const o = config.organization;
        if (config.environment !== "org" || o === undefined) {
            return { regionalGuardrails: {} };
        }
        const regions = o.bedrockPolicy.regions ?? [ctx.region];
        const home = this.model.guardrail;
        const regionalGuardrails: Record<string, ModelGuardrail> = {};
        const enforced: EnforcedGuardrail[] = regions.map((region) => {
            if (region === ctx.region) {
                return { region, guardrailArn: home.guardrailArn, version: home.version };
            }
            const provider = new aws.Provider(`${name}-${region}`, { region, allowedAccountIds: [ctx.accountId] }, { parent: this });
            regionalGuardrails[region] = new ModelGuardrail(
                `${name}-guardrail-${region}`,
                baselineGuardrailArgs(config, ctx, `AI security baseline guardrail enforced by the organization in ${region}`, ctx.tagsFor("organization")),
                { ...ctx.governance, providers: [provider] },
            );
            return { region, guardrailArn: regionalGuardrails[region].guardrailArn, version: regionalGuardrails[region].version };
        });
        const guardrails = new OrganizationGuardrails(
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
        return { guardrails, regionalGuardrails };
    }
}
