import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

interface Config {
    codeInterpreterNetworkModes: string[];
    browserNetworkModes: string[];
}

function nonEmptyList(value: unknown): boolean {
    return Array.isArray(value) && value.length > 0;
}

const CODE_INTERPRETERS: readonly string[] = [T.agentcoreCodeInterpreter, T.nativeAgentcoreCodeInterpreter];

export const agentcoreToolsPrivateNetwork = resourceRule<Config>({
    name: "agentcore-tools-private-network",
    id: "AIG-AT-11",
    layer: "agents",
    severity: "high",
    displayName: "AgentCore Code Interpreter and Browser kept private",
    frameworks: { owaspLlm: ["LLM06"], awsAisf: ["AISF-INFRA-08"] },
    description:
        "Every AgentCore Code Interpreter runs in VPC or SANDBOX network mode and every AgentCore Browser in VPC mode, on named subnets and " +
        "security groups; neither in PUBLIC mode.",
    explanation:
        "A code interpreter runs whatever code a model writes, and a browser goes wherever a page tells it: in PUBLIC network mode, a " +
        "prompt injection turns either into a channel to the internet that bypasses the VPC's egress controls, flow logs and endpoints, " +
        "with the tool's execution role behind it. SANDBOX gives a code interpreter no internet access, only the AWS services it needs " +
        "(AWS Config's own check accepts VPC only; narrow codeInterpreterNetworkModes to match it).",
    seedControl: "Network path: agent tools run on private networks",
    peers: ["AWSConfig:bedrockagentcore-codeinterpreter-networkmode-check", "AWSConfig:bedrockagentcore-browsercustom-network-mode-not-public"],
    remediation:
        'Set networkConfiguration {networkMode: "VPC", vpcConfig: {subnets: [...private subnets], securityGroups: [...]}} on the browser, ' +
        'and on the code interpreter (or networkMode "SANDBOX" where it needs no private resource).',
    configSchema: {
        properties: {
            codeInterpreterNetworkModes: {
                type: "array",
                items: { type: "string", enum: ["VPC", "SANDBOX", "PUBLIC"] },
                default: ["VPC", "SANDBOX"],
                description: "Network modes a code interpreter may use.",
            },
            browserNetworkModes: {
                type: "array",
                items: { type: "string", enum: ["VPC", "PUBLIC"] },
                default: ["VPC"],
                description: "Network modes a browser may use.",
            },
        },
    },
    resourceTypes: [T.agentcoreCodeInterpreter, T.agentcoreBrowser, T.nativeAgentcoreCodeInterpreter, T.nativeAgentcoreBrowser],
    validate: ({ type, props }, { config, report }) => {
        const tool = CODE_INTERPRETERS.includes(type) ? "code interpreter" : "browser";
        const allowed = tool === "code interpreter" ? config.codeInterpreterNetworkModes : config.browserNetworkModes;
        const network = props.networkConfiguration;
        if (network === undefined || network === null || typeof network !== "object") {
            report(`networkConfiguration is not set: the ${tool}'s network mode must be one of ${allowed.join(", ")}`);
            return;
        }
        const mode = network.networkMode;
        if (typeof mode !== "string" || !allowed.includes(mode)) {
            const why = mode === "PUBLIC" ? `: the ${tool} reaches the internet directly, outside the VPC's egress controls` : "";
            report(`networkConfiguration.networkMode is ${JSON.stringify(mode)}${why}; expected ${allowed.join(" or ")}`);
            return;
        }
        const vpc = network.vpcConfig;
        if (mode === "VPC" && (!vpc || typeof vpc !== "object" || !nonEmptyList(vpc.subnets) || !nonEmptyList(vpc.securityGroups))) {
            report(`networkConfiguration.vpcConfig must name the subnets and security groups the ${tool} uses`);
        }
    },
});
