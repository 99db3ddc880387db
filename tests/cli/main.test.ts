/**
 * The `ai-guardrails` command: exit statuses, usage and input errors, and the formats end to end
 * with the pack spawned over the Analyzer protocol. A few cases run it as users do
 * (`node cli/bin.js ...`, what the package's `bin` and npm scripts run); the others call `main()`
 * in-process, which is the same code without a second Node start-up. Errors in arguments, stacks
 * and files are caught before any pack is started.
 */
import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PolicyPackProcess } from "../../cli/analyzer-client";
import { analyzeStack } from "../../cli/analysis";
import { readExportFile } from "../../cli/audit";
import { main } from "../../cli/main";
import { readPolicyConfigFile } from "../../cli/policy-config";
import { buildReport, renderJson, renderSarif, Report } from "../../cli/report";
import { FIXTURES, packOptions } from "./fixtures";

const ROOT = path.join(__dirname, "..", "..");
const BIN = path.join(ROOT, "cli", "bin.js");
const EXPORT = path.join(FIXTURES, "exports", "two-guardrails.json");
const policyConfig = (name: string) => path.join(FIXTURES, "policy-config", name);

interface Run {
    code: number;
    stdout: string;
    stderr: string;
}

/** Runs the command in-process, capturing what it prints. */
async function run(...args: string[]): Promise<Run> {
    let stdout = "";
    let stderr = "";
    const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
}

/** Runs `node cli/bin.js` in a child process, as the npm scripts and the `bin` entry do. */
function spawnBin(...args: string[]): Promise<Run> {
    return new Promise((resolve) => {
        execFile(process.execPath, [BIN, ...args], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
            resolve({ code: err ? ((err as any).code as number) : 0, stdout, stderr });
        });
    });
}

describe("ai-guardrails command: usage and input errors (exit 2, nothing analysed)", function () {
    this.timeout(60000);

    it("prints help with commands, flags, formats and exit statuses (through cli/bin.js)", async () => {
        const r = await spawnBin("--help");
        assert.equal(r.code, 0);
        for (const text of ["preview --stack <name>", "audit <export.json>", "--policy-config", "--format <fmt>", "sarif", "--mermaid <file>", "--verbose", "--unknowns", "--fail-on-undecided", "--framework", "Exit status"]) {
            assert.ok(r.stdout.includes(text), text);
        }
    });

    it("rejects a missing or unknown command and unknown flags", async () => {
        assert.equal((await run()).code, 2);
        const unknown = await run("deploy");
        assert.equal(unknown.code, 2);
        assert.match(unknown.stderr, /unknown command "deploy"/);
        const flag = await run("preview", "--stack", "dev", "--colour");
        assert.equal(flag.code, 2);
        assert.equal(flag.stderr, "ai-guardrails: unknown option --colour (see ai-guardrails --help)\n");
    });

    it("rejects an unknown format, and --mermaid without a file", async () => {
        const format = await run("audit", EXPORT, "--format", "xml");
        assert.equal(format.code, 2);
        assert.match(format.stderr, /--format xml: expected one of table, json, sarif/);
        assert.equal((await run("audit", EXPORT, "--format", "sarif", "--mermaid")).code, 2);
    });

    it("--mermaid writes the diagram to its file, beside the report on stdout", async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ai-guardrails-mermaid-")), "layers.mmd");
        const r = await run("audit", EXPORT, "--format", "json", "--mermaid", file);
        assert.equal(r.code, 1, r.stderr);
        assert.equal(JSON.parse(r.stdout).result, "failed");
        const diagram = fs.readFileSync(file, "utf8");
        assert.match(diagram, /^flowchart TB\n/);
        // Every resource of the export is in it.
        const exported = readExportFile(EXPORT).resources.filter((x) => x.custom && !x.type.startsWith("pulumi:providers:"));
        assert.ok(exported.length > 0);
        for (const resource of exported) {
            assert.ok(diagram.includes(resource.name), `the diagram shows ${resource.name}`);
        }
    });

    it("rejects an unknown stack, listing the available ones (through cli/bin.js: exit status 2)", async () => {
        const r = await spawnBin("preview", "--stack", "qa");
        assert.equal(r.code, 2);
        assert.match(r.stderr, /Unknown stack "qa".*Available stacks: .*dev.*prod.*staging/);
        assert.equal(r.stdout, "");
    });

    it("rejects invalid stack configuration with the validation message, before running the program", async () => {
        const r = await run("preview", "--stack", "invalid", "--config-dir", path.join(FIXTURES, "stacks"));
        assert.equal(r.code, 2);
        assert.match(r.stderr, /Invalid stack configuration/);
        assert.match(r.stderr, /ai-guardrails:accountId = "1234"/);
        assert.match(r.stderr, /ai-guardrails:guardrail\.harmFilters\.HATE\.input = "HIGHEST"/);
        assert.equal(r.stdout, "");
    });

    it("rejects an export file that is not an export, and an invalid policy config file", async () => {
        const bad = await run("audit", path.join(FIXTURES, "exports", "bad-resource.json"));
        assert.equal(bad.code, 2);
        assert.match(bad.stderr, /deployment\.resources\[2\]\.urn: expected a Pulumi URN/);
        assert.equal((await run("audit", path.join(FIXTURES, "exports", "truncated.json"))).code, 2);
        const cfg = await run("audit", EXPORT, "--policy-config", policyConfig("invalid-level.json"));
        assert.equal(cfg.code, 2);
        assert.match(cfg.stderr, /"strict" is not an enforcement level/);
    });

    it("rejects preview-only flags on audit and a second export file", async () => {
        assert.match((await run("audit", EXPORT, "--stack", "dev")).stderr, /apply to preview/);
        const undecided = await run("audit", EXPORT, "--fail-on-undecided");
        assert.equal(undecided.code, 2);
        assert.match(undecided.stderr, /--fail-on-undecided apply to preview; an export names its stack and has no unknowns/);
        assert.match((await run("audit", EXPORT, EXPORT)).stderr, /exactly one export file/);
    });
});

describe("ai-guardrails command: a policy pack that fails (exit 3)", function () {
    this.timeout(120000);

    it("reports the pack's own error output and exits 3", async () => {
        const r = await run("audit", EXPORT, "--policy-pack", path.join(FIXTURES, "broken-pack"));
        assert.equal(r.code, 3);
        assert.match(r.stderr, /the policy pack failed: the policy pack exited before it was ready/);
        assert.match(r.stderr, /this policy pack fails on purpose while starting/);
        assert.equal(r.stdout, "");
    });
});

describe("ai-guardrails command: verdicts and exit statuses over the Analyzer protocol", function () {
    // Each run spawns and type-checks the pack, as the Pulumi CLI does.
    this.timeout(240000);

    it("audit: exits 1 on a mandatory violation and shows it next to the passing resource (through cli/bin.js)", async () => {
        const r = await spawnBin("audit", EXPORT, "--policy-config", policyConfig("prompt-attack-only.json"));
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stdout, /Violations on 1 resource .*\n {2}legacy-guardrail {2}aws:bedrock\/guardrail:Guardrail {2}tests\/fixtures\/exports\/two-guardrails\.json:\d+\n {4}MANDATORY {2}bedrock-guardrail-prompt-attack-high \(AIG-MI-1\)/);
        assert.doesNotMatch(r.stdout, /modern-guardrail/, "a resource that passed is not listed by default");
        assert.match(r.stdout, /Result: FAILED \(1 mandatory violation\)\n$/);
        const verbose = await run("audit", EXPORT, "--policy-config", policyConfig("prompt-attack-only.json"), "--verbose");
        assert.match(verbose.stdout, /modern-guardrail {2}aws:bedrock\/guardrail:Guardrail {2}\(protected\)\n\s+judged by: bedrock-guardrail-prompt-attack-high\n/);
    });

    it("preview: runs the dev stack's program and reports it by layer, exit status matching the verdicts (json, --output, timings)", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ai-guardrails-test-"));
        const out = path.join(dir, "report.json");
        const r = await run("preview", "--stack", "dev", "--format", "json", "--output", out, "--timings");
        assert.equal(r.stdout, "");
        const report = JSON.parse(fs.readFileSync(out, "utf8"));
        fs.rmSync(dir, { recursive: true, force: true });
        assert.equal(r.code, report.exitCode, r.stderr);
        assert.equal(report.exitCode, report.summary.mandatory > 0 ? 1 : 0);
        assert.equal(report.source.stack, "dev");
        assert.ok(report.layers.some((l: any) => l.layer === "model"));
        assert.ok(report.summary.analyzed > 0);
        assert.ok(report.summary.passed > 0);
        assert.match(r.stderr, /timing: policy pack start-up \(spawn to port\): \d+ ms/);
        assert.match(r.stderr, new RegExp(`timing: analyzeStack: [\\d.]+ ms for the report's ${report.summary.resources} resources`), "one count everywhere");
        assert.match(r.stderr, /timing: \d+ analyze calls, mean/);
    });

    it("preview --unknowns: a first preview that leaves verdicts undecided is not a plain OK (exit 0, the result line counts them)", async () => {
        const r = await run("preview", "--stack", "dev", "--unknowns");
        assert.equal(r.code, 0, r.stderr);
        const undecided = Number(/\((\d+) undecided at preview\)/.exec(r.stdout)?.[1]);
        assert.ok(undecided > 0);
        assert.match(r.stdout, new RegExp(`Result: OK so far \\(no mandatory violations; ${undecided} verdicts undecided at preview, judged when their resources are created; --fail-on-undecided fails on them\\)\n$`));
    });

    it("preview --unknowns --fail-on-undecided: a first preview that leaves verdicts undecided fails (exit 1), and says why", async () => {
        const r = await run("preview", "--stack", "dev", "--unknowns", "--fail-on-undecided");
        assert.equal(r.code, 1, r.stderr);
        const undecided = Number(/\((\d+) undecided at preview\)/.exec(r.stdout)?.[1]);
        assert.ok(undecided > 0);
        assert.match(r.stdout, new RegExp(`Result: FAILED \\(${undecided} verdicts undecided at preview, with --fail-on-undecided\\)\n$`));
        // Every undecided verdict names its resource and the property it waits for.
        const reasons = r.stdout.split("\n").filter((l) => l.includes("can't run policy"));
        assert.equal(reasons.length, undecided);
        for (const line of reasons) {
            assert.match(line, / value at \.\S+ can't be known during preview/, line);
        }
    });
});

describe("ai-guardrails audit pipeline: exemptions and SARIF from the pack's answers", function () {
    // One pack for these cases: the export is read and analysed as the command does, without
    // starting a pack per case.
    this.timeout(240000);
    let pack: PolicyPackProcess;

    before(async () => {
        pack = await PolicyPackProcess.start(packOptions({ stack: "audit-demo", dryRun: false }));
    });

    after(async () => {
        await pack?.close();
    });

    async function audit(configFile: string): Promise<Report> {
        const exported = readExportFile(EXPORT);
        const config = await pack.configure(readPolicyConfigFile(policyConfig(configFile)));
        const analysis = await analyzeStack(pack, config, exported.resources);
        return buildReport(analysis, { kind: "audit", stack: exported.stack, file: "tests/fixtures/exports/two-guardrails.json" }, { name: "ai-guardrails", version: "test" }, { notes: exported.notes });
    }

    it("an exemption in the policy config turns the violation into exempt and the exit status into 0", async () => {
        const report = JSON.parse(renderJson(await audit("prompt-attack-exempt-legacy.json")));
        assert.equal(report.exitCode, 0);
        const guardrails = report.layers.find((l: any) => l.layer === "model").resources.filter((x: any) => x.type === "aws:bedrock/guardrail:Guardrail");
        const findingsOf = (name: string) => guardrails.find((g: any) => g.name === name).findings;
        assert.deepEqual(findingsOf("legacy-guardrail").map((f: any) => f.verdict), ["exempt"]);
        assert.match(findingsOf("legacy-guardrail")[0].messages[0], /\[exempt\].*replaced by modern-guardrail in Q3; approved by security-lead; expires 2999-12-31/);
        assert.deepEqual(findingsOf("modern-guardrail").map((f: any) => f.verdict), ["passed"]);
        assert.ok(report.notes.some((n: string) => /encrypted secret values/.test(n)));
    });

    it("an advisory level gives one SARIF warning located by the resource's URN, and exit status 0", async () => {
        const report = await audit("prompt-attack-advisory.json");
        assert.equal(report.exitCode, 0);
        const sarif = JSON.parse(renderSarif(report));
        assert.equal(sarif.version, "2.1.0");
        assert.equal(sarif.runs[0].results.length, 1);
        const [result] = sarif.runs[0].results;
        assert.equal(result.ruleId, "AIG-MI-1");
        assert.equal(sarif.runs[0].tool.driver.rules[result.ruleIndex].name, "bedrock-guardrail-prompt-attack-high");
        assert.equal(result.level, "warning");
        assert.equal(result.locations[0].logicalLocations[0].fullyQualifiedName, "urn:pulumi:audit-demo::ai-guardrails::ai-guardrails:model:ModelGuardrail$aws:bedrock/guardrail:Guardrail::legacy-guardrail");
        assert.equal(sarif.runs[0].tool.driver.rules[result.ruleIndex].id, result.ruleId);
        assert.equal(sarif.runs[0].tool.driver.rules.length, report.policies.length);
    });
});
