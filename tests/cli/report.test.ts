/**
 * The report built from the pack's answers: verdict classification, layer grouping, exit status
 * and the table, JSON, SARIF and Mermaid renderings. The answers are given here as the client
 * returns them, so these tests need no pack process.
 */
import { strict as assert } from "assert";
import { AnalyzeResult, Diagnostic, PolicyInfo, StackResource } from "../../cli/analyzer-client";
import { Analysis } from "../../cli/analysis";
import { ResolvedPolicyConfig } from "../../cli/policy-config";
import { buildReport, Finding, renderJson, renderMermaid, renderSarif, renderTable, Report } from "../../cli/report";
import { GUARDRAIL, resource, urnOf } from "./fixtures";

const TOOL = { name: "ai-guardrails", version: "9.9.9" };
const SOURCE = { kind: "audit" as const, file: "exports/demo.json", stack: "demo" };

function policy(name: string, kind: "resource" | "stack", id: string, layer: string, extra: Partial<PolicyInfo> = {}): PolicyInfo {
    return { name, description: `${name} description`, kind, enforcementLevel: "mandatory", severity: "high", tags: [id, layer], remediationSteps: `fix ${name}`, configSchema: { properties: {}, required: [] }, ...extra };
}

const POLICIES: PolicyInfo[] = [
    policy("guardrail-strong", "resource", "AIG-MI-1", "model"),
    policy("guardrail-key", "resource", "AIG-MI-6", "model"),
    policy("role-trust", "resource", "AIG-ID-2", "identity"),
    policy("logging-present", "stack", "AIG-MI-7", "model"),
    policy("endpoints-present", "stack", "AIG-NET-1", "network"),
    policy("trail-present", "stack", "AIG-EV-6", "evidence"),
    policy("waf-present", "stack", "AIG-EDGE-1", "edge"),
];

function diag(policyName: string, message: string, level: Diagnostic["enforcementLevel"], urn = ""): Diagnostic {
    const description = `${policyName} description`;
    return { policyName, policyPackName: "ai-guardrails", policyPackVersion: "0.1.0", description, message: `${description}\n${message}`, enforcementLevel: level, severity: "high", urn };
}

/** The SDK's note when a policy reads a value unknown at preview: no description prefix, advisory. */
function previewNote(policyName: string, prop: string): Diagnostic {
    const message = `can't run policy '${policyName}' from policy pack 'ai-guardrails@v0.1.0' during preview: string value at .${prop} can't be known during preview`;
    return { ...diag(policyName, "", "advisory"), message };
}

const NA_ALL_BUT = (...applicable: string[]) => POLICIES.filter((p) => p.kind === "resource" && !applicable.includes(p.name)).map((p) => ({ policyName: p.name, reason: "other types" }));

// A small stack: a baseline composing a model-layer component (a shared key inside it) and an
// identity component, plus a trail outside any component.
const BASELINE = resource("ai-guardrails:index:AiSecurityBaseline", "ai", {}, { custom: false });
const MODEL = resource("ai-guardrails:model:ModelGuardrail", "ai-guardrail", {}, { custom: false, parent: BASELINE.urn });
const SHARED_KEY = resource("ai-guardrails:shared:CustomerManagedKey", "ai-guardrail-key", {}, { custom: false, parent: MODEL.urn });
const KEY = resource("aws:kms/key:Key", "ai-guardrail-key", {}, { parent: SHARED_KEY.urn, protect: true });
const GOOD = resource(GUARDRAIL, "good", {}, { parent: MODEL.urn });
const BAD = resource(GUARDRAIL, "bad", {}, { parent: MODEL.urn });
const LEGACY = resource(GUARDRAIL, "legacy", {}, { parent: MODEL.urn });
const IDENTITY = resource("ai-guardrails:identity:AgentIdentity", "support-agent", {}, { custom: false, parent: BASELINE.urn });
const ROLE = resource("aws:iam/role:Role", "support-agent", {}, { parent: IDENTITY.urn });
const TRAIL = resource("aws:cloudtrail/trail:Trail", "org-trail", {});
const PROVIDER = resource("pulumi:providers:aws", "aws", {});
const RESOURCES: StackResource[] = [BASELINE, MODEL, SHARED_KEY, KEY, GOOD, BAD, LEGACY, IDENTITY, ROLE, TRAIL, PROVIDER];

function analysis(overrides: { perResource?: Map<string, AnalyzeResult>; stack?: AnalyzeResult; config?: ResolvedPolicyConfig } = {}): Analysis {
    const perResource =
        overrides.perResource ??
        new Map<string, AnalyzeResult>([
            [KEY.urn, { diagnostics: [], notApplicable: NA_ALL_BUT() }],
            [GOOD.urn, { diagnostics: [], notApplicable: NA_ALL_BUT("guardrail-strong", "guardrail-key") }],
            [BAD.urn, { diagnostics: [diag("guardrail-strong", "no PROMPT_ATTACK filter", "mandatory"), diag("guardrail-key", "kmsKeyArn is not set", "advisory")], notApplicable: NA_ALL_BUT("guardrail-strong", "guardrail-key") }],
            [LEGACY.urn, { diagnostics: [diag("guardrail-strong", "[exempt] no PROMPT_ATTACK filter (exempted: migration; approved by sec; expires 2999-12-31)", "advisory"), previewNote("guardrail-key", "kmsKeyArn")], notApplicable: NA_ALL_BUT("guardrail-strong", "guardrail-key") }],
            [ROLE.urn, { diagnostics: [], notApplicable: NA_ALL_BUT("role-trust") }],
            [TRAIL.urn, { diagnostics: [], notApplicable: NA_ALL_BUT() }],
        ]);
    const stack = overrides.stack ?? {
        diagnostics: [diag("endpoints-present", "no VPC endpoint for bedrock-runtime", "mandatory"), diag("trail-present", "the trail has no alarm", "advisory", TRAIL.urn)],
        notApplicable: [{ policyName: "waf-present", reason: "no API stages" }],
    };
    const config = overrides.config ?? Object.fromEntries(POLICIES.map((p) => [p.name, { enforcementLevel: p.enforcementLevel, properties: {} }]));
    return { info: { name: "ai-guardrails", version: "0.1.0", policies: POLICIES, initialConfig: {} }, config, resources: RESOURCES, perResource, stack, timings: { analyzeMs: [], analyzeStackMs: 0 } };
}

function entry(report: Report, urn: string) {
    for (const l of report.layers) {
        const r = l.resources.find((x) => x.urn === urn);
        if (r) {
            return r;
        }
    }
    return undefined;
}

function verdicts(findings: readonly Finding[]): Record<string, string> {
    return Object.fromEntries(findings.map((f) => [f.policy, f.verdict]));
}

describe("cli report: verdicts", () => {
    const report = buildReport(analysis(), SOURCE, TOOL);

    it("classifies mandatory and advisory diagnostics by level, and strips the description the SDK prepends", () => {
        const bad = entry(report, BAD.urn)!;
        assert.deepEqual(verdicts(bad.findings), { "guardrail-strong": "mandatory", "guardrail-key": "advisory" });
        assert.equal(bad.findings.find((f) => f.policy === "guardrail-strong")!.message, "no PROMPT_ATTACK filter");
        assert.equal(bad.findings[0].ruleId, "AIG-MI-1");
    });

    it("classifies an advisory [exempt] diagnostic as exempt, and the SDK's preview note as advisory flagged unknown", () => {
        const legacy = entry(report, LEGACY.urn)!;
        assert.deepEqual(verdicts(legacy.findings), { "guardrail-strong": "exempt", "guardrail-key": "advisory" });
        assert.equal(legacy.findings.find((f) => f.policy === "guardrail-key")!.previewUnknown, true);
        assert.equal(legacy.findings.find((f) => f.policy === "guardrail-strong")!.previewUnknown, false);
    });

    it("marks a resource policy passed where it applied and reported nothing, and says nothing where it was not applicable", () => {
        assert.deepEqual(verdicts(entry(report, GOOD.urn)!.findings), { "guardrail-strong": "passed", "guardrail-key": "passed" });
        assert.deepEqual(verdicts(entry(report, ROLE.urn)!.findings), { "role-trust": "passed" });
        assert.deepEqual(entry(report, KEY.urn)!.findings, []);
    });

    it("passes a stack policy that reported nothing, attaches stack findings to their resource, and keeps stack-wide ones on the stack", () => {
        assert.deepEqual(verdicts(report.stackFindings), { "logging-present": "passed", "endpoints-present": "mandatory" });
        assert.deepEqual(verdicts(entry(report, TRAIL.urn)!.findings), { "trail-present": "advisory" });
        assert.equal(report.policies.find((p) => p.name === "waf-present")!.status, "not-applicable");
    });

    it("counts per policy and in the summary, and exits 1 on a mandatory violation", () => {
        const strong = report.policies.find((p) => p.name === "guardrail-strong")!;
        assert.deepEqual(strong.counts, { mandatory: 1, advisory: 0, exempt: 1, passed: 1 });
        assert.equal(strong.applied, 3);
        assert.equal(strong.status, "ran");
        const s = report.summary;
        assert.deepEqual([s.mandatory, s.advisory, s.exempt, s.passed, s.previewUnknown], [2, 3, 1, 4, 1]);
        assert.deepEqual([s.policies, s.ran, s.notApplicable, s.disabled], [7, 6, 1, 0]);
        assert.equal(s.analyzed, 6);
        assert.equal(report.exitCode, 1);
    });

    it("exits 0 when only advisory and exempt findings remain", () => {
        const quiet = buildReport(analysis({ stack: { diagnostics: [], notApplicable: [] }, perResource: new Map([[LEGACY.urn, analysis().perResource.get(LEGACY.urn)!]]) }), SOURCE, TOOL);
        assert.equal(quiet.summary.mandatory, 0);
        assert.ok(quiet.summary.exempt > 0 && quiet.summary.advisory > 0);
        assert.equal(quiet.exitCode, 0);
    });

    it("lists a policy disabled in the config as disabled, with no passed verdicts", () => {
        const config = Object.fromEntries(POLICIES.map((p) => [p.name, { enforcementLevel: p.name === "role-trust" ? ("disabled" as const) : p.enforcementLevel, properties: {} }]));
        const r = buildReport(analysis({ config }), SOURCE, TOOL);
        assert.equal(r.policies.find((p) => p.name === "role-trust")!.status, "disabled");
        assert.deepEqual(entry(r, ROLE.urn)!.findings, []);
        assert.equal(r.summary.disabled, 1);
    });
});

describe("cli report: layers", () => {
    const report = buildReport(analysis(), SOURCE, TOOL);

    it("groups resources by the layer their component token names; shared blocks take their parent's layer", () => {
        assert.equal(entry(report, MODEL.urn)!.layer, "model");
        assert.equal(entry(report, SHARED_KEY.urn)!.layer, "model");
        assert.equal(entry(report, KEY.urn)!.layer, "model");
        assert.equal(entry(report, IDENTITY.urn)!.layer, "identity");
        assert.equal(entry(report, ROLE.urn)!.layer, "identity");
    });

    it("places a resource outside any layer component by its type", () => {
        assert.equal(entry(report, TRAIL.urn)!.layer, "evidence");
        const orphanBucket = buildReport({ ...analysis(), resources: [resource("aws:s3/bucket:Bucket", "loose", {})], perResource: new Map() }, SOURCE, TOOL);
        assert.equal(orphanBucket.layers[0].layer, "other");
    });

    it("places a shared block outside any layer with the resources that use it, when they are all in one layer", () => {
        const sharedKey = resource("ai-guardrails:shared:CustomerManagedKey", "agents-key", {}, { custom: false, parent: BASELINE.urn });
        const key = resource("aws:kms/key:Key", "agents-key", {}, { parent: sharedKey.urn });
        const alias = resource("aws:kms/alias:Alias", "agents-key-alias", {}, { parent: sharedKey.urn, dependencies: [key.urn] });
        const agents = resource("ai-guardrails:agents:GuardedAgent", "agent", {}, { custom: false, parent: BASELINE.urn });
        const agent = resource("aws:bedrock/agentAgent:AgentAgent", "agent", {}, { parent: agents.urn, propertyDependencies: { customerEncryptionKeyArn: [key.urn] } });
        const lonely = resource("aws:kms/key:Key", "unused", {}, { parent: BASELINE.urn });
        const sharedByTwo = resource("aws:kms/key:Key", "shared-by-two", {}, { parent: BASELINE.urn });
        const role = resource("aws:iam/role:Role", "r", {}, { dependencies: [sharedByTwo.urn] });
        const withKey = { ...agent, urn: urnOf("aws:bedrock/agentAgent:AgentAgent", "agent2"), name: "agent2", dependencies: [sharedByTwo.urn] };
        const r = buildReport({ ...analysis(), resources: [BASELINE, sharedKey, key, alias, agents, agent, lonely, sharedByTwo, role, withKey], perResource: new Map() }, SOURCE, TOOL);
        assert.equal(entry(r, sharedKey.urn)!.layer, "agents");
        assert.equal(entry(r, key.urn)!.layer, "agents");
        assert.equal(entry(r, alias.urn)!.layer, "agents");
        assert.equal(entry(r, lonely.urn)!.layer, "other");
        // Used by an identity role and an agent: no single layer.
        assert.equal(entry(r, sharedByTwo.urn)!.layer, "other");
        // The baseline's children are in several layers: it stays a composition.
        assert.deepEqual(
            r.compositions.map((c) => c.name),
            ["ai"],
        );
    });

    it("shows the composing baseline as a composition, and providers nowhere", () => {
        assert.deepEqual(
            report.compositions.map((c) => c.type),
            ["ai-guardrails:index:AiSecurityBaseline"],
        );
        assert.equal(entry(report, BASELINE.urn), undefined);
        assert.equal(entry(report, PROVIDER.urn), undefined);
    });

    it("orders layers as the design does and nests each layer's resources under their parents", () => {
        assert.deepEqual(
            report.layers.map((l) => l.layer),
            ["model", "identity", "evidence"],
        );
        const model = report.layers[0].resources.map((r) => `${"  ".repeat(r.depth)}${r.name}`);
        assert.deepEqual(model, ["ai-guardrail", "  ai-guardrail-key", "    ai-guardrail-key", "  good", "  bad", "  legacy"]);
    });
});

describe("cli report: formats", () => {
    const report = buildReport(analysis(), SOURCE, TOOL, ["2 encrypted secret values were sent as unknown"]);

    it("table: layers with their resources, violations with messages, passed policies, notes, summary and result", () => {
        const text = renderTable(report);
        assert.match(text, /Model interaction \(Bedrock Guardrails, invocation logging\)\n {4}ai-guardrail {2}ai-guardrails:model:ModelGuardrail/);
        assert.match(text, /MANDATORY {2}guardrail-strong \(AIG-MI-1\)\n\s+no PROMPT_ATTACK filter/);
        assert.match(text, /EXEMPT {2}guardrail-strong/);
        assert.match(text, /ADVISORY \(unknown at preview\) {2}guardrail-key/);
        assert.match(text, /passed: guardrail-strong, guardrail-key/);
        assert.match(text, /MANDATORY {2}endpoints-present \(AIG-NET-1\) {2}on \(stack\)/);
        assert.match(text, /2 encrypted secret values/);
        assert.match(text, /Summary: .*2 mandatory, 3 advisory \(1 unknown at preview\), 1 exempt, 4 passed/);
        assert.match(text, /Result: FAILED/);
        assert.doesNotMatch(text, /```mermaid/);
        assert.match(renderTable(report, { mermaid: true }), /```mermaid\nflowchart TB/);
    });

    it("json: the whole report, parseable, with the Mermaid diagram on request", () => {
        const parsed = JSON.parse(renderJson(report));
        assert.equal(parsed.exitCode, 1);
        assert.deepEqual(parsed.summary, report.summary);
        assert.equal(parsed.layers[0].layer, "model");
        assert.equal(parsed.mermaid, undefined);
        assert.match(JSON.parse(renderJson(report, { mermaid: true })).mermaid, /^flowchart TB/);
    });

    it("sarif: a valid 2.1.0 log, rules from getAnalyzerInfo, one result per violation located by URN", () => {
        const sarif = JSON.parse(renderSarif(report));
        assert.equal(sarif.version, "2.1.0");
        assert.match(sarif.$schema, /sarif-2\.1\.0/);
        assert.equal(sarif.runs.length, 1);
        const run = sarif.runs[0];
        assert.equal(run.tool.driver.name, "ai-guardrails");
        assert.deepEqual(
            run.tool.driver.rules.map((r: any) => r.id),
            POLICIES.map((p) => p.name),
        );
        assert.equal(run.tool.driver.rules[0].name, "AIG-MI-1");
        assert.equal(run.tool.driver.rules[0].properties["security-severity"], "8.0");
        assert.equal(run.tool.driver.rules[0].help.text, "fix guardrail-strong");
        // 2 mandatory + 3 advisory + 1 exempt; passed verdicts are not results.
        assert.equal(run.results.length, 6);
        for (const result of run.results) {
            assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
            assert.ok(["error", "warning", "note"].includes(result.level));
            assert.equal(typeof result.message.text, "string");
            assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, "exports/demo.json");
        }
        const bad = run.results.find((r: any) => r.ruleId === "guardrail-strong" && r.level === "error");
        assert.deepEqual(bad.locations[0].logicalLocations[0], { fullyQualifiedName: BAD.urn, name: "bad", kind: "resource" });
        const exempt = run.results.find((r: any) => r.level === "note");
        assert.equal(exempt.ruleId, "guardrail-strong");
        assert.equal(exempt.suppressions[0].kind, "external");
        const stackWide = run.results.find((r: any) => r.ruleId === "endpoints-present");
        assert.equal(stackWide.level, "error");
        assert.equal(stackWide.locations[0].logicalLocations[0].kind, "module");
        assert.equal(run.invocations[0].exitCode, 1);
    });

    it("mermaid: one subgraph per layer, the composition on top, parent edges and verdict colours", () => {
        const m = renderMermaid(report);
        assert.match(m, /^flowchart TB\n/);
        assert.match(m, /subgraph model\["Model interaction/);
        assert.match(m, /subgraph identity\[/);
        assert.match(m, /subgraph evidence\[/);
        assert.equal((m.match(/^ {2}end$/gm) ?? []).length, 3);
        assert.match(m, /r0\(\["ai<br\/>AiSecurityBaseline"\]\)/);
        assert.match(m, /r0 --> r\d+/);
        // "bad" has a mandatory violation, "good" only passed, "legacy" an advisory note and an exemption.
        const classOf = (name: string) => {
            const id = new RegExp(`(r\\d+)\\["${name}<br/>Guardrail"\\]`).exec(m)![1];
            return ["mandatory", "advisory", "exempt", "passed"].find((v) => new RegExp(`class [^\\n]*\\b${id}\\b[^\\n]* ${v}$`, "m").test(m));
        };
        assert.equal(classOf("bad"), "mandatory");
        assert.equal(classOf("good"), "passed");
        assert.equal(classOf("legacy"), "advisory");
    });

    it("escapes quotes and angle brackets in Mermaid labels", () => {
        const odd = resource("aws:s3/bucket:Bucket", 'a"b<c>', {});
        const m = renderMermaid(buildReport({ ...analysis(), resources: [odd], perResource: new Map() }, SOURCE, TOOL));
        assert.match(m, /a#quot;b#lt;c#gt;<br\/>Bucket/);
        assert.equal(urnOf("aws:s3/bucket:Bucket", 'a"b<c>'), odd.urn);
    });
});
