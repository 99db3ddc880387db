/**
 * How the policy pack's cost grows with the size of a stack, measured over the real Analyzer
 * protocol (the pack spawned as the Pulumi CLI spawns it).
 *
 * The prod stack's baseline is instantiated 1, 4 and 16 times in one program under the mock runtime
 * (every copy with its own names and ARNs), and the resources go through `analyze` (one call per
 * resource, every resource policy) and `analyzeStack` (one call, every stack policy). If no rule
 * scans the stack once per resource, cost per resource stays flat as the stack grows: the ratios
 * printed at the end are the evidence. Run: `npm run bench`.
 */
import * as aws from "@pulumi/aws";
import { analyzeStack } from "../cli/analysis";
import { PolicyPackProcess } from "../cli/analyzer-client";
import { runUnderMocks } from "../cli/mock-runtime";
import { prepareStack, toStackResources } from "../cli/preview";
import { PROJECT_ROOT } from "../cli/stack-config";
import { AiSecurityBaseline } from "../components/baseline";
import { loadStackConfig } from "../components/config";
import * as path from "path";

const COPIES = [1, 4, 16];

async function resourcesFor(copies: number) {
    const prepared = prepareStack("prod");
    const { resources } = await runUnderMocks({ project: prepared.project, stack: prepared.stack, config: prepared.config, context: prepared.context }, () => {
        const config = loadStackConfig(prepared.config);
        const provider = new aws.Provider("aws", { region: config.region, allowedAccountIds: [config.accountId] });
        for (let i = 0; i < copies; i++) {
            new AiSecurityBaseline(`ai${i}`, config, { providers: [provider] });
        }
    });
    return { prepared, resources: toStackResources(resources) };
}

function sum(values: number[]): number {
    return values.reduce((a, b) => a + b, 0);
}

async function main(): Promise<void> {
    const { prepared } = await resourcesFor(1);
    const pack = await PolicyPackProcess.start({ packDir: path.join(PROJECT_ROOT, "policypack"), project: prepared.project, stack: "prod", dryRun: false, config: prepared.config });
    const rows: { copies: number; resources: number; analyzed: number; analyzeMs: number; stackMs: number }[] = [];
    try {
        const config = await pack.configure({});
        // One warm-up pass: the first calls load the action catalogue and the Cedar engine.
        await analyzeStack(pack, config, (await resourcesFor(1)).resources);
        for (const copies of COPIES) {
            const { resources } = await resourcesFor(copies);
            const analysis = await analyzeStack(pack, config, resources);
            rows.push({ copies, resources: resources.length, analyzed: analysis.timings.analyzeMs.length, analyzeMs: sum(analysis.timings.analyzeMs), stackMs: analysis.timings.analyzeStackMs });
        }
    } finally {
        await pack.close();
    }
    console.log(`policy pack start-up (spawn to port): ${pack.startupMs} ms`);
    console.log("copies  resources  analyze total ms  per analyze ms  analyzeStack ms  analyzeStack ms per resource");
    for (const r of rows) {
        console.log(
            [String(r.copies).padStart(6), String(r.resources).padStart(10), r.analyzeMs.toFixed(0).padStart(17), (r.analyzeMs / r.analyzed).toFixed(2).padStart(15), r.stackMs.toFixed(0).padStart(16), (r.stackMs / r.resources).toFixed(3).padStart(29)].join(" "),
        );
    }
    const first = rows[0];
    const last = rows[rows.length - 1];
    const size = last.resources / first.resources;
    console.log(`\nstack ${size.toFixed(1)}x larger: analyze cost per resource x${(last.analyzeMs / last.analyzed / (first.analyzeMs / first.analyzed)).toFixed(2)}, analyzeStack total x${(last.stackMs / first.stackMs).toFixed(1)} (linear would be x${size.toFixed(1)}; per resource x${(last.stackMs / last.resources / (first.stackMs / first.resources)).toFixed(2)})`);
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
