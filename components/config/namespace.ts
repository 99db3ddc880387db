/**
 * The namespace of the stack settings the project's own program reads (`ai-guardrails:<key>`). A
 * module of its own: the offline tool reads stack settings without loading the Pulumi SDK.
 */
export const NAMESPACE = "ai-guardrails";
