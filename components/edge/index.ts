export * from "./modelApiEdge";
