import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { DEFAULT_AGENT_ROLE_PATH, MANAGED_POLICY_MAX_CHARACTERS } from "../../policypack/controls/agent-identity";
import { agentCoreIdentitySecretArnPattern, GATEWAY_TARGET_ROLE_ACTIONS } from "../../policypack/controls/agentcore";
import { DESTRUCTIVE_ACTION_GROUPS, PASS_ROLE_ACTION } from "../../policypack/controls/destructive-actions";
import { FOUNDATION_MODEL_ID, GUARDRAIL_CONDITION_KEY, INFERENCE_PROFILE_ID, INVOKE_ACTIONS, modelResourceArns } from "../../policypack/controls/model-access";
import { actionMatches } from "../../policypack/lib/iam/actions";
import { argumentKeys, describeIssues } from "../config/errors";
import { identitySchema } from "../config/identity";
import { actionsOfService } from "../../policypack/lib/iam/catalog";
import { isReadOnlyCeilingAction } from "./readCeiling";

type PolicyStatement = aws.iam.PolicyStatement;

export interface AgentPermissionBoundaryArgs {
    accountId: pulumi.Input<string>;
    region: pulumi.Input<string>;
    partition: pulumi.Input<string>;
    /** Foundation-model and inference-profile IDs agents may invoke (at least one). */
    approvedModels: string[];
    /** The guardrail every model call must carry, as `arn:...:guardrail/ID:VERSION` (a published version). */
    guardrailVersionedArn: pulumi.Input<string>;
    /** Services whose Read and List actions agents may use. */
    readOnlyServices: string[];
    /** Other actions agents and their tools may use (no wildcards, nothing destructive). */
    toolActions: string[];
    /** Patterns denied on top of the destructive-action catalogue. */
    extraDestructiveActions?: string[];
    /** The only roles agents may pass; `iam:PassRole` on any other role is denied. */
    allowedPassRoleArns?: string[];
    /** IAM path of the policy; defaults to `/ai-agents/`. */
    path?: string;
    tags?: Record<string, string>;
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

/**
 * The boundary's statements. Allows: the read-only ceiling, invoking approved models, the tool
 * actions, reading the secrets of AgentCore Identity's credential providers, passing the allowed
 * roles. Denies, whatever any identity policy says: every group of the destructive-action
 * catalogue (and the configured extras), passing any other role, and any model call without the
 * approved guardrail version.
 */
export function agentBoundaryStatements(input: BoundaryDocumentInput): PolicyStatement[] {
    const statements: PolicyStatement[] = [];
    const readOnly = input.readOnlyServices.flatMap(readOnlyActionPatterns);
    if (readOnly.length > 0) {
        statements.push({ Sid: "AllowReadOnlyCeiling", Effect: "Allow", Action: readOnly, Resource: "*" });
    }
    statements.push({
        Sid: "AllowInvokeApprovedModelsOnly",
        Effect: "Allow",
        Action: [...INVOKE_ACTIONS],
        Resource: [...new Set(input.approvedModels.flatMap((id) => modelResourceArns(input.partition, input.region, input.accountId, id)))],
    });
    if (input.toolActions.length > 0) {
        statements.push({ Sid: "AllowAgentTools", Effect: "Allow", Action: [...input.toolActions], Resource: "*" });
    }
    // Gateways read the secrets of their targets' credential providers, and only those (secretsmanager:GetSecretValue is no tool action).
    statements.push({
        Sid: "AllowAgentCoreIdentitySecrets",
        Effect: "Allow",
        Action: GATEWAY_TARGET_ROLE_ACTIONS.credentialSecret,
        Resource: agentCoreIdentitySecretArnPattern(input.partition, input.region, input.accountId),
    });
    if (input.allowedPassRoleArns.length > 0) {
        statements.push({ Sid: "AllowPassApprovedRolesOnly", Effect: "Allow", Action: PASS_ROLE_ACTION, Resource: [...input.allowedPassRoleArns] });
    }
    for (const group of DESTRUCTIVE_ACTION_GROUPS) {
        const actions = group.actions.filter((a) => a !== PASS_ROLE_ACTION);
        if (actions.length > 0) {
            statements.push({ Sid: `Deny${group.id}`, Effect: "Deny", Action: actions, Resource: "*" });
        }
    }
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
    if (json.length > MANAGED_POLICY_MAX_CHARACTERS) {
        throw new Error(
            `the permissions boundary document is ${json.length} characters, over IAM's ${MANAGED_POLICY_MAX_CHARACTERS}: list fewer readOnlyServices or toolActions`,
        );
    }
    return json;
}

/** Problems with the arguments, one line each; empty when they are valid. */
export function agentPermissionBoundaryProblems(args: AgentPermissionBoundaryArgs): string[] {
    const problems: string[] = [];
    if (!Array.isArray(args.approvedModels) || args.approvedModels.length === 0) {
        problems.push("approvedModels: at least one approved model is required");
    }
    for (const [i, id] of (args.approvedModels ?? []).entries()) {
        if (!FOUNDATION_MODEL_ID.test(id) && !INFERENCE_PROFILE_ID.test(id)) {
            problems.push(`approvedModels[${i}] ${JSON.stringify(id)}: expected a Bedrock foundation-model or inference-profile ID`);
        }
    }
    if (!args.guardrailVersionedArn) {
        problems.push("guardrailVersionedArn: required (every model call must carry the approved guardrail)");
    }
    // The ceiling's lists follow the same rules as the stack configuration section they come from.
    const ceiling = {
        readOnlyServices: args.readOnlyServices,
        toolActions: args.toolActions,
        extraDestructiveActions: args.extraDestructiveActions ?? [],
        allowedPassRoleArns: args.allowedPassRoleArns ?? [],
        ...(args.path !== undefined ? { rolePath: args.path } : {}),
    };
    const parsed = identitySchema.safeParse(ceiling);
    if (!parsed.success) {
        problems.push(...describeIssues(parsed.error, ceiling, identitySchema, argumentKeys).map((p) => p.reason));
    }
    return problems;
}

/**
 * The permission ceiling of every AI agent role, as an IAM managed policy used as permissions
 * boundary. Whatever an agent's own policies grant, it can do no more than read the listed
 * services, invoke the approved models through the approved guardrail, and call its tools; and it
 * can never do anything in the destructive-action catalogue (deletes, terminations, key
 * destruction, IAM writes, passing or assuming other roles, logging shutdown, guardrail and
 * tool-policy changes, leaving the organization, removing its own boundary).
 */
export class AgentPermissionBoundary extends pulumi.ComponentResource {
    /** The managed policy. */
    public readonly policy: aws.iam.Policy;
    /** ARN to set as `permissionsBoundary` on agent roles. */
    public readonly policyArn: pulumi.Output<string>;
    /** The boundary document (JSON) as sent to IAM. */
    public readonly document: pulumi.Output<string>;
    /** The destructive patterns the boundary denies: the catalogue plus the configured extras. */
    public readonly deniedActionPatterns: string[];

    constructor(name: string, args: AgentPermissionBoundaryArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems = agentPermissionBoundaryProblems(args);
        if (problems.length > 0) {
            throw new Error(`AgentPermissionBoundary ${name}: invalid arguments:\n` + problems.map((p) => `  - ${p}`).join("\n"));
        }
        super("ai-guardrails:identity:AgentPermissionBoundary", name, {}, opts);

        const extra = args.extraDestructiveActions ?? [];
        this.deniedActionPatterns = [...new Set([...DESTRUCTIVE_ACTION_GROUPS.flatMap((g) => g.actions), ...extra])];
        this.document = pulumi
            .all([args.partition, args.region, args.accountId, args.guardrailVersionedArn])
            .apply(([partition, region, accountId, guardrailVersionedArn]) =>
                agentBoundaryDocument({
                    partition,
                    region,
                    accountId,
                    guardrailVersionedArn,
                    approvedModels: args.approvedModels,
                    readOnlyServices: args.readOnlyServices,
                    toolActions: args.toolActions,
                    extraDestructiveActions: extra,
                    allowedPassRoleArns: args.allowedPassRoleArns ?? [],
                }),
            );

        this.policy = new aws.iam.Policy(
            `${name}-policy`,
            {
                description: "Permission ceiling for AI agent roles: read-only, approved models through the guardrail, agent tools; destructive actions denied",
                path: args.path ?? DEFAULT_AGENT_ROLE_PATH,
                policy: this.document,
                tags: { ...(args.tags ?? {}), "ai-guardrails:permission-boundary": "true" },
            },
            { parent: this },
        );
        this.policyArn = this.policy.arn;
        this.registerOutputs({ policyArn: this.policyArn, document: this.document });
    }
}
