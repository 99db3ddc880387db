export * from "./cedarPolicies";
export * from "./guardedAgent";
export * from "./toolGateway";
