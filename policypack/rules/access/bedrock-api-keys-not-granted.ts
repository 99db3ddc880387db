import { BEDROCK_API_KEY_SERVICE, BEDROCK_BEARER_TOKEN_ACTIONS, SERVICE_CREDENTIAL_ACTION, SERVICE_CREDENTIAL_SERVICE_KEY } from "../../controls/bedrock-api-keys";
import { actionMatches, statementCoversAction } from "../../lib/iam/actions";
import { ConditionClause, describeStatement, isUnreadable, parsePolicyDocument, PolicyDocument, Statement } from "../../lib/iam/document";
import { IDENTITY_POLICY_TYPES, identityPolicyDocuments } from "../../lib/iam/sources";
import { resourceRule } from "../../lib/rule";

const isKey = (c: ConditionClause) => c.key.toLowerCase() === SERVICE_CREDENTIAL_SERVICE_KEY.toLowerCase();

/** Whether a clause on the credential's service name can hold for Bedrock (negated and unknown operators can). */
function admitsBedrock(c: ConditionClause): boolean {
    const base = c.operator.replace(/^For(All|Any)Values:/, "").replace(/IfExists$/, "");
    if (base === "StringEquals" || base === "StringEqualsIgnoreCase" || base === "StringLike") {
        return c.values.some((v) => actionMatches(v, BEDROCK_API_KEY_SERVICE));
    }
    if (base === "StringNotEquals" || base === "StringNotEqualsIgnoreCase" || base === "StringNotLike") {
        return !c.values.some((v) => actionMatches(v, BEDROCK_API_KEY_SERVICE));
    }
    return true;
}

/** A Deny that closes the action for Bedrock: unconditional, or (for service credentials) keyed on Bedrock's service name, as the aws-samples SCP writes it. */
function closedByDeny(doc: PolicyDocument, action: string): boolean {
    return doc.statements.some(
        (s) =>
            s.effect === "Deny" &&
            statementCoversAction(s, action) &&
            (s.resources ?? []).includes("*") &&
            s.conditions.every((c) => action === SERVICE_CREDENTIAL_ACTION && isKey(c) && !/Not/.test(c.operator) && c.values.some((v) => actionMatches(v, BEDROCK_API_KEY_SERVICE))),
    );
}

/** Whether an Allow statement grants the action for Bedrock: a credential-service condition that excludes Bedrock keeps it to other services. */
function grantsForBedrock(s: Statement, action: string): boolean {
    if (s.effect !== "Allow" || !statementCoversAction(s, action)) {
        return false;
    }
    return action !== SERVICE_CREDENTIAL_ACTION || s.conditions.filter(isKey).every(admitsBedrock);
}

export const bedrockApiKeysNotGranted = resourceRule({
    name: "bedrock-api-keys-not-granted",
    id: "AIG-MA-4",
    layer: "access",
    severity: "high",
    displayName: "No Bedrock API keys",
    frameworks: { owaspLlm: ["LLM02", "LLM10"], awsAisf: ["AISF-IAM-02", "AISF-IAM-08"] },
    description:
        "No IAM policy allows creating long-term Bedrock API keys (iam:CreateServiceSpecificCredential for bedrock.amazonaws.com) or calling " +
        "Bedrock or Mantle with a bearer token (bedrock:CallWithBearerToken, bedrock-mantle:CallWithBearerToken).",
    explanation:
        "A Bedrock API key is a bearer token: whoever holds it calls models from anywhere until it expires or is revoked, without the SigV4 " +
        "signature the data perimeter (VPC endpoint, aws:SourceVpce) and the audit trail's principal rely on. A long-term key is an IAM " +
        "service-specific credential of a user. AWS's own example SCP (aws-samples/service-control-policy-examples, Deny-Bedrock-api-keys) " +
        "denies both the key and every call made with one; the organization's SCPs and the agent boundary do the same.",
    seedControl: "Model access: no bearer-token access to Bedrock",
    peers: ["Prowler:bedrock_api_key_no_long_term_credentials", "Prowler:bedrock_api_key_no_administrative_privileges"],
    remediation:
        "Remove iam:CreateServiceSpecificCredential (or limit it with StringEquals iam:ServiceSpecificCredentialServiceName to the services that " +
        "need it, such as codecommit.amazonaws.com) and bedrock:CallWithBearerToken / bedrock-mantle:CallWithBearerToken from the policy; " +
        "wildcards such as bedrock:* or iam:Create* grant them too. Or add a Deny of them to the same policy.",
    resourceTypes: IDENTITY_POLICY_TYPES,
    validate: ({ type, props, notApplicable }, { report }) => {
        let judged = false;
        for (const source of identityPolicyDocuments(type, props)) {
            const doc = parsePolicyDocument(source.value);
            if (isUnreadable(doc)) {
                continue;
            }
            judged = true;
            for (const action of [SERVICE_CREDENTIAL_ACTION, ...BEDROCK_BEARER_TOKEN_ACTIONS]) {
                const granting = doc.statements.filter((s) => grantsForBedrock(s, action));
                if (granting.length > 0 && !closedByDeny(doc, action)) {
                    const what = action === SERVICE_CREDENTIAL_ACTION ? `${action} for ${BEDROCK_API_KEY_SERVICE} (a long-term Bedrock API key)` : `${action} (calls with a Bedrock API key)`;
                    report(`${source.location}, ${granting.map(describeStatement).join(", ")}, allows ${what}: a bearer token that works from outside the data perimeter until revoked`);
                }
            }
        }
        if (!judged) {
            // An unreadable document is iam-policy-real-actions-and-keys' finding, not this rule's.
            notApplicable("no readable identity policy here");
        }
    },
});
