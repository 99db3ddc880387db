/**
 * SARIF 2.1.0 for GitHub code scanning. One rule per policy: its `id` is the rule ID and its `name`
 * the policy name, the two fields of the same names in `ai-guardrails rules --format json`. One
 * result per policy and resource (the table's verdicts, passed ones aside), located at a file and
 * line of the repository, with a fingerprint from the policy and the URN without the stack name,
 * so each failing resource is its own alert and keeps it across runs and line moves. A run that
 * fails still writes a log, with `executionSuccessful: false` and the reason.
 */
import { createHash } from "crypto";
import { allFindings, Finding, PolicyEntry, Report, ReportSource, Verdict } from "./model";

const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

const SARIF_LEVEL: Record<Exclude<Verdict, "passed">, "error" | "warning" | "note"> = { mandatory: "error", advisory: "warning", exempt: "note" };
/** GitHub's bands: over 9 critical, 7 to 8.9 high, 4 to 6.9 medium, 0.1 to 3.9 low. */
const SECURITY_SEVERITY: Record<string, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

/** The rule ID a SARIF log uses for a policy: its `AIG-…` ID, else (another pack) its name. */
function sarifRuleId(p: { name: string; ruleId?: string }): string {
    return p.ruleId ?? p.name;
}

/** `urn:pulumi:STACK::PROJECT::TYPE::NAME` without the stack: the same resource in every stack of the project. */
function urnWithoutStack(urn: string): string {
    const m = /^urn:pulumi:[^:]*::(.*)$/.exec(urn);
    return m ? m[1] : urn;
}

/** Stable across runs and stacks: the policy and the resource, never the line. */
export function fingerprint(policy: string, urn: string | undefined, project: string | undefined): string {
    const subject = urn ? urnWithoutStack(urn) : `${project ?? ""}::(stack)`;
    return createHash("sha256").update(`${policy}\n${subject}`).digest("hex");
}

function automationId(source: Pick<ReportSource, "kind" | "stack">): string {
    return `ai-guardrails/${source.kind}/${source.stack ?? "export"}/`;
}

function helpMarkdown(p: PolicyEntry): string {
    const lines = [`**${sarifRuleId(p)} \`${p.name}\`** (${p.severity || "unrated"}, ${p.kind} policy)`, "", p.description];
    if (p.explanation) {
        lines.push("", `Why: ${p.explanation}`);
    }
    if (p.remediation) {
        lines.push("", `**How to fix:** ${p.remediation}`);
    }
    if (p.frameworks.length > 0) {
        lines.push("", `Frameworks: ${p.frameworks.join(", ")}`);
    }
    if (p.url) {
        lines.push("", `[Rule reference](${p.url})`);
    }
    return lines.join("\n");
}

function rule(p: PolicyEntry) {
    const text = [p.description, p.remediation ? `How to fix: ${p.remediation}` : "", p.url ?? ""].filter(Boolean).join("\n\n");
    return {
        id: sarifRuleId(p),
        name: p.name,
        shortDescription: { text: p.displayName ?? p.description ?? p.name },
        fullDescription: { text: [p.description, p.explanation].filter(Boolean).join(" ") || p.name },
        help: { text, markdown: helpMarkdown(p) },
        ...(p.url ? { helpUri: p.url } : {}),
        defaultConfiguration: p.enforcementLevel === "disabled" ? { enabled: false, level: "none" } : { level: p.enforcementLevel === "advisory" ? "warning" : "error" },
        properties: {
            tags: ["security", ...(p.layer ? [p.layer] : []), ...p.frameworks],
            precision: "very-high",
            ...(SECURITY_SEVERITY[p.severity] ? { "security-severity": SECURITY_SEVERITY[p.severity] } : {}),
            policy: p.name,
            kind: p.kind,
            enforcementLevel: p.enforcementLevel,
        },
    };
}

function projectOf(report: Report): string | undefined {
    const urn = allFindings(report).find((f) => f.urn)?.urn ?? report.layers[0]?.resources[0]?.urn;
    return urn ? /^urn:pulumi:[^:]*::([^:]*)::/.exec(urn)?.[1] : undefined;
}

/** How a result names its subject: `NAME (TYPE)` for each resource of the report, the stack otherwise. */
function resourceTitles(report: Report): (urn: string | undefined) => string {
    const titles = new Map(report.layers.flatMap((l) => l.resources.map((r) => [r.urn, `${r.name} (${r.type})`] as const)).reverse());
    const stack = `the stack${report.source.stack ? ` ${report.source.stack}` : ""}`;
    return (urn) => (urn ? (titles.get(urn) ?? urn) : stack);
}

function result(report: Report, f: Finding, ruleIndex: ReadonlyMap<string, number>, ids: ReadonlyMap<string, string>, project: string | undefined, titleOf: (urn: string | undefined) => string) {
    const verdict = f.verdict as Exclude<Verdict, "passed">;
    const location = f.location ?? { file: report.source.file, line: 1, basis: report.source.kind === "audit" ? "export" : "stack-settings" };
    const print = fingerprint(f.policy, f.urn, project);
    return {
        ruleId: ids.get(f.policy) ?? f.policy,
        ...(ruleIndex.has(f.policy) ? { ruleIndex: ruleIndex.get(f.policy) } : {}),
        level: SARIF_LEVEL[verdict],
        message: { text: `${f.messages.join("\n") || f.policy}\nResource: ${titleOf(f.urn)}${f.urn ? `\nURN: ${f.urn}` : ""}` },
        locations: [
            {
                physicalLocation: { artifactLocation: { uri: location.file }, region: { startLine: location.line } },
                ...(f.urn ? { logicalLocations: [{ fullyQualifiedName: f.urn, name: f.urn.slice(f.urn.lastIndexOf("::") + 2), kind: "resource" }] } : {}),
            },
        ],
        partialFingerprints: { primaryLocationLineHash: print.slice(0, 32), "aiGuardrailsPolicyResource/v1": print },
        ...(verdict === "exempt" ? { suppressions: [{ kind: "external", status: "accepted", justification: f.messages.join("\n") }] } : {}),
        properties: { policy: f.policy, enforcementLevel: f.enforcementLevel, previewUnknown: f.previewUnknown, locationBasis: location.basis, ...(f.urn ? { urn: f.urn } : {}) },
    };
}

function log(run: Record<string, unknown>): string {
    return JSON.stringify({ $schema: SARIF_SCHEMA_URI, version: "2.1.0", runs: [run] }, null, 2) + "\n";
}

export function renderSarif(report: Report): string {
    const rules = report.policies.map(rule);
    const ruleIndex = new Map(report.policies.map((p, i) => [p.name, i]));
    const ids = new Map(report.policies.map((p) => [p.name, sarifRuleId(p)]));
    const project = projectOf(report);
    const titleOf = resourceTitles(report);
    const results = allFindings(report)
        .filter((f) => f.verdict !== "passed")
        .map((f) => result(report, f, ruleIndex, ids, project, titleOf));
    return log({
        tool: { driver: { name: report.tool.name, version: report.tool.version, semanticVersion: report.tool.version, informationUri: "https://github.com/pulumi-ai-guardrails/pulumi-ai-guardrails", rules } },
        automationDetails: { id: automationId(report.source) },
        invocations: [
            {
                executionSuccessful: true,
                exitCode: report.exitCode,
                ...(report.notes.length > 0 ? { toolConfigurationNotifications: report.notes.map((n) => ({ level: "warning", message: { text: n } })) } : {}),
            },
        ],
        results,
    });
}

/** The log of a run that failed before a report: no results, `executionSuccessful: false` and the reason. */
export function renderFailedSarif(tool: { name: string; version: string }, source: Partial<Pick<ReportSource, "kind" | "stack">>, reason: string, exitCode: number): string {
    return log({
        tool: { driver: { name: tool.name, version: tool.version, semanticVersion: tool.version, informationUri: "https://github.com/pulumi-ai-guardrails/pulumi-ai-guardrails", rules: [] } },
        ...(source.kind ? { automationDetails: { id: automationId({ kind: source.kind, stack: source.stack }) } } : {}),
        invocations: [{ executionSuccessful: false, exitCode, toolExecutionNotifications: [{ level: "error", message: { text: reason } }] }],
        results: [],
    });
}
