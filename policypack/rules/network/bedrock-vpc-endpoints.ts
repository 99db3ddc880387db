import { PolicyResource } from "@pulumi/policy";
import { BEDROCK_ENDPOINT_SERVICES, REQUIRED_AGENTCORE_ENDPOINT_SERVICES, REQUIRED_ENDPOINT_SERVICES, serviceOfEndpointName } from "../../controls/endpoints";
import { wildcardToRegExp } from "../../lib/wildcards";
import { StackIndex, stackOfUrn } from "../../lib/stack-index";
import { stackRule } from "../../lib/rule";
import { BEDROCK_WORKLOAD_TYPES, T } from "../../lib/types";

interface Config {
    required: boolean;
    exemptStacks: string[];
    requiredServices: string[];
    agentCoreServices: string[];
    requirePrivateDns: boolean;
}

const AGENTCORE_WORKLOAD_TYPES: readonly string[] = [T.agentcoreGateway, T.agentcoreRuntime, T.agentcoreMemory, T.agentcorePolicyEngine];

export const bedrockVpcEndpoints = stackRule<Config>({
    name: "bedrock-vpc-endpoints",
    id: "AIG-NET-1",
    layer: "network",
    severity: "high",
    displayName: "Private VPC endpoints for Bedrock",
    frameworks: { owaspLlm: ["LLM10"], awsAisf: ["AISF-INFRA-01"] },
    description:
        "A stack that deploys Bedrock workloads has interface VPC endpoints (private DNS on) for bedrock-runtime and bedrock-agent-runtime, " +
        "and for bedrock-agentcore when it deploys AgentCore resources.",
    explanation:
        "Without interface endpoints, model and agent calls from workloads leave the VPC for the public Bedrock endpoints, the SCP " +
        "condition aws:SourceVpce cannot be met, and no endpoint policy limits which models are reachable or by whom. Without private " +
        "DNS, SDKs keep resolving the public endpoint even when the endpoint exists.",
    seedControl: "VPC endpoints: approved private network path to the models",
    peers: ["Prowler:bedrock_vpc_endpoints_configured", "Prowler:bedrock_access_private_connectivity_enforced"],
    remediation:
        "Create Interface endpoints (vpcEndpointType: \"Interface\", privateDnsEnabled: true) for com.amazonaws.REGION.bedrock-runtime, " +
        "bedrock-agent-runtime and, with AgentCore, bedrock-agentcore (the PrivateModelEndpoints component does this). Environments " +
        "without private networking (dev) set required: false in their policy config; stacks without model workloads (the org " +
        "stack by default) are listed in exemptStacks.",
    configSchema: {
        properties: {
            required: {
                type: "boolean",
                default: true,
                description: "Require the endpoints in this environment (set false where private networking is not used, e.g. dev).",
            },
            exemptStacks: {
                type: "array",
                items: { type: "string" },
                default: ["org"],
                description:
                    "Stack names (wildcards allowed) that run no model workloads and so need no endpoints: by default the org stack " +
                    "(the management account), where the baseline creates none.",
            },
            requiredServices: {
                type: "array",
                items: { type: "string", enum: [...BEDROCK_ENDPOINT_SERVICES] },
                default: [...REQUIRED_ENDPOINT_SERVICES],
                description: "Endpoint services required wherever Bedrock workloads are deployed.",
            },
            agentCoreServices: {
                type: "array",
                items: { type: "string", enum: [...BEDROCK_ENDPOINT_SERVICES] },
                default: [...REQUIRED_AGENTCORE_ENDPOINT_SERVICES],
                description: "Endpoint services required as well when AgentCore gateways, runtimes, memories or policy engines are deployed.",
            },
            requirePrivateDns: {
                type: "boolean",
                default: true,
                description: "Require privateDnsEnabled on the required endpoints.",
            },
        },
    },
    validateStack: ({ resources, notApplicable }, { config, report }) => {
        if (!config.required) {
            notApplicable("endpoints are not required in this environment (required: false)");
        }
        const stack = resources.length > 0 ? stackOfUrn(resources[0].urn) : undefined;
        if (stack !== undefined && config.exemptStacks.some((p) => wildcardToRegExp(p).test(stack))) {
            notApplicable(`stack ${stack} runs no model workloads (exemptStacks)`);
        }
        const index = StackIndex.of(resources);
        if (!index.hasAny(BEDROCK_WORKLOAD_TYPES)) {
            notApplicable("no Bedrock or AgentCore workload in the stack");
        }
        const agentCore = index.hasAny(AGENTCORE_WORKLOAD_TYPES);
        const needed = [...new Set([...config.requiredServices, ...(agentCore ? config.agentCoreServices : [])])];

        const byService = new Map<string, PolicyResource[]>();
        for (const e of index.ofType(T.vpcEndpoint)) {
            const name = e.props.serviceName;
            const service = typeof name === "string" ? serviceOfEndpointName(name) : undefined;
            if (service) {
                const list = byService.get(service);
                if (list) {
                    list.push(e);
                } else {
                    byService.set(service, [e]);
                }
            }
        }
        for (const service of needed) {
            const endpoints = byService.get(service) ?? [];
            if (endpoints.length === 0) {
                report(`no VPC endpoint for ${service}: calls to it leave the VPC for the public endpoint`);
                continue;
            }
            // The provider's default endpoint type is Gateway, which Bedrock does not offer.
            const interfaces = endpoints.filter((e) => e.props.vpcEndpointType === "Interface");
            if (interfaces.length === 0) {
                report(`the ${service} endpoint is not of type Interface (vpcEndpointType = ${JSON.stringify(endpoints[0].props.vpcEndpointType ?? null)}, the provider defaults to Gateway)`, endpoints[0].urn);
                continue;
            }
            if (config.requirePrivateDns && !interfaces.some((e) => e.props.privateDnsEnabled === true)) {
                report(`the ${service} endpoint has private DNS off: SDKs keep resolving the public endpoint`, interfaces[0].urn);
            }
        }
    },
});
