export * from "./agentIdentity";
export * from "./agentPermissionBoundary";
