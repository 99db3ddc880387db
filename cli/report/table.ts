/** The human-readable report. */
import { Finding, Report } from "./model";
import { renderMermaid } from "./mermaid";

function label(f: Finding): string {
    const id = f.ruleId ? ` (${f.ruleId})` : "";
    const unknown = f.previewUnknown ? " (unknown at preview)" : "";
    return `${f.verdict.toUpperCase()}${unknown}  ${f.policy}${id}`;
}

function indentLines(text: string, prefix: string): string {
    return text
        .split("\n")
        .map((l) => `${prefix}${l}`)
        .join("\n");
}

function resourceLabel(report: Report, urn: string | undefined): string {
    if (!urn) {
        return "(stack)";
    }
    for (const l of report.layers) {
        const r = l.resources.find((x) => x.urn === urn);
        if (r) {
            return `${r.name} (${r.type})`;
        }
    }
    return urn;
}

/** The human-readable report. */
export function renderTable(report: Report, options: { mermaid?: boolean } = {}): string {
    const out: string[] = [];
    const s = report.summary;
    const what = report.source.kind === "preview" ? `offline preview of stack ${report.source.stack}${report.source.unknowns ? " (preview-time unknowns modelled)" : ""}` : `audit of ${report.source.file}${report.source.stack ? ` (stack ${report.source.stack})` : ""}`;
    out.push(`ai-guardrails ${what}`);
    out.push(`policy pack ${report.pack.name}@${report.pack.version}: ${s.policies} policies over the Analyzer protocol`);
    for (const c of report.compositions) {
        out.push(`composed by ${c.type} ${c.name}`);
    }
    out.push("");
    out.push("Resources by layer");
    if (report.layers.length === 0) {
        out.push("  (no resources)");
    }
    for (const layer of report.layers) {
        out.push(`  ${layer.title}`);
        for (const r of layer.resources) {
            const pad = "  ".repeat(r.depth + 2);
            const flags = [r.custom ? "" : "component", r.protect ? "protected" : ""].filter(Boolean).join(", ");
            out.push(`${pad}${r.name}  ${r.type}${flags ? `  (${flags})` : ""}`);
            const passed = r.findings.filter((f) => f.verdict === "passed").map((f) => f.policy);
            for (const f of r.findings.filter((x) => x.verdict !== "passed")) {
                out.push(`${pad}  ${label(f)}`);
                if (f.message) {
                    out.push(indentLines(f.message, `${pad}      `));
                }
            }
            if (passed.length > 0) {
                out.push(`${pad}  passed: ${passed.join(", ")}`);
            }
        }
    }
    out.push("");
    out.push("Stack policies");
    if (report.stackFindings.length === 0) {
        out.push("  (none ran)");
    }
    const stackPassed = report.stackFindings.filter((f) => f.verdict === "passed").map((f) => f.policy);
    for (const f of report.stackFindings.filter((x) => x.verdict !== "passed")) {
        out.push(`  ${label(f)}  on ${resourceLabel(report, f.urn)}`);
        if (f.message) {
            out.push(indentLines(f.message, "      "));
        }
    }
    if (stackPassed.length > 0) {
        out.push(`  passed: ${stackPassed.join(", ")}`);
    }

    out.push("");
    out.push("Policies");
    const width = Math.max(6, ...report.policies.map((p) => p.name.length));
    out.push(`  ${"policy".padEnd(width)}  ${"id".padEnd(10)}  ${"kind".padEnd(8)}  ${"level".padEnd(9)}  result`);
    for (const p of report.policies) {
        const c = p.counts;
        const result =
            p.status === "disabled"
                ? "disabled"
                : p.status === "not-applicable"
                  ? "not applicable (nothing to check)"
                  : `${p.kind === "resource" ? `${p.applied} resource${p.applied === 1 ? "" : "s"}: ` : ""}${c.passed} passed, ${c.mandatory} mandatory, ${c.advisory} advisory, ${c.exempt} exempt`;
        out.push(`  ${p.name.padEnd(width)}  ${(p.ruleId ?? "").padEnd(10)}  ${p.kind.padEnd(8)}  ${p.enforcementLevel.padEnd(9)}  ${result}`);
    }
    if (report.notes.length > 0) {
        out.push("");
        out.push("Notes");
        for (const n of report.notes) {
            out.push(`  - ${n}`);
        }
    }
    if (options.mermaid) {
        out.push("");
        out.push("Layers (Mermaid)");
        out.push("```mermaid");
        out.push(renderMermaid(report));
        out.push("```");
    }
    out.push("");
    out.push(
        `Summary: ${s.resources} resources (${s.analyzed} analysed), ${s.policies} policies (${s.ran} ran, ${s.notApplicable} not applicable, ${s.disabled} disabled); ` +
            `${s.mandatory} mandatory, ${s.advisory} advisory${s.previewUnknown ? ` (${s.previewUnknown} unknown at preview)` : ""}, ${s.exempt} exempt, ${s.passed} passed`,
    );
    out.push(report.exitCode === 1 ? "Result: FAILED (mandatory policy violations)" : "Result: OK (no mandatory violations)");
    return out.join("\n") + "\n";
}

