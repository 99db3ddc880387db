export * from "./privateModelEndpoints";
