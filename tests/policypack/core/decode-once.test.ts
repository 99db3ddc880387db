/**
 * The pack decodes each resource once per Analyzer request (policypack/lib/decode-once.ts) instead
 * of once per policy, as the `@pulumi/policy` server alone does. Shown here: the memo is installed
 * with the pinned SDK and answers the same object for the same Struct; and the pack with it gives
 * exactly the diagnostics and not-applicable answers of the same policies served without it, over
 * the Analyzer protocol, on inputs with findings of every kind (violations after `up`, undecided
 * verdicts at a first preview, a third-party export).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PolicyPackProcess } from "../../../cli/analyzer-client";
import { analyzeStack, Analysis } from "../../../cli/analysis";
import { readExportFile } from "../../../cli/audit";
import { ResolvedPolicyConfig } from "../../../cli/policy-config";
import { prepareStack, runStackProgram } from "../../../cli/preview";
import type { StackResource } from "../../../cli/protocol";
import { decodeEachResourceOnce } from "../../../policypack/lib/decode-once";
import { FIXTURES, PACK_DIR, packOptions } from "../../cli/fixtures";
import { runAppStack } from "../../helpers/org-wide";

const ROOT = path.join(__dirname, "..", "..", "..");

/** A pack folder serving the same compiled policies with the SDK's own per-policy decoding. */
function packWithoutMemo(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aig-decode-per-policy-"));
    const version = (JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")) as { version: string }).version;
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "decode-per-policy", version, main: "index.js" }));
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

describe("each resource decoded once per request (decode-once)", function () {
    this.timeout(300000);

    it("is installed in the pinned @pulumi/policy and answers one object per Struct", () => {
        assert.equal(decodeEachResourceOnce(), true);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const sdk = require("@pulumi/policy/deserialize") as { deserializeProperties: (s: unknown, secrets: boolean) => Record<string, unknown> };
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
        const one = Struct.fromJavaScript({ name: "a", tags: { k: "v" } });
        const other = Struct.fromJavaScript({ name: "a", tags: { k: "v" } });
        const first = sdk.deserializeProperties(one, false);
        assert.deepEqual(first, { name: "a", tags: { k: "v" } });
        assert.equal(sdk.deserializeProperties(one, false), first, "the same Struct gives the same decoded object");
        assert.notEqual(sdk.deserializeProperties(other, false), first, "another Struct is decoded on its own");
        assert.equal(decodeEachResourceOnce(), true, "installing twice keeps one memo");
    });

    describe("gives the verdicts of the SDK's per-policy decoding", () => {
        let withMemo: PolicyPackProcess;
        let withoutMemo: PolicyPackProcess;
        let memoConfig: ResolvedPolicyConfig;
        let plainConfig: ResolvedPolicyConfig;
        let plainDir: string;
        let findingsSeen = 0;

        before(async () => {
            plainDir = packWithoutMemo();
            [withMemo, withoutMemo] = await Promise.all([PolicyPackProcess.start(packOptions({ stack: "decode-once" })), PolicyPackProcess.start(packOptions({ stack: "decode-once", packDir: plainDir }))]);
            [memoConfig, plainConfig] = await Promise.all([withMemo.configure(), withoutMemo.configure()]);
        });

        after(async () => {
            await Promise.all([withMemo?.close(), withoutMemo?.close()]);
            if (plainDir) {
                fs.rmSync(plainDir, { recursive: true, force: true });
            }
            assert.ok(findingsSeen >= 40, `the inputs had findings to compare (${findingsSeen})`);
        });

        async function compare(resources: StackResource[]): Promise<void> {
            const a = answers(await analyzeStack(withMemo, memoConfig, resources));
            const b = answers(await analyzeStack(withoutMemo, plainConfig, resources));
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

        it("on a third-party export", async () => {
            await compare(readExportFile(path.join(FIXTURES, "exports", "two-guardrails.json")).resources);
        });
    });
});
