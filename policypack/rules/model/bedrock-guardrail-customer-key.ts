import { isCustomerManagedKeyArn } from "../../controls/agentcore";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";
import { isUnknownProp } from "../../lib/unknowns";

export const bedrockGuardrailCustomerKey = resourceRule({
    name: "bedrock-guardrail-customer-key",
    id: "AIG-MI-6",
    layer: "model-interaction",
    severity: "medium",
    description: "Every Bedrock guardrail is encrypted with a customer-managed KMS key.",
    explanation:
        "A guardrail holds the organization's denied topics, word lists and PII patterns. With a customer-managed key, who may read or " +
        "change it is governed by the key policy, key use is logged in CloudTrail, and access can be revoked by disabling the key.",
    seedControl: "Bedrock Guardrails: guardrail encrypted with a customer-managed key",
    peers: [],
    remediation: "Set kmsKeyArn on the guardrail to a customer-managed key with rotation enabled (the ModelGuardrail component creates one).",
    resourceTypes: [T.guardrail],
    validate: ({ props }, { report }) => {
        // A key ARN unknown at preview is a key that the stack is creating: the setting is present.
        if (isUnknownProp(props, "kmsKeyArn")) {
            return;
        }
        const arn = props.kmsKeyArn;
        if (typeof arn !== "string" || arn.trim() === "") {
            report("kmsKeyArn is not set: the guardrail is encrypted with an AWS owned key that the organization cannot govern or revoke");
        } else if (/(^|:)alias\/aws\//.test(arn)) {
            // Bedrock also accepts an alias name (`alias/aws/bedrock`) where the input says ARN.
            report(`kmsKeyArn ${arn} is an AWS managed key: its key policy cannot be changed, so access to the guardrail cannot be restricted or revoked`);
        } else if (!isCustomerManagedKeyArn(arn)) {
            report(`kmsKeyArn ${arn} is not a KMS key or alias ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), so it cannot be verified as a customer-managed key`);
        }
    },
});
