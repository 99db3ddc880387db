/**
 * Every SARIF log the command writes validates against the SARIF 2.1.0 JSON schema (kept as a test
 * fixture, tests/fixtures/schemas/), and every JSON report against the report's published schema
 * (cli/report/report.schema.json): a run with results, one without, one with exemptions, and runs
 * that fail (before the pack starts and after).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import { catalogueJson } from "../../cli/catalogue";
import { main } from "../../cli/main";
import { FIXTURES } from "./fixtures";

const ROOT = path.join(__dirname, "..", "..");
const SARIF_SCHEMA = JSON.parse(fs.readFileSync(path.join(FIXTURES, "schemas", "sarif-schema-2.1.0.json"), "utf8"));
const REPORT_SCHEMA = JSON.parse(fs.readFileSync(path.join(ROOT, "cli", "report", "report.schema.json"), "utf8"));

/** Draft 2020-12 with the formats the SARIF schema uses, checked strictly. */
function validator(schema: object) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    ajv.addFormat("uri", (s: string) => {
        try {
            new URL(s);
            return true;
        } catch {
            return false;
        }
    });
    ajv.addFormat("uri-reference", (s: string) => !/\s/.test(s));
    ajv.addFormat("date-time", (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)));
    ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    return ajv.compile(schema);
}

const validSarif = validator(SARIF_SCHEMA);
const validReport = validator(REPORT_SCHEMA);

function assertValid(validate: ReturnType<typeof validator>, doc: unknown, what: string): void {
    const ok = validate(doc);
    assert.ok(ok, `${what}: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
}

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "ai-guardrails-schemas-"));
const EXPORT = path.join(FIXTURES, "exports", "two-guardrails.json");
const cfg = (name: string) => path.join(FIXTURES, "policy-config", name);

async function write(format: "sarif" | "json", name: string, ...args: string[]): Promise<{ code: number; doc: any }> {
    const out = path.join(TMP, `${name}.${format}`);
    const code = await main([...args, "--format", format, "--output", out], { stdout: () => undefined, stderr: () => undefined });
    return { code, doc: JSON.parse(fs.readFileSync(out, "utf8")) };
}

describe("every SARIF log and JSON report the command writes fits its schema", function () {
    this.timeout(300000);
    after(() => fs.rmSync(TMP, { recursive: true, force: true }));

    it("the schema fixture is SARIF 2.1.0's, and it rejects what GitHub rejects (a result without a message)", () => {
        assert.match(SARIF_SCHEMA.title, /SARIF\) Version 2\.1\.0 JSON Schema/);
        assert.equal(validSarif({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ ruleId: "a" }] }] }), false);
    });

    it("preview with violations: SARIF with results at a file and line, rule id and name as in `rules --format json`", async () => {
        const { code, doc } = await write("sarif", "violations", "preview", "--stack", "prod", "--policy-config", cfg("session-ttl-60.json"));
        assert.equal(code, 1);
        assertValid(validSarif, doc, "SARIF with results");
        const run = doc.runs[0];
        assert.ok(run.results.length >= 2);
        for (const r of run.results) {
            const region = r.locations[0].physicalLocation;
            assert.ok(fs.existsSync(path.join(ROOT, region.artifactLocation.uri)), `${region.artifactLocation.uri} is a file of the repository`);
            assert.ok(region.region.startLine >= 1);
        }
        // The session TTL is set where the component registers the agent: that line, not the stack's.
        const agentSource = fs.readFileSync(path.join(ROOT, "components", "agents", "guardedAgent.ts"), "utf8").split("\n");
        const registration = agentSource.findIndex((line) => line.includes("new aws.bedrock.AgentAgent(")) + 1;
        assert.ok(registration > 0);
        const ttl = run.results.filter((r: any) => r.ruleId === "AIG-AT-3");
        assert.ok(ttl.length >= 1);
        for (const r of ttl) {
            const { artifactLocation, region } = r.locations[0].physicalLocation;
            assert.deepEqual([artifactLocation.uri, region.startLine], ["components/agents/guardedAgent.ts", registration]);
        }
        assert.equal(new Set(run.results.map((r: any) => r.partialFingerprints.primaryLocationLineHash)).size, run.results.length, "each failing resource is its own alert");
        const catalogue = JSON.parse(catalogueJson()) as { id: string; name: string }[];
        assert.deepEqual(
            run.tool.driver.rules.map((r: any) => ({ id: r.id, name: r.name })),
            catalogue.map((r) => ({ id: r.id, name: r.name })),
        );
        assert.ok(run.tool.driver.rules.every((r: any) => r.fullDescription.text && r.help.markdown && r.helpUri && r.properties["security-severity"]));
    });

    it("preview without violations, and its JSON report", async () => {
        const sarif = await write("sarif", "clean", "preview", "--stack", "dev");
        assert.equal(sarif.code, 0);
        assertValid(validSarif, sarif.doc, "SARIF without results");
        const json = await write("json", "clean", "preview", "--stack", "dev");
        assertValid(validReport, json.doc, "JSON report");
        assert.equal(json.doc.schemaVersion, 1);
        const s = json.doc.summary;
        const byPolicy = json.doc.policies.reduce((n: number, p: any) => n + p.counts.mandatory + p.counts.advisory + p.counts.exempt + p.counts.passed, 0);
        assert.equal(byPolicy, s.mandatory + s.advisory + s.exempt + s.passed, "one count everywhere: the policies' verdicts add up to the summary's");
    });

    it("audit with an exemption: SARIF with a suppressed result located in the export, and its JSON report", async () => {
        const sarif = await write("sarif", "exempt", "audit", EXPORT, "--policy-config", cfg("prompt-attack-exempt-legacy.json"));
        assertValid(validSarif, sarif.doc, "SARIF with suppressions");
        const [result] = sarif.doc.runs[0].results;
        assert.equal(result.suppressions[0].status, "accepted");
        assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, "tests/fixtures/exports/two-guardrails.json");
        const lines = fs.readFileSync(EXPORT, "utf8").split("\n");
        assert.match(lines[result.locations[0].physicalLocation.region.startLine - 1], /"urn": ".*::legacy-guardrail"/);
        const json = await write("json", "exempt", "audit", EXPORT, "--policy-config", cfg("prompt-attack-exempt-legacy.json"));
        assertValid(validReport, json.doc, "JSON report of an audit");
    });

    it("runs that fail still write SARIF: executionSuccessful false and the reason, before the pack starts and after", async () => {
        const early = await write("sarif", "unknown-stack", "preview", "--stack", "qa");
        assert.equal(early.code, 2);
        assertValid(validSarif, early.doc, "SARIF of a run refused before any work");
        assert.equal(early.doc.runs[0].invocations[0].executionSuccessful, false);
        assert.match(early.doc.runs[0].invocations[0].toolExecutionNotifications[0].message.text, /Unknown stack "qa"/);
        const late = await write("sarif", "nothing", "audit", path.join(FIXTURES, "exports", "nothing-governed.json"));
        assert.equal(late.code, 2);
        assertValid(validSarif, late.doc, "SARIF of a run with nothing to judge");
        assert.equal(late.doc.runs[0].invocations[0].executionSuccessful, false);
        assert.match(late.doc.runs[0].invocations[0].toolExecutionNotifications[0].message.text, /^nothing to judge/);
        assert.equal(late.doc.runs[0].automationDetails.id, "ai-guardrails/audit/web/");
    });
});
