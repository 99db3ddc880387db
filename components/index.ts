/**
 * The library's public surface: every component with its arguments, the settings (data-only
 * interfaces and enums) those arguments are made of, the error bad arguments raise, and the
 * stack-settings reader. Validation schemas stay internal (components/config); the declarations
 * this file reaches name no validation library, so they compile under any TypeScript settings.
 */
export * from "./baseline";
export * from "./model/modelGuardrail";
export * from "./model/invocationLogging";
export * from "./access/modelAccessPolicy";
export * from "./identity/agentIdentity";
export * from "./identity/agentPermissionBoundary";
export * from "./agents/guardedAgent";
export * from "./agents/toolGateway";
export * from "./network/privateModelEndpoints";
export * from "./edge/modelApiEdge";
export * from "./evidence/aiAuditTrail";
export * from "./evidence/aiMonitoring";
export * from "./organization/organizationGuardrails";

export * from "./settings/agents";
export * from "./settings/baseline";
export * from "./settings/edge";
export * from "./settings/evidence";
export * from "./settings/identity";
export * from "./settings/location";
export * from "./settings/model";
export * from "./settings/network";
export * from "./settings/organization";
export * from "./settings/references";
export * from "./settings/load";

export { ConfigValidationError } from "./config/errors";
export type { Problem } from "./config/errors";
