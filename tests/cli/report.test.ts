/**
 * The report built from the pack's answers: verdict classification, layer grouping, exit status
 * and the table, JSON, SARIF and Mermaid renderings. The answers are given here as the client
 * returns them, so these tests need no pack process.
 */
import { strict as assert } from "assert";
import { AnalyzeResult, Diagnostic, PolicyInfo, StackResource } from "../../cli/protocol";
import { Analysis } from "../../cli/analysis";
import { ResolvedPolicyConfig } from "../../cli/policy-config";
import { buildReport, Finding, Locator, renderFailedSarif, renderJson, renderMermaid, renderSarif, renderTable, Report } from "../../cli/report";
import { fingerprint } from "../../cli/report/sarif";
import { resultLine } from "../../cli/report/table";
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
        assert.deepEqual(bad.findings.find((f) => f.policy === "guardrail-strong")!.messages, ["no PROMPT_ATTACK filter"]);
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

    it("counts verdicts (one per policy and subject) per policy and in the summary, and exits 1 on a mandatory violation", () => {
        const strong = report.policies.find((p) => p.name === "guardrail-strong")!;
        assert.deepEqual(strong.counts, { mandatory: 1, advisory: 0, exempt: 1, passed: 1 });
        assert.equal(strong.status, "ran");
        const s = report.summary;
        assert.deepEqual([s.mandatory, s.advisory, s.exempt, s.passed, s.previewUnknown, s.subjectsWithViolations], [2, 3, 1, 4, 1, 4]);
        assert.equal(report.result, "failed");
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

describe("cli report: one verdict per policy and subject", () => {
    it("groups several diagnostics of one policy on one resource into one verdict, the worst, with every message", () => {
        const perResource = new Map<string, AnalyzeResult>([
            [BAD.urn, { diagnostics: [diag("guardrail-strong", "first problem", "advisory"), diag("guardrail-strong", "second problem", "mandatory")], notApplicable: NA_ALL_BUT("guardrail-strong") }],
        ]);
        const r = buildReport(analysis({ perResource, stack: { diagnostics: [], notApplicable: [] } }), SOURCE, TOOL);
        const findings = entry(r, BAD.urn)!.findings;
        assert.equal(findings.length, 1);
        assert.equal(findings[0].verdict, "mandatory");
        assert.deepEqual(findings[0].messages, ["first problem", "second problem"]);
        assert.deepEqual(r.policies.find((p) => p.name === "guardrail-strong")!.counts, { mandatory: 1, advisory: 0, exempt: 0, passed: 0 });
        assert.equal(r.summary.mandatory, 1);
    });

    it("gives no verdict (not passed) where the policy said it governs nothing", () => {
        const perResource = new Map<string, AnalyzeResult>([[ROLE.urn, { diagnostics: [], notApplicable: NA_ALL_BUT() }]]);
        const r = buildReport(analysis({ perResource, stack: { diagnostics: [], notApplicable: POLICIES.filter((p) => p.kind === "stack").map((p) => ({ policyName: p.name, reason: "nothing" })) } }), SOURCE, TOOL);
        assert.deepEqual(entry(r, ROLE.urn)!.findings, []);
        assert.equal(r.summary.passed, 0);
        assert.equal(r.summary.ran, 0);
    });
});

describe("cli report: formats", () => {
    const locator: Locator = {
        resource: (urn) => ({ file: "exports/demo.json", line: RESOURCES.findIndex((r) => r.urn === urn) + 10, basis: "export" }),
        stack: () => ({ file: "exports/demo.json", line: 3, basis: "export" }),
    };
    const report = buildReport(analysis(), SOURCE, TOOL, { notes: ["2 encrypted secret values were sent as unknown"], locator });

    it("table: a short header, violations grouped by resource with location, messages and remediation, notes, one-line summary and result", () => {
        const text = renderTable(report);
        assert.match(text, /^ai-guardrails audit of exports\/demo\.json \(stack demo\)\npolicy pack ai-guardrails@0\.1\.0: 7 policies/);
        assert.match(text, /Violations on 3 resources and the stack \(mandatory ones block the deployment\)/);
        assert.match(text, / {2}bad {2}aws:bedrock\/guardrail:Guardrail {2}exports\/demo\.json:15\n {4}MANDATORY {2}guardrail-strong \(AIG-MI-1\)\n {6}no PROMPT_ATTACK filter\n {6}fix: fix guardrail-strong\n {4}ADVISORY {2}guardrail-key/);
        assert.match(text, /ADVISORY \(undecided: a value is unknown at preview\) {2}guardrail-key/);
        assert.match(text, /the stack demo {2}exports\/demo\.json:3\n {4}MANDATORY {2}endpoints-present \(AIG-NET-1\)/);
        assert.match(text, /Exempt \(approved exemptions: reported, not blocking\)\n {2}legacy aws:bedrock\/guardrail:Guardrail|Exempt \(approved exemptions: reported, not blocking\)\n {2}legacy {2}aws:bedrock\/guardrail:Guardrail: guardrail-strong/);
        assert.match(text, /2 encrypted secret values/);
        assert.match(text, /\nSummary: 10 resources \(6 analysed\); 7 policies: 6 ran, 1 not applicable, 0 disabled; 10 verdicts: 2 mandatory, 3 advisory \(1 undecided at preview\), 1 exempt, 4 passed\nResult: FAILED \(2 mandatory violations\)\n$/);
        assert.doesNotMatch(text, /passed: |judged by:|Resources by layer/, "passes only with --verbose");
    });

    it("table --verbose: every resource by layer with the policies that judged it, and the policies with their verdicts", () => {
        const text = renderTable(report, { verbose: true });
        assert.match(text, /Model interaction \(Bedrock Guardrails, invocation logging\)\n {4}ai-guardrail {2}ai-guardrails:model:ModelGuardrail/);
        assert.match(text, /good {2}aws:bedrock\/guardrail:Guardrail\n\s+judged by: guardrail-strong, guardrail-key/);
        assert.match(text, /guardrail-strong\s+AIG-MI-1\s+resource\s+mandatory\s+1 passed, 1 mandatory, 0 advisory, 1 exempt/);
        assert.match(text, /waf-present\s+AIG-EDGE-1\s+stack\s+mandatory\s+not applicable/);
        assert.ok(text.trimEnd().endsWith(resultLine(report)));
    });

    it("result line: OK only when every verdict was decided; undecided ones are counted, in the singular too", () => {
        const passed = (previewUnknown: number) => ({ ...report, result: "passed" as const, summary: { ...report.summary, mandatory: 0, previewUnknown } });
        assert.equal(resultLine(passed(0)), "Result: OK (no mandatory violations)");
        assert.equal(resultLine(passed(1)), "Result: OK so far (no mandatory violations; 1 verdict undecided at preview, judged when its resource is created; --fail-on-undecided fails on it)");
        assert.match(resultLine(passed(3)), /^Result: OK so far \(no mandatory violations; 3 verdicts undecided at preview, judged when their resources are created;/);
    });

    it("json: the whole report, versioned, parseable", () => {
        const parsed = JSON.parse(renderJson(report));
        assert.equal(parsed.schemaVersion, 1);
        assert.equal(parsed.exitCode, 1);
        assert.equal(parsed.result, "failed");
        assert.deepEqual(parsed.summary, report.summary);
        assert.equal(parsed.layers[0].layer, "model");
    });

    it("sarif: rule id and name as in `rules --format json`, help, helpUri, severity; one result per verdict at a file and line, fingerprinted without the stack", () => {
        const sarif = JSON.parse(renderSarif(report));
        assert.equal(sarif.version, "2.1.0");
        const run = sarif.runs[0];
        assert.equal(run.tool.driver.name, "ai-guardrails");
        assert.deepEqual(
            run.tool.driver.rules.map((r: any) => [r.id, r.name]),
            POLICIES.map((p) => [p.tags[0], p.name]),
        );
        const first = run.tool.driver.rules[0];
        assert.equal(first.properties["security-severity"], "8.0");
        assert.ok(first.fullDescription.text.length > 0);
        assert.match(first.help.markdown, /\*\*How to fix:\*\* fix guardrail-strong/);
        // 2 mandatory + 3 advisory + 1 exempt verdicts; passed verdicts are not results.
        assert.equal(run.results.length, 6);
        for (const result of run.results) {
            assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
            assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, "exports/demo.json");
            assert.ok(result.locations[0].physicalLocation.region.startLine >= 1);
            assert.match(result.partialFingerprints.primaryLocationLineHash, /^[0-9a-f]{32}$/);
        }
        const bad = run.results.find((r: any) => r.ruleId === "AIG-MI-1" && r.level === "error");
        assert.equal(bad.locations[0].physicalLocation.region.startLine, 15);
        assert.equal(bad.partialFingerprints["aiGuardrailsPolicyResource/v1"], fingerprint("guardrail-strong", BAD.urn, "ai-guardrails"));
        assert.equal(fingerprint("guardrail-strong", BAD.urn, "x"), fingerprint("guardrail-strong", BAD.urn.replace("urn:pulumi:test::", "urn:pulumi:prod::"), "x"), "the stack name is not part of it");
        assert.notEqual(fingerprint("guardrail-strong", BAD.urn, "x"), fingerprint("guardrail-strong", GOOD.urn, "x"), "each resource is its own alert");
        const exempt = run.results.find((r: any) => r.level === "note");
        assert.equal(exempt.suppressions[0].kind, "external");
        assert.equal(run.automationDetails.id, "ai-guardrails/audit/demo/");
        assert.equal(run.invocations[0].executionSuccessful, true);
        assert.equal(run.invocations[0].toolConfigurationNotifications[0].message.text, "2 encrypted secret values were sent as unknown");
    });

    it("sarif of a failed run: no results, executionSuccessful false and the reason", () => {
        const sarif = JSON.parse(renderFailedSarif(TOOL, { kind: "preview", stack: "prod" }, "the program failed: boom", 3));
        const run = sarif.runs[0];
        assert.deepEqual(run.results, []);
        assert.equal(run.invocations[0].executionSuccessful, false);
        assert.equal(run.invocations[0].exitCode, 3);
        assert.equal(run.invocations[0].toolExecutionNotifications[0].message.text, "the program failed: boom");
        assert.equal(run.automationDetails.id, "ai-guardrails/preview/prod/");
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
