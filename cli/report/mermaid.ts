/** The Mermaid diagram of the layers: one subgraph per layer, resources coloured by their worst verdict. */
import { Finding, Report, Verdict, VERDICTS } from "./model";

function shortType(type: string): string {
    const last = type.split(":").pop() ?? type;
    return last;
}

function mermaidText(text: string): string {
    return text.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

function worst(findings: readonly Finding[]): Verdict | undefined {
    return VERDICTS.find((v) => findings.some((f) => f.verdict === v));
}

/** A Mermaid flowchart: one subgraph per layer, its resources coloured by their worst verdict. */
export function renderMermaid(report: Report): string {
    const out = ["flowchart TB"];
    const ids = new Map<string, string>();
    const idOf = (urn: string) => {
        let id = ids.get(urn);
        if (!id) {
            id = `r${ids.size}`;
            ids.set(urn, id);
        }
        return id;
    };
    for (const c of report.compositions) {
        out.push(`  ${idOf(c.urn)}(["${mermaidText(c.name)}<br/>${mermaidText(shortType(c.type))}"])`);
    }
    const classes: Record<Verdict, string[]> = { mandatory: [], advisory: [], exempt: [], passed: [] };
    for (const layer of report.layers) {
        out.push(`  subgraph ${layer.layer.replace(/-/g, "_")}["${mermaidText(layer.title)}"]`);
        for (const r of layer.resources) {
            const id = idOf(r.urn);
            const text = `${mermaidText(r.name)}<br/>${mermaidText(shortType(r.type))}`;
            out.push(r.custom ? `    ${id}["${text}"]` : `    ${id}[["${text}"]]`);
            const v = worst(r.findings);
            if (v) {
                classes[v].push(id);
            }
        }
        out.push("  end");
    }
    for (const layer of report.layers) {
        for (const r of layer.resources) {
            if (r.parent && ids.has(r.parent)) {
                out.push(`  ${ids.get(r.parent)} --> ${idOf(r.urn)}`);
            }
        }
    }
    out.push("  classDef mandatory fill:#f8d7da,stroke:#b02a37,color:#000");
    out.push("  classDef advisory fill:#fff3cd,stroke:#997404,color:#000");
    out.push("  classDef exempt fill:#cfe2ff,stroke:#3d5a80,color:#000");
    out.push("  classDef passed fill:#d1e7dd,stroke:#146c43,color:#000");
    for (const v of VERDICTS) {
        if (classes[v].length > 0) {
            out.push(`  class ${classes[v].join(",")} ${v}`);
        }
    }
    return out.join("\n");
}

