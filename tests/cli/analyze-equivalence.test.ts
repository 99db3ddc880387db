/**
 * `ai-guardrails audit` and `pulumi policy analyze --file` report the same violations for the same
 * export, as far as that can be checked without the Pulumi CLI: the same pack, sent the same
 * properties. The second is emulated from its source (pulumi/pulumi
 * pkg/resource/deploy/analyze_snapshot.go): `analyze` for every resource of the snapshot that is
 * not pending deletion (components, providers and the stack included) with its inputs and its
 * provider, then `analyzeStack` once with every resource's outputs. The audit sends `analyze` for
 * custom resources only, so this shows that the difference changes no verdict. Not checkable here:
 * secrets (the Pulumi CLI decrypts them with the stack's secrets provider; an offline audit sends
 * encrypted ones as unknown) and the CLI's own display.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { PolicyPackProcess } from "../../cli/analyzer-client";
import { analyzeStack } from "../../cli/analysis";
import { readExportFile } from "../../cli/audit";
import { readPolicyConfigFile } from "../../cli/policy-config";
import type { Diagnostic } from "../../cli/protocol";
import { allFindings, buildReport } from "../../cli/report";
import { FIXTURES, packOptions } from "./fixtures";

const LEVEL_ORDER = ["mandatory", "advisory"];

/** (policy, resource) -> the worst level, the way a reader of either output sees violations. */
function byPolicyAndResource(entries: { policy: string; urn: string; level: string }[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of entries) {
        const key = `${e.policy} on ${e.urn || "(stack)"}`;
        const current = out[key];
        out[key] = current === undefined || LEVEL_ORDER.indexOf(e.level) < LEVEL_ORDER.indexOf(current) ? e.level : current;
    }
    return out;
}

describe("audit and `pulumi policy analyze --file` report the same violations for the same export", function () {
    this.timeout(240000);
    let pack: PolicyPackProcess;

    before(async () => {
        pack = await PolicyPackProcess.start(packOptions({ stack: "audit-demo", dryRun: false }));
    });

    after(async () => {
        await pack?.close();
    });

    for (const [exportName, configName] of [
        ["two-guardrails.json", undefined],
        ["two-guardrails.json", "prompt-attack-only.json"],
        ["two-guardrails.json", "prompt-attack-exempt-legacy.json"],
    ] as const) {
        it(`${exportName}${configName ? ` with ${configName}` : " with the default settings"}`, async () => {
            const exported = readExportFile(path.join(FIXTURES, "exports", exportName));
            const config = await pack.configure(configName ? readPolicyConfigFile(path.join(FIXTURES, "policy-config", configName)) : {});

            // What the audit reports.
            const report = buildReport(await analyzeStack(pack, config, exported.resources), { kind: "audit", file: exportName }, { name: "ai-guardrails", version: "test" });
            const audit = byPolicyAndResource(
                allFindings(report)
                    .filter((f) => f.verdict !== "passed")
                    .map((f) => ({ policy: f.policy, urn: f.urn ?? "", level: f.enforcementLevel })),
            );

            // What `pulumi policy analyze` would send and report.
            const diagnostics: Diagnostic[] = [];
            for (const r of exported.resources) {
                diagnostics.push(...(await pack.analyze(r)).diagnostics);
            }
            diagnostics.push(...(await pack.analyzeStack(exported.resources)).diagnostics);
            const analyze = byPolicyAndResource(diagnostics.map((d) => ({ policy: d.policyName, urn: d.urn, level: d.enforcementLevel })));

            assert.deepEqual(audit, analyze);
            assert.ok(Object.keys(audit).length > 0, "the comparison has violations to compare");
        });
    }
});
