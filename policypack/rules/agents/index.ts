import { Rule } from "../../lib/rule";
import { agentcoreCedarForbidsDestructiveTools } from "./agentcore-cedar-forbids-destructive-tools";
import { agentcoreCedarValid } from "./agentcore-cedar-valid";
import { agentcoreGatewayAuthorizer } from "./agentcore-gateway-authorizer";
import { agentcoreGatewayCustomerKey } from "./agentcore-gateway-customer-key";
import { agentcoreGatewayPolicyEngineEnforce } from "./agentcore-gateway-policy-engine-enforce";
import { agentcoreRuntimePrivateNetwork } from "./agentcore-runtime-private-network";
import { bedrockAgentCustomerKey } from "./bedrock-agent-customer-key";
import { bedrockAgentGuardrail } from "./bedrock-agent-guardrail";
import { bedrockAgentSessionTtl } from "./bedrock-agent-session-ttl";
import { agentcoreMemoryCustomerKey } from "./agentcore-memory-customer-key";
import { agentcoreToolsPrivateNetwork } from "./agentcore-tools-private-network";
import { agentcoreRuntimeInboundAuth } from "./agentcore-runtime-inbound-auth";
import { agentcoreTokenVaultCustomerKey } from "./agentcore-token-vault-customer-key";
import { bedrockKnowledgeBaseCustomerKey } from "./bedrock-knowledge-base-customer-key";
import { bedrockFlowGuardrail } from "./bedrock-flow-guardrail";
import { bedrockFlowCustomerKey } from "./bedrock-flow-customer-key";
import { bedrockPromptCustomerKey } from "./bedrock-prompt-customer-key";
import { agentcorePolicyEngineCustomerKey } from "./agentcore-policy-engine-customer-key";

export const agentsRules: Rule[] = [
    bedrockAgentGuardrail,
    bedrockAgentCustomerKey,
    bedrockAgentSessionTtl,
    agentcoreGatewayAuthorizer,
    agentcoreGatewayPolicyEngineEnforce,
    agentcoreGatewayCustomerKey,
    agentcoreRuntimePrivateNetwork,
    agentcoreCedarValid,
    agentcoreCedarForbidsDestructiveTools,
    agentcoreMemoryCustomerKey,
    agentcoreToolsPrivateNetwork,
    agentcoreRuntimeInboundAuth,
    agentcoreTokenVaultCustomerKey,
    bedrockKnowledgeBaseCustomerKey,
    bedrockFlowGuardrail,
    bedrockFlowCustomerKey,
    bedrockPromptCustomerKey,
    agentcorePolicyEngineCustomerKey,
];
