export * from "./organizationGuardrails";
export * from "./serviceControlPolicies";
