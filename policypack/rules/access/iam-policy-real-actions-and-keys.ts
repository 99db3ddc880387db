import { SILENT_NO_OPS } from "../../controls/model-access";
import { actionExists, actionSupportsConditionKey, conditionKeyExists, expandActionPattern, serviceExists } from "../../lib/iam/catalog";
import { describeStatement, parsePolicyDocument, Statement } from "../../lib/iam/document";
import { POLICY_DOCUMENT_TYPES, policyDocuments } from "../../lib/iam/sources";
import { resourceRule } from "../../lib/rule";

/** Why an Action / NotAction entry names nothing IAM knows, or undefined when it is real. */
function actionProblem(pattern: string): string | undefined {
    const noOp = SILENT_NO_OPS[pattern.toLowerCase()];
    if (noOp) {
        return noOp;
    }
    if (actionExists(pattern)) {
        return undefined;
    }
    const colon = pattern.indexOf(":");
    if (colon <= 0) {
        return `${JSON.stringify(pattern)} is not an action: expected service:ActionName`;
    }
    const service = pattern.slice(0, colon);
    if (!/[*?]/.test(service) && !serviceExists(service)) {
        return `${pattern}: there is no service with the prefix ${service}`;
    }
    return /[*?]/.test(pattern) ? `${pattern} matches no action` : `${pattern} is not an action of ${service}`;
}

/** Why a condition key names nothing IAM knows, or undefined when it is real. */
async function conditionKeyProblem(key: string): Promise<string | undefined> {
    const noOp = SILENT_NO_OPS[key.toLowerCase()];
    if (noOp) {
        return noOp;
    }
    if (await conditionKeyExists(key)) {
        return undefined;
    }
    return `${key} is not a condition key: it is never in a request, so a condition on it never matches (or, negated, always does)`;
}

/**
 * Why a real service condition key does nothing in this statement: none of its actions supports
 * it (an S3 object key on s3:ListBucket), so it is never in those requests. Global keys (`aws:`)
 * and keys of identity providers apply to every request; NotAction and `*` statements may reach
 * any action.
 */
function keyAppliesNowhere(statement: Statement, key: string): string | undefined {
    const prefix = key.slice(0, key.indexOf(":")).toLowerCase();
    if (prefix === "aws" || !serviceExists(prefix) || statement.actions === undefined) {
        return undefined;
    }
    const actions = new Set<string>();
    for (const pattern of statement.actions) {
        if (pattern === "*" || /[*?]/.test(pattern.slice(0, pattern.indexOf(":")))) {
            return undefined;
        }
        expandActionPattern(pattern).forEach((a) => actions.add(a));
    }
    if (actions.size === 0 || [...actions].some((a) => actionSupportsConditionKey(a, key))) {
        return undefined;
    }
    const named = [...actions].slice(0, 5).join(", ") + (actions.size > 5 ? `, ... (${actions.size} actions)` : "");
    return `${key} applies to none of the statement's actions (${named}): it is never in their requests, so a condition on it never matches (or, negated, always does)`;
}

async function statementProblems(statement: Statement): Promise<string[]> {
    const problems: string[] = [];
    const where = describeStatement(statement);
    for (const pattern of [...(statement.actions ?? []), ...(statement.notActions ?? [])]) {
        const problem = actionProblem(pattern);
        if (problem) {
            problems.push(`${where}: ${problem}`);
        }
    }
    for (const key of new Set(statement.conditions.map((c) => c.key))) {
        const problem = (await conditionKeyProblem(key)) ?? keyAppliesNowhere(statement, key);
        if (problem) {
            problems.push(`${where}: ${problem}`);
        }
    }
    return problems;
}

export const iamPolicyRealActionsAndKeys = resourceRule({
    name: "iam-policy-real-actions-and-keys",
    id: "AIG-MA-3",
    layer: "access",
    severity: "high",
    displayName: "IAM policies name real actions and keys",
    frameworks: { owaspLlm: ["LLM06"], awsAisf: ["AISF-DATA-02"] },
    description:
        "Every IAM policy document in the stack is well formed and names only actions and condition keys that exist, each service key on a " +
        "statement with at least one action that supports it.",
    explanation:
        "IAM accepts many policies that name actions or condition keys that do not exist, and they silently do nothing: a Deny keyed on " +
        "bedrock:GuardrailArn never matches, an Allow of bedrock:Converse grants nothing, a misspelt action in a boundary leaves the real " +
        "one allowed. A real key on actions that do not support it (s3:prefix on s3:GetObject, an S3 object tag on s3:ListBucket) is " +
        "equally never in the request. The control looks present in code and review while it is not enforced.",
    seedControl: "Model access and organization baseline: IAM and SCP documents with correct grammar and real names",
    peers: ["Parliament:UNKNOWN_ACTION", "Parliament:UNKNOWN_CONDITION_FOR_ACTION"],
    remediation:
        "Use names from the Service Authorization Reference: bedrock:GuardrailIdentifier (not bedrock:GuardrailArn), bedrock:InvokeModel " +
        "(not bedrock:Converse), bedrock:InvokeModelWithResponseStream (not bedrock:ConverseStream); keep every condition operator inside Condition.",
    resourceTypes: POLICY_DOCUMENT_TYPES,
    validate: async ({ type, props }, { report }) => {
        for (const source of policyDocuments(type, props)) {
            const doc = parsePolicyDocument(source.value);
            const problems = doc.errors.map((e) => `not a valid policy document: ${e}`);
            for (const statement of doc.statements) {
                problems.push(...(await statementProblems(statement)));
            }
            if (problems.length > 0) {
                report(`${source.location}: ${problems.join("; ")}`);
            }
        }
    },
});
