import { validateCustomerKey } from "../../lib/kms";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

export const bedrockGuardrailCustomerKey = resourceRule({
    name: "bedrock-guardrail-customer-key",
    id: "AIG-MI-6",
    layer: "model",
    severity: "medium",
    displayName: "Guardrail encrypted with a customer key",
    frameworks: { owaspLlm: ["LLM02"], awsAisf: ["AISF-INFRA-07"] },
    description: "Every Bedrock guardrail is encrypted with a customer-managed KMS key.",
    explanation:
        "A guardrail holds the organization's denied topics, word lists and PII patterns. With a customer-managed key, who may read or " +
        "change it is governed by the key policy, key use is logged in CloudTrail, and access can be revoked by disabling the key.",
    seedControl: "Bedrock Guardrails: guardrail encrypted with a customer-managed key",
    peers: [],
    remediation: "Set kmsKeyArn on the guardrail to a customer-managed key with rotation enabled (the ModelGuardrail component creates one).",
    resourceTypes: [T.guardrail],
    validate: validateCustomerKey("kmsKeyArn", "guardrail"),
});
