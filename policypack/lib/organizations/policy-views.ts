/**
 * Organizations policies of a stack read once for the organization rules: each policy's type,
 * content, grammar (SCP limits included) and attachments, and which stacks are organization stacks.
 */
import { PolicyConfigSchema, PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { SCP_MAX_CHARACTERS, SCP_TYPE } from "../../controls/organization";
import { statementCoversAction, statementCoversResource, wildcardToRegExp } from "../iam/actions";
import { ConditionClause, describeStatement, parsePolicyDocument, PolicyDocument, Statement } from "../iam/document";
import { placementOf, ProvidedBy, providedBySchema, providedElsewhere } from "../placement";
import { KeyIndex, knownStrings, referenceKeys, withTailSegments } from "../references";
import { StackIndex } from "../stack-index";
import { T } from "../types";

type PolicyConfigJSONSchema = PolicyConfigSchema["properties"][string];

export interface OrgPolicyView {
    resource: PolicyResource;
    /** Policy type; `SERVICE_CONTROL_POLICY` when unset, as the provider defaults. */
    type: string;
    /** The content as a string (objects are serialised as AWS would receive them). */
    text: string;
    /** Parsed IAM document (SCPs and RCPs). */
    doc?: PolicyDocument;
    /** Grammar and size problems AWS would reject the policy for. */
    errors: string[];
    /** Policy attachments in the stack that attach this policy. */
    attachments: PolicyResource[];
}

/** Config keys every organization rule shares. */
export interface OrgScopeConfig {
    organizationStacks: string[];
    providedBy?: ProvidedBy;
}

export const orgScopeSchema: Record<string, PolicyConfigJSONSchema> = {
    organizationStacks: {
        type: "array",
        items: { type: "string" },
        default: ["org"],
        description:
            "Stack names (wildcards allowed) that hold the organization baseline. The rule checks these stacks and any stack with AWS Organizations resources; other stacks are not applicable.",
    },
    providedBy: providedBySchema(
        "the organization baseline (the management or delegated-administrator account's Organizations policies); when set, only these stacks " +
            "must hold it, and other stacks' Organizations policies are reviewed on their own content",
    ),
};

/** What an organization rule asks of a stack: the whole baseline, or only a review of the policies it defines. */
export type OrganizationScope = "baseline" | "review";

/** The reason organization rules give for other stacks. */
export const NOT_AN_ORGANIZATION_STACK = "not an organization stack: it has no AWS Organizations resources and is not named in organizationStacks";

/** Whether a stack is an organization stack: it is named as one, or it manages Organizations resources. */
export function isOrganizationStack(resources: readonly PolicyResource[], organizationStacks: readonly string[]): boolean {
    const stack = StackIndex.of(resources);
    return (
        [...stack.types()].some((type) => type.startsWith("aws:organizations/")) ||
        stack.stackNames().some((name) => organizationStacks.some((pattern) => wildcardToRegExp(pattern).test(name)))
    );
}

function policyIdentifiers(policy: PolicyResource): string[] {
    return withTailSegments(knownStrings(policy, ["id", "arn"]));
}

/** Problems specific to SCPs on top of IAM grammar: size, and elements SCPs do not support. */
function scpProblems(text: string, doc: PolicyDocument): string[] {
    const out: string[] = [];
    if (text.length > SCP_MAX_CHARACTERS) {
        out.push(`the policy has ${text.length} characters; an SCP may have at most ${SCP_MAX_CHARACTERS}`);
    }
    for (const s of doc.statements) {
        if (s.principals !== undefined || s.notPrincipals !== undefined) {
            out.push(`${describeStatement(s)}: SCPs do not support Principal or NotPrincipal`);
        }
    }
    return out;
}

/**
 * The stack's Organizations policies of the given type with their content, grammar problems and
 * attachments. Only their content is read, so an unknown content of another type (the Bedrock
 * policy during preview) does not stop the rule.
 */
export function orgPolicyViews(resources: readonly PolicyResource[], policyType: string): OrgPolicyView[] {
    const stack = StackIndex.of(resources);
    const policies = stack.ofType(T.orgPolicy);
    const ofType = policies.filter((r) => (typeof r.props.type === "string" ? r.props.type : SCP_TYPE) === policyType);
    // Attachments by the policy they attach, read when the first policy needs them.
    let attachments: Map<PolicyResource, PolicyResource[]> | undefined;
    const attachmentsOf = (policy: PolicyResource) => {
        if (!attachments) {
            attachments = new Map();
            const byKey = new KeyIndex(policies, policyIdentifiers);
            for (const a of stack.ofType(T.orgPolicyAttachment)) {
                for (const target of byKey.lookup(referenceKeys(a, "policyId"))) {
                    attachments.set(target, [...(attachments.get(target) ?? []), a]);
                }
            }
        }
        return attachments.get(policy) ?? [];
    };
    return ofType.map((resource) => {
        const type = policyType;
        const content = resource.props.content;
        const text = typeof content === "string" ? content : JSON.stringify(content ?? null);
        const view: OrgPolicyView = {
            resource,
            type,
            text,
            errors: [],
            attachments: attachmentsOf(resource),
        };
        if (type === SCP_TYPE || type === "RESOURCE_CONTROL_POLICY") {
            view.doc = parsePolicyDocument(content);
            view.errors = [...view.doc.errors, ...(type === SCP_TYPE ? scpProblems(text, view.doc) : [])];
        }
        return view;
    });
}

/** The Organization resources of the stack (when the organization itself is managed here). */
export function organizations(resources: readonly PolicyResource[]): readonly PolicyResource[] {
    return StackIndex.of(resources).ofType(T.organization);
}

/** Problems with an Organization resource that must enable a policy type. */
export function policyTypeProblems(org: PolicyResource, policyType: string): string[] {
    const types = org.props.enabledPolicyTypes;
    if (!Array.isArray(types) || !types.includes(policyType)) {
        return [`the organization does not enable ${policyType} in enabledPolicyTypes: policies of that type cannot be attached`];
    }
    return [];
}

/** A Deny statement of the document that covers the action on the resource. */
export function denyStatementsFor(doc: PolicyDocument, action: string, resource = "*"): Statement[] {
    return doc.statements.filter((s) => s.effect === "Deny" && statementCoversAction(s, action) && statementCoversResource(s, resource));
}

const NEGATED_PRINCIPAL_OPERATORS = /^(ArnNotLike|ArnNotEquals|StringNotLike|StringNotEquals)(IfExists)?$/;
const POSITIVE_PRINCIPAL_OPERATORS = /^(ArnLike|ArnEquals|StringLike|StringEquals)(IfExists)?$/;

function isKey(clause: ConditionClause, key: string): boolean {
    return clause.key.toLowerCase() === key.toLowerCase();
}

/** A condition that exempts principals from a Deny (`ArnNotLike aws:PrincipalArn ...`). */
export function isPrincipalExemption(clause: ConditionClause): boolean {
    return isKey(clause, "aws:PrincipalArn") && NEGATED_PRINCIPAL_OPERATORS.test(clause.operator);
}

/** A condition that narrows a Deny to some principals (`ArnLike aws:PrincipalArn ...`). */
export function isPrincipalSelector(clause: ConditionClause): boolean {
    return isKey(clause, "aws:PrincipalArn") && POSITIVE_PRINCIPAL_OPERATORS.test(clause.operator);
}

/** Administrator roles every member account has, which a governance exemption must never cover. */
const ORDINARY_ADMIN_ROLES = ["role/OrganizationAccountAccessRole", "role/Administrator", "role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123456789abcdef"];

/** The exemption's patterns that also exempt an ordinary administrator role (so, in effect, anyone with admin rights). */
export function overbroadExemptions(clause: ConditionClause): string[] {
    return clause.values.filter((v) => {
        const re = wildcardToRegExp(v);
        return v === "*" || ORDINARY_ADMIN_ROLES.some((role) => ["aws", "aws-us-gov", "aws-cn"].some((p) => re.test(`arn:${p}:iam::111122223333:${role}`)));
    });
}

/** Messages naming a policy, for reports. */
export function policyLabel(view: OrgPolicyView): string {
    return `${view.type === SCP_TYPE ? "SCP" : view.type} "${view.resource.name}"`;
}

export interface DenyVerdict {
    policy: OrgPolicyView;
    statement: Statement;
    /** Why the statement does not do its job; empty when it does. */
    problems: string[];
}

/** Whether a policy can take effect: its grammar is valid and it is attached somewhere. */
export function policyUsable(view: OrgPolicyView): boolean {
    return view.errors.length === 0 && view.attachments.length > 0;
}

/**
 * For one action on one resource, every Deny statement of the given SCPs that covers it, judged
 * by `judge`. The action is enforced when a statement without problems sits in a usable policy.
 */
export function judgeDenies(views: readonly OrgPolicyView[], action: string, resource: string, judge: (s: Statement) => string[]): { enforced: boolean; verdicts: DenyVerdict[] } {
    const verdicts: DenyVerdict[] = [];
    for (const policy of views) {
        for (const statement of policy.doc ? denyStatementsFor(policy.doc, action, resource) : []) {
            verdicts.push({ policy, statement, problems: judge(statement) });
        }
    }
    return { enforced: verdicts.some((v) => v.problems.length === 0 && policyUsable(v.policy)), verdicts };
}

/** Problems that keep a policy from taking effect: grammar errors, and no attachment in the stack. */
export function usabilityProblems(view: OrgPolicyView): string[] {
    const out = view.errors.map((e) => `grammar: ${e}`);
    if (view.attachments.length === 0) {
        out.push("it is not attached to any root, OU or account in this stack");
    }
    return out;
}

/** A clause as written, for messages: `StringNotEquals aws:SourceVpce`. */
export function describeClause(clause: ConditionClause): string {
    return `${clause.operator} ${clause.key}`;
}

/**
 * What the stack must answer for: the whole baseline in a stack `providedBy` names (or, without a
 * declaration, an organization stack); only the content of its own Organizations policies in
 * another stack that defines some; not applicable elsewhere (naming where the baseline lives).
 */
export function organizationScope({ resources, notApplicable }: StackValidationArgs, config: OrgScopeConfig): OrganizationScope {
    const placement = placementOf(resources, config.providedBy);
    if (placement.kind === "home") {
        return "baseline";
    }
    if (placement.kind === "elsewhere") {
        if (StackIndex.of(resources).hasAny([T.orgPolicy, T.orgPolicyAttachment, T.organization])) {
            return "review";
        }
        notApplicable(providedElsewhere("the organization baseline", placement));
    }
    if (!isOrganizationStack(resources, config.organizationStacks)) {
        notApplicable(NOT_AN_ORGANIZATION_STACK);
    }
    return "baseline";
}

/**
 * The policies of one type in the stack with what the stack answers for (not applicable when it
 * answers for nothing), after reporting an organization on which that policy type is not enabled:
 * what every organization-policy rule starts from.
 */
export function organizationPoliciesOfType(
    args: StackValidationArgs,
    config: OrgScopeConfig,
    policyType: string,
    report: (message: string, urn?: string) => void,
): { scope: OrganizationScope; views: OrgPolicyView[] } {
    const scope = organizationScope(args, config);
    for (const org of organizations(args.resources)) {
        for (const problem of policyTypeProblems(org, policyType)) {
            report(problem, org.urn);
        }
    }
    return { scope, views: orgPolicyViews(args.resources, policyType) };
}

/** In review mode: what is wrong with the Deny statements of a policy that attempt any of the actions. */
export function statementReview(view: OrgPolicyView, actions: readonly string[], judge: (s: Statement) => string[], resource = "*"): string[] {
    const attempts = view.doc ? view.doc.statements.filter((s) => s.effect === "Deny" && actions.some((a) => statementCoversAction(s, a)) && statementCoversResource(s, resource)) : [];
    return [...new Set(attempts.flatMap(judge))];
}
