import * as pulumi from "@pulumi/pulumi";
import { ModelAccessPolicy } from "./access/modelAccessPolicy";
import { StackConfig } from "./config";
import { AgentPermissionBoundary } from "./identity/agentPermissionBoundary";
import { InvocationLogging } from "./model/invocationLogging";
import { ModelGuardrail } from "./model/modelGuardrail";
import { callersOf } from "./agents/cedarPolicies";
import { GuardedAgent } from "./agents/guardedAgent";
import { ToolGateway } from "./agents/toolGateway";
import { CustomerManagedKey } from "./shared/customerManagedKey";

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

/** What every layer needs to know about the stack it is deployed into. */
interface StackContext {
    accountId: string;
    region: string;
    partition: string;
    /** Options for governance resources: `protect` per `protectGovernance`. */
    governance: pulumi.ComponentResourceOptions;
    tagsFor(layer: string): Record<string, string>;
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
    /** The values the stack exports (stack outputs), gathered from every layer. */
    public readonly outputs: Record<string, pulumi.Output<unknown>>;

    constructor(name: string, args: AiSecurityBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ai-guardrails:index:AiSecurityBaseline", name, {}, opts);
        const { config } = args;
        const ctx: StackContext = {
            accountId: config.accountId,
            region: config["aws:region"],
            partition: config.partition,
            governance: { parent: this, protect: config.protectGovernance },
            tagsFor: (layer) => ({ ...config.tags, "ai-guardrails:environment": config.environment, "ai-guardrails:layer": layer, "managed-by": "pulumi" }),
        };
        const outputs: Record<string, pulumi.Output<unknown>> = {};

        // ---- Layer: model interaction and model access ----
        this.model = this.buildModelLayer(name, config, ctx);
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

        this.outputs = outputs;
        this.registerOutputs(outputs);
    }

    private buildModelLayer(name: string, config: StackConfig, ctx: StackContext): ModelLayer {
        const tags = ctx.tagsFor("model");
        const g = config.guardrail;
        const guardrail = new ModelGuardrail(
            `${name}-guardrail`,
            {
                accountId: ctx.accountId,
                partition: ctx.partition,
                description: `AI security baseline guardrail (${config.environment})`,
                harmFilters: g.harmFilters,
                piiEntities: g.piiEntities,
                deniedTopics: g.deniedTopics,
                grounding: g.grounding,
                managedProfanityFilter: g.managedProfanityFilter,
                blockedWords: g.blockedWords,
                blockedInputMessage: g.blockedInputMessage,
                blockedOutputMessage: g.blockedOutputMessage,
                tags,
            },
            ctx.governance,
        );

        const l = config.invocationLogging;
        const invocationLogging = new InvocationLogging(
            `${name}-invocation-logging`,
            {
                accountId: ctx.accountId,
                region: ctx.region,
                partition: ctx.partition,
                logRetentionDays: l.logRetentionDays,
                s3ExpirationDays: l.s3ExpirationDays,
                textDataDelivery: l.text,
                imageDataDelivery: l.image,
                embeddingDataDelivery: l.embedding,
                videoDataDelivery: l.video,
                tags,
            },
            ctx.governance,
        );

        const accessPolicy = new ModelAccessPolicy(
            `${name}-model-access`,
            {
                accountId: ctx.accountId,
                region: ctx.region,
                partition: ctx.partition,
                approvedModels: config.models.approved,
                deniedModels: config.models.denied,
                guardrailArn: guardrail.guardrailArn,
                guardrailVersionedArn: guardrail.versionedArn,
                guardrailKmsKeyArn: guardrail.kmsKeyArn,
                tags,
            },
            { parent: this },
        );

        return { guardrail, invocationLogging, accessPolicy };
    }

    private buildIdentityLayer(name: string, config: StackConfig, ctx: StackContext): IdentityLayer {
        const identity = config.identity;
        const boundary = new AgentPermissionBoundary(
            `${name}-agent-boundary`,
            {
                accountId: ctx.accountId,
                region: ctx.region,
                partition: ctx.partition,
                approvedModels: config.models.approved,
                guardrailVersionedArn: this.model.guardrail.versionedArn,
                readOnlyServices: identity.readOnlyServices,
                toolActions: identity.toolActions,
                extraDestructiveActions: identity.extraDestructiveActions,
                allowedPassRoleArns: identity.allowedPassRoleArns,
                path: identity.rolePath,
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
        const shared = {
            kmsKeyArn: key.keyArn,
            permissionsBoundaryArn: this.identity.boundary.policyArn,
            rolePath: config.identity.rolePath,
            accountId,
            region,
            partition,
            tags,
        };

        const toolGateways: Record<string, ToolGateway> = {};
        for (const gateway of gateways) {
            toolGateways[gateway.name] = new ToolGateway(`${name}-gateway-${gateway.name}`, { ...shared, gateway, callers: callersOf(gateway.name, agents) }, ctx.governance);
        }

        const guarded: Record<string, GuardedAgent> = {};
        const guardrail = this.model.guardrail;
        for (const agent of agents) {
            guarded[agent.name] = new GuardedAgent(
                `${name}-agent-${agent.name}`,
                {
                    ...shared,
                    agentName: agent.name,
                    purpose: agent.purpose,
                    foundationModel: agent.foundationModel,
                    approvedModels: config.models.approved,
                    instruction: agent.instruction,
                    idleSessionTtlSeconds: agent.idleSessionTtlSeconds,
                    guardrail: { id: guardrail.guardrailId, arn: guardrail.guardrailArn, version: guardrail.version, versionedArn: guardrail.versionedArn, kmsKeyArn: guardrail.kmsKeyArn },
                },
                { parent: this },
            );
        }
        return { key, agents: guarded, gateways: toolGateways };
    }
}
