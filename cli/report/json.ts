/** The machine-readable report. */
import { Report } from "./model";
import { renderMermaid } from "./mermaid";

/** The machine-readable report. */
export function renderJson(report: Report, options: { mermaid?: boolean } = {}): string {
    return JSON.stringify(options.mermaid ? { ...report, mermaid: renderMermaid(report) } : report, null, 2) + "\n";
}

