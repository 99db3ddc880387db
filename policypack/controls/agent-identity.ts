/**
 * What marks an IAM role as an agent identity, and who may assume one. The AgentIdentity component
 * builds roles from these values and the identity rules check against them.
 * Sources: Amazon Bedrock user guide, "Create a service role for Amazon Bedrock Agents"
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/agents-permissions.html); Amazon Bedrock
 * AgentCore developer guide, "IAM Permissions for AgentCore Runtime" and "AgentCore Gateway and
 * Policy in AgentCore IAM Permissions" (trust `bedrock-agentcore.amazonaws.com`).
 */

/** The services that run agents on a role: Bedrock Agents, and AgentCore runtimes and gateways. */
export const AGENT_SERVICE_PRINCIPALS = {
    bedrock: "bedrock.amazonaws.com",
    "bedrock-agentcore": "bedrock-agentcore.amazonaws.com",
} as const;
export type AgentTrustedService = keyof typeof AGENT_SERVICE_PRINCIPALS;
export const AGENT_TRUSTED_SERVICES = Object.keys(AGENT_SERVICE_PRINCIPALS) as AgentTrustedService[];

/** Confused-deputy keys: a trust policy for a service principal must carry at least one of them. */
export const CONFUSED_DEPUTY_KEYS = ["aws:SourceAccount", "aws:SourceArn"] as const;

/** The IAM path agent roles live under, so they can be told apart (and targeted by SCPs). */
export const DEFAULT_AGENT_ROLE_PATH = "/ai-agents/";

/** Tags every agent identity carries. */
export const AGENT_IDENTITY_TAG = "ai-guardrails:agent-identity";
export const AGENT_PURPOSE_TAG = "ai-guardrails:agent-purpose";
export const AGENT_TRUSTED_SERVICE_TAG = "ai-guardrails:trusted-service";

/**
 * The default `aws:SourceArn` pattern for a trusted service in an account and Region: any Bedrock
 * agent, or any AgentCore resource (runtimes and gateways).
 */
export function defaultAgentSourceArn(service: AgentTrustedService, partition: string, region: string, accountId: string): string {
    return service === "bedrock"
        ? `arn:${partition}:bedrock:${region}:${accountId}:agent/*`
        : `arn:${partition}:bedrock-agentcore:${region}:${accountId}:*`;
}

/**
 * AWS managed policies an agent role must never carry: full administrative or broad write power.
 * Any other AWS managed policy whose name ends in `FullAccess`, starts with `AdministratorAccess`
 * (`AdministratorAccess-Amplify`) or is an administrator job function
 * (`job-function/SystemAdministrator`) is refused too (see `isForbiddenManagedPolicyArn`).
 */
export const FORBIDDEN_MANAGED_POLICIES = ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess", "AmazonBedrockFullAccess"] as const;

/** Whether a managed-policy ARN names a forbidden AWS managed policy (any path, any partition). */
export function isForbiddenManagedPolicyArn(arn: string): boolean {
    const m = /^arn:[^:]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (!m) {
        return false;
    }
    const name = m[1];
    return (FORBIDDEN_MANAGED_POLICIES as readonly string[]).includes(name) || /FullAccess$|^AdministratorAccess|Administrator$/i.test(name);
}

/** IAM's rules for a role path: starts and ends with `/`, printable ASCII, at most 512 characters. */
export const ROLE_PATH = /^\/(?:[\u0021-\u007E]+\/)?$/;

/**
 * Services whose read and list actions (access levels Read and List in the service authorization
 * reference) the default agent ceiling allows: what an investigation agent reads (logs, metrics,
 * traces, the audit trail, configuration history and resource tags).
 */
export const DEFAULT_READ_ONLY_SERVICES = ["cloudwatch", "logs", "cloudtrail", "xray", "config", "tag"] as const;

/**
 * Read-level actions kept out of the read-only ceiling even when their service is listed: they
 * return secrets or data that was masked on purpose, not metadata.
 */
export const READ_CEILING_EXCLUSIONS = [
    "logs:Unmask",
    "secretsmanager:GetSecretValue",
    "ssm:GetParameter",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
    "ec2:GetPasswordData",
] as const;

/**
 * Actions outside the read-only services that the default ceiling allows, because agents and their
 * tools need them to run: apply the guardrail and read the inference profile they invoke through
 * (Bedrock Agents), use the customer-managed keys of agents and gateways, call
 * tools through an AgentCore gateway, let a gateway consult its Cedar policy engine and fetch the
 * outbound credentials of its targets, invoke Lambda targets, and write the runtime's own logs,
 * traces and metrics. Sources: "Create a service role for Amazon Bedrock Agents"; "AgentCore
 * Gateway and Policy in AgentCore IAM Permissions"; "IAM Permissions for AgentCore Runtime".
 */
export const DEFAULT_AGENT_TOOL_ACTIONS = [
    "bedrock:ApplyGuardrail",
    "bedrock:GetInferenceProfile",
    "kms:Decrypt",
    "kms:GenerateDataKey",
    "bedrock-agentcore:InvokeGateway",
    "bedrock-agentcore:AuthorizeAction",
    "bedrock-agentcore:PartiallyAuthorizeActions",
    "bedrock-agentcore:GetPolicyEngine",
    "bedrock-agentcore:GetWorkloadAccessToken",
    "bedrock-agentcore:GetWorkloadAccessTokenForJWT",
    "bedrock-agentcore:GetResourceOauth2Token",
    "bedrock-agentcore:GetResourceApiKey",
    "lambda:InvokeFunction",
    "logs:CreateLogGroup",
    "logs:CreateLogStream",
    "logs:PutLogEvents",
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "cloudwatch:PutMetricData",
] as const;

/** IAM's limit on a managed policy document, whitespace excluded. */
export const MANAGED_POLICY_MAX_CHARACTERS = 6144;
