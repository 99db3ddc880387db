/**
 * The guardrail's resource-based policy: lets principals of the organization's accounts apply the
 * guardrail, which the Bedrock policy requires (member accounts evaluate the management account's
 * guardrail on every call). Nothing else is granted.
 *
 * Source: Amazon Bedrock user guide, "Using resource-based policies for guardrails", "Supported
 * policy statement patterns": the policy language of guardrail resource policies "is currently
 * restricted and only supports a limited set of policy statements"; sharing with an organization is
 * `"Principal": "*"` (the string form) with `bedrock:ApplyGuardrail` and `bedrock:GetGuardrail` and a
 * `StringEquals` `aws:PrincipalOrgID` condition, and a `*` principal without an organization or OU
 * condition is not supported. A policy Bedrock refuses leaves every member account's model calls
 * failing once the Bedrock policy enforces the guardrail.
 */
// Components build the policy from this file: it imports nothing that needs the policy SDK.
import { statementCoversAction, statementCoversResource } from "../iam/actions";
import { describeStatement, parsePolicyDocument, Statement } from "../iam/document";

const APPLY = "bedrock:ApplyGuardrail";
const GET = "bedrock:GetGuardrail";
/** The actions of the documented organization pattern, in the guide's order. */
export const GUARDRAIL_SHARE_ACTIONS = [APPLY, GET] as const;

const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const ORG_PATH = /^o-[a-z0-9]{10,32}\/r-[0-9a-z]{4,32}(\/ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})*\/?\*?$/;

/** The documented statement that lets the organization's principals apply and read the guardrail. */
export function guardrailOrganizationSharePolicy(guardrailArn: string, organizationId: string): Record<string, unknown> {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: "*",
                Action: [...GUARDRAIL_SHARE_ACTIONS],
                Resource: guardrailArn,
                Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId } },
            },
        ],
    };
}

/** Whether the statement's `*` principal is narrowed to an organization (`aws:PrincipalOrgID`) or OUs (`aws:PrincipalOrgPaths`). */
function orgCondition(s: Statement): boolean {
    return s.conditions.some((c) => {
        const key = c.key.toLowerCase();
        const op = c.operator.replace(/^ForAnyValue:/, "");
        if (key === "aws:principalorgid") {
            return op === "StringEquals" && c.values.length > 0 && c.values.every((v) => ORG_ID.test(v));
        }
        return key === "aws:principalorgpaths" && /^String(Equals|Like)$/.test(op) && c.values.length > 0 && c.values.every((v) => ORG_PATH.test(v));
    });
}

function anyoneAs(s: Statement): "string" | "object" | undefined {
    if (s.principals === "*") {
        return "string";
    }
    return s.principals !== undefined && Object.values(s.principals).some((ids) => ids.includes("*")) ? "object" : undefined;
}

/**
 * What keeps a guardrail's resource policy from sharing it with the organization in the documented
 * form; empty when it does. `document` as the stack holds it (object or JSON string).
 */
export function guardrailShareProblems(document: unknown, guardrailArn: string): string[] {
    const doc = parsePolicyDocument(document);
    const problems = doc.errors.map((e) => `policy grammar: ${e}`);
    const shares = doc.statements.filter(
        (s) => s.effect === "Allow" && anyoneAs(s) !== undefined && statementCoversAction(s, APPLY) && statementCoversResource(s, guardrailArn),
    );
    if (shares.length === 0) {
        const applies = doc.statements.some((s) => s.effect === "Allow" && statementCoversAction(s, APPLY) && statementCoversResource(s, guardrailArn));
        problems.push(
            applies
                ? `it allows ${APPLY} only to named principals, not to the organization: member accounts' model calls would fail`
                : `it does not allow ${APPLY} on ${guardrailArn}, so member accounts' model calls would fail`,
        );
        return problems;
    }
    for (const s of shares) {
        const where = describeStatement(s);
        if (anyoneAs(s) === "object") {
            problems.push(`${where} writes the principal as {"AWS": "*"}; guardrail resource policies document only the string form "Principal": "*"`);
        }
        if (!orgCondition(s)) {
            problems.push(`${where} allows Principal "*" without a StringEquals aws:PrincipalOrgID (or aws:PrincipalOrgPaths) condition, which guardrail resource policies do not support`);
        }
        if (!statementCoversAction(s, GET)) {
            problems.push(`${where} does not allow ${GET}: the documented organization pattern grants ${GUARDRAIL_SHARE_ACTIONS.join(" and ")}`);
        }
        const extra = s.actions?.filter((a) => !GUARDRAIL_SHARE_ACTIONS.some((d) => d.toLowerCase() === a.toLowerCase())) ?? [];
        if (s.notActions !== undefined || extra.length > 0) {
            problems.push(`${where} grants ${s.notActions ? "NotAction" : extra.join(", ")} besides ${GUARDRAIL_SHARE_ACTIONS.join(" and ")}: the restricted policy language supports only those`);
        }
    }
    return problems;
}
