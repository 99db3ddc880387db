/** The machine-readable report: the model as it is, described by `report.schema.json` (its `schemaVersion`). */
import { Report } from "./model";

export function renderJson(report: Report): string {
    return JSON.stringify(report, null, 2) + "\n";
}
