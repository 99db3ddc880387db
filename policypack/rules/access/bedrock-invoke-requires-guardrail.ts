import { GUARDRAIL_CONDITION_KEY, INVOKE_ACTIONS, NEGATED_GUARDRAIL_OPERATORS, SILENT_NO_OPS } from "../../controls/model-access";
import { describeStatement, isUnreadable, parsePolicyDocument } from "../../lib/iam/document";
import { InvokeGrant, invokeGrants, noOpGuardrailDenies, reviewGuardrailDenies } from "../../lib/iam/invoke";
import { IDENTITY_POLICY_TYPES, identityPolicyDocuments } from "../../lib/iam/sources";
import { reachesOnlyModelsWithoutGuardrail } from "../../lib/model-classes";
import { resourceRule } from "../../lib/rule";

interface Config {
    approvedGuardrailArns: string[];
}

/**
 * The part of a grant the guardrail requirement applies to: its resources that can reach a model
 * that takes a guardrail (an unbounded grant reaches every model). Undefined when the grant
 * reaches only models that cannot take one (embeddings, rerank, speech).
 */
function guardedPart(grant: InvokeGrant): InvokeGrant | undefined {
    if (grant.unbounded) {
        return grant;
    }
    const resources = grant.resources.filter((r) => !reachesOnlyModelsWithoutGuardrail(r));
    return resources.length > 0 ? { ...grant, resources } : undefined;
}

/** Condition keys in SILENT_NO_OPS (`bedrock:GuardrailArn`): a Deny keyed on one never matches. */
const NO_OP_KEYS = Object.keys(SILENT_NO_OPS).filter((k) => k.includes("guardrail"));

export const bedrockInvokeRequiresGuardrail = resourceRule<Config>({
    name: "bedrock-invoke-requires-guardrail",
    id: "AIG-MA-2",
    layer: "access",
    severity: "critical",
    displayName: "Invocation requires the approved guardrail",
    frameworks: { owaspLlm: ["LLM01", "LLM02"], awsAisf: ["AISF-AI-01"] },
    description: `Every IAM policy that allows model invocation denies it unless ${GUARDRAIL_CONDITION_KEY} is the approved guardrail.`,
    explanation:
        "A guardrail only protects the calls that name it: the caller chooses. A Deny on the invoke actions with a negated condition on " +
        `${GUARDRAIL_CONDITION_KEY} makes IAM refuse every call without the approved guardrail (a negated operator also matches when no ` +
        "guardrail is given). It must name a published numeric version: a guardrail ARN without version matches only calls that use the " +
        "DRAFT, which any edit changes in place; and it must carry no other condition, which would narrow it to some calls. A Deny keyed " +
        "on bedrock:GuardrailArn, which is not a condition key, never matches: a silent no-op. Models that cannot take a guardrail (embedding, " +
        "rerank and speech models, controls/model-capabilities) are outside the requirement: a Deny may leave them out with NotResource.",
    seedControl: "Model access: Deny unless bedrock:GuardrailIdentifier is the approved guardrail",
    peers: [],
    remediation:
        `Add {"Effect": "Deny", "Action": ${JSON.stringify(INVOKE_ACTIONS)}, "Resource": "*", "Condition": {"StringNotEquals": ` +
        `{"${GUARDRAIL_CONDITION_KEY}": "arn:aws:bedrock:REGION:ACCOUNT:guardrail/ID:VERSION"}}} to the policy (the ModelAccessPolicy component does).`,
    configSchema: {
        properties: {
            approvedGuardrailArns: {
                type: "array",
                items: { type: "string", pattern: "^arn:" },
                uniqueItems: true,
                default: [],
                description:
                    "Guardrail version ARNs the condition may name, as patterns with * and ? wildcards (arn:aws:bedrock:REGION:ACCOUNT:guardrail/ID:* " +
                    "for any published version of one guardrail). Empty: any published version of any specific guardrail is accepted.",
            },
        },
    },
    resourceTypes: IDENTITY_POLICY_TYPES,
    validate: async ({ type, props, notApplicable }, { config, report }) => {
        // It judges documents that allow model invocation (or cannot be read); any other is not its business.
        let judged = false;
        let onlyUnguarded = false;
        for (const source of identityPolicyDocuments(type, props)) {
            const doc = parsePolicyDocument(source.value);
            if (isUnreadable(doc)) {
                judged = true;
                report(`${source.location} is not a readable policy document (${doc.errors.join("; ")}), so its guardrail enforcement cannot be verified`);
                continue;
            }
            const all = await invokeGrants(doc);
            const grants = all.map(guardedPart).filter((g): g is InvokeGrant => g !== undefined);
            onlyUnguarded ||= all.length > 0 && grants.length === 0;
            if (grants.length === 0) {
                continue;
            }
            judged = true;
            const reviews = reviewGuardrailDenies(doc, grants, config.approvedGuardrailArns);
            const allowed = INVOKE_ACTIONS.filter((a) => grants.some((g) => g.actions.includes(a)));
            const unenforced = allowed.filter((a) => !reviews.some((r) => r.problems.length === 0 && r.actions.includes(a)));
            if (unenforced.length === 0) {
                continue;
            }
            const parts = [
                `${source.location} allows ${unenforced.join(", ")} (${[...new Set(grants.map((g) => describeStatement(g.statement)))].join(", ")}) ` +
                    `without a Deny that requires the approved guardrail (${GUARDRAIL_CONDITION_KEY} with ${NEGATED_GUARDRAIL_OPERATORS.join(", ")}): ` +
                    "calls without a guardrail are allowed",
            ];
            for (const statement of noOpGuardrailDenies(doc, NO_OP_KEYS)) {
                const key = statement.conditions.find((c) => NO_OP_KEYS.includes(c.key.toLowerCase()))!.key;
                parts.push(`${describeStatement(statement)} is keyed on ${key}, which is not a condition key: that Deny never matches (a silent no-op); use ${GUARDRAIL_CONDITION_KEY}`);
            }
            for (const review of reviews.filter((r) => r.problems.length > 0)) {
                parts.push(`${describeStatement(review.statement)} does not enforce the guardrail: ${review.problems.join("; ")}`);
            }
            report(parts.join(". "));
        }
        if (!judged) {
            notApplicable(
                onlyUnguarded
                    ? "the policy allows invoking only models that cannot take a guardrail (embeddings, rerank, speech)"
                    : "no policy document here allows model invocation",
            );
        }
    },
});
