export * from "./agentIdentity";
