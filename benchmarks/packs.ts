/**
 * The packs the benchmark puts side by side: the floor (benchmarks/empty-pack, no policies,
 * JavaScript), `@pulumi/awsguard` (installed on demand into benchmarks/.cache, never a project
 * dependency), this project's policies as no-ops (benchmarks/shape-pack: what the SDK itself costs
 * for them), and this project's pack as `pulumi preview --policy-pack policypack` runs it.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../cli/stack-config";

export interface PackUnderTest {
    key: "empty" | "awsguard" | "shape" | "this";
    label: string;
    dir: string;
}

export const CACHE_DIR = path.join(PROJECT_ROOT, "benchmarks", ".cache");

/** Pinned so runs compare: the last release, 26 policies over @pulumi/aws 4 types. */
const AWSGUARD_VERSION = "0.3.1";

export const EMPTY_PACK: PackUnderTest = { key: "empty", label: "empty pack (JS, floor)", dir: path.join(PROJECT_ROOT, "benchmarks", "empty-pack") };
export const THIS_PACK: PackUnderTest = { key: "this", label: "ai-guardrails (policypack/)", dir: path.join(PROJECT_ROOT, "policypack") };
/** This pack's policies doing nothing: what the SDK costs for a pack of this shape (benchmarks/shape-pack). */
export const SHAPE_PACK: PackUnderTest = { key: "shape", label: "ai-guardrails policies as no-ops", dir: path.join(PROJECT_ROOT, "benchmarks", "shape-pack") };

/**
 * A pack folder that runs every awsguard policy at `mandatory`, with awsguard installed there. Returns
 * the reason instead when it cannot be installed (no registry, no npm): the bench goes on without it.
 */
export function awsguardPack(): PackUnderTest | { unavailable: string } {
    const dir = path.join(CACHE_DIR, `awsguard-${AWSGUARD_VERSION}`);
    const installed = path.join(dir, "node_modules", "@pulumi", "awsguard", "package.json");
    if (!fs.existsSync(installed)) {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(
            path.join(dir, "package.json"),
            JSON.stringify({ name: "awsguard-benchmark", version: "0.0.1", private: true, main: "index.js", dependencies: { "@pulumi/awsguard": AWSGUARD_VERSION } }, null, 2),
        );
        fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
        fs.writeFileSync(path.join(dir, "index.js"), 'const { AwsGuard } = require("@pulumi/awsguard");\nnew AwsGuard({ all: "mandatory" });\n');
        process.stderr.write(`installing @pulumi/awsguard@${AWSGUARD_VERSION} into ${path.relative(PROJECT_ROOT, dir)} (once) ...\n`);
        // No install scripts: @pulumi/aws's would fetch its provider plugin, which a policy pack never runs.
        const npm = spawnSync("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, encoding: "utf8", shell: process.platform === "win32" });
        if (npm.status !== 0 || !fs.existsSync(installed)) {
            return { unavailable: `npm install @pulumi/awsguard@${AWSGUARD_VERSION} failed: ${(npm.error?.message ?? npm.stderr ?? "").trim().split("\n").slice(-3).join(" ")}` };
        }
    }
    return { key: "awsguard", label: `@pulumi/awsguard ${AWSGUARD_VERSION}`, dir };
}
