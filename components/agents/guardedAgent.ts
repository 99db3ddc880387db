import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { modelAccessStatements } from "../access/modelAccessPolicy";
import { AGENT_NAME, AGENT_ROLE_ACTIONS, PUBLISHED_GUARDRAIL_VERSION } from "../../policypack/controls/agentcore";
import { inferenceProfileArn, isInferenceProfileId } from "../../policypack/controls/model-access";
import { agentSchema } from "../config/agents";
import { AgentSettings } from "../settings/agents";
import { inputOf, validateArgs } from "../config/args";
import { identitySchema } from "../config/identity";
import { kmsKeyArnSchema, locationShape, managedPolicyArnSchema, partitionOf, tagsSchema } from "../config/location";
import { DeploymentLocation } from "../settings/location";
import { guardrailReferenceSchema } from "../config/references";
import { GuardrailReference } from "../settings/references";
import { AgentIdentity } from "../identity/agentIdentity";
import { componentOptions, componentType } from "../shared/component";

/**
 * Arguments of GuardedAgent: the agent's settings (an entry of the stack settings' `agents.agents`),
 * where it deploys, the guardrail it runs with, its key and the boundary of its role.
 */
export interface GuardedAgentArgs extends AgentSettings, DeploymentLocation {
    /** The guardrail every call of the agent goes through, pinned to a published version (ModelGuardrail's `guardrailArn`, `version`, `kmsKeyArn`). */
    guardrail: GuardrailReference;
    /** Customer-managed key that encrypts the agent. */
    kmsKeyArn: pulumi.Input<string>;
    /** The permissions boundary of the agent's role (the stack's AgentPermissionBoundary policy). */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** The models the stack approves; when given, `foundationModel` must be one of them. */
    approvedModels?: string[];
    /** IAM path of the agent's role, marking it as an agent identity. Defaults to `/ai-agents/`. */
    rolePath?: string;
    /** Name of the alias that routes to the prepared agent. Defaults to `live`. */
    aliasName?: string;
    /** Tags on every resource the component creates. */
    tags?: { [key: string]: string };
}

/** @internal The arguments as the constructor validates them. */
export const guardedAgentArgsSchema = agentSchema
    .extend({
        ...locationShape,
        guardrail: guardrailReferenceSchema,
        kmsKeyArn: inputOf(kmsKeyArnSchema),
        permissionsBoundaryArn: inputOf(managedPolicyArnSchema),
        approvedModels: z.array(z.string().min(1)).optional(),
        rolePath: identitySchema.shape.rolePath,
        aliasName: z.string().regex(AGENT_NAME, "expected an alias name: letters and digits with single _ or -").default("live"),
        tags: tagsSchema.default({}),
    })
    .superRefine((a, ctx) => {
        if (a.approvedModels !== undefined && !a.approvedModels.includes(a.foundationModel)) {
            ctx.addIssue({ code: "custom", path: ["foundationModel"], message: `not an approved model; expected one of approvedModels (${a.approvedModels.join(", ") || "none approved"})` });
        }
    });

/** Refuses a version that resolves to anything but a published number (an output is checked when it resolves). */
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
 * - an alias that routes to the prepared agent.
 * Invalid arguments throw before any resource is registered.
 */
export class GuardedAgent extends pulumi.ComponentResource {
    /** ARN of the agent. */
    public readonly agentArn: pulumi.Output<string>;
    /** ID of the agent. */
    public readonly agentId: pulumi.Output<string>;
    /** ARN of the alias callers invoke. */
    public readonly aliasArn: pulumi.Output<string>;
    /** ARN of the agent's role. */
    public readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: GuardedAgentArgs, opts?: pulumi.ComponentResourceOptions) {
        const a = validateArgs("GuardedAgent", name, guardedAgentArgsSchema, args);
        super(componentType("GuardedAgent"), name, {}, componentOptions("GuardedAgent", "agents", opts));

        const { region, accountId } = a;
        const partition = partitionOf(region);
        const tags = { ...a.tags, "ai-guardrails:agent": a.name };
        const g = a.guardrail;
        const version = publishedVersion(name, g.version);
        const versionedArn = pulumi.interpolate`${g.arn}:${version}`;
        // The agent names its guardrail by ID (`arn:...:guardrail/ID`), as releases before 0.2 did.
        const guardrailId = pulumi.output(g.arn).apply((arn) => arn.slice(arn.lastIndexOf("/") + 1));

        const modelAccess = pulumi.all([versionedArn, g.arn, g.kmsKeyArn]).apply(([guardrailVersionedArn, guardrailArn, guardrailKmsKeyArn]) => ({
            Version: "2012-10-17",
            Statement: [
                ...modelAccessStatements({ partition, region, accountId, approvedModels: [a.foundationModel], deniedModels: [], guardrailVersionedArn, guardrailArn, guardrailKmsKeyArn }),
                // Agents read an inference profile's definition before they invoke through it.
                ...(isInferenceProfileId(a.foundationModel)
                    ? [{ Sid: "ReadInferenceProfile", Effect: "Allow", Action: AGENT_ROLE_ACTIONS.inferenceProfile, Resource: inferenceProfileArn(partition, region, accountId, a.foundationModel) }]
                    : []),
            ],
        }));

        const identity = new AgentIdentity(
            `${name}-role`,
            {
                purpose: a.purpose,
                trustedService: "bedrock",
                accountId,
                region,
                permissionsBoundaryArn: a.permissionsBoundaryArn,
                rolePath: a.rolePath,
                policies: [{ name: "model-access", document: modelAccess }],
                tags,
            },
            // Named `${name}-identity` before 0.2; its role was `${name}-identity-role`.
            { parent: this, aliases: [{ name: `${name}-identity` }] },
        );
        this.roleArn = identity.roleArn;

        const agent = new aws.bedrock.AgentAgent(
            name,
            {
                agentName: a.name,
                description: a.purpose,
                agentResourceRoleArn: this.roleArn,
                foundationModel: a.foundationModel,
                instruction: a.instruction,
                idleSessionTtlInSeconds: a.idleSessionTtlSeconds,
                customerEncryptionKeyArn: a.kmsKeyArn,
                guardrailConfigurations: [{ guardrailIdentifier: guardrailId, guardrailVersion: version }],
                prepareAgent: true,
                tags,
            },
            // The role's policies must exist before Bedrock prepares the agent with it.
            { parent: this, dependsOn: [identity] },
        );
        this.agentArn = agent.agentArn;
        this.agentId = agent.agentId;

        const alias = new aws.bedrock.AgentAgentAlias(
            `${name}-alias`,
            { agentId: this.agentId, agentAliasName: a.aliasName, description: `Alias of ${a.name}`, tags },
            { parent: this },
        );
        this.aliasArn = alias.agentAliasArn;

        this.registerOutputs({ agentArn: this.agentArn, agentId: this.agentId, aliasArn: this.aliasArn, roleArn: this.roleArn });
    }
}
