/**
 * Turns the pack's answers into a verdict per policy and resource, grouped by layer, and renders it
 * as a table, JSON, SARIF 2.1.0 or a Mermaid diagram of the layers.
 *
 * Verdicts: `mandatory` and `advisory` are violations at that level; `exempt` is an advisory
 * diagnostic the pack marked `[exempt]` (an approved exemption, still visible); `passed` is a
 * resource policy that applied to the resource (not in the response's not-applicable list) and
 * reported nothing, or a stack policy that ran and reported nothing.
 */
import { Analysis, analyzedResources, isProviderType } from "../analysis";
import { assignLayers, LAYER_ORDER, layerOfComponentToken, LayerKey, layerTitle } from "../layers";
import type { EnforcementLevel, PolicyInfo, Severity } from "../protocol";
import { LAYER_KEYS } from "../../policypack/controls/layers";

export type Verdict = "mandatory" | "advisory" | "exempt" | "passed";
export const VERDICTS: readonly Verdict[] = ["mandatory", "advisory", "exempt", "passed"];

export interface Finding {
    policy: string;
    ruleId?: string;
    kind: "resource" | "stack";
    verdict: Verdict;
    /** The level the diagnostic came back with (a passed finding carries the policy's configured level). */
    enforcementLevel: EnforcementLevel;
    /** The diagnostic's detail (the policy description the SDK prepends is removed). */
    message: string;
    /** The resource the finding is about; absent for a stack policy's verdict on the stack as a whole. */
    urn?: string;
    /** The SDK's advisory note that the policy read a value unknown at preview. */
    previewUnknown: boolean;
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
    layer?: string;
    kind: "resource" | "stack";
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    description: string;
    remediation: string;
    /** `ran`: applied to at least one resource (or the stack); `not-applicable`: nothing in the stack to check. */
    status: "ran" | "not-applicable" | "disabled";
    /** Resources the policy applied to (stack policies: 1 when they ran). */
    applied: number;
    counts: Record<Verdict, number>;
}

export interface Summary {
    resources: number;
    analyzed: number;
    policies: number;
    ran: number;
    notApplicable: number;
    disabled: number;
    mandatory: number;
    advisory: number;
    exempt: number;
    passed: number;
    previewUnknown: number;
}

export interface ReportSource {
    kind: "preview" | "audit";
    /** Stack name (preview) or the stack the export came from (audit, when its URNs name one). */
    stack?: string;
    /** The file the findings point to in SARIF: the stack's config file or the export. */
    file: string;
    unknowns?: boolean;
}

export interface Report {
    tool: { name: string; version: string };
    source: ReportSource;
    pack: { name: string; version: string };
    /** Components that compose layers without being one (for example the baseline). */
    compositions: { urn: string; name: string; type: string }[];
    layers: LayerEntry[];
    /** Stack-policy verdicts about the stack as a whole. */
    stackFindings: Finding[];
    policies: PolicyEntry[];
    summary: Summary;
    notes: string[];
    exitCode: 0 | 1;
}

const RULE_ID = /^AIG-[A-Z]+-\d+$/;

function ruleIdOf(p: PolicyInfo): string | undefined {
    return p.tags.find((t) => RULE_ID.test(t));
}

function layerTagOf(p: PolicyInfo): string | undefined {
    return p.tags.find((t) => (LAYER_KEYS as readonly string[]).includes(t));
}

/** The SDK sends `description + "\n" + message`; keep the message. */
function detail(description: string, message: string): string {
    return description && message.startsWith(`${description}\n`) ? message.slice(description.length + 1) : message;
}

const PREVIEW_UNKNOWN = /^can't run policy '.*' during preview/;

function findingOf(policy: PolicyInfo | undefined, policyName: string, kind: "resource" | "stack", d: { message: string; description: string; enforcementLevel: EnforcementLevel; urn: string }): Finding {
    const message = detail(d.description || policy?.description || "", d.message);
    const exempt = d.enforcementLevel === "advisory" && message.includes("[exempt]");
    const verdict: Verdict = exempt ? "exempt" : d.enforcementLevel === "advisory" ? "advisory" : "mandatory";
    return {
        policy: policyName,
        ...(policy && ruleIdOf(policy) ? { ruleId: ruleIdOf(policy) } : {}),
        kind,
        verdict,
        enforcementLevel: d.enforcementLevel,
        message,
        ...(d.urn ? { urn: d.urn } : {}),
        previewUnknown: PREVIEW_UNKNOWN.test(message),
    };
}

/** Orders a layer's resources as a tree (children under their parent, in registration order) and sets their depth. */
function asTree(entries: ResourceEntry[]): ResourceEntry[] {
    const inLayer = new Set(entries.map((e) => e.urn));
    const children = new Map<string, ResourceEntry[]>();
    const roots: ResourceEntry[] = [];
    for (const e of entries) {
        if (e.parent && inLayer.has(e.parent)) {
            const list = children.get(e.parent) ?? [];
            list.push(e);
            children.set(e.parent, list);
        } else {
            roots.push(e);
        }
    }
    const ordered: ResourceEntry[] = [];
    const visit = (e: ResourceEntry, depth: number) => {
        ordered.push({ ...e, depth });
        for (const child of children.get(e.urn) ?? []) {
            visit(child, depth + 1);
        }
    };
    roots.forEach((e) => visit(e, 0));
    return ordered;
}

function emptyCounts(): Record<Verdict, number> {
    return { mandatory: 0, advisory: 0, exempt: 0, passed: 0 };
}

/** Builds the report: verdicts per policy and resource, grouped by layer, with counts. */
export function buildReport(analysis: Analysis, source: ReportSource, tool: { name: string; version: string }, notes: string[] = []): Report {
    const { info, config, resources } = analysis;
    const policyByName = new Map(info.policies.map((p) => [p.name, p]));
    const levelOf = (p: PolicyInfo): EnforcementLevel => config[p.name]?.enforcementLevel ?? p.enforcementLevel;
    const enabled = info.policies.filter((p) => levelOf(p) !== "disabled");

    const findingsByUrn = new Map<string, Finding[]>();
    const push = (urn: string, f: Finding) => {
        const list = findingsByUrn.get(urn) ?? [];
        list.push(f);
        findingsByUrn.set(urn, list);
    };
    const applied = new Map<string, number>();
    const stackFindings: Finding[] = [];

    for (const r of analyzedResources(resources)) {
        const result = analysis.perResource.get(r.urn);
        if (!result) {
            continue;
        }
        const notApplicable = new Set(result.notApplicable.map((n) => n.policyName));
        const reported = new Set<string>();
        for (const d of result.diagnostics) {
            reported.add(d.policyName);
            const f = findingOf(policyByName.get(d.policyName), d.policyName, "resource", { ...d, urn: d.urn || r.urn });
            push(f.urn ?? r.urn, f);
        }
        for (const p of enabled) {
            if (p.kind !== "resource" || notApplicable.has(p.name)) {
                continue;
            }
            applied.set(p.name, (applied.get(p.name) ?? 0) + 1);
            if (!reported.has(p.name)) {
                push(r.urn, { policy: p.name, ...(ruleIdOf(p) ? { ruleId: ruleIdOf(p) } : {}), kind: "resource", verdict: "passed", enforcementLevel: levelOf(p), message: "", urn: r.urn, previewUnknown: false });
            }
        }
    }

    const stackNotApplicable = new Set(analysis.stack.notApplicable.map((n) => n.policyName));
    const stackReported = new Set<string>();
    const knownUrns = new Set(resources.map((r) => r.urn));
    for (const d of analysis.stack.diagnostics) {
        stackReported.add(d.policyName);
        const f = findingOf(policyByName.get(d.policyName), d.policyName, "stack", d);
        if (f.urn && knownUrns.has(f.urn)) {
            push(f.urn, f);
        } else {
            stackFindings.push(f);
        }
    }
    for (const p of enabled) {
        if (p.kind !== "stack" || stackNotApplicable.has(p.name)) {
            continue;
        }
        applied.set(p.name, 1);
        if (!stackReported.has(p.name)) {
            stackFindings.push({ policy: p.name, ...(ruleIdOf(p) ? { ruleId: ruleIdOf(p) } : {}), kind: "stack", verdict: "passed", enforcementLevel: levelOf(p), message: "", previewUnknown: false });
        }
    }

    // Layers and the tree inside each layer.
    const layerOf = assignLayers(resources);
    const compositions: Report["compositions"] = [];
    const entries: ResourceEntry[] = [];
    for (const r of resources) {
        if (r.type === "pulumi:pulumi:Stack" || isProviderType(r.type)) {
            continue;
        }
        const layer = layerOf.get(r.urn) ?? "other";
        if (!r.custom && layer === "other" && !layerOfComponentToken(r.type)) {
            compositions.push({ urn: r.urn, name: r.name, type: r.type });
            continue;
        }
        entries.push({ urn: r.urn, name: r.name, type: r.type, custom: r.custom, ...(r.parent ? { parent: r.parent } : {}), protect: r.protect, layer, depth: 0, findings: findingsByUrn.get(r.urn) ?? [] });
    }
    const layers: LayerEntry[] = LAYER_ORDER.map((layer) => ({ layer, title: layerTitle(layer), resources: asTree(entries.filter((e) => e.layer === layer)) })).filter((l) => l.resources.length > 0);

    // Findings about resources the tree does not show (compositions, providers) stay visible with the stack's.
    const shown = new Set(entries.map((e) => e.urn));
    for (const [urn, list] of findingsByUrn) {
        if (!shown.has(urn)) {
            stackFindings.push(...list);
        }
    }

    const all = [...entries.flatMap((e) => e.findings), ...stackFindings];
    const policies: PolicyEntry[] = info.policies.map((p) => {
        const counts = emptyCounts();
        for (const f of all) {
            if (f.policy === p.name) {
                counts[f.verdict]++;
            }
        }
        const level = levelOf(p);
        const ran = (applied.get(p.name) ?? 0) > 0 || Object.values(counts).some((n) => n > 0);
        return {
            name: p.name,
            ...(ruleIdOf(p) ? { ruleId: ruleIdOf(p) } : {}),
            ...(layerTagOf(p) ? { layer: layerTagOf(p) } : {}),
            kind: p.kind,
            enforcementLevel: level,
            severity: p.severity,
            description: p.description,
            remediation: p.remediationSteps,
            status: level === "disabled" ? "disabled" : ran ? "ran" : "not-applicable",
            applied: applied.get(p.name) ?? 0,
            counts,
        };
    });

    const totals = emptyCounts();
    for (const f of all) {
        totals[f.verdict]++;
    }
    const summary: Summary = {
        resources: entries.length + compositions.length,
        analyzed: analysis.perResource.size,
        policies: policies.length,
        ran: policies.filter((p) => p.status === "ran").length,
        notApplicable: policies.filter((p) => p.status === "not-applicable").length,
        disabled: policies.filter((p) => p.status === "disabled").length,
        ...totals,
        previewUnknown: all.filter((f) => f.previewUnknown).length,
    };
    return {
        tool,
        source,
        pack: { name: info.name, version: info.version },
        compositions,
        layers,
        stackFindings,
        policies,
        summary,
        notes,
        exitCode: totals.mandatory > 0 ? 1 : 0,
    };
}
