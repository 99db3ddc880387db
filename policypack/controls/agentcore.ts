/**
 * Agents and tools: what a compliant Bedrock agent and AgentCore gateway look like, and the Cedar
 * schema AgentCore Policy validates tool policies against. The GuardedAgent and ToolGateway
 * components build from these values; the agents-and-tools rules check against them.
 *
 * Sources (Amazon Bedrock AgentCore developer guide):
 * - Cedar schema a gateway's policies validate against, generated from its MCP tool manifest:
 *   https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/policy-schema-constraints.html
 * - Policy scope (principal, action, resource; resource specificity):
 *   https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/policy-scope.html
 * - JWT claims as string tags on `AgentCore::OAuthUser`:
 *   https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/example-policies-principal.html
 * - Tool names `${target_name}___${tool_name}`:
 *   https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/gateway-tool-naming.html
 * - Execution role of a gateway with a policy engine:
 *   https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/policy-permissions.html
 */

// ---------------------------------------------------------------------------------------------
// Bedrock agents

/** Bedrock's accepted range for an agent's idle session TTL (CreateAgent `idleSessionTTLInSeconds`). */
export const AGENT_IDLE_SESSION_TTL_RANGE = { min: 60, max: 5400 } as const;

/** Idle session TTL the components apply unless the stack config says otherwise (10 minutes). */
export const DEFAULT_IDLE_SESSION_TTL_SECONDS = 600;

/**
 * The longest idle session the rule accepts by default (30 minutes): a conversation left open
 * longer keeps its context, and whatever was injected into it, alive.
 */
export const DEFAULT_MAX_IDLE_SESSION_TTL_SECONDS = 1800;

/** A published guardrail version: a positive integer. `DRAFT` changes under the agent's feet. */
export const PUBLISHED_GUARDRAIL_VERSION = /^[1-9][0-9]*$/;

/** Bedrock agent names (CreateAgent `agentName`). */
export const AGENT_NAME = /^([0-9a-zA-Z][_-]?){1,100}$/;

/** CreateAgent accepts instructions of 40 to 20000 characters. */
export const AGENT_INSTRUCTION_LENGTH = { min: 40, max: 20000 } as const;

// ---------------------------------------------------------------------------------------------
// AgentCore gateways and runtimes

/** Gateway authorizer types (`authorizerType`); NONE lets anyone who reaches the URL call tools. */
export const GATEWAY_AUTHORIZER_TYPES = ["CUSTOM_JWT", "AWS_IAM", "AUTHENTICATE_ONLY", "NONE"] as const;
export const DEFAULT_FORBIDDEN_AUTHORIZER_TYPES: readonly string[] = ["NONE"];

/** Policy engine modes on a gateway; LOG_ONLY evaluates and records but lets every call through. */
export const POLICY_ENGINE_MODES = ["LOG_ONLY", "ENFORCE"] as const;
export const REQUIRED_POLICY_ENGINE_MODE = "ENFORCE";

/** Cedar policies are created only when they have no validation findings. */
export const POLICY_VALIDATION_MODE = "FAIL_ON_ANY_FINDINGS";

/** An AgentCore runtime's network mode; VPC keeps the agent's traffic on private subnets. */
export const REQUIRED_RUNTIME_NETWORK_MODE = "VPC";

/**
 * What a gateway's execution role needs when a policy engine is attached: without them attaching
 * fails and every tool call is denied. Resources: the engine and the gateway (AuthorizeAction and
 * PartiallyAuthorizeActions take both; GetPolicyEngine the engine).
 */
export const POLICY_ENGINE_ROLE_ACTIONS = {
    onEngineAndGateway: ["bedrock-agentcore:AuthorizeAction", "bedrock-agentcore:PartiallyAuthorizeActions"],
    onEngine: ["bedrock-agentcore:GetPolicyEngine"],
} as const;

/**
 * What a gateway's execution role needs to reach its targets: invoke its Lambda targets; for targets
 * with outbound credentials, a workload access token, the API key or OAuth token of the target's
 * credential provider, and the provider's secret, which AgentCore Identity keeps in Secrets Manager
 * (the policy the console generates; "Set up outbound authorization for your gateway",
 * https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/gateway-outbound-auth.html).
 */
export const GATEWAY_TARGET_ROLE_ACTIONS = {
    lambda: "lambda:InvokeFunction",
    workloadToken: "bedrock-agentcore:GetWorkloadAccessToken",
    apiKey: "bedrock-agentcore:GetResourceApiKey",
    oauth: "bedrock-agentcore:GetResourceOauth2Token",
    credentialSecret: "secretsmanager:GetSecretValue",
} as const;

/** The secrets AgentCore Identity creates for credential providers (names start with `bedrock-agentcore-identity!`). */
export function agentCoreIdentitySecretArnPattern(partition: string, region: string, accountId: string): string {
    return `arn:${partition}:secretsmanager:${region}:${accountId}:secret:bedrock-agentcore-identity!*`;
}

/**
 * What a Bedrock agent's role needs besides invoking its model ("Create a service role for Amazon
 * Bedrock Agents"): apply its guardrail and decrypt the guardrail's customer-managed key; read the
 * inference profile it invokes through, when its model is one.
 */
export const AGENT_ROLE_ACTIONS = {
    guardrail: ["bedrock:ApplyGuardrail", "kms:Decrypt"],
    inferenceProfile: "bedrock:GetInferenceProfile",
} as const;

/** Gateway names: letters and digits, single hyphens (the gateway ID is `NAME-xxxxxxxxxx`). */
export const GATEWAY_NAME = /^([0-9a-zA-Z][-]?){1,100}$/;
/** Gateway target names (no underscores, so `TARGET___tool` splits unambiguously). */
export const TARGET_NAME = /^([0-9a-zA-Z][-]?){1,100}$/;
/** MCP tool names exposed through a target. */
export const TOOL_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** AgentCore Policy resource names (policy engines and policies). */
export const POLICY_RESOURCE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,47}$/;

/** Separator the gateway puts between a target's name and a tool's name. */
export const TOOL_NAME_SEPARATOR = "___";

/** The MCP name (and Cedar action ID) of a tool reached through a target. */
export function toolActionName(target: string, tool: string): string {
    return `${target}${TOOL_NAME_SEPARATOR}${tool}`;
}

/** The tool part of an action ID (`ops___delete_stack` -> `delete_stack`). */
export function toolPartOf(action: string): string {
    const i = action.indexOf(TOOL_NAME_SEPARATOR);
    return i < 0 ? action : action.slice(i + TOOL_NAME_SEPARATOR.length);
}

/** A gateway's ARN pattern from its name (IDs are the name plus a ten-character suffix). */
export function gatewayArnPattern(partition: string, region: string, accountId: string, gatewayName: string): string {
    return `arn:${partition}:bedrock-agentcore:${region}:${accountId}:gateway/${gatewayName.toLowerCase()}-*`;
}

/**
 * A policy engine's ARN pattern from its name: its ID is the name, a hyphen and ten characters
 * (AWS::BedrockAgentCore::Gateway GatewayPolicyEngineConfiguration, Arn pattern
 * \`policy-engine/[a-zA-Z][a-zA-Z0-9-_]{0,99}-[a-zA-Z0-9_]{10}\`:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-bedrockagentcore-gateway-gatewaypolicyengineconfiguration.html).
 */
export function policyEngineArnPattern(partition: string, region: string, accountId: string, engineName: string): string {
    return `arn:${partition}:bedrock-agentcore:${region}:${accountId}:policy-engine/${engineName}-${"?".repeat(10)}`;
}

/** A policy engine or policy name derived from a kebab-case name (hyphens become underscores). */
export function policyResourceName(name: string): string {
    const base = name.replace(/[^A-Za-z0-9_]/g, "_").replace(/^[^A-Za-z]+/, "");
    return (base || "p").slice(0, 48);
}

// ---------------------------------------------------------------------------------------------
// Destructive tools

/**
 * Tool names that destroy or remove things. A tool whose name matches is treated as destructive:
 * the components refuse to mark it read-only and forbid it in Cedar, and the rule requires every
 * gateway that exposes one to forbid it. Matched against the tool part of the action name and the
 * whole action name, case-insensitively; `*` matches any run of characters.
 */
export const DEFAULT_DESTRUCTIVE_TOOL_PATTERNS: readonly string[] = [
    "*delete*",
    "*terminate*",
    "*destroy*",
    "*drop*",
    "*purge*",
    "*wipe*",
    "*truncate*",
    "*remove*",
    "*erase*",
];

// ---------------------------------------------------------------------------------------------
// The AgentCore Cedar schema

export const CEDAR_NAMESPACE = "AgentCore";
/** Principal of a gateway with a JWT authorizer: the token's `sub` is its ID, its claims are string tags. */
export const OAUTH_USER = "OAuthUser";
/** Principal of a gateway with the AWS_IAM authorizer: the caller's ARN is its `id`. */
export const IAM_ENTITY = "IamEntity";
export const GATEWAY_ENTITY = "Gateway";
/** Every tool action is a member of CallTool, itself a member of Mcp. */
export const CALL_TOOL_ACTION = "CallTool";
export const MCP_ACTION = "Mcp";

/** JSON-Schema types of tool inputs, and the Cedar type the manifest maps each to. */
export const TOOL_INPUT_TYPES = ["string", "integer", "number", "boolean"] as const;
export type ToolInputType = (typeof TOOL_INPUT_TYPES)[number];

export interface ToolInput {
    type: ToolInputType;
    required?: boolean;
}

/** One tool as the gateway's manifest describes it. */
export interface ToolManifestEntry {
    /** `TARGET___tool`. */
    action: string;
    /** Input parameters; `context.input` carries them. */
    input: Record<string, ToolInput>;
}

/** Principal types by authorizer: JWT gateways see OAuth users, IAM gateways see IAM entities. */
export function principalTypesFor(authorizerType: string | undefined): string[] {
    if (authorizerType === "CUSTOM_JWT") {
        return [OAUTH_USER];
    }
    if (authorizerType === "AWS_IAM") {
        return [IAM_ENTITY];
    }
    return [OAUTH_USER, IAM_ENTITY];
}
