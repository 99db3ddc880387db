/**
 * Turns the pack's answers into one verdict per policy and subject (a resource, or the stack as a
 * whole), grouped by layer, with one count everywhere: a verdict is one policy on one subject,
 * whatever number of diagnostics it sent. A resource policy passes a resource only when it was
 * not reported not applicable to it (the rules say so when they govern nothing in the resource); a
 * stack policy passes the stack when it ran and reported nothing.
 */
import { Analysis, analyzedResources, isProviderType } from "../analysis";
import { assignLayers, LAYER_ORDER, layerOfComponentToken, layerTitle } from "../layers";
import type { Diagnostic, EnforcementLevel, PolicyInfo } from "../protocol";
import { LAYER_KEYS } from "../../policypack/controls/layers";
import { Finding, LayerEntry, Location, PolicyEntry, Report, REPORT_SCHEMA_VERSION, ReportSource, ResourceEntry, Summary, Verdict, VERDICTS } from "./types";

export * from "./types";

/** Where findings point: a resource's location, or the place of the settings behind a stack-wide verdict. */
export interface Locator {
    resource(urn: string): Location | undefined;
    stack(layer: string | undefined): Location | undefined;
}

export interface BuildOptions {
    notes?: string[];
    locator?: Locator;
    /** Policy name -> why it matters, from the pack's catalogue when it is at hand. */
    explanations?: ReadonlyMap<string, string>;
}

const RULE_ID = /^AIG-[A-Z]+-\d+$/;

function ruleIdOf(p: PolicyInfo): string | undefined {
    return p.tags.find((t) => RULE_ID.test(t));
}

function layerTagOf(p: PolicyInfo): string | undefined {
    return p.tags.find((t) => (LAYER_KEYS as readonly string[]).includes(t));
}

/** Framework references are the tags of the form `<framework>:<control>`. */
function frameworksOf(p: PolicyInfo): string[] {
    return p.tags.filter((t) => /^[a-z0-9-]+:[A-Za-z0-9-:.]+$/.test(t));
}

/** The SDK sends `description + "\n" + message`; keep the message. */
function detail(description: string, message: string): string {
    return description && message.startsWith(`${description}\n`) ? message.slice(description.length + 1) : message;
}

const PREVIEW_UNKNOWN = /^can't run policy '.*' during preview/;

function verdictOf(level: EnforcementLevel, message: string): Exclude<Verdict, "passed"> {
    if (level === "advisory") {
        return message.includes("[exempt]") ? "exempt" : "advisory";
    }
    return "mandatory";
}

/** One finding per policy and subject from that subject's diagnostics: the worst verdict, every message. */
function findingsOf(diagnostics: readonly Diagnostic[], kind: "resource" | "stack", policyByName: ReadonlyMap<string, PolicyInfo>, defaultUrn?: string): Finding[] {
    const grouped = new Map<string, Finding>();
    for (const d of diagnostics) {
        const policy = policyByName.get(d.policyName);
        const urn = d.urn || defaultUrn || undefined;
        const message = detail(d.description || policy?.description || "", d.message);
        const verdict = verdictOf(d.enforcementLevel, message);
        const unknown = PREVIEW_UNKNOWN.test(message);
        const key = `${d.policyName}\u0000${urn ?? ""}`;
        const existing = grouped.get(key);
        if (existing) {
            existing.messages.push(message);
            existing.previewUnknown = existing.previewUnknown && unknown;
            if (VERDICTS.indexOf(verdict) < VERDICTS.indexOf(existing.verdict)) {
                existing.verdict = verdict;
                existing.enforcementLevel = d.enforcementLevel;
            }
            continue;
        }
        const ruleId = policy ? ruleIdOf(policy) : undefined;
        grouped.set(key, { policy: d.policyName, ...(ruleId ? { ruleId } : {}), kind, verdict, enforcementLevel: d.enforcementLevel, messages: [message], ...(urn ? { urn } : {}), previewUnknown: unknown });
    }
    return [...grouped.values()];
}

function passed(p: PolicyInfo, level: EnforcementLevel, urn?: string): Finding {
    const ruleId = ruleIdOf(p);
    return { policy: p.name, ...(ruleId ? { ruleId } : {}), kind: p.kind, verdict: "passed", enforcementLevel: level, messages: [], ...(urn ? { urn } : {}), previewUnknown: false };
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

/** Every finding of the report: on resources in the layers, then the stack's. */
export function allFindings(report: Pick<Report, "layers" | "stackFindings">): Finding[] {
    return [...report.layers.flatMap((l) => l.resources.flatMap((r) => r.findings)), ...report.stackFindings];
}

/** Builds the report: verdicts per policy and subject, grouped by layer, with counts. */
export function buildReport(analysis: Analysis, source: ReportSource, tool: { name: string; version: string }, options: BuildOptions = {}): Report {
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
    const stackFindings: Finding[] = [];

    for (const r of analyzedResources(resources)) {
        const result = analysis.perResource.get(r.urn);
        if (!result) {
            continue;
        }
        const notApplicable = new Set(result.notApplicable.map((n) => n.policyName));
        const reported = findingsOf(result.diagnostics, "resource", policyByName, r.urn);
        reported.forEach((f) => push(f.urn ?? r.urn, f));
        const reportedPolicies = new Set(reported.map((f) => f.policy));
        for (const p of enabled) {
            if (p.kind === "resource" && !notApplicable.has(p.name) && !reportedPolicies.has(p.name)) {
                push(r.urn, passed(p, levelOf(p), r.urn));
            }
        }
    }

    const stackNotApplicable = new Set(analysis.stack.notApplicable.map((n) => n.policyName));
    const knownUrns = new Set(resources.map((r) => r.urn));
    const stackReported = findingsOf(analysis.stack.diagnostics, "stack", policyByName);
    for (const f of stackReported) {
        if (f.urn && knownUrns.has(f.urn)) {
            push(f.urn, f);
        } else {
            stackFindings.push(f);
        }
    }
    const stackReportedPolicies = new Set(stackReported.map((f) => f.policy));
    for (const p of enabled) {
        if (p.kind === "stack" && !stackNotApplicable.has(p.name) && !stackReportedPolicies.has(p.name)) {
            stackFindings.push(passed(p, levelOf(p)));
        }
    }

    // Layers and the tree inside each layer.
    const layerOf = assignLayers(resources);
    const compositions: Report["compositions"] = [];
    const entries: ResourceEntry[] = [];
    const locator = options.locator;
    for (const r of resources) {
        if (r.type === "pulumi:pulumi:Stack" || isProviderType(r.type)) {
            continue;
        }
        const layer = layerOf.get(r.urn) ?? "other";
        if (!r.custom && layer === "other" && !layerOfComponentToken(r.type)) {
            compositions.push({ urn: r.urn, name: r.name, type: r.type });
            continue;
        }
        const location = locator?.resource(r.urn);
        entries.push({
            urn: r.urn,
            name: r.name,
            type: r.type,
            custom: r.custom,
            ...(r.parent ? { parent: r.parent } : {}),
            protect: r.protect,
            layer,
            depth: 0,
            ...(location ? { location } : {}),
            findings: findingsByUrn.get(r.urn) ?? [],
        });
    }
    const layers: LayerEntry[] = LAYER_ORDER.map((layer) => ({ layer, title: layerTitle(layer), resources: asTree(entries.filter((e) => e.layer === layer)) })).filter((l) => l.resources.length > 0);

    // Findings about resources the tree does not show (compositions, providers) stay visible with the stack's.
    const shown = new Set(entries.map((e) => e.urn));
    for (const [urn, list] of findingsByUrn) {
        if (!shown.has(urn)) {
            stackFindings.push(...list);
        }
    }
    // Every finding points somewhere: its resource, else the settings of the policy's layer.
    if (locator) {
        for (const f of [...entries.flatMap((e) => e.findings), ...stackFindings]) {
            const policy = policyByName.get(f.policy);
            const location = (f.urn ? locator.resource(f.urn) : undefined) ?? locator.stack(policy ? layerTagOf(policy) : undefined);
            if (location) {
                f.location = location;
            }
        }
    }

    const all = allFindings({ layers, stackFindings });
    const policies: PolicyEntry[] = info.policies.map((p) => {
        const counts = emptyCounts();
        for (const f of all) {
            if (f.policy === p.name) {
                counts[f.verdict]++;
            }
        }
        const level = levelOf(p);
        const ran = Object.values(counts).some((n) => n > 0);
        const ruleId = ruleIdOf(p);
        const layer = layerTagOf(p);
        const explanation = options.explanations?.get(p.name);
        return {
            name: p.name,
            ...(ruleId ? { ruleId } : {}),
            ...(p.displayName ? { displayName: p.displayName } : {}),
            ...(p.url ? { url: p.url } : {}),
            ...(layer ? { layer } : {}),
            kind: p.kind,
            enforcementLevel: level,
            severity: p.severity,
            description: p.description,
            ...(explanation ? { explanation } : {}),
            remediation: p.remediationSteps,
            frameworks: frameworksOf(p),
            ...(p.framework ? { framework: p.framework } : {}),
            status: level === "disabled" ? "disabled" : ran ? "ran" : "not-applicable",
            counts,
        };
    });

    const totals = emptyCounts();
    for (const f of all) {
        totals[f.verdict]++;
    }
    const violating = new Set(all.filter((f) => f.verdict === "mandatory" || f.verdict === "advisory").map((f) => f.urn ?? "(stack)"));
    const summary: Summary = {
        resources: entries.length + compositions.length,
        analyzed: analysis.perResource.size,
        policies: policies.length,
        ran: policies.filter((p) => p.status === "ran").length,
        notApplicable: policies.filter((p) => p.status === "not-applicable").length,
        disabled: policies.filter((p) => p.status === "disabled").length,
        ...totals,
        previewUnknown: all.filter((f) => f.previewUnknown).length,
        subjectsWithViolations: violating.size,
    };
    // An undecided verdict is no pass when the run was told so (--fail-on-undecided).
    const failed = totals.mandatory > 0 || (source.failOnUndecided === true && summary.previewUnknown > 0);
    return {
        schemaVersion: REPORT_SCHEMA_VERSION,
        tool,
        source,
        pack: { name: info.name, version: info.version },
        compositions,
        layers,
        stackFindings,
        policies,
        summary,
        notes: options.notes ?? [],
        result: failed ? "failed" : "passed",
        exitCode: failed ? 1 : 0,
    };
}
