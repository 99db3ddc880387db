import { REQUIRED_POLICY_ENGINE_MODE } from "../../controls/agentcore";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";
import { isUnknownProp } from "../../lib/unknowns";

export const agentcoreGatewayPolicyEngineEnforce = resourceRule({
    name: "agentcore-gateway-policy-engine-enforce",
    id: "AIG-AT-5",
    layer: "agents",
    severity: "critical",
    displayName: "AgentCore gateway enforces its Cedar policies",
    frameworks: { owaspLlm: ["LLM06"], awsAisf: ["AISF-AGENT-02"] },
    description: "Every AgentCore gateway has a Cedar policy engine attached in ENFORCE mode.",
    explanation:
        "Without a policy engine every authenticated caller may call every tool behind the gateway, destructive ones included. In " +
        "LOG_ONLY mode the engine only records what it would have denied: the tool calls still go through.",
    seedControl: "AgentCore Policy: tool-level authorization with Cedar, enforced",
    peers: [],
    remediation:
        'Set policyEngineConfiguration {arn: <aws.bedrock.AgentcorePolicyEngine policyEngineArn>, mode: "ENFORCE"} on the gateway; the ToolGateway component does this.',
    resourceTypes: [T.agentcoreGateway],
    validate: ({ props }, { report }) => {
        const config = props.policyEngineConfiguration;
        if (config === undefined || config === null || typeof config !== "object") {
            report("policyEngineConfiguration is not set: no Cedar policy decides which tools a caller may use");
            return;
        }
        // An engine ARN unknown at preview is an engine the stack creates: attached.
        if (!isUnknownProp(config, "arn")) {
            const arn = config.arn;
            if (typeof arn !== "string" || !/^arn:aws[a-z-]*:bedrock-agentcore:[a-z0-9-]+:\d{12}:policy-engine\/.+$/.test(arn)) {
                report(`policyEngineConfiguration.arn ${JSON.stringify(arn)} is not a policy engine ARN`);
            }
        }
        const mode = config.mode;
        if (mode !== REQUIRED_POLICY_ENGINE_MODE) {
            report(
                mode === "LOG_ONLY"
                    ? "policyEngineConfiguration.mode is LOG_ONLY: denials are only logged and every tool call goes through"
                    : `policyEngineConfiguration.mode is ${JSON.stringify(mode)}: expected ${REQUIRED_POLICY_ENGINE_MODE}`,
            );
        }
    },
});
