export * from "./organizationGuardrails";
export * from "./serviceControlPolicies";
// The organization settings its arguments extend, with their enums, so programs can name them.
export { ContentGuardingMode, OrganizationPolicyType } from "../config/organization";
export type { BedrockPolicySettings, ContentGuardingSettings, OrganizationPolicyTargets, OrganizationSettings } from "../config/organization";
