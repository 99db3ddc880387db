/**
 * The private network path to Bedrock and AgentCore: interface endpoint service names and what an
 * endpoint policy must restrict. PrivateModelEndpoints builds from these values and the network
 * rules check against them.
 * Sources: Amazon Bedrock user guide, "Use interface VPC endpoints (AWS PrivateLink)"; Amazon
 * Bedrock AgentCore developer guide, "Use interface VPC endpoints"; AWS PrivateLink guide,
 * "Control access to VPC endpoints using endpoint policies" (no policy = full access).
 */

/** Interface endpoint services (the part after `com.amazonaws.REGION.`). */
export const BEDROCK_ENDPOINT_SERVICES = [
    "bedrock",
    "bedrock-runtime",
    "bedrock-agent",
    "bedrock-agent-runtime",
    "bedrock-mantle",
    "bedrock-agentcore",
    "bedrock-agentcore-control",
    "bedrock-agentcore.gateway",
] as const;
export type BedrockEndpointService = (typeof BEDROCK_ENDPOINT_SERVICES)[number];

/** Endpoints every stack with Bedrock workloads needs: model inference and agent invocation. */
export const REQUIRED_ENDPOINT_SERVICES: readonly BedrockEndpointService[] = ["bedrock-runtime", "bedrock-agent-runtime"];

/** Endpoints a stack with AgentCore workloads (gateways, runtimes, memory) needs as well. */
export const REQUIRED_AGENTCORE_ENDPOINT_SERVICES: readonly BedrockEndpointService[] = ["bedrock-agentcore"];

/** What PrivateModelEndpoints creates unless the stack config lists others. */
export const DEFAULT_ENDPOINT_SERVICES: readonly BedrockEndpointService[] = ["bedrock-runtime", "bedrock-agent-runtime", "bedrock-agentcore"];

/** The IAM action prefix each endpoint service carries requests for. */
export const ENDPOINT_SERVICE_IAM_PREFIX: Readonly<Record<BedrockEndpointService, string>> = {
    bedrock: "bedrock",
    "bedrock-runtime": "bedrock",
    "bedrock-agent": "bedrock",
    "bedrock-agent-runtime": "bedrock",
    "bedrock-mantle": "bedrock-mantle",
    "bedrock-agentcore": "bedrock-agentcore",
    "bedrock-agentcore-control": "bedrock-agentcore",
    "bedrock-agentcore.gateway": "bedrock-agentcore",
};

/** The service name of an interface endpoint in a Region (China Regions use the `cn.` prefix). */
export function endpointServiceName(region: string, service: string): string {
    return `${region.startsWith("cn-") ? "cn." : ""}com.amazonaws.${region}.${service}`;
}

/** The endpoint service in a service name (`com.amazonaws.us-east-1.bedrock-runtime` -> `bedrock-runtime`), FIPS suffix dropped. */
export function serviceOfEndpointName(serviceName: string): string | undefined {
    const m = /^(?:cn\.)?com\.amazonaws\.[a-z]{2}(?:-gov)?-[a-z]+-\d\.(.+)$/.exec(serviceName);
    return m ? m[1].replace(/-fips$/, "") : undefined;
}

/**
 * Condition keys that restrict who may use an endpoint when its policy says `Principal: "*"`:
 * the calling principal's account, organization, OU path or ARN.
 */
export const PRINCIPAL_RESTRICTING_KEYS = ["aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalArn"] as const;

/**
 * The key that is true only when an AWS service principal makes the call with its own credentials.
 * An Allow narrowed by `Bool` on it being `true` admits AWS services, no identity of any account:
 * the statement AWS's data-perimeter default endpoint policy uses
 * (aws-samples/data-perimeter-policy-examples, `AllowRequestsByAWSServicePrincipals`; IAM User Guide,
 * "AWS global condition context keys", aws:PrincipalIsAWSService).
 */
export const SERVICE_PRINCIPAL_KEY = "aws:PrincipalIsAWSService";

/** Operators that narrow a key to the listed values (negated operators widen an Allow instead). */
export const RESTRICTING_OPERATORS = ["StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "ForAnyValue:StringLike", "ForAnyValue:StringEquals"] as const;

/** Invoke actions the runtime endpoint policy allows on approved models, plus applying a guardrail. */
export const RUNTIME_ENDPOINT_GUARDRAIL_ACTION = "bedrock:ApplyGuardrail";
