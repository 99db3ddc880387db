/**
 * Private endpoints to Bedrock and AgentCore (stack settings: `network`).
 * Settings are data only (no validation here: components/config holds the schemas), so every
 * language the component plugin serves can express them.
 */
/** An interface endpoint service of Bedrock or AgentCore (the part after `com.amazonaws.REGION.`). */
export const EndpointService = {
    /** Bedrock control plane (models, guardrails, customization). */
    Bedrock: "bedrock",
    /** Model inference: InvokeModel, Converse, ApplyGuardrail. */
    BedrockRuntime: "bedrock-runtime",
    /** Agents, knowledge bases and flows: build time. */
    BedrockAgent: "bedrock-agent",
    /** Agents, knowledge bases and flows: run time. */
    BedrockAgentRuntime: "bedrock-agent-runtime",
    /** Bedrock's OpenAI-compatible endpoint. */
    BedrockMantle: "bedrock-mantle",
    /** AgentCore data plane (runtimes, memory, tools). */
    BedrockAgentcore: "bedrock-agentcore",
    /** AgentCore control plane. */
    BedrockAgentcoreControl: "bedrock-agentcore-control",
    /** AgentCore gateways. */
    BedrockAgentcoreGateway: "bedrock-agentcore.gateway",
} as const;
export type EndpointService = (typeof EndpointService)[keyof typeof EndpointService];

/** Whose principals the endpoint policies admit. */
export const PrincipalScope = {
    /** This account's principals only (`aws:PrincipalAccount`). */
    Account: "account",
    /** The organization's principals (`aws:PrincipalOrgID`). */
    Organization: "organization",
} as const;
export type PrincipalScope = (typeof PrincipalScope)[keyof typeof PrincipalScope];

/** Which endpoints exist and whom their policies admit: the part of the endpoint settings PrivateModelEndpoints takes as it is. */
export interface EndpointPolicySettings {
    /** Endpoint services to create; must include bedrock-runtime and bedrock-agent-runtime. Defaults to bedrock-runtime, bedrock-agent-runtime and bedrock-agentcore. */
    services?: EndpointService[];
    /** Whose principals the endpoint policies admit: this account's (the default) or the organization's. */
    principalScope?: PrincipalScope;
    /** The AWS Organizations ID (`o-...`); required when `principalScope` is organization, ignored otherwise. */
    organizationId?: string;
    /**
     * Why the stack needs the bedrock-mantle endpoint; required when `services` lists it. Mantle
     * inference takes no Bedrock guardrail and model invocation logging does not record it: the
     * endpoint carries the reason as a tag, and the policy pack reports it.
     */
    mantleInferenceReason?: string;
}

/** Interface endpoints for Bedrock and AgentCore in an existing VPC (stack settings: `network.endpoints`). */
export interface EndpointsSettings extends EndpointPolicySettings {
    /** Create the endpoints. Defaults to on in the workload environments and off in the org stack. */
    enabled?: boolean;
    /** The VPC the workloads run in; required when enabled. */
    vpcId?: string;
    /** The VPC's CIDR block: the only source the endpoints' security group admits, on 443; required when enabled. */
    vpcCidr?: string;
    /** One private subnet per Availability Zone the workloads use; required when enabled. */
    subnetIds?: string[];
}

/** The private network path to the models (stack settings: `network`). */
export interface NetworkSettings {
    /** Interface endpoints for Bedrock and AgentCore. */
    endpoints?: EndpointsSettings;
}
