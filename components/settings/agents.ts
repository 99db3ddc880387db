/**
 * Agents and tool gateways (stack settings: `agents`): what GuardedAgent and ToolGateway are built from.
 * Settings are data only (no validation here: components/config holds the schemas), so every
 * language the component plugin serves can express them.
 */
/** Who may call a tool: read-only and write tools are permitted to the callers listed; destructive tools are forbidden for everyone. */
export const ToolAccess = {
    /** Reads only; may be permitted. */
    ReadOnly: "read-only",
    /** Changes something that can be undone; may be permitted. */
    Write: "write",
    /** Deletes, terminates or otherwise cannot be undone; forbidden for every caller by a Cedar forbid. */
    Destructive: "destructive",
} as const;
export type ToolAccess = (typeof ToolAccess)[keyof typeof ToolAccess];

/** The JSON-Schema type of a tool input (the Cedar type of `context.input.<name>` follows from it). */
export const ToolInputType = { String: "string", Integer: "integer", Number: "number", Boolean: "boolean" } as const;
export type ToolInputType = (typeof ToolInputType)[keyof typeof ToolInputType];

/** Where an OpenAPI target's API key is sent. */
export const ApiKeyLocation = { Header: "HEADER", QueryParameter: "QUERY_PARAMETER" } as const;
export type ApiKeyLocation = (typeof ApiKeyLocation)[keyof typeof ApiKeyLocation];

/** One input parameter of a tool (a property of its MCP input schema). */
export interface ToolInputSettings {
    /** The parameter's JSON-Schema type. */
    type: ToolInputType;
    /** What the parameter means (1-200 characters). */
    description?: string;
    /** Whether every call must carry it. Defaults to false. */
    required?: boolean;
}

/** One tool a gateway target exposes: the catalogue the Cedar policies are generated from. */
export interface ToolSettings {
    /** The tool's name: a letter, then up to 63 letters, digits, `_` or `-`. Its MCP name is `TARGET___tool`. */
    name: string;
    /** What the tool does (1-500 characters). */
    description: string;
    /** read-only or write (permitted to the callers listed) or destructive (forbidden for everyone). */
    access: ToolAccess;
    /** The tool's input parameters by name (such as `logGroup`); Cedar conditions see them as `context.input`. */
    inputs?: { [name: string]: ToolInputSettings };
    /** JWT subjects (users or OAuth clients) allowed to call the tool, besides the agents that list it. */
    allowedPrincipals?: string[];
    /** Groups (values of the gateway's group claim) allowed to call the tool. */
    allowedGroups?: string[];
}

/** A Lambda function that implements a target's tools; the gateway invokes it with its execution role. */
export interface LambdaTargetSettings {
    /** The function's ARN (optionally with a version or alias). */
    arn: string;
}

/** An outbound OAuth credential: an AgentCore Identity OAuth2 credential provider and the scopes to request. */
export interface OAuthCredentialSettings {
    /** ARN of the credential provider (`...:token-vault/default/oauth2credentialprovider/NAME`). */
    providerArn: string;
    /** Scopes to request; at least one. */
    scopes: string[];
}

/** An outbound API key: an AgentCore Identity API-key credential provider and where the key is sent. */
export interface ApiKeyCredentialSettings {
    /** ARN of the credential provider (`...:token-vault/default/apikeycredentialprovider/NAME`). */
    providerArn: string;
    /** HEADER or QUERY_PARAMETER. Defaults to HEADER. */
    location?: ApiKeyLocation;
    /** The header or query parameter that carries the key. Defaults to `x-api-key`. */
    parameterName?: string;
}

/** A remote MCP server as a target. */
export interface McpServerTargetSettings {
    /** The server's https:// endpoint. */
    endpoint: string;
    /** The OAuth credential the server requires, if any. */
    oauth?: OAuthCredentialSettings;
}

/** An OpenAPI schema in S3 as a target, with exactly one credential (apiKey or oauth). */
export interface OpenApiTargetSettings {
    /** `s3://bucket/key` of the OpenAPI document. */
    schemaS3Uri: string;
    /** The API key the API requires. */
    apiKey?: ApiKeyCredentialSettings;
    /** The OAuth credential the API requires. */
    oauth?: OAuthCredentialSettings;
}

/** One target of a gateway: exactly one of lambda, mcpServer or openApi, and the tools it exposes. */
export interface TargetSettings {
    /** Letters and digits with single hyphens (no underscores, so `TARGET___tool` splits unambiguously). */
    name: string;
    /** What the target is (1-200 characters). */
    description?: string;
    /** A Lambda function implementing the tools. */
    lambda?: LambdaTargetSettings;
    /** A remote MCP server. */
    mcpServer?: McpServerTargetSettings;
    /** An OpenAPI schema in S3. */
    openApi?: OpenApiTargetSettings;
    /** The tools the target exposes; at least one. */
    tools: ToolSettings[];
}

/** Inbound authorization of a gateway: a JWT authorizer restricted to audiences or clients. */
export interface GatewayAuthorizerSettings {
    /** The issuer's `https://.../.well-known/openid-configuration` URL. */
    discoveryUrl: string;
    /** Accepted `aud` values; set these or allowedClients, or any token from the issuer is accepted. */
    allowedAudiences?: string[];
    /** Accepted `client_id` values. */
    allowedClients?: string[];
    /** Scopes a token must carry. */
    allowedScopes?: string[];
}

/** An AgentCore tool gateway (stack settings: an entry of `agents.gateways`). */
export interface GatewaySettings {
    /** Lowercase letters and digits with single hyphens, at most 48: the gateway's ID (and ARN) starts with it. */
    name: string;
    /** What the gateway is for (1-200 characters). */
    description?: string;
    /** Inbound authorization. */
    authorizer: GatewayAuthorizerSettings;
    /** The JWT claim that carries the caller's groups (a string tag on the Cedar principal). Defaults to `cognito:groups`. */
    groupClaim?: string;
    /** The gateway's targets; at least one, names unique. */
    targets: TargetSettings[];
}

/** A Bedrock agent (stack settings: an entry of `agents.agents`). */
export interface AgentSettings {
    /** Bedrock agent name: letters and digits with single `_` or `-`. */
    name: string;
    /** What the agent is for, in one sentence (10-1000 characters): its description and its role's. */
    purpose: string;
    /** Foundation-model or inference-profile ID; must be an approved model. */
    foundationModel: string;
    /** What the agent does and how (40-20000 characters). */
    instruction: string;
    /** Idle session TTL in seconds, 60 to 1800 (a long idle session keeps injected context alive). Defaults to 600. */
    idleSessionTtlSeconds?: number;
    /**
     * The gateway whose tools the agent uses. It, `gatewayPrincipal` and `tools` are enforced by that
     * gateway's Cedar policies (the agent is one of the ToolGateway's callers); they create nothing on the agent.
     */
    gateway?: string;
    /** The JWT subject (OAuth client ID) the agent presents to the gateway; required with `gateway`. */
    gatewayPrincipal?: string;
    /** Tools the agent uses, by MCP name (`TARGET___tool`): read-only or write tools of its gateway. */
    tools?: string[];
}

/** Bedrock agents and AgentCore tool gateways (stack settings: `agents`). */
export interface AgentsSettings {
    /** The agents; names unique. */
    agents?: AgentSettings[];
    /** The gateways; names unique. */
    gateways?: GatewaySettings[];
    /**
     * Put each AgentCore token vault the gateways' OAuth and API-key credential providers live in under
     * the agents' customer-managed key (AgentcoreTokenVaultCmk). Defaults to true; the vault is one per
     * account and Region, so set false where another stack of the account sets its key (and declare
     * that stack in the pack's agentcore-token-vault-customer-key providedBy).
     */
    tokenVaultKey?: boolean;
}

/** An agent that calls a gateway: the JWT subject its calls carry and the tools it uses. */
export interface GatewayCaller {
    /** The agent's name (for messages). */
    name: string;
    /** The JWT `sub` of the agent's tool calls (its OAuth client ID). */
    principal: string;
    /** MCP names (`TARGET___tool`) of the tools it uses: read-only or write tools of the gateway. */
    tools: string[];
}
