import { approvedModelArnPatterns, DEFAULT_APPROVED_MODEL_IDS, FOUNDATION_MODEL_ID, INVOKE_ACTIONS } from "../../controls/model-access";
import { statementCoversAction } from "../../lib/iam/actions";
import { undecidedUnlessFindings, unknownResources } from "../../lib/iam/partial";
import { describeStatement, Statement, isUnreadable, parsePolicyDocument } from "../../lib/iam/document";
import { confiningDeny, invokeGrants, isApprovedResource } from "../../lib/iam/invoke";
import { hasWildcard } from "../../lib/iam/patterns";
import { ACCESS_POLICY_TYPES, accessPolicyDocuments } from "../../lib/iam/sources";
import { resourceRule } from "../../lib/rule";
import { judgeEach } from "../../lib/unknowns";

interface Config {
    approvedModelIds: string[];
    approvedModelArns: string[];
}

export const bedrockInvokeApprovedModelsOnly = resourceRule<Config>({
    name: "bedrock-invoke-approved-models-only",
    id: "AIG-MA-1",
    layer: "access",
    severity: "high",
    displayName: "Invocation limited to approved models",
    frameworks: { owaspLlm: ["LLM03", "LLM10"], awsAisf: ["AISF-IAM-02", "AISF-MODEL-02"] },
    description: `Every IAM policy or VPC endpoint policy that allows ${INVOKE_ACTIONS.join(" or ")} limits it to approved foundation-model and inference-profile ARNs.`,
    explanation:
        "An invoke permission on `*`, on a model wildcard or through `bedrock:*`, `bedrock:Invoke*`, `*` or NotAction lets the holder call any " +
        "model in the account, including unevaluated, expensive or non-compliant ones, outside the organization's model approval.",
    seedControl: "Model access: least-privilege invoke policy for approved models and inference profiles only",
    peers: ["Checkov:CKV_AWS_63", "cdk-nag:IAM5"],
    remediation:
        "Allow bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream only on the ARNs of approved models " +
        "(arn:aws:bedrock:REGION::foundation-model/ID, arn:aws:bedrock:REGION:ACCOUNT:inference-profile/ID) -- the ModelAccessPolicy " +
        "component builds them from config -- or confine a broad Allow with an unconditional Deny of those actions on NotResource [approved ARNs]; " +
        "or add the model to approvedModelIds / approvedModelArns in the policy config.",
    configSchema: {
        properties: {
            approvedModelIds: {
                type: "array",
                items: { type: "string", pattern: FOUNDATION_MODEL_ID.source },
                uniqueItems: true,
                default: [...DEFAULT_APPROVED_MODEL_IDS],
                description:
                    "Approved foundation-model and inference-profile IDs. Each approves its ARN in any partition, Region and account; " +
                    "an inference-profile ID also approves its underlying foundation model, which the profile routes to.",
            },
            approvedModelArns: {
                type: "array",
                items: { type: "string", pattern: "^arn:" },
                uniqueItems: true,
                default: [],
                description: "Further approved ARN patterns (* and ? wildcards), e.g. application inference profiles or provisioned models.",
            },
        },
    },
    resourceTypes: ACCESS_POLICY_TYPES,
    validate: async ({ type, props, notApplicable }, { config, report }) => {
        // Derived when a document grants invocation: most resources have nothing to compare with it.
        let approvedPatterns: string[] | undefined;
        const approved = () => (approvedPatterns ??= [...config.approvedModelIds.flatMap(approvedModelArnPatterns), ...config.approvedModelArns]);
        // It judges documents that allow model invocation (or cannot be read); any other is not its business.
        let judged = false;
        // One document left undecided at preview does not hide another one's violation.
        await judgeEach(accessPolicyDocuments(type, props), async (source) => {
            const doc = parsePolicyDocument(source.value, { location: source.location, partial: true });
            if (isUnreadable(doc)) {
                judged = true;
                report(`${source.location} is not a readable policy document (${doc.errors.join("; ")}), so its model access cannot be verified`);
                return;
            }
            const grants = await invokeGrants(doc);
            judged ||= grants.length > 0;
            // Grants (or confining denies) whose unknown resources alone decide the verdict, and whether anything was found regardless.
            const pending: Statement[] = [];
            let found = false;
            const flag = (message: string) => {
                found = true;
                report(message);
            };
            const mayConfine = doc.statements.filter((s) => s.effect === "Deny" && s.conditions.length === 0 && unknownResources(s));
            for (const grant of grants) {
                if (confiningDeny(doc, grant, approved())) {
                    continue;
                }
                const confining = mayConfine.filter((s) => grant.actions.every((a) => statementCoversAction(s, a)));
                if (confining.length > 0) {
                    pending.push(...confining);
                    continue;
                }
                const allows = `${source.location}, ${describeStatement(grant.statement)}, allows ${grant.actions.join(", ")} (through ${grant.via.join(", ")})`;
                if (grant.unbounded) {
                    if (grant.partial) {
                        pending.push(grant.statement);
                        continue;
                    }
                    const scope = grant.statement.notResources ? `every resource except NotResource [${grant.statement.notResources.join(", ")}]` : "every resource (no Resource element)";
                    flag(`${allows} on ${scope}: that reaches every model, not only approved ones`);
                    continue;
                }
                const unapproved = grant.resources.filter((r) => !isApprovedResource(r, approved()));
                if (unapproved.length > 0) {
                    const described = unapproved.map((r) => (hasWildcard(r) ? `${r} (a wildcard reaching unapproved models)` : `${r} (not an approved model)`));
                    flag(`${allows} on ${described.join(", ")}: invocation is not limited to approved models and inference profiles`);
                } else if (grant.partial) {
                    pending.push(grant.statement);
                }
            }
            undecidedUnlessFindings(found ? ["found"] : [], pending, "whether it allows model invocation on approved models only", source.location);
        });
        if (!judged) {
            notApplicable("no policy document here allows model invocation");
        }
    },
});
