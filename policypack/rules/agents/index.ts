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
];
