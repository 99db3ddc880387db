/**
 * The pack sets up the `@pulumi/policy` server before serving (policypack/index.ts): each resource
 * decoded once per request (lib/decode-once.ts) and dispatched to the rules of its type
 * (lib/dispatch-by-type.ts), the stack built once per analyzeStack (lib/stack-once.ts). Shown here:
 * the pack as served gives exactly the diagnostics and not-applicable answers of the same compiled
 * policies served by the SDK alone, over the Analyzer protocol, on inputs with findings of every
 * kind (violations after `up`, undecided verdicts at a first preview, a third-party export).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PolicyPackProcess } from "../../../cli/analyzer-client";
import { analyzeStack, Analysis } from "../../../cli/analysis";
import { readExportFile } from "../../../cli/audit";
import { parsePolicyConfig, ResolvedPolicyConfig } from "../../../cli/policy-config";
import { prepareStack, runStackProgram } from "../../../cli/preview";
import type { StackResource } from "../../../cli/protocol";
import { FIXTURES, PACK_DIR, packOptions } from "../../cli/fixtures";
import { runAppStack } from "../../helpers/org-wide";

const ROOT = path.join(__dirname, "..", "..", "..");

/** A pack folder serving the same compiled policies with the SDK alone. */
function packOfSdkAlone(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aig-sdk-alone-"));
    const version = (JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")) as { version: string }).version;
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "sdk-alone", version, main: "index.js" }));
    fs.writeFileSync(
        path.join(dir, "index.js"),
        [
            `const { PolicyPack } = require("@pulumi/policy");`,
            `const { PACK_METADATA, PACK_NAME, policies } = require(${JSON.stringify(path.join(PACK_DIR, "bin", "policies"))});`,
            `new PolicyPack(PACK_NAME, { ...PACK_METADATA, policies, enforcementLevel: "mandatory" });`,
            "",
        ].join("\n"),
    );
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

/** Everything the pack answered, in a form that compares: per-resource and stack diagnostics, and not-applicable answers. */
function answers(analysis: Analysis): string[] {
    const out: string[] = [];
    for (const [urn, result] of analysis.perResource) {
        for (const d of result.diagnostics) {
            out.push(`${urn} ${d.policyName} ${d.enforcementLevel} ${d.message}`);
        }
        for (const n of result.notApplicable) {
            out.push(`${urn} not applicable ${n.policyName}: ${n.reason}`);
        }
    }
    for (const d of analysis.stack.diagnostics) {
        out.push(`stack ${d.urn} ${d.policyName} ${d.enforcementLevel} ${d.message}`);
    }
    for (const n of analysis.stack.notApplicable) {
        out.push(`stack not applicable ${n.policyName}: ${n.reason}`);
    }
    return out.sort();
}

describe("the pack as served (decoded once, dispatched by type, the stack built once)", function () {
    this.timeout(300000);

    describe("gives every answer of the SDK alone", () => {
        let served: PolicyPackProcess;
        let sdkAlone: PolicyPackProcess;
        let servedConfig: ResolvedPolicyConfig;
        let sdkAloneConfig: ResolvedPolicyConfig;
        let sdkAloneDir: string;
        let findingsSeen = 0;

        before(async () => {
            sdkAloneDir = packOfSdkAlone();
            [served, sdkAlone] = await Promise.all([PolicyPackProcess.start(packOptions({ stack: "served-pack" })), PolicyPackProcess.start(packOptions({ stack: "served-pack", packDir: sdkAloneDir }))]);
            [servedConfig, sdkAloneConfig] = await Promise.all([served.configure(), sdkAlone.configure()]);
        });

        after(async () => {
            await Promise.all([served?.close(), sdkAlone?.close()]);
            if (sdkAloneDir) {
                fs.rmSync(sdkAloneDir, { recursive: true, force: true });
            }
            assert.ok(findingsSeen >= 40, `the inputs had findings to compare (${findingsSeen})`);
        });

        async function compare(resources: StackResource[]): Promise<void> {
            const a = answers(await analyzeStack(served, servedConfig, resources));
            const b = answers(await analyzeStack(sdkAlone, sdkAloneConfig, resources));
            assert.deepEqual(a, b);
            findingsSeen += a.filter((line) => !line.includes(" not applicable ")).length;
        }

        for (const stack of ["prod", "org"]) {
            it(`on stack ${stack} after up and at a first preview`, async () => {
                await compare((await runStackProgram(prepareStack(stack))).resources);
                await compare((await runStackProgram(prepareStack(stack), { unknowns: true })).resources);
            });
        }

        it("on an app stack of the test organization, judged without the org-wide config", async () => {
            await compare(await runAppStack());
        });

        it("with settings: enforcement levels (advisory, disabled) and a rule's own setting", async () => {
            const settings = parsePolicyConfig(
                JSON.stringify({
                    "agent-role-permission-boundary": "advisory",
                    "bedrock-model-invocation-logging": "disabled",
                    "bedrock-agent-session-ttl": { maxIdleSessionTtlSeconds: 600 },
                }),
            );
            const [servedWith, sdkAloneWith] = await Promise.all([PolicyPackProcess.start(packOptions({ stack: "served-pack" })), PolicyPackProcess.start(packOptions({ stack: "served-pack", packDir: sdkAloneDir }))]);
            try {
                const [a, b] = await Promise.all([servedWith.configure(settings), sdkAloneWith.configure(settings)]);
                const resources = (await runStackProgram(prepareStack("prod"))).resources;
                const answered = answers(await analyzeStack(servedWith, a, resources));
                assert.deepEqual(answered, answers(await analyzeStack(sdkAloneWith, b, resources)));
                assert.ok(
                    answered.some((line) => line.includes("bedrock-agent-session-ttl mandatory")),
                    "the setting gave a violation to compare",
                );
                assert.ok(!answered.some((line) => line.includes("bedrock-model-invocation-logging")), "the disabled policy answered nothing");
            } finally {
                await Promise.all([servedWith.close(), sdkAloneWith.close()]);
            }
        });

        it("on a third-party export", async () => {
            await compare(readExportFile(path.join(FIXTURES, "exports", "two-guardrails.json")).resources);
        });
    });
});
