/**
 * The report's shape: what the JSON format writes (documented by `report.schema.json`, version
 * `REPORT_SCHEMA_VERSION`) and what every renderer reads.
 */
import type { LayerKey } from "../layers";
import type { EnforcementLevel, PolicyFramework, Severity } from "../protocol";

/** Bumped on any change that removes or renames a field or changes its meaning. */
export const REPORT_SCHEMA_VERSION = 1;

/**
 * One policy's verdict on one subject (a resource, or the stack as a whole): `mandatory` and
 * `advisory` are violations at that level, `exempt` an approved exemption (advisory, still shown),
 * `passed` a policy that judged something it governs and reported nothing. A policy that governs
 * nothing in the subject gives no verdict: it is not applicable.
 */
export type Verdict = "mandatory" | "advisory" | "exempt" | "passed";
/** Worst first. */
export const VERDICTS: readonly Verdict[] = ["mandatory", "advisory", "exempt", "passed"];

/** Where a finding points in the repository: a file relative to the repository root and a 1-based line. */
export interface Location {
    file: string;
    line: number;
    /** `program`: the line that registered the resource; `stack-settings`: the settings line that shaped it; `export`: the resource in the export. */
    basis: "program" | "stack-settings" | "export";
}

export interface Finding {
    policy: string;
    ruleId?: string;
    kind: "resource" | "stack";
    verdict: Verdict;
    /** The level the diagnostics came back with (a passed verdict carries the policy's configured level). */
    enforcementLevel: EnforcementLevel;
    /** The diagnostics' details, one per diagnostic (the policy description the SDK prepends is removed); empty when passed. */
    messages: string[];
    /** The subject; absent for a stack policy's verdict on the stack as a whole. */
    urn?: string;
    /** Every diagnostic is the SDK's note that the policy read a value unknown at preview: the verdict is undecided. */
    previewUnknown: boolean;
    location?: Location;
}

export interface ResourceEntry {
    urn: string;
    name: string;
    type: string;
    custom: boolean;
    parent?: string;
    protect: boolean;
    layer: LayerKey;
    /** Nesting depth under other resources of the same layer, for the tree. */
    depth: number;
    location?: Location;
    findings: Finding[];
}

export interface LayerEntry {
    layer: LayerKey;
    title: string;
    resources: ResourceEntry[];
}

export interface PolicyEntry {
    name: string;
    ruleId?: string;
    displayName?: string;
    /** The policy's documentation (its README entry). */
    url?: string;
    layer?: string;
    kind: "resource" | "stack";
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    description: string;
    /** Why it matters, when the pack's catalogue is at hand. */
    explanation?: string;
    remediation: string;
    /** Framework controls the policy maps to, as `<framework>:<control>` (from its tags). */
    frameworks: string[];
    /** The framework reference Pulumi Cloud shows. */
    framework?: PolicyFramework;
    /** `ran`: judged at least one subject; `not-applicable`: governs nothing in the input; `disabled` by the config. */
    status: "ran" | "not-applicable" | "disabled";
    /** Verdicts it gave, by kind; they add up to the subjects it judged. */
    counts: Record<Verdict, number>;
}

export interface Summary {
    /** Resources of the stack (the stack resource and providers aside), as the layers and compositions list them. */
    resources: number;
    /** Custom resources sent to `analyze`. */
    analyzed: number;
    policies: number;
    ran: number;
    notApplicable: number;
    disabled: number;
    /** Verdicts by kind: each is one policy on one subject. */
    mandatory: number;
    advisory: number;
    exempt: number;
    passed: number;
    /** Verdicts left undecided because a value was unknown at preview (counted in advisory). */
    previewUnknown: number;
    /** Resources (or the stack) with at least one mandatory or advisory verdict. */
    subjectsWithViolations: number;
}

export interface ReportSource {
    kind: "preview" | "audit";
    /** Stack name (preview) or the stack the export came from (audit, when its URNs name one). */
    stack?: string;
    /** The stack's settings file (preview) or the export (audit), relative to the repository root. */
    file: string;
    unknowns?: boolean;
    /** Preview run with --fail-on-undecided: a verdict left undecided at preview fails the run. */
    failOnUndecided?: boolean;
}

export interface Report {
    schemaVersion: typeof REPORT_SCHEMA_VERSION;
    tool: { name: string; version: string };
    source: ReportSource;
    pack: { name: string; version: string };
    /** Components that compose layers without being one (for example the baseline). */
    compositions: { urn: string; name: string; type: string }[];
    layers: LayerEntry[];
    /** Stack-policy verdicts about the stack as a whole, and findings about resources the layers do not show. */
    stackFindings: Finding[];
    policies: PolicyEntry[];
    summary: Summary;
    notes: string[];
    /** `failed` when a mandatory verdict remains, or (with --fail-on-undecided) a verdict is undecided at preview. */
    result: "passed" | "failed";
    exitCode: 0 | 1;
}
