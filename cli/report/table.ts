/**
 * The human-readable report. By default it ends with what to fix: a short header, the violations
 * grouped by resource with their remediation, a one-line summary and the result. `verbose` adds the
 * resources by layer with the policies each passed, and the table of policies.
 */
import { Finding, Location, PolicyEntry, Report, ResourceEntry } from "./model";

function indentLines(text: string, prefix: string): string {
    return text
        .split("\n")
        .map((l) => `${prefix}${l}`)
        .join("\n");
}

function at(location: Location | undefined): string {
    return location ? `  ${location.file}:${location.line}` : "";
}

function label(f: Finding): string {
    const id = f.ruleId ? ` (${f.ruleId})` : "";
    const unknown = f.previewUnknown ? " (undecided: a value is unknown at preview)" : "";
    return `${f.verdict.toUpperCase()}${unknown}  ${f.policy}${id}`;
}

function header(report: Report): string[] {
    const s = report.source;
    const what = s.kind === "preview" ? `offline preview of stack ${s.stack}${s.unknowns ? " (preview-time unknowns modelled)" : ""}` : `audit of ${s.file}${s.stack ? ` (stack ${s.stack})` : ""}`;
    return [`ai-guardrails ${what}`, `policy pack ${report.pack.name}@${report.pack.version}: ${report.summary.policies} policies over the Analyzer protocol`];
}

interface Subject {
    title: string;
    stack: boolean;
    location?: Location;
    findings: Finding[];
}

/** Subjects with findings of the given verdicts, in the order of the layers, the stack last. */
function subjects(report: Report, keep: (f: Finding) => boolean): Subject[] {
    const out: Subject[] = [];
    const resources: ResourceEntry[] = report.layers.flatMap((l) => l.resources);
    for (const r of resources) {
        const findings = r.findings.filter(keep);
        if (findings.length > 0) {
            out.push({ title: `${r.name}  ${r.type}`, stack: false, location: r.location, findings });
        }
    }
    const byUrn = new Map<string, Finding[]>();
    for (const f of report.stackFindings.filter(keep)) {
        const key = f.urn ?? "";
        byUrn.set(key, [...(byUrn.get(key) ?? []), f]);
    }
    for (const [urn, findings] of byUrn) {
        out.push({ title: urn ? urn : `the stack${report.source.stack ? ` ${report.source.stack}` : ""}`, stack: !urn, location: findings[0].location, findings });
    }
    return out;
}

function violations(report: Report): string[] {
    const policyByName = new Map<string, PolicyEntry>(report.policies.map((p) => [p.name, p]));
    const list = subjects(report, (f) => f.verdict === "mandatory" || f.verdict === "advisory");
    if (list.length === 0) {
        return ["No violations."];
    }
    const resources = list.filter((s) => !s.stack).length;
    const where = [resources > 0 ? `${resources} ${resources === 1 ? "resource" : "resources"}` : "", list.some((s) => s.stack) ? "the stack" : ""].filter(Boolean).join(" and ");
    const out = [`Violations on ${where} (mandatory ones block the deployment)`];
    for (const s of list) {
        out.push(`  ${s.title}${at(s.location)}`);
        for (const f of s.findings) {
            out.push(`    ${label(f)}`);
            for (const m of f.messages) {
                out.push(indentLines(m, "      "));
            }
            const p = policyByName.get(f.policy);
            if (p?.remediation) {
                out.push(indentLines(`fix: ${p.remediation}`, "      "));
            }
        }
    }
    return out;
}

function exemptions(report: Report): string[] {
    const list = subjects(report, (f) => f.verdict === "exempt");
    if (list.length === 0) {
        return [];
    }
    const out = ["", "Exempt (approved exemptions: reported, not blocking)"];
    for (const s of list) {
        for (const f of s.findings) {
            out.push(`  ${s.title}: ${f.policy}${f.ruleId ? ` (${f.ruleId})` : ""}`);
        }
    }
    return out;
}

function byLayer(report: Report): string[] {
    const out = ["", "Resources by layer"];
    if (report.layers.length === 0) {
        out.push("  (no resources)");
    }
    for (const c of report.compositions) {
        out.push(`  composed by ${c.type} ${c.name}`);
    }
    for (const layer of report.layers) {
        out.push(`  ${layer.title}`);
        for (const r of layer.resources) {
            const pad = "  ".repeat(r.depth + 2);
            const flags = [r.custom ? "" : "component", r.protect ? "protected" : ""].filter(Boolean).join(", ");
            out.push(`${pad}${r.name}  ${r.type}${flags ? `  (${flags})` : ""}`);
            const judged = r.findings.map((f) => (f.verdict === "passed" ? f.policy : `${f.policy} ${f.verdict.toUpperCase()}`));
            if (judged.length > 0) {
                out.push(`${pad}  judged by: ${judged.join(", ")}`);
            }
        }
    }
    const stack = report.stackFindings.filter((f) => !f.urn);
    if (stack.length > 0) {
        out.push("  The stack as a whole");
        out.push(`    judged by: ${stack.map((f) => (f.verdict === "passed" ? f.policy : `${f.policy} ${f.verdict.toUpperCase()}`)).join(", ")}`);
    }
    return out;
}

function policyTable(report: Report): string[] {
    const out = ["", "Policies (verdicts: one per policy and resource, or per policy and stack)"];
    const width = Math.max(6, ...report.policies.map((p) => p.name.length));
    out.push(`  ${"policy".padEnd(width)}  ${"id".padEnd(10)}  ${"kind".padEnd(8)}  ${"level".padEnd(9)}  verdicts`);
    for (const p of report.policies) {
        const c = p.counts;
        const result = p.status === "disabled" ? "disabled" : p.status === "not-applicable" ? "not applicable (governs nothing here)" : `${c.passed} passed, ${c.mandatory} mandatory, ${c.advisory} advisory, ${c.exempt} exempt`;
        out.push(`  ${p.name.padEnd(width)}  ${(p.ruleId ?? "").padEnd(10)}  ${p.kind.padEnd(8)}  ${p.enforcementLevel.padEnd(9)}  ${result}`);
    }
    return out;
}

/** The one-line summary: the same counts as the JSON report's `summary`. */
function summaryLine(report: Report): string {
    const s = report.summary;
    const verdicts = s.mandatory + s.advisory + s.exempt + s.passed;
    return (
        `Summary: ${s.resources} resources (${s.analyzed} analysed); ${s.policies} policies: ${s.ran} ran, ${s.notApplicable} not applicable, ${s.disabled} disabled; ` +
        `${verdicts} verdicts: ${s.mandatory} mandatory, ${s.advisory} advisory${s.previewUnknown ? ` (${s.previewUnknown} undecided at preview)` : ""}, ${s.exempt} exempt, ${s.passed} passed`
    );
}

export function resultLine(report: Report): string {
    const { mandatory, previewUnknown } = report.summary;
    if (report.result === "passed") {
        // Not a plain OK when the pack could not look: those verdicts are still to come.
        return previewUnknown > 0
            ? `Result: OK so far (no mandatory violations; ${previewUnknown} ${previewUnknown === 1 ? "verdict" : "verdicts"} undecided at preview, judged when ${previewUnknown === 1 ? "its resource is" : "their resources are"} created; --fail-on-undecided fails on ${previewUnknown === 1 ? "it" : "them"})`
            : "Result: OK (no mandatory violations)";
    }
    const reasons = [
        ...(mandatory > 0 ? [`${mandatory} mandatory ${mandatory === 1 ? "violation" : "violations"}`] : []),
        ...(report.source.failOnUndecided && previewUnknown > 0 ? [`${previewUnknown} ${previewUnknown === 1 ? "verdict" : "verdicts"} undecided at preview, with --fail-on-undecided`] : []),
    ];
    return `Result: FAILED (${reasons.join("; ")})`;
}

export function renderTable(report: Report, options: { verbose?: boolean } = {}): string {
    const out = header(report);
    if (options.verbose) {
        out.push(...byLayer(report), ...policyTable(report));
    }
    out.push("", ...violations(report), ...exemptions(report));
    if (report.notes.length > 0) {
        out.push("", "Notes", ...report.notes.map((n) => `  - ${n}`));
    }
    out.push("", summaryLine(report), resultLine(report));
    return out.join("\n") + "\n";
}
