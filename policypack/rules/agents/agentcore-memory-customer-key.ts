import { validateCustomerKey } from "../../lib/kms";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

export const agentcoreMemoryCustomerKey = resourceRule({
    name: "agentcore-memory-customer-key",
    id: "AIG-AT-10",
    layer: "agents",
    severity: "medium",
    displayName: "AgentCore memory encrypted with a customer key",
    frameworks: { owaspLlm: ["LLM02"], awsAisf: ["AISF-INFRA-05", "AISF-INFRA-07"] },
    description: "Every AgentCore memory is encrypted with a customer-managed KMS key (encryptionKeyArn).",
    explanation:
        "An agent's memory keeps what its users said and what it extracted from them (preferences, facts, summaries) across sessions: " +
        "the most sensitive store an agent has. Without encryptionKeyArn AgentCore uses a key the organization cannot govern: who may " +
        "read the memory is not in a key policy, uses are not logged against a key of the account, and access cannot be revoked by " +
        "disabling the key.",
    seedControl: "AgentCore Memory: encrypted with a customer-managed key",
    peers: ["AWSConfig:bedrock-agentcore-memory-encryption-enabled", "SecurityHub:BedrockAgentCore.3"],
    remediation: "Set encryptionKeyArn on the memory to the ARN of a customer-managed key with rotation enabled whose policy lets bedrock-agentcore use it.",
    resourceTypes: [T.agentcoreMemory, T.nativeAgentcoreMemory],
    validate: validateCustomerKey("encryptionKeyArn", "memory"),
});
