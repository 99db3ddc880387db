import { validateCustomerKey } from "../../lib/kms";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

export const agentcorePolicyEngineCustomerKey = resourceRule({
    name: "agentcore-policy-engine-customer-key",
    id: "AIG-AT-18",
    layer: "agents",
    severity: "medium",
    displayName: "AgentCore policy engine encrypted with a customer key",
    frameworks: { owaspLlm: ["LLM06"], awsAisf: ["AISF-INFRA-07"] },
    description: "Every AgentCore policy engine is encrypted with a customer-managed KMS key (encryptionKeyArn).",
    explanation:
        "A policy engine holds the Cedar policies that decide which agent may call which tool: the authorization rules of every gateway " +
        "attached to it. Without a customer-managed key AgentCore encrypts them with an AWS owned key (Amazon Bedrock AgentCore developer " +
        "guide, \"Encrypt your AgentCore policy engine with a customer-managed KMS key\"), whose use the organization can neither restrict, " +
        "log per caller nor revoke; with its own key, reading or changing the tool policies needs that key's policy too.",
    seedControl: "AgentCore Cedar policy engine: encrypted with a customer-managed key",
    peers: [],
    remediation:
        "Set encryptionKeyArn on the policy engine to the ARN of a customer-managed, single-Region symmetric key whose policy lets AgentCore " +
        "use it for this account (the ToolGateway component sets the agents' key).",
    resourceTypes: [T.agentcorePolicyEngine, T.nativeAgentcorePolicyEngine],
    validate: validateCustomerKey("encryptionKeyArn", "policy engine"),
});
