import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { z } from "zod";
import { MANAGED_POLICY_MAX_CHARACTERS } from "../../policypack/controls/agent-identity";
import { agentCoreIdentitySecretArnPattern, GATEWAY_TARGET_ROLE_ACTIONS } from "../../policypack/controls/agentcore";
import { DESTRUCTIVE_ACTIONS, PASS_ROLE_ACTION } from "../../policypack/controls/destructive-actions";
import { customSandboxPivots, ESCALATION_PIVOTS } from "../../policypack/controls/escalation-paths";
import { GUARDRAIL_CONDITION_KEY, INVOKE_ACTIONS, modelResourceArns } from "../../policypack/controls/model-access";
import { actionMatches } from "../../policypack/lib/iam/actions";
import { actionsOfService } from "../../policypack/lib/iam/catalog";
import { validateArgs } from "../config/args";
import { identitySchema } from "../config/identity";
import { IdentitySettings } from "../settings/identity";
import { locationShape, partitionOf, tagsSchema } from "../config/location";
import { DeploymentLocation } from "../settings/location";
import { modelIdSchema } from "../config/location";
import { guardrailReferenceSchema, guardrailVersionedArn } from "../config/references";
import { GuardrailReference } from "../settings/references";
import { componentOptions, componentType } from "../shared/component";
import { isReadOnlyCeilingAction } from "./readCeiling";

type PolicyStatement = aws.iam.PolicyStatement;

/**
 * Arguments of AgentPermissionBoundary: the ceiling (the stack settings' `identity` section), the
 * models agents may invoke and the guardrail they must carry, and where it deploys.
 */
export interface AgentPermissionBoundaryArgs extends IdentitySettings, DeploymentLocation {
    /** Foundation-model and inference-profile IDs agents may invoke (the stack settings' `models.approved`); at least one. */
    approvedModels: string[];
    /** The guardrail every model call must carry, pinned to a published version (ModelGuardrail's outputs). */
    guardrail: GuardrailReference;
    /** Tags on the policy. */
    tags?: { [key: string]: string };
}

/** The words actions start with (`Get`, `Describe`, `BatchGet` -> `Batch`): candidates for a compact pattern. */
function leadingWord(action: string): string {
    return /^[A-Z][a-z]*/.exec(action)?.[0] ?? action;
}

/**
 * The Read and List actions of a service (from the service authorization reference) as compact
 * patterns: `logs:Describe*` when every action the pattern matches is Read or List, the single
 * actions otherwise. Model invocation (Read in the reference) is left out: it is allowed only on
 * approved models, in its own statement; so are the secret-returning reads of
 * `READ_CEILING_EXCLUSIONS`.
 */
export function readOnlyActionPatterns(service: string): string[] {
    const all = actionsOfService(service).map((a) => ({ name: a.action.slice(a.action.indexOf(":") + 1) }));
    const readable = (name: string) => isReadOnlyCeilingAction(`${service}:${name}`);
    const out: string[] = [];
    const words = [...new Set(all.filter((a) => readable(a.name)).map((a) => leadingWord(a.name)))].sort();
    for (const word of words) {
        const matched = all.filter((a) => actionMatches(`${word}*`, a.name));
        if (matched.every((a) => readable(a.name))) {
            out.push(`${service}:${word}*`);
        } else {
            out.push(...matched.filter((a) => readable(a.name) && leadingWord(a.name) === word).map((a) => `${service}:${a.name}`));
        }
    }
    return out;
}

export interface BoundaryDocumentInput {
    partition: string;
    region: string;
    accountId: string;
    approvedModels: string[];
    guardrailVersionedArn: string;
    readOnlyServices: string[];
    toolActions: string[];
    extraDestructiveActions: string[];
    allowedPassRoleArns: string[];
}

/** A statement's actions as a list. */
function actionsOf(statement: PolicyStatement): string[] {
    const action = statement.Action as string | string[] | undefined;
    return action === undefined ? [] : Array.isArray(action) ? action : [action];
}

/**
 * The boundary's statements. Allows: the read-only ceiling, invoking approved models, the tool
 * actions, reading the secrets of AgentCore Identity's credential providers, passing the allowed
 * roles. Denies, whatever any identity policy says: every action outside those Allow statements
 * (`NotAction`: the destructive-action catalogue, the escalation paths and Bedrock API keys
 * included; neither the read ceiling nor the tool actions can contain them), sessions on custom
 * AgentCore sandboxes (their execution role could be any role), the configured extra patterns,
 * passing any other role, and any model call without the approved guardrail version.
 */
export function agentBoundaryStatements(input: BoundaryDocumentInput): PolicyStatement[] {
    const allows: PolicyStatement[] = [];
    const readOnly = input.readOnlyServices.flatMap(readOnlyActionPatterns);
    if (readOnly.length > 0) {
        allows.push({ Sid: "AllowReadOnlyCeiling", Effect: "Allow", Action: readOnly, Resource: "*" });
    }
    allows.push({
        Sid: "AllowInvokeApprovedModelsOnly",
        Effect: "Allow",
        Action: [...INVOKE_ACTIONS],
        Resource: [...new Set(input.approvedModels.flatMap((id) => modelResourceArns(input.partition, input.region, input.accountId, id)))],
    });
    if (input.toolActions.length > 0) {
        allows.push({ Sid: "AllowAgentTools", Effect: "Allow", Action: [...input.toolActions], Resource: "*" });
    }
    // Gateways read the secrets of their targets' credential providers, and only those (secretsmanager:GetSecretValue is no tool action).
    allows.push({
        Sid: "AllowAgentCoreIdentitySecrets",
        Effect: "Allow",
        Action: GATEWAY_TARGET_ROLE_ACTIONS.credentialSecret,
        Resource: agentCoreIdentitySecretArnPattern(input.partition, input.region, input.accountId),
    });
    if (input.allowedPassRoleArns.length > 0) {
        allows.push({ Sid: "AllowPassApprovedRolesOnly", Effect: "Allow", Action: PASS_ROLE_ACTION, Resource: [...input.allowedPassRoleArns] });
    }
    const statements: PolicyStatement[] = [
        ...allows,
        // The complement of the ceiling, denied explicitly: an identity policy or a later edit of the
        // Allow statements cannot reach the catalogue. One statement instead of one per group keeps the
        // document within IAM's size limit whatever the catalogue grows to.
        { Sid: "DenyEverythingOutsideTheCeiling", Effect: "Deny", NotAction: [...new Set(allows.flatMap(actionsOf))], Resource: "*" },
    ];
    const sandboxes = customSandboxPivots(input.partition);
    statements.push({ Sid: "DenyEscalationThroughCustomSandboxes", Effect: "Deny", Action: sandboxes.actions, Resource: sandboxes.resources });
    if (input.extraDestructiveActions.length > 0) {
        statements.push({ Sid: "DenyConfiguredDestructiveActions", Effect: "Deny", Action: [...input.extraDestructiveActions], Resource: "*" });
    }
    statements.push(
        input.allowedPassRoleArns.length > 0
            ? { Sid: "DenyPassRoleOutsideApprovedRoles", Effect: "Deny", Action: PASS_ROLE_ACTION, NotResource: [...input.allowedPassRoleArns] }
            : { Sid: "DenyPassRole", Effect: "Deny", Action: PASS_ROLE_ACTION, Resource: "*" },
    );
    statements.push({
        // StringNotEquals also matches a request without the key: a call without any guardrail is denied.
        Sid: "DenyInvokeWithoutApprovedGuardrail",
        Effect: "Deny",
        Action: [...INVOKE_ACTIONS],
        Resource: "*",
        Condition: { StringNotEquals: { [GUARDRAIL_CONDITION_KEY]: input.guardrailVersionedArn } },
    });
    return statements;
}

/** The document as IAM stores it; throws when it is over IAM's size limit for managed policies. */
export function agentBoundaryDocument(input: BoundaryDocumentInput): string {
    const json = JSON.stringify({ Version: "2012-10-17", Statement: agentBoundaryStatements(input) });
    const problem = sizeProblem(json);
    if (problem) {
        throw new Error(problem);
    }
    return json;
}

function sizeProblem(json: string): string | undefined {
    return json.length > MANAGED_POLICY_MAX_CHARACTERS
        ? `the permissions boundary document is ${json.length} characters, over IAM's ${MANAGED_POLICY_MAX_CHARACTERS}: list fewer readOnlyServices or toolActions`
        : undefined;
}

/** A guardrail ARN as long as any (12-character ID, five-digit version): stands in for one not known yet when the size is checked. */
function placeholderGuardrail(partition: string, region: string, accountId: string): string {
    return `arn:${partition}:bedrock:${region}:${accountId}:guardrail/xxxxxxxxxxxx:99999`;
}

/** @internal The arguments as the constructor validates them. */
export const agentPermissionBoundaryArgsSchema = identitySchema
    .extend({
        ...locationShape,
        approvedModels: z.array(modelIdSchema).min(1, "at least one approved model is required"),
        guardrail: guardrailReferenceSchema,
        tags: tagsSchema.default({}),
    })
    .superRefine((a, ctx) => {
        // IAM's size limit, checked before anything is registered: a guardrail still unknown counts at its longest.
        const known = typeof a.guardrail?.arn === "string" && typeof a.guardrail.version === "string";
        let json: string;
        try {
            const guardrail = known ? `${a.guardrail.arn}:${a.guardrail.version}` : placeholderGuardrail(partitionOf(a.region), a.region, a.accountId);
            json = JSON.stringify({ Version: "2012-10-17", Statement: agentBoundaryStatements(boundaryInput(a, guardrail)) });
        } catch {
            return; // other fields are invalid and reported on their own
        }
        const problem = sizeProblem(json);
        if (problem) {
            ctx.addIssue({ code: "custom", path: ["readOnlyServices"], message: problem });
        }
    });

type ValidArgs = z.output<typeof agentPermissionBoundaryArgsSchema>;

function boundaryInput(a: ValidArgs, guardrailVersionedArn: string): BoundaryDocumentInput {
    return {
        partition: partitionOf(a.region),
        region: a.region,
        accountId: a.accountId,
        guardrailVersionedArn,
        approvedModels: a.approvedModels,
        readOnlyServices: a.readOnlyServices,
        toolActions: a.toolActions,
        extraDestructiveActions: a.extraDestructiveActions,
        allowedPassRoleArns: a.allowedPassRoleArns,
    };
}

/**
 * The permission ceiling of every AI agent role, as an IAM managed policy used as permissions
 * boundary. Whatever an agent's own policies grant, it can do no more than read the listed
 * services, invoke the approved models through the approved guardrail, and call its tools; and it
 * can never do anything in the destructive-action catalogue (deletes, terminations, key
 * destruction, IAM writes, passing or assuming other roles, detection shutdown, evidence tampering,
 * data exposure, protection removal, AI-control changes, Bedrock API keys, leaving the
 * organization, removing its own boundary) nor run code as another principal (the escalation paths).
 */
export class AgentPermissionBoundary extends pulumi.ComponentResource {
    /** ARN to set as `permissionsBoundary` on agent roles. */
    public readonly policyArn: pulumi.Output<string>;
    /** The boundary document (JSON) as sent to IAM. */
    public readonly document: pulumi.Output<string>;
    /** The patterns the boundary denies by name or by leaving them outside the ceiling: the destructive catalogue, the escalation pivots and the configured extras. */
    public readonly deniedActionPatterns: pulumi.Output<string[]>;

    constructor(name: string, args: AgentPermissionBoundaryArgs, opts?: pulumi.ComponentResourceOptions) {
        const a = validateArgs("AgentPermissionBoundary", name, agentPermissionBoundaryArgsSchema, args);
        super(componentType("AgentPermissionBoundary"), name, {}, componentOptions("AgentPermissionBoundary", "identity", opts));

        this.deniedActionPatterns = pulumi.output([...new Set([...DESTRUCTIVE_ACTIONS, ...ESCALATION_PIVOTS.map((p) => p.action), ...a.extraDestructiveActions])]);
        this.document = guardrailVersionedArn(a.guardrail).apply((versioned) => agentBoundaryDocument(boundaryInput(a, versioned)));

        const policy = new aws.iam.Policy(
            `${name}-policy`,
            {
                description: "Permission ceiling for AI agent roles: read-only, approved models through the guardrail, agent tools; destructive actions denied",
                path: a.rolePath,
                policy: this.document,
                tags: { ...a.tags, "ai-guardrails:permission-boundary": "true" },
            },
            { parent: this },
        );
        this.policyArn = policy.arn;
        this.registerOutputs({ policyArn: this.policyArn, document: this.document, deniedActionPatterns: this.deniedActionPatterns });
    }
}
