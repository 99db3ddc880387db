/**
 * Bad input, table-driven: each case, the exit status and the one line it prints. None prints a
 * stack trace or anything on stdout, and the ones marked `early` fail before any work (no program
 * run, no pack started), which a run of the stack would take seconds to reach.
 */
import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../cli/main";
import { FIXTURES } from "./fixtures";

const ROOT = path.join(__dirname, "..", "..");
const EXPORT = path.join(FIXTURES, "exports", "two-guardrails.json");
const cfg = (name: string) => path.join(FIXTURES, "policy-config", name);
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "ai-guardrails-bad-input-"));
const BOM_EXPORT = path.join(TMP, "bom-export.json");
fs.writeFileSync(BOM_EXPORT, "\ufeff" + fs.readFileSync(EXPORT, "utf8"));

interface Case {
    name: string;
    args: string[];
    line: string | RegExp;
    early: boolean;
}

const CASES: Case[] = [
    { name: "an unknown flag", args: ["preview", "--stack", "dev", "--colour"], line: "ai-guardrails: unknown option --colour (see ai-guardrails --help)", early: true },
    { name: "a misspelt flag", args: ["audit", EXPORT, "--outptu", "x.json"], line: "ai-guardrails: unknown option --outptu (did you mean --output?) (see ai-guardrails --help)", early: true },
    { name: "--output with an empty name", args: ["preview", "--stack", "dev", "--output", ""], line: "ai-guardrails: --output needs a file name (got an empty string) (see ai-guardrails --help)", early: true },
    { name: "--output in a folder that does not exist", args: ["preview", "--stack", "dev", "--output", "/nonexistent-folder/report.json"], line: "ai-guardrails: --output /nonexistent-folder/report.json: cannot write there: the folder /nonexistent-folder does not exist", early: true },
    { name: "--output naming a folder", args: ["audit", EXPORT, "--output", TMP], line: `ai-guardrails: --output ${TMP}: is a folder, not a file`, early: true },
    { name: "--mermaid in a folder that does not exist", args: ["audit", EXPORT, "--mermaid", "/nonexistent-folder/layers.mmd"], line: "ai-guardrails: --mermaid /nonexistent-folder/layers.mmd: cannot write there: the folder /nonexistent-folder does not exist", early: true },
    { name: "a --config-dir that does not exist", args: ["preview", "--stack", "dev", "--config-dir", "/nonexistent-folder"], line: "ai-guardrails: --config-dir /nonexistent-folder: no such folder", early: true },
    { name: "an unknown format", args: ["audit", EXPORT, "--format", "xml"], line: "ai-guardrails: --format xml: expected one of table, json, sarif (see ai-guardrails --help)", early: true },
    { name: "an export with a byte-order mark", args: ["audit", BOM_EXPORT], line: `ai-guardrails: export ${BOM_EXPORT}: starts with a byte-order mark, which JSON does not allow; save it as UTF-8 without one`, early: true },
    { name: "an export that does not exist", args: ["audit", "/nonexistent-folder/export.json"], line: "ai-guardrails: export /nonexistent-folder/export.json: cannot read (ENOENT)", early: true },
    { name: "an export with no resources", args: ["audit", path.join(FIXTURES, "exports", "no-resources.json")], line: `ai-guardrails: nothing to judge: ${path.join(FIXTURES, "exports", "no-resources.json")} has no resources`, early: true },
    { name: "an empty policy config", args: ["audit", EXPORT, "--policy-config", cfg("empty.json")], line: `ai-guardrails: invalid policy pack configuration: ${cfg("empty.json")}: the file is empty; expected a JSON object of policy name -> enforcement level or settings`, early: true },
    { name: "a policy config that is not an object", args: ["audit", EXPORT, "--policy-config", cfg("not-an-object.json")], line: `ai-guardrails: invalid policy pack configuration: ${cfg("not-an-object.json")}: expected a JSON object of policy name -> enforcement level or settings`, early: true },
    { name: "an unknown stack", args: ["preview", "--stack", "qa"], line: /^ai-guardrails: Unknown stack "qa": no stacks\/Pulumi\.qa\.yaml\. Available stacks: dev, org, prod, staging$/, early: true },
    {
        name: "a misspelt policy setting",
        args: ["audit", EXPORT, "--policy-config", cfg("unknown-key.json")],
        line: 'ai-guardrails: invalid policy pack configuration: bedrock-guardrail-harm-filters: unknown key "minimumStrenght" (did you mean "minimumStrength"?)',
        early: false,
    },
    {
        name: "an exemption expiring on a day that does not exist",
        args: ["audit", EXPORT, "--policy-config", cfg("impossible-expiry.json")],
        line: /^ai-guardrails: invalid policy pack configuration: bedrock-agent-session-ttl(\.exemptions\[0\]\.expires: Invalid ISO date|: exemptions\[0\]\.expires: "2027-02-30" is not a calendar date \(YYYY-MM-DD\))$/,
        early: false,
    },
    {
        name: "an export with nothing the pack governs",
        args: ["audit", path.join(FIXTURES, "exports", "nothing-governed.json")],
        line: `ai-guardrails: nothing to judge: no policy of ai-guardrails governs any of the 1 resource of ${path.join(FIXTURES, "exports", "nothing-governed.json")} (every policy was not applicable)`,
        early: false,
    },
];

describe("ai-guardrails command: bad input fails in one line with exit status 2", function () {
    this.timeout(120000);
    after(() => fs.rmSync(TMP, { recursive: true, force: true }));

    for (const c of CASES) {
        it(`${c.name}: exit 2, ${c.early ? "before any work, " : ""}one line`, async () => {
            let stdout = "";
            let stderr = "";
            const started = Date.now();
            const code = await main(c.args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
            const ms = Date.now() - started;
            assert.equal(code, 2, stderr);
            assert.equal(stdout, "");
            assert.ok(stderr.endsWith("\n") && stderr.indexOf("\n") === stderr.length - 1, `one line: ${JSON.stringify(stderr)}`);
            const line = stderr.trimEnd();
            if (typeof c.line === "string") {
                assert.equal(line, c.line);
            } else {
                assert.match(line, c.line);
            }
            assert.doesNotMatch(stderr, /^\s+at /m, "no stack trace");
            if (c.early) {
                assert.ok(ms < 1500, `failed before any work (${ms} ms)`);
            }
        });
    }

    it("prints the same one line from the installed command (cli/bin.js), with nothing on stdout", async () => {
        const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
            execFile(process.execPath, [path.join(ROOT, "cli", "bin.js"), "audit", BOM_EXPORT], { cwd: ROOT }, (err, stdout, stderr) => resolve({ code: err ? ((err as any).code as number) : 0, stdout, stderr })),
        );
        assert.equal(r.code, 2);
        assert.equal(r.stdout, "");
        assert.equal(r.stderr, `ai-guardrails: export ${BOM_EXPORT}: starts with a byte-order mark, which JSON does not allow; save it as UTF-8 without one\n`);
    });
});
