/**
 * The shapes exchanged with a policy pack over the Analyzer protocol, as plain types: what the
 * client decodes, what the configuration reconciles and what the report reads. Types only, so every
 * CLI module can depend on it without depending on the others.
 */
export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
export type Severity = "" | "low" | "medium" | "high" | "critical";

/** The one compliance framework reference a policy may carry (`@pulumi/policy`'s `framework`). */
export interface PolicyFramework {
    name: string;
    version: string;
    reference: string;
    specification: string;
}

/** A policy as `getAnalyzerInfo` describes it. */
export interface PolicyInfo {
    name: string;
    description: string;
    kind: "resource" | "stack";
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    tags: string[];
    remediationSteps: string;
    displayName?: string;
    url?: string;
    framework?: PolicyFramework;
    configSchema?: { properties: Record<string, any>; required: string[] };
}

export interface PolicyConfigEntry {
    enforcementLevel?: EnforcementLevel;
    properties: Record<string, unknown>;
}

/** Policy name (or `all`) -> level and properties. */
export type PolicyConfigMap = Record<string, PolicyConfigEntry>;

/** What `configure` receives: one entry per policy of the pack. */
export type ResolvedPolicyConfig = Record<string, PolicyConfigEntry>;

export interface AnalyzerInfo {
    name: string;
    version: string;
    policies: PolicyInfo[];
    /** Config the pack itself declares (its `initialConfig`), as policy name -> level/properties. */
    initialConfig: PolicyConfigMap;
}

export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    description: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    /** Empty when a stack policy reported on the stack as a whole. */
    urn: string;
}

export interface NotApplicable {
    policyName: string;
    reason: string;
}

export interface AnalyzeResult {
    diagnostics: Diagnostic[];
    notApplicable: NotApplicable[];
}

/** The provider a resource was created with, as the engine describes it to analyzers. */
export interface ProviderRef {
    urn: string;
    type: string;
    name: string;
    properties: Record<string, unknown>;
}

/** Where a resource was declared: a file (absolute path) and a 1-based line. */
export interface SourcePosition {
    file: string;
    line: number;
}

/** One resource as the engine knows it: enough for both `analyze` and `analyzeStack`. */
export interface StackResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    parent?: string;
    protect: boolean;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    provider?: ProviderRef;
    ignoreChanges?: string[];
    aliases?: string[];
    additionalSecretOutputs?: string[];
    deleteBeforeReplace?: boolean;
    customTimeouts?: { create?: number; update?: number; delete?: number };
    /** The program line that registered it (the SDK's source position), when known. */
    sourcePosition?: SourcePosition;
}
