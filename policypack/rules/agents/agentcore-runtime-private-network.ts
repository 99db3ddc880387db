import { REQUIRED_RUNTIME_NETWORK_MODE } from "../../controls/agentcore";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

function nonEmptyList(value: unknown): boolean {
    return Array.isArray(value) && value.length > 0;
}

export const agentcoreRuntimePrivateNetwork = resourceRule({
    name: "agentcore-runtime-private-network",
    id: "AIG-AT-7",
    layer: "agents",
    severity: "high",
    displayName: "AgentCore runtime in a private network",
    frameworks: { owaspLlm: ["LLM06"], awsAisf: ["AISF-INFRA-08"] },
    description: "Every AgentCore runtime runs in VPC network mode, on named subnets and security groups.",
    explanation:
        "In PUBLIC mode the agent's code reaches the internet directly: whatever a prompt injection makes it fetch or send leaves no " +
        "trace in the VPC's flow logs and bypasses its egress controls and VPC endpoints.",
    seedControl: "Network path: agents run on private networks",
    peers: [
        "SecurityHub:BedrockAgentCore.1",
        "AWSConfig:bedrockagentcore-runtime-private-network-required",
        "Prowler:bedrockagentcore_runtime_vpc_configured",
    ],
    remediation: `Set networkConfiguration {networkMode: "${REQUIRED_RUNTIME_NETWORK_MODE}", networkModeConfig: {subnets: [...private subnets], securityGroups: [...]}} on the runtime.`,
    resourceTypes: [T.agentcoreRuntime],
    validate: ({ props }, { report }) => {
        const network = props.networkConfiguration;
        if (network === undefined || network === null || typeof network !== "object") {
            report("networkConfiguration is not set: the runtime's network mode must be VPC");
            return;
        }
        if (network.networkMode !== REQUIRED_RUNTIME_NETWORK_MODE) {
            report(`networkConfiguration.networkMode is ${JSON.stringify(network.networkMode)}: expected ${REQUIRED_RUNTIME_NETWORK_MODE}, so the agent's traffic stays on private subnets`);
            return;
        }
        const vpc = network.networkModeConfig;
        if (!vpc || typeof vpc !== "object" || !nonEmptyList(vpc.subnets) || !nonEmptyList(vpc.securityGroups)) {
            report("networkConfiguration.networkModeConfig must name the subnets and security groups the runtime uses");
        }
    },
});
