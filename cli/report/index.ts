/**
 * The report: a model built from the pack's answers (`model.ts`) and one renderer per format.
 */
import { Report } from "./model";
import { jsonReportChunks } from "./json";
import { renderSarif } from "./sarif";
import { renderTable } from "./table";

export * from "./model";
export { renderJson } from "./json";
export { renderMermaid } from "./mermaid";
export { renderFailedSarif, renderSarif } from "./sarif";
export { renderTable } from "./table";

export type Format = "table" | "json" | "sarif";
export const FORMATS: readonly Format[] = ["table", "json", "sarif"];

/** The report in a format, in pieces to be written as they come (a large stack's JSON report is tens of megabytes). */
export function render(report: Report, format: Format, options: { verbose?: boolean } = {}): Iterable<string> {
    switch (format) {
        case "json":
            return jsonReportChunks(report);
        case "sarif":
            return [renderSarif(report)];
        default:
            return [renderTable(report, options)];
    }
}
