/**
 * The components the multi-language plugin serves (`ai-guardrails:index:<Class>`): every public
 * component of the package. Building blocks they share (customer-managed keys, hardened buckets,
 * SCP sets) stay internal.
 */
export {
    AiSecurityBaseline,
    ModelGuardrail,
    InvocationLogging,
    ModelAccessPolicy,
    AgentIdentity,
    AgentPermissionBoundary,
    GuardedAgent,
    ToolGateway,
    PrivateModelEndpoints,
    ModelApiEdge,
    AiAuditTrail,
    AiMonitoring,
    OrganizationGuardrails,
} from "../components";
