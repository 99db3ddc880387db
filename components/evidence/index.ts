export * from "./aiAuditTrail";
export * from "./aiMonitoring";
