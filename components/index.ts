export * from "./access/modelAccessPolicy";
export * from "./baseline";
export * from "./config";
export * from "./model/invocationLogging";
export * from "./model/modelGuardrail";
export * from "./shared";
