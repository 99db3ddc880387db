import { MANTLE_ENDPOINT_SERVICE, MANTLE_REASON_TAG, serviceOfEndpointName } from "../../controls/endpoints";
import { MANTLE_BYPASSES, MANTLE_INFERENCE_ACTION } from "../../controls/invoke-class";
import { statementCoversAction } from "../../lib/iam/actions";
import { describeStatement, parsePolicyDocument } from "../../lib/iam/document";
import { identityPolicyDocuments, IDENTITY_POLICY_TYPES } from "../../lib/iam/sources";
import { stackRule } from "../../lib/rule";
import { StackIndex } from "../../lib/stack-index";
import { T } from "../../lib/types";
import { isUnknownProp } from "../../lib/unknowns";

interface Config {
    reason: string;
}

/** The reason a Mantle endpoint carries in its tags (the PrivateModelEndpoints component writes it), if any. */
function taggedReason(tags: unknown): string | undefined {
    const value = tags !== null && typeof tags === "object" ? (tags as Record<string, unknown>)[MANTLE_REASON_TAG] : undefined;
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

export const bedrockMantleInferenceDeclared = stackRule<Config>({
    name: "bedrock-mantle-inference-declared",
    id: "AIG-NET-3",
    layer: "network",
    severity: "high",
    displayName: "Mantle inference only with a declared reason",
    frameworks: { owaspLlm: ["LLM01", "LLM10"], awsAisf: ["AISF-AI-01", "AISF-AI-05", "AISF-INFRA-01"] },
    description:
        "A stack that opens Mantle inference (a bedrock-mantle VPC endpoint, or an IAM policy allowing bedrock-mantle:CreateInference) says why; " +
        "the finding then stays, as advisory, naming what Mantle bypasses.",
    explanation:
        "Mantle is Bedrock's OpenAI-compatible API. Its endpoint takes no Bedrock guardrail and model invocation logging does not record it, " +
        "so a private path to it reaches models around every model control of the baseline: the guardrail the organization enforces, the " +
        "guardrail condition of model-access policies, invocation logs and the approved-model denies on bedrock:InvokeModel.",
    seedControl: "Model access: every path to a model carries the guardrail and the log",
    peers: [],
    remediation:
        "Remove the bedrock-mantle endpoint and the bedrock-mantle:CreateInference grants; or, when the workload needs Mantle, give the reason " +
        "(network.endpoints.mantleInferenceReason, which the PrivateModelEndpoints component writes to the endpoint's " +
        `${MANTLE_REASON_TAG} tag, or this policy's reason setting) and add compensating controls.`,
    configSchema: {
        properties: {
            reason: {
                type: "string",
                default: "",
                description: "Why this stack uses Mantle inference; set, the findings are advisory. Endpoints may carry their own reason in a tag.",
            },
        },
    },
    validateStack: ({ resources, notApplicable }, { config, report }) => {
        const stack = StackIndex.of(resources);
        const configured = config.reason.trim();
        let found = false;
        const finding = (what: string, urn: string, reason: string | undefined) => {
            found = true;
            if (reason) {
                report(`${what}, declared (${reason}): ${MANTLE_BYPASSES}`, urn, "advisory");
            } else {
                report(`${what} without a declared reason: ${MANTLE_BYPASSES}. Remove it or say why the stack needs it`, urn);
            }
        };
        for (const endpoint of stack.ofType(T.vpcEndpoint)) {
            const serviceName = endpoint.props.serviceName;
            if (typeof serviceName === "string" && serviceOfEndpointName(serviceName) === MANTLE_ENDPOINT_SERVICE) {
                const reason = (isUnknownProp(endpoint.props, "tags") ? undefined : taggedReason(endpoint.props.tags)) ?? (configured || undefined);
                finding(`the VPC endpoint ${endpoint.name} opens a private path to Mantle inference`, endpoint.urn, reason);
            }
        }
        for (const holder of stack.ofTypes(IDENTITY_POLICY_TYPES)) {
            for (const source of identityPolicyDocuments(holder.type, holder.props)) {
                const granting = parsePolicyDocument(source.value).statements.filter((s) => s.effect === "Allow" && statementCoversAction(s, MANTLE_INFERENCE_ACTION));
                if (granting.length > 0) {
                    finding(`${holder.name} (${source.location}, ${granting.map(describeStatement).join(", ")}) allows ${MANTLE_INFERENCE_ACTION}`, holder.urn, configured || undefined);
                }
            }
        }
        if (!found) {
            notApplicable("no Mantle endpoint and no grant of Mantle inference in the stack");
        }
    },
});
