export * from "./guardrailResourcePolicy";
export * from "./organizationGuardrails";
export * from "./serviceControlPolicies";
