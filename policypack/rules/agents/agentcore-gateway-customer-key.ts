import { validateCustomerKey } from "../../lib/kms";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

export const agentcoreGatewayCustomerKey = resourceRule({
    name: "agentcore-gateway-customer-key",
    id: "AIG-AT-6",
    layer: "agents",
    severity: "medium",
    displayName: "AgentCore gateway encrypted with a customer key",
    frameworks: { owaspLlm: ["LLM02"], awsAisf: ["AISF-INFRA-07"] },
    description: "Every AgentCore gateway is encrypted with a customer-managed KMS key.",
    explanation:
        "A gateway stores its tool catalogue, target configuration and authorizer settings. With a customer-managed key, who may read " +
        "them is governed by the key policy, every use is logged in CloudTrail, and access can be revoked by disabling the key.",
    seedControl: "AgentCore Gateway: encrypted with a customer-managed key",
    peers: ["SecurityHub:BedrockAgentCore.4", "AWSConfig:bedrockagentcore-gateway-encryption-enabled"],
    remediation: "Set kmsKeyArn on the gateway to the ARN of a customer-managed key with rotation enabled (the ToolGateway component does this).",
    resourceTypes: [T.agentcoreGateway],
    validate: validateCustomerKey("kmsKeyArn", "gateway"),
});
