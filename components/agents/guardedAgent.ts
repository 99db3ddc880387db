import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { modelAccessStatements } from "../access/modelAccessPolicy";
import {
    AGENT_IDLE_SESSION_TTL_RANGE,
    AGENT_ROLE_ACTIONS,
    AGENT_INSTRUCTION_LENGTH,
    AGENT_NAME,
    DEFAULT_IDLE_SESSION_TTL_SECONDS,
    DEFAULT_MAX_IDLE_SESSION_TTL_SECONDS,
    PUBLISHED_GUARDRAIL_VERSION,
} from "../../policypack/controls/agentcore";
import { inferenceProfileArn, isInferenceProfileId } from "../../policypack/controls/model-access";
import { AgentIdentity } from "../identity/agentIdentity";

export interface GuardedAgentArgs {
    /** Bedrock agent name (letters and digits with single `_` or `-`). */
    agentName: string;
    /** What the agent is for, in one sentence: its description and its role's. */
    purpose: string;
    /** Foundation-model or inference-profile ID; must be one of `approvedModels`. */
    foundationModel: string;
    /** The models the stack approves; the agent's model must be one of them. */
    approvedModels: string[];
    /** What the agent does and how (40-20000 characters). */
    instruction: string;
    /** Idle session TTL in seconds; at most `maxIdleSessionTtlSeconds`. Defaults to 600. */
    idleSessionTtlSeconds?: number;
    /** Longest accepted idle session TTL. Defaults to the control (1800 seconds). */
    maxIdleSessionTtlSeconds?: number;
    /** The guardrail: its ID (or ARN), unversioned ARN, published numeric version and versioned ARN. */
    guardrail: {
        id: pulumi.Input<string>;
        arn: pulumi.Input<string>;
        version: pulumi.Input<string>;
        versionedArn: pulumi.Input<string>;
        /** The guardrail's customer-managed key; the agent may use it through Bedrock only. */
        kmsKeyArn?: pulumi.Input<string>;
    };
    /** Customer-managed key that encrypts the agent. */
    kmsKeyArn: pulumi.Input<string>;
    /** The permissions boundary of the agent's role (the stack's AgentPermissionBoundary). */
    permissionsBoundaryArn: pulumi.Input<string>;
    accountId: string;
    region: string;
    partition: string;
    /** IAM path of the role (the stack's agent role path). Defaults to `/ai-agents/`. */
    rolePath?: string;
    /** Name of the alias that routes to the prepared agent. Defaults to `live`. */
    aliasName?: string;
    tags?: Record<string, string>;
}

/** Problems with the arguments, one line each; empty when they are valid. */
export function guardedAgentProblems(args: GuardedAgentArgs): string[] {
    const problems: string[] = [];
    if (!AGENT_NAME.test(args.agentName ?? "")) {
        problems.push(`agentName ${JSON.stringify(args.agentName)}: expected letters and digits with single _ or -, at most 100`);
    }
    if (!args.approvedModels.includes(args.foundationModel)) {
        problems.push(`foundationModel ${JSON.stringify(args.foundationModel)}: not an approved model (${args.approvedModels.join(", ") || "none approved"})`);
    }
    const instruction = args.instruction ?? "";
    if (instruction.length < AGENT_INSTRUCTION_LENGTH.min || instruction.length > AGENT_INSTRUCTION_LENGTH.max) {
        problems.push(`instruction: ${AGENT_INSTRUCTION_LENGTH.min}-${AGENT_INSTRUCTION_LENGTH.max} characters required, got ${instruction.length}`);
    }
    const max = args.maxIdleSessionTtlSeconds ?? DEFAULT_MAX_IDLE_SESSION_TTL_SECONDS;
    const ttl = args.idleSessionTtlSeconds ?? DEFAULT_IDLE_SESSION_TTL_SECONDS;
    if (!Number.isInteger(ttl) || ttl < AGENT_IDLE_SESSION_TTL_RANGE.min || ttl > Math.min(max, AGENT_IDLE_SESSION_TTL_RANGE.max)) {
        problems.push(`idleSessionTtlSeconds ${ttl}: expected whole seconds from ${AGENT_IDLE_SESSION_TTL_RANGE.min} to ${Math.min(max, AGENT_IDLE_SESSION_TTL_RANGE.max)}`);
    }
    if (typeof args.guardrail?.version === "string" && !PUBLISHED_GUARDRAIL_VERSION.test(args.guardrail.version)) {
        problems.push(`guardrail.version ${JSON.stringify(args.guardrail.version)}: pin a published numeric version, not DRAFT`);
    }
    return problems;
}

/** Refuses a version that resolves to anything but a published number (an output checked late). */
function publishedVersion(name: string, version: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.output(version).apply((v) => {
        if (!PUBLISHED_GUARDRAIL_VERSION.test(v)) {
            throw new Error(`GuardedAgent ${name}: guardrail version ${JSON.stringify(v)} is not a published numeric version`);
        }
        return v;
    });
}

/**
 * A Bedrock agent that runs only under the organization's controls:
 * - its own identity (a dedicated role trusted by Bedrock for this account's agents only, under
 *   the permissions boundary) allowed to invoke its one foundation model, and only with the
 *   approved guardrail version (the model-access document, scoped to this model);
 * - the guardrail pinned to a published numeric version;
 * - a customer-managed key, and a bounded idle session TTL;
 * - an approved foundation model; an alias that routes to the prepared agent.
 * Invalid arguments throw before any resource is registered.
 */
export class GuardedAgent extends pulumi.ComponentResource {
    /** The Bedrock agent. */
    public readonly agent: aws.bedrock.AgentAgent;
    /** The agent's alias (what callers invoke). */
    public readonly alias: aws.bedrock.AgentAgentAlias;
    /** The agent's dedicated identity. */
    public readonly identity: AgentIdentity;
    /** ARN of the agent. */
    public readonly agentArn: pulumi.Output<string>;
    /** ID of the agent. */
    public readonly agentId: pulumi.Output<string>;
    /** ARN of the alias. */
    public readonly aliasArn: pulumi.Output<string>;
    /** ARN of the agent's role. */
    public readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: GuardedAgentArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems = guardedAgentProblems(args);
        if (problems.length > 0) {
            throw new Error(`GuardedAgent ${name}: invalid arguments:\n` + problems.map((p) => `  - ${p}`).join("\n"));
        }
        super("ai-guardrails:agents:GuardedAgent", name, {}, opts);

        const { partition, region, accountId } = args;
        const tags = { ...(args.tags ?? {}), "ai-guardrails:agent": args.agentName };
        const g = args.guardrail;
        const version = publishedVersion(name, g.version);

        const modelAccess = pulumi.all([g.versionedArn, g.arn, g.kmsKeyArn]).apply(([guardrailVersionedArn, guardrailArn, guardrailKmsKeyArn]) => ({
            Version: "2012-10-17",
            Statement: [
                ...modelAccessStatements({ partition, region, accountId, approvedModels: [args.foundationModel], deniedModels: [], guardrailVersionedArn, guardrailArn, guardrailKmsKeyArn }),
                // Agents read an inference profile's definition before they invoke through it.
                ...(isInferenceProfileId(args.foundationModel)
                    ? [{ Sid: "ReadInferenceProfile", Effect: "Allow", Action: AGENT_ROLE_ACTIONS.inferenceProfile, Resource: inferenceProfileArn(partition, region, accountId, args.foundationModel) }]
                    : []),
            ],
        }));

        this.identity = new AgentIdentity(
            `${name}-role`,
            {
                purpose: args.purpose,
                trustedService: "bedrock",
                accountId,
                region,
                permissionsBoundaryArn: args.permissionsBoundaryArn,
                rolePath: args.rolePath,
                policies: [{ name: "model-access", document: modelAccess }],
                tags,
            },
            // Named `${name}-identity` before 0.2; its role was `${name}-identity-role`.
            { parent: this, aliases: [{ name: `${name}-identity` }] },
        );
        this.roleArn = this.identity.roleArn;

        this.agent = new aws.bedrock.AgentAgent(
            name,
            {
                agentName: args.agentName,
                description: args.purpose,
                agentResourceRoleArn: this.roleArn,
                foundationModel: args.foundationModel,
                instruction: args.instruction,
                idleSessionTtlInSeconds: args.idleSessionTtlSeconds ?? DEFAULT_IDLE_SESSION_TTL_SECONDS,
                customerEncryptionKeyArn: args.kmsKeyArn,
                guardrailConfigurations: [{ guardrailIdentifier: g.id, guardrailVersion: version }],
                prepareAgent: true,
                tags,
            },
            // The role's policies must exist before Bedrock prepares the agent with it.
            { parent: this, dependsOn: [this.identity] },
        );
        this.agentArn = this.agent.agentArn;
        this.agentId = this.agent.agentId;

        this.alias = new aws.bedrock.AgentAgentAlias(
            `${name}-alias`,
            { agentId: this.agentId, agentAliasName: args.aliasName ?? "live", description: `Alias of ${args.agentName}`, tags },
            { parent: this },
        );
        this.aliasArn = this.alias.agentAliasArn;

        this.registerOutputs({ agentArn: this.agentArn, agentId: this.agentId, aliasArn: this.aliasArn, roleArn: this.roleArn });
    }
}
