import { isCustomerManagedKeyArn } from "../../controls/agentcore";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";
import { isUnknownProp } from "../../lib/unknowns";

export const bedrockAgentCustomerKey = resourceRule({
    name: "bedrock-agent-customer-key",
    id: "AIG-AT-2",
    layer: "agents-and-tools",
    severity: "medium",
    description: "Every Bedrock agent is encrypted with a customer-managed KMS key.",
    explanation:
        "An agent's instruction, prompt templates and action-group schemas describe what it may do and how. With a customer-managed key, " +
        "who may read them is governed by the key policy, every use is logged in CloudTrail, and access can be revoked by disabling the key.",
    seedControl: "Agents: agent resources encrypted with a customer-managed key",
    peers: ["Checkov:CKV_AWS_373"],
    remediation: "Set customerEncryptionKeyArn on the agent to the ARN of a customer-managed key with rotation enabled (the GuardedAgent component does this).",
    resourceTypes: [T.agent],
    validate: ({ props }, { report }) => {
        // A key ARN unknown at preview is a key that the stack is creating: the setting is present.
        if (isUnknownProp(props, "customerEncryptionKeyArn")) {
            return;
        }
        const arn = props.customerEncryptionKeyArn;
        if (typeof arn !== "string" || arn.trim() === "") {
            report("customerEncryptionKeyArn is not set: the agent is encrypted with an AWS owned key that the organization cannot govern or revoke");
        } else if (!isCustomerManagedKeyArn(arn)) {
            report(`customerEncryptionKeyArn ${arn} is not a customer-managed key ARN (an AWS managed alias, a bare key ID or not a KMS ARN)`);
        }
    },
});
