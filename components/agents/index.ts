export * from "./cedarPolicies";
export * from "./guardedAgent";
export * from "./toolGateway";
// The settings the two components take, for programs that build them in code.
export { ApiKeyLocation, ToolAccess, ToolInputType } from "../config/agents";
export type {
    AgentSettings,
    AgentsSettings,
    ApiKeyCredentialSettings,
    GatewayAuthorizerSettings,
    GatewayCaller,
    GatewaySettings,
    LambdaTargetSettings,
    McpServerTargetSettings,
    OAuthCredentialSettings,
    OpenApiTargetSettings,
    TargetSettings,
    ToolInputSettings,
    ToolSettings,
} from "../config/agents";
export type { GuardrailReference } from "../config/references";
