export * from "./customerManagedKey";
export * from "./policyDocument";
export * from "./secureBucket";
