/** The machine-readable report: the model as it is, described by `report.schema.json` (its `schemaVersion`). */
import { jsonChunks } from "./json-chunks";
import { Report } from "./model";

/** The report's text in pieces, to be written as they come. */
export function* jsonReportChunks(report: Report): Generator<string> {
    yield* jsonChunks(report);
    yield "\n";
}

export function renderJson(report: Report): string {
    return [...jsonReportChunks(report)].join("");
}
