/** SARIF 2.1.0 for code scanning. */
import { Report, Verdict } from "./model";

const SARIF_LEVEL: Record<Exclude<Verdict, "passed">, "error" | "warning" | "note"> = { mandatory: "error", advisory: "warning", exempt: "note" };
const SECURITY_SEVERITY: Record<string, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

/** SARIF 2.1.0: one rule per policy (from `getAnalyzerInfo`), one result per violation, located by URN. */
export function renderSarif(report: Report): string {
    const rules = report.policies.map((p) => ({
        id: p.name,
        ...(p.ruleId ? { name: p.ruleId } : {}),
        shortDescription: { text: p.description || p.name },
        ...(p.remediation ? { help: { text: p.remediation } } : {}),
        defaultConfiguration: p.enforcementLevel === "disabled" ? { enabled: false, level: "none" } : { level: p.enforcementLevel === "mandatory" ? "error" : "warning" },
        properties: {
            kind: p.kind,
            enforcementLevel: p.enforcementLevel,
            ...(p.layer ? { layer: p.layer } : {}),
            tags: ["security", ...(p.layer ? [p.layer] : [])],
            ...(SECURITY_SEVERITY[p.severity] ? { "security-severity": SECURITY_SEVERITY[p.severity] } : {}),
        },
    }));
    const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
    const findings = [...report.layers.flatMap((l) => l.resources.flatMap((r) => r.findings)), ...report.stackFindings].filter((f) => f.verdict !== "passed");
    const results = findings.map((f) => {
        const verdict = f.verdict as Exclude<Verdict, "passed">;
        const urn = f.urn;
        return {
            ruleId: f.policy,
            ...(ruleIndex.has(f.policy) ? { ruleIndex: ruleIndex.get(f.policy) } : {}),
            level: SARIF_LEVEL[verdict],
            message: { text: `${f.message || f.policy}${urn ? `\nResource: ${urn}` : ""}` },
            locations: [
                {
                    physicalLocation: { artifactLocation: { uri: report.source.file.split("\\").join("/") } },
                    logicalLocations: urn ? [{ fullyQualifiedName: urn, name: urn.slice(urn.lastIndexOf("::") + 2), kind: "resource" }] : [{ name: report.source.stack ?? "stack", kind: "module" }],
                },
            ],
            ...(verdict === "exempt" ? { suppressions: [{ kind: "external", status: "accepted", justification: f.message }] } : {}),
            properties: { enforcementLevel: f.enforcementLevel, previewUnknown: f.previewUnknown, ...(f.ruleId ? { ruleId: f.ruleId } : {}) },
        };
    });
    const sarif = {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [
            {
                tool: { driver: { name: report.tool.name, version: report.tool.version, rules } },
                automationDetails: { id: `${report.tool.name}/${report.source.kind}/${report.source.stack ?? "export"}/` },
                invocations: [{ executionSuccessful: true, exitCode: report.exitCode }],
                results,
            },
        ],
    };
    return JSON.stringify(sarif, null, 2) + "\n";
}

