// The component library: every layer's components, the baseline that composes them, and the
// validated stack settings they are built from.
export * from "./baseline";
export * from "./config";
export * from "./shared";
export * from "./model/modelGuardrail";
export * from "./model/invocationLogging";
export * from "./access/modelAccessPolicy";
export * from "./identity";
export * from "./agents";
export * from "./network";
export * from "./edge";
export * from "./evidence";
export * from "./organization";
