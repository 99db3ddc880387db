/**
 * `npm run bench`: what the policy pack costs, measured, side by side with the floor (a compiled
 * pack with no policies) and with @pulumi/awsguard, in one run on this machine.
 *
 * - packs: each pack (the empty one, awsguard, this pack's policies as no-ops, this pack) is
 *   spawned as `pulumi preview --policy-pack <dir>` spawns it (`@pulumi/pulumi/cmd/run-policy-pack`)
 *   and driven over the Analyzer protocol with 1, 8 and 64 copies of the prod stack (its program
 *   under the mock runtime, replicated with distinct URNs, names and IDs): start-up (spawn to port),
 *   `analyze` per resource, `analyzeStack` per resource, peak memory of the pack process; the
 *   ratios to the other packs; the growth of the per-resource cost from the smallest stack to the
 *   largest. Each size is measured in rounds (`--rounds`, 3 by default), every pack once per round
 *   in an order that turns from round to round, and each figure is the median of the rounds: the
 *   load of a shared machine drifts in minutes, and packs measured one after the other would
 *   otherwise compare different moments.
 * - preview: `ai-guardrails preview` of a stack with 100 agents and 20 gateways.
 * - audit: `ai-guardrails audit` of a ~50 MiB `pulumi stack export` file, with this pack and with
 *   the empty one (what the CLI and an Analyzer server need for that file whatever the rules).
 * - test: `npm test`, wall time.
 *
 * `npm run bench -- --only packs,audit` runs some sections; `-- --rounds 5` measures the packs in
 * more rounds. Figures are for comparison on one
 * machine; nothing here asserts a time.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { PolicyPackProcess, StackResource } from "../cli/analyzer-client";
import { analyzedResources } from "../cli/analysis";
import { PreparedStack } from "../cli/preview";
import { PROJECT_ROOT } from "../cli/stack-config";
import { awsguardPack, CACHE_DIR, EMPTY_PACK, PackUnderTest, SHAPE_PACK, THIS_PACK } from "./packs";
import { prodStack, replicate, writeAgentsStack, writeExport } from "./stacks";

const SECTIONS = ["packs", "preview", "audit", "test"] as const;
type Section = (typeof SECTIONS)[number];
const COPIES = [1, 8, 64];
const DEFAULT_ROUNDS = 3;
const EXPORT_BYTES = 50 * 1024 * 1024;

interface Pass {
    analyzeMs: number;
    analyzeCpuMs: number;
    analyzeStackMs: number;
    analyzeStackCpuMs: number;
    /** Resource-policy checks that applied (policy x resource, not "not applicable"). */
    applied: number;
    /** Diagnostics of any level, from analyze and analyzeStack. */
    findings: number;
}

interface PackRun {
    pack: PackUnderTest;
    copies: number;
    resources: number;
    analyzed: number;
    startupMs: number;
    /** CPU time the pack process spent starting (all its threads). */
    startupCpuMs: number;
    /** The first stack the pack sees (one prod copy), cold: what loading on first use costs. */
    first: Pass;
    /** The measured stack, after that first one. */
    measured: Pass;
    peakMb: number;
}

/** Peak resident memory of a live process (Linux), in MB. */
function peakMbOf(pid: number): number {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? NaN) / 1024;
}

/**
 * CPU time a live process has used so far, in ms, over all its threads (Linux schedstat, in ns).
 * Wall times on a shared machine include waiting for a core; CPU time is the work itself.
 */
function cpuMsOf(pid: number): number {
    let ns = 0;
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
        try {
            ns += Number(fs.readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
        } catch {
            // The thread ended between the listing and the read.
        }
    }
    return ns / 1e6;
}

const since = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

/** The engine's calls for one stack, in the engine's order (cli/analysis.ts): analyze each custom resource, then analyzeStack. */
async function pass(proc: PolicyPackProcess, resources: StackResource[], resourcePolicies: number): Promise<Pass> {
    const pid = proc.pid!;
    let applied = 0;
    let findings = 0;
    let analyzeMs = 0;
    const cpuBeforeAnalyze = cpuMsOf(pid);
    for (const r of analyzedResources(resources)) {
        const t = process.hrtime.bigint();
        const result = await proc.analyze(r);
        analyzeMs += since(t);
        applied += resourcePolicies - new Set(result.notApplicable.map((n) => n.policyName)).size;
        findings += result.diagnostics.length;
    }
    const cpuBeforeStack = cpuMsOf(pid);
    const t = process.hrtime.bigint();
    const stack = await proc.analyzeStack(resources);
    const analyzeStackMs = since(t);
    const cpuAfterStack = cpuMsOf(pid);
    findings += stack.diagnostics.length;
    return { analyzeMs, analyzeCpuMs: cpuBeforeStack - cpuBeforeAnalyze, analyzeStackMs, analyzeStackCpuMs: cpuAfterStack - cpuBeforeStack, applied, findings };
}

async function runPack(pack: PackUnderTest, prepared: PreparedStack, one: StackResource[], resources: StackResource[], copies: number): Promise<PackRun> {
    const proc = await PolicyPackProcess.start({ packDir: pack.dir, project: prepared.project, stack: prepared.stack, dryRun: true, config: prepared.config });
    try {
        const startupCpuMs = cpuMsOf(proc.pid!);
        await proc.configure({});
        const resourcePolicies = (await proc.getAnalyzerInfo()).policies.filter((p) => p.kind === "resource").length;
        const first = await pass(proc, one, resourcePolicies);
        const measured = await pass(proc, resources, resourcePolicies);
        return { pack, copies, resources: resources.length, analyzed: analyzedResources(resources).length, startupMs: proc.startupMs, startupCpuMs, first, measured, peakMb: peakMbOf(proc.pid!) };
    } finally {
        await proc.close();
    }
}

/** Per-resource figures of a run's measured pass. */
function perResource(r: PackRun) {
    return {
        analyzeMs: r.measured.analyzeMs / r.analyzed,
        analyzeCpuMs: r.measured.analyzeCpuMs / r.analyzed,
        analyzeStackMs: r.measured.analyzeStackMs / r.resources,
        analyzeStackCpuMs: r.measured.analyzeStackCpuMs / r.resources,
    };
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One figure per field: the median over the rounds of a pack on a stack size. */
function medianRun(rounds: PackRun[]): PackRun {
    const passOf = (pick: (r: PackRun) => Pass): Pass => ({
        analyzeMs: median(rounds.map((r) => pick(r).analyzeMs)),
        analyzeCpuMs: median(rounds.map((r) => pick(r).analyzeCpuMs)),
        analyzeStackMs: median(rounds.map((r) => pick(r).analyzeStackMs)),
        analyzeStackCpuMs: median(rounds.map((r) => pick(r).analyzeStackCpuMs)),
        applied: pick(rounds[0]).applied,
        findings: pick(rounds[0]).findings,
    });
    return {
        ...rounds[0],
        startupMs: median(rounds.map((r) => r.startupMs)),
        startupCpuMs: median(rounds.map((r) => r.startupCpuMs)),
        first: passOf((r) => r.first),
        measured: passOf((r) => r.measured),
        peakMb: median(rounds.map((r) => r.peakMb)),
    };
}

function table(header: string[], rows: (string | number)[][]): string {
    const line = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
    return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

const x = (a: number, b: number | undefined) => (b === undefined || !(b > 0) ? "-" : `${(a / b).toFixed(2)}x`);

/** The prod stack under mocks, run once for every section that needs it. */
let prod: ReturnType<typeof prodStack> | undefined;
const prodOnce = () => (prod ??= prodStack());

async function packsSection(out: string[], rounds: number): Promise<void> {
    const awsguard = awsguardPack();
    const packs: PackUnderTest[] = [EMPTY_PACK, ...("unavailable" in awsguard ? [] : [awsguard]), SHAPE_PACK, THIS_PACK];
    if ("unavailable" in awsguard) {
        out.push(`awsguard not measured: ${awsguard.unavailable}\n`);
    }
    const { prepared, resources } = await prodOnce();
    const runs: PackRun[] = [];
    const differing: string[] = [];
    for (const copies of COPIES) {
        const stack = replicate(resources, copies);
        const byPack = new Map<PackUnderTest, PackRun[]>(packs.map((p) => [p, []]));
        for (let round = 0; round < rounds; round++) {
            // Each round starts with another pack, so no pack always runs first or last.
            for (const pack of packs.map((_, i) => packs[(i + round) % packs.length])) {
                process.stderr.write(`packs: round ${round + 1} of ${rounds}, ${pack.label}, ${stack.length} resources ...\n`);
                byPack.get(pack)!.push(await runPack(pack, prepared, resources, stack, copies));
            }
        }
        for (const [pack, packRuns] of byPack) {
            if (packRuns.some((r) => r.measured.applied !== packRuns[0].measured.applied || r.measured.findings !== packRuns[0].measured.findings)) {
                differing.push(`${pack.label} at ${stack.length} resources`);
            }
            runs.push(medianRun(packRuns));
        }
    }
    if (differing.length > 0) {
        out.push(`WARNING: checks or findings differ between rounds for ${differing.join(", ")}: the runs did not judge the same\n`);
    }
    const of = (key: PackUnderTest["key"], copies: number) => runs.find((r) => r.pack.key === key && r.copies === copies);
    const pair = (wall: number, cpu: number, digits: number) => `${wall.toFixed(digits)} (${cpu.toFixed(digits)})`;
    out.push(
        "Packs over the Analyzer protocol, on copies of the prod stack. Wall time as the caller waits for it (the client's side of each round trip included); in brackets, CPU time of the pack process (all its threads). " +
            "Each pack first judges one prod copy (\"first stack\": code loaded on first use, cold JIT), then the measured stack. " +
            `Each figure is the median of ${rounds} rounds; in each round every pack runs once, in an order that turns from round to round.\n`,
        table(
            ["pack", "resources (analysed)", "start-up s", "first stack s", "analyze ms/resource", "analyzeStack ms/resource", "peak MB", "checks applied", "findings"],
            runs.map((r) => {
                const p = perResource(r);
                return [
                    r.pack.label,
                    `${r.resources} (${r.analyzed})`,
                    pair(r.startupMs / 1000, r.startupCpuMs / 1000, 2),
                    pair((r.first.analyzeMs + r.first.analyzeStackMs) / 1000, (r.first.analyzeCpuMs + r.first.analyzeStackCpuMs) / 1000, 2),
                    pair(p.analyzeMs, p.analyzeCpuMs, 3),
                    pair(p.analyzeStackMs, p.analyzeStackCpuMs, 3),
                    r.peakMb.toFixed(0),
                    r.measured.applied,
                    r.measured.findings,
                ];
            }),
        ),
        "",
    );
    const [smallest, largest] = [COPIES[0], COPIES[COPIES.length - 1]];
    const mine = runs.filter((r) => r.pack.key === "this");
    const startup = (key: PackUnderTest["key"], field: "startupMs" | "startupCpuMs") => {
        const starts = runs.filter((r) => r.pack.key === key);
        return starts.length ? median(starts.map((r) => r[field])) : undefined;
    };
    // This pack against another on one per-resource measure: wall, then CPU in brackets.
    type Measure = "analyze" | "analyzeStack";
    const ratio = (r: PackRun, other: PackRun | undefined, m: Measure) =>
        other ? `${x(perResource(r)[`${m}Ms`], perResource(other)[`${m}Ms`])} (${x(perResource(r)[`${m}CpuMs`], perResource(other)[`${m}CpuMs`])})` : "-";
    out.push(
        `ai-guardrails relative to the floor, to awsguard and to its own policies doing nothing, wall (CPU), from the medians above; start-up: median of the ${COPIES.length} sizes' figures of each pack\n`,
        table(
            ["", "start-up", ...mine.map((r) => `analyze, ${r.resources} resources`), ...mine.map((r) => `analyzeStack, ${r.resources}`), `peak memory, ${of("this", largest)!.resources}`],
            (["empty", "awsguard", "shape"] as const)
                .filter((key) => runs.some((r) => r.pack.key === key))
                .map((key) => [
                    `/ ${{ empty: "empty pack", awsguard: "awsguard", shape: "its policies as no-ops" }[key]}`,
                    `${x(startup("this", "startupMs")!, startup(key, "startupMs"))} (${x(startup("this", "startupCpuMs")!, startup(key, "startupCpuMs"))})`,
                    ...mine.map((r) => ratio(r, of(key, r.copies), "analyze")),
                    ...mine.map((r) => ratio(r, of(key, r.copies), "analyzeStack")),
                    x(of("this", largest)!.peakMb, of(key, largest)?.peakMb),
                ]),
        ),
        "",
        `Per-resource cost at ${of("this", largest)!.resources} resources relative to ${of("this", smallest)!.resources}, wall (CPU); 1.00x is flat\n`,
        table(
            ["pack", "analyze", "analyzeStack"],
            packs.map((p) => [p.label, ratio(of(p.key, largest)!, of(p.key, smallest), "analyze"), ratio(of(p.key, largest)!, of(p.key, smallest), "analyzeStack")]),
        ),
        "",
    );
    // The copies must behave as the stack does: every check and finding of the stack, once per copy.
    const base = of("this", smallest)!.measured;
    for (const r of mine) {
        if (r.measured.applied !== base.applied * r.copies || r.measured.findings !== base.findings * r.copies) {
            out.push(`WARNING: ${r.copies} copies gave ${r.measured.applied} checks and ${r.measured.findings} findings, not ${r.copies} x (${base.applied}, ${base.findings}): the copies are not independent\n`);
        }
    }
}

interface CommandRun {
    wallMs: number;
    /** CPU time of the command and every process it started (user + system). */
    cpuMs: number;
    exitCode: number | null;
    stdout: string;
    stderr: string;
    /** Peak resident memory of each Node process of the command, by its role. */
    peaks: { cli?: number; pack?: number };
}

/**
 * CPU time of this process's ended children and their waited-for descendants (Linux: cutime and
 * cstime of /proc/self/stat, in clock ticks of 10 ms). Unlike wall time, it does not grow when other
 * work shares the machine's cores.
 */
function childrenCpuMs(): number {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    // Fields after the command name (which may contain spaces): state is field 3, cutime 16, cstime 17.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) * 10;
}

/**
 * Runs a command; with `peaks`, every Node process in it records its peak memory
 * (benchmarks/peak-memory.js).
 */
async function measured(command: string, args: string[], options: { peaks: boolean }): Promise<CommandRun> {
    const peakDir = fs.mkdtempSync(path.join(os.tmpdir(), "aig-bench-peak-"));
    const preload = path.join(__dirname, "peak-memory.js");
    const cpuBefore = childrenCpuMs();
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {
        cwd: PROJECT_ROOT,
        env: options.peaks ? { ...process.env, AIG_BENCH_PEAK_DIR: peakDir, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${preload}`.trim() } : process.env,
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    const exitCode = await new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const cpuMs = childrenCpuMs() - cpuBefore;
    const peaks: CommandRun["peaks"] = {};
    for (const f of fs.readdirSync(peakDir)) {
        const rec = JSON.parse(fs.readFileSync(path.join(peakDir, f), "utf8")) as { argv: string[]; peakKb: number };
        const role = rec.argv.some((a) => a.includes("run-policy-pack")) ? "pack" : rec.argv.some((a) => a.endsWith(path.join("cli", "bin.js"))) ? "cli" : undefined;
        if (role) {
            peaks[role] = Math.max(peaks[role] ?? 0, rec.peakKb / 1024);
        }
    }
    fs.rmSync(peakDir, { recursive: true, force: true });
    return { wallMs, cpuMs, exitCode, stdout, stderr, peaks };
}

function summaryOf(reportFile: string): string {
    const report = JSON.parse(fs.readFileSync(reportFile, "utf8")) as { summary: Record<string, number> };
    const s = report.summary;
    return `${s.resources} resources, ${s.mandatory} mandatory, ${s.advisory} advisory, ${s.passed} passed`;
}

const mb = (v: number | undefined) => (v === undefined ? "-" : v.toFixed(0));

async function commandsSection(sections: Set<Section>, out: string[]): Promise<void> {
    const rows: (string | number)[][] = [];
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    if (sections.has("preview")) {
        const dir = path.join(CACHE_DIR, "stacks");
        writeAgentsStack(dir, "agents100", 100, 20);
        const report = path.join(CACHE_DIR, "agents100-report.json");
        process.stderr.write("preview: 100 agents, 20 gateways ...\n");
        const run = await measured(process.execPath, ["cli/bin.js", "preview", "--stack", "agents100", "--config-dir", dir, "--format", "json", "--output", report, "--timings"], { peaks: true });
        const program = /program under mocks: (\d+) ms/.exec(run.stderr)?.[1];
        rows.push(["preview, 100 agents and 20 gateways", (run.wallMs / 1000).toFixed(1), (run.cpuMs / 1000).toFixed(1), mb(run.peaks.cli), mb(run.peaks.pack), `exit ${run.exitCode}; ${run.exitCode === 0 || run.exitCode === 1 ? summaryOf(report) : run.stderr.trim().split("\n").slice(-3).join(" ")}${program ? `; program under mocks ${(Number(program) / 1000).toFixed(1)} s` : ""}`]);
    }
    if (sections.has("audit")) {
        const file = path.join(CACHE_DIR, "export-50mib.json");
        const { resources } = await prodOnce();
        const written = writeExport(file, resources, EXPORT_BYTES);
        const report = path.join(CACHE_DIR, "audit-report.json");
        const label = `audit, ${(written.bytes / 1024 / 1024).toFixed(1)} MiB export (${written.copies} prod copies)`;
        // The same export judged by the empty pack: what the CLI and an Analyzer server need for it whatever the rules.
        for (const [pack, suffix] of [[THIS_PACK, ""], [EMPTY_PACK, ", empty pack"]] as const) {
            process.stderr.write(`audit: ${pack.label} ...\n`);
            const run = await measured(process.execPath, ["cli/bin.js", "audit", file, "--policy-pack", pack.dir, "--format", "json", "--output", report], { peaks: true });
            rows.push([`${label}${suffix}`, (run.wallMs / 1000).toFixed(1), (run.cpuMs / 1000).toFixed(1), mb(run.peaks.cli), mb(run.peaks.pack), `exit ${run.exitCode}; ${run.exitCode === 0 || run.exitCode === 1 ? summaryOf(report) : run.stderr.trim().split("\n").slice(-3).join(" ")}`]);
        }
    }
    if (sections.has("test")) {
        process.stderr.write("test: npm test ...\n");
        const run = await measured("npm", ["test"], { peaks: false });
        // Mocha's closing summary: the last "<n> passing" line of the output.
        const count = (word: string) => Number([...run.stdout.matchAll(new RegExp(`^\\s*(\\d+) ${word}`, "gm"))].pop()?.[1] ?? 0);
        const failedEarly = count("passing") + count("failing") === 0 ? `; stopped before mocha: ${(run.stdout + run.stderr).trim().split("\n").slice(-2).join(" ")}` : "";
        rows.push(["npm test", (run.wallMs / 1000).toFixed(1), (run.cpuMs / 1000).toFixed(1), "-", "-", `exit ${run.exitCode}; ${count("passing")} passing, ${count("failing")} failing, ${count("pending")} pending${failedEarly}`]);
    }
    if (rows.length > 0) {
        out.push(
            "Commands: wall time, CPU time of every process of the command, peak memory of the CLI process and of the pack process it starts\n",
            table(["command", "wall s", "CPU s", "CLI peak MB", "pack peak MB", "result"], rows),
            "",
        );
    }
}

function machine(): string {
    const cpus = os.cpus();
    return `${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
}

async function main(): Promise<void> {
    const { values } = parseArgs({ options: { only: { type: "string" }, rounds: { type: "string" } } });
    const rounds = values.rounds === undefined ? DEFAULT_ROUNDS : Number(values.rounds);
    if (!Number.isInteger(rounds) || rounds < 1) {
        throw new Error(`--rounds ${values.rounds}: expected a whole number of rounds, 1 or more`);
    }
    const sections = new Set<Section>(values.only ? (values.only.split(",") as Section[]) : SECTIONS);
    for (const s of sections) {
        if (!SECTIONS.includes(s)) {
            throw new Error(`--only ${values.only}: sections are ${SECTIONS.join(", ")}`);
        }
    }
    const load = () => os.loadavg().map((l) => l.toFixed(1)).join(", ");
    const out: string[] = [`Machine: ${machine()}; load average at start ${load()}\n`];
    if (sections.has("packs")) {
        await packsSection(out, rounds);
    }
    await commandsSection(sections, out);
    // Other work on the machine stretches wall times (not CPU times): say how busy it was.
    out.push(`Load average at end: ${load()}`);
    console.log(out.join("\n"));
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
