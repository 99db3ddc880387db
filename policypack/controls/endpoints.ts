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

/** The condition key present in every signed (SigV4) request and in no unauthenticated one. */
export const SIGNED_REQUEST_KEY = "aws:PrincipalArn";

/** What an AgentCore endpoint carries for OAuth (JWT) callers, and on which of the account's resource types. */
export interface OAuthEndpointAccess {
    /** Actions OAuth callers make through the endpoint. */
    actions: readonly string[];
    /** Invocations the endpoint carries to the account's own resources only, whoever calls. */
    invocations: readonly string[];
    /** Resource types (`runtime`, `gateway`) in the account's own ARN space. */
    resourceTypes: readonly string[];
}

/**
 * OAuth callers of AgentCore carry no IAM principal, so a condition on aws:PrincipalAccount never
 * matches them. Amazon Bedrock AgentCore developer guide, "Use interface VPC endpoints": "VPC endpoint
 * policies can only restrict callers based on IAM principals and not OAuth users. For OAuth-based
 * requests to succeed through the VPC endpoint, the principal must be set to *"; for Gateway, "if your
 * gateway ingress isn't SigV4-based ... you must specify the Principal field as the wildcard *. This
 * also applies to AgentCore Runtime". The endpoint policy admits them with `Null aws:PrincipalArn =
 * true` (IAM: the key is "included in the request context for all signed requests"; anonymous requests
 * do not include it), only to the account's own runtimes or gateways, and every invocation through the
 * endpoint, SigV4 or OAuth, is limited to those. OAuth Protected Resource Metadata discovery
 * (`GetRuntimeProtectedResourceMetadata`) is not in the action catalogue this pack reads, so it is not
 * admitted: a client that discovers its authorization server through the endpoint needs it added.
 */
export const OAUTH_ENDPOINT_ACCESS: Readonly<Partial<Record<BedrockEndpointService, OAuthEndpointAccess>>> = {
    "bedrock-agentcore": {
        actions: ["bedrock-agentcore:InvokeAgentRuntime", "bedrock-agentcore:InvokeAgentRuntimeWithWebSocketStream"],
        invocations: ["bedrock-agentcore:InvokeAgentRuntime*"],
        resourceTypes: ["runtime"],
    },
    "bedrock-agentcore.gateway": {
        actions: ["bedrock-agentcore:InvokeGateway"],
        invocations: ["bedrock-agentcore:InvokeGateway"],
        resourceTypes: ["gateway"],
    },
};

/** The account's own AgentCore resources of a type, in one Region: `arn:aws:bedrock-agentcore:REGION:ACCOUNT:gateway/*`. */
export function ownAgentCoreResources(partition: string, region: string, accountId: string, resourceType: string): string {
    return `arn:${partition}:bedrock-agentcore:${region}:${accountId}:${resourceType}/*`;
}

/** The endpoint service only a stack that says why may create: Mantle inference has no guardrail and no invocation logging. */
export const MANTLE_ENDPOINT_SERVICE: BedrockEndpointService = "bedrock-mantle";

/** The tag on a Mantle endpoint that carries the stack's reason for it. */
export const MANTLE_REASON_TAG = "ai-guardrails:mantle-inference-reason";
