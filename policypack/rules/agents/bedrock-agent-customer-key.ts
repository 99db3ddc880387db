import { validateCustomerKey } from "../../lib/kms";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

export const bedrockAgentCustomerKey = resourceRule({
    name: "bedrock-agent-customer-key",
    id: "AIG-AT-2",
    layer: "agents",
    severity: "medium",
    displayName: "Agent encrypted with a customer key",
    frameworks: { owaspLlm: ["LLM02"], awsAisf: ["AISF-INFRA-07"] },
    description: "Every Bedrock agent is encrypted with a customer-managed KMS key.",
    explanation:
        "An agent's instruction, prompt templates and action-group schemas describe what it may do and how. With a customer-managed key, " +
        "who may read them is governed by the key policy, every use is logged in CloudTrail, and access can be revoked by disabling the key.",
    seedControl: "Agents: agent resources encrypted with a customer-managed key",
    peers: ["Checkov:CKV_AWS_373"],
    remediation: "Set customerEncryptionKeyArn on the agent to the ARN of a customer-managed key with rotation enabled (the GuardedAgent component does this).",
    resourceTypes: [T.agent],
    validate: validateCustomerKey("customerEncryptionKeyArn", "agent"),
});
