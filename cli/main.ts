/**
 * `ai-guardrails`: the offline preview of a stack and the audit of a stack export, both judged by
 * the policy pack over the Analyzer gRPC protocol, and the rule catalogue.
 */
import * as fs from "fs";
import * as path from "path";
import { PolicyPackError, PolicyPackProcess } from "./analyzer-client";
import { Analysis, analyzeStack } from "./analysis";
import { NothingToJudgeError, UsageError, UserError } from "./errors";
import { assignLayers } from "./layers";
import { existingFolder, HELP, parseArgv, readableJsonFile, reportFormat, Values, writableFile } from "./options";
import { expiredExemptions, PolicyConfigMap, readPolicyConfigFile } from "./policy-config";
import type { StackResource } from "./protocol";
import { buildReport, Format, Locator, render, renderFailedSarif, renderMermaid, Report, ReportSource } from "./report";
import { exportLocator, previewLocator, repoRelative, repositoryRoot } from "./report/locations";
import { PROJECT_ROOT, stackConfigPath } from "./stack-config";

export const EXIT = { ok: 0, mandatory: 1, usage: 2, failure: 3 } as const;
export { HELP };

export interface Io {
    stdout(text: string): void;
    stderr(text: string): void;
}

const processIo: Io = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
};

const TOOL = { name: "ai-guardrails", version: (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }).version };
const DEFAULT_PACK = path.join(PROJECT_ROOT, "policypack");

interface CommonOptions {
    format: Format;
    verbose: boolean;
    mermaid?: string;
    output?: string;
    timings: boolean;
    packDir: string;
    policyConfig: PolicyConfigMap;
}

/** What is known of the run so far: enough to write a SARIF log if it fails. */
interface RunState {
    format?: Format;
    output?: string;
    kind?: "preview" | "audit";
    stack?: string;
}

/** Every option checked, and the policy config read, before any work. */
function commonOptions(values: Values, state: RunState): CommonOptions {
    const format = reportFormat(values);
    const output = writableFile("--output", values.output);
    Object.assign(state, { format, output });
    const mermaid = writableFile("--mermaid", values.mermaid);
    const packDir = path.resolve(existingFolder("--policy-pack", values["policy-pack"]) ?? DEFAULT_PACK);
    if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml"))) {
        throw new UsageError(`--policy-pack ${packDir}: no PulumiPolicy.yaml there`);
    }
    if (values["policy-config"] !== undefined) {
        readableJsonFile("--policy-config", values["policy-config"]);
    }
    return {
        format,
        verbose: values.verbose ?? false,
        ...(mermaid ? { mermaid } : {}),
        ...(output ? { output } : {}),
        timings: values.timings ?? false,
        packDir,
        policyConfig: values["policy-config"] ? readPolicyConfigFile(values["policy-config"]) : {},
    };
}

function stats(ms: number[]): string {
    if (ms.length === 0) {
        return "no analyze calls";
    }
    const sorted = [...ms].sort((a, b) => a - b);
    const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
    return `${ms.length} analyze calls, mean ${mean.toFixed(2)} ms, median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms`;
}

/**
 * Waits for the pack (started by the caller while the resources are gathered), configures it,
 * analyses the resources, and always stops it.
 */
async function analyse(packStart: Promise<PolicyPackProcess>, resources: () => Promise<StackResource[]>, policyConfig: PolicyConfigMap): Promise<{ analysis: Analysis; startupMs: number }> {
    let pack: PolicyPackProcess | undefined;
    try {
        const [started, list] = await Promise.all([packStart, resources()]);
        pack = started;
        const config = await pack.configure(policyConfig);
        const analysis = await analyzeStack(pack, config, list);
        return { analysis, startupMs: pack.startupMs };
    } finally {
        // The program may have failed while the pack was starting: stop the pack either way.
        const p = pack ?? (await packStart.catch(() => undefined));
        await p?.close();
    }
}

/** Why each policy matters, from the pack's own catalogue (only for the default pack, only for SARIF). */
async function explanations(options: CommonOptions): Promise<Map<string, string> | undefined> {
    if (options.format !== "sarif" || options.packDir !== DEFAULT_PACK) {
        return undefined;
    }
    const { rules } = await import("../policypack/rules");
    return new Map(rules.map((r) => [r.name, r.explanation]));
}

/** A verdict of OK on input the pack governs none of would mean nothing. */
function requireSomethingJudged(report: Report, what: string): void {
    const s = report.summary;
    if (s.mandatory + s.advisory + s.exempt + s.passed === 0) {
        throw new NothingToJudgeError(`nothing to judge: no policy of ${report.pack.name} governs any of the ${s.resources} resource${s.resources === 1 ? "" : "s"} of ${what} (every policy was not applicable)`);
    }
}

interface Emission {
    analysis: Analysis;
    source: ReportSource;
    locator: Locator;
    notes: string[];
    extraTimings: string[];
    startupMs: number;
    what: string;
}

/** Pieces of text joined into writes of about 64 KB: strings that small are collected young, where larger ones would wait for a full collection. */
function* batched(chunks: Iterable<string>, size = 1 << 16): Generator<string> {
    let batch: string[] = [];
    let length = 0;
    for (const chunk of chunks) {
        batch.push(chunk);
        length += chunk.length;
        if (length >= size) {
            yield batch.join("");
            batch = [];
            length = 0;
        }
    }
    if (batch.length > 0) {
        yield batch.join("");
    }
}

async function emit(io: Io, options: CommonOptions, e: Emission): Promise<number> {
    const notes = [...e.notes, ...expiredExemptions(e.analysis.config)];
    const report = buildReport(e.analysis, e.source, TOOL, { notes, locator: e.locator, explanations: await explanations(options) });
    requireSomethingJudged(report, e.what);
    const chunks = render(report, options.format, { verbose: options.verbose });
    if (options.output) {
        const fd = fs.openSync(options.output, "w");
        try {
            for (const text of batched(chunks)) {
                fs.writeSync(fd, text);
            }
        } finally {
            fs.closeSync(fd);
        }
        io.stderr(`wrote the ${options.format} report to ${options.output}\n`);
    } else {
        for (const text of batched(chunks)) {
            io.stdout(text);
        }
    }
    if (options.mermaid) {
        fs.writeFileSync(options.mermaid, renderMermaid(report) + "\n");
        io.stderr(`wrote the Mermaid diagram to ${options.mermaid}\n`);
    }
    if (options.timings) {
        const engineOnly = e.analysis.resources.length - report.summary.resources;
        io.stderr(
            [
                `policy pack start-up (spawn to port): ${e.startupMs} ms`,
                ...e.extraTimings,
                stats(e.analysis.timings.analyzeMs),
                `analyzeStack: ${e.analysis.timings.analyzeStackMs.toFixed(2)} ms for the report's ${report.summary.resources} resources${engineOnly > 0 ? ` (plus ${engineOnly} the engine also sends: the stack resource and providers)` : ""}`,
            ]
                .map((l) => `timing: ${l}\n`)
                .join(""),
        );
    }
    return report.exitCode;
}

async function previewCommand(io: Io, values: Values, positionals: string[], state: RunState): Promise<number> {
    state.kind = "preview";
    if (positionals.length > 0) {
        throw new UsageError(`preview takes no positional arguments (got ${positionals.join(" ")})`);
    }
    if (!values.stack) {
        throw new UsageError("preview needs --stack <name>");
    }
    state.stack = values.stack;
    const configDir = existingFolder("--config-dir", values["config-dir"]);
    const options = commonOptions(values, state);
    // An unknown stack is named before the program's modules load.
    stackConfigPath(values.stack, configDir);
    // Loaded here, not at the top: the audit does not need the program's modules.
    const preview = await import("./preview");
    const prepared = preview.prepareStack(values.stack, configDir ? { configDir } : {});
    const unknowns = values.unknowns ?? false;
    let programMs = 0;
    const packStart = PolicyPackProcess.start({ packDir: options.packDir, project: prepared.project, stack: prepared.stack, dryRun: true, config: prepared.config });
    const { analysis, startupMs } = await analyse(
        packStart,
        async () => {
            const run = await preview.runStackProgram(prepared, { unknowns });
            programMs = run.programMs;
            return run.resources;
        },
        options.policyConfig,
    );
    const root = repositoryRoot(PROJECT_ROOT) ?? PROJECT_ROOT;
    const settingsFile = path.resolve(prepared.configFile);
    const layers = assignLayers(analysis.resources);
    const locator = previewLocator({ root, settingsFile, resources: analysis.resources, layerOf: (urn) => layers.get(urn) });
    const file = repoRelative(settingsFile, root) ?? prepared.configFile;
    return emit(io, options, { analysis, source: { kind: "preview", stack: prepared.stack, file, unknowns, ...(values["fail-on-undecided"] ? { failOnUndecided: true } : {}) }, locator, notes: prepared.notes, extraTimings: [`program under mocks: ${programMs} ms`], startupMs, what: `stack ${prepared.stack}` });
}

async function auditCommand(io: Io, values: Values, positionals: string[], state: RunState): Promise<number> {
    state.kind = "audit";
    if (positionals.length !== 1) {
        throw new UsageError(`audit takes exactly one export file (got ${positionals.length})`);
    }
    if (values.stack || values.unknowns || values["fail-on-undecided"] || values["config-dir"] !== undefined) {
        throw new UsageError("--stack, --config-dir, --unknowns and --fail-on-undecided apply to preview; an export names its stack and has no unknowns");
    }
    const file = positionals[0];
    readableJsonFile("export", file);
    const options = commonOptions(values, state);
    // Loaded here, not at the top: the preview does not need it.
    const { readExportFileWithLines } = await import("./audit");
    const { exported, lines } = readExportFileWithLines(file);
    state.stack = exported.stack;
    if (exported.resources.length === 0) {
        throw new NothingToJudgeError(`nothing to judge: ${file} has no resources`);
    }
    const notes = [...exported.notes];
    const root = repositoryRoot(path.dirname(path.resolve(file)));
    const relative = root ? repoRelative(file, root) : undefined;
    if (!relative) {
        notes.push(`${file} lies outside any git repository: findings name it by its file name, which code scanning cannot map to the repository`);
    }
    const source: ReportSource = { kind: "audit", ...(exported.stack ? { stack: exported.stack } : {}), file: relative ?? path.basename(file) };
    const locator = exportLocator({ file: source.file, lines });
    const packStart = PolicyPackProcess.start({ packDir: options.packDir, project: exported.project ?? "audit", stack: exported.stack ?? "audit", dryRun: false });
    const { analysis, startupMs } = await analyse(packStart, async () => exported.resources, options.policyConfig);
    return emit(io, options, { analysis, source, locator, notes, extraTimings: [], startupMs, what: file });
}

async function rulesCommand(io: Io, values: Values, positionals: string[]): Promise<number> {
    if (positionals.length > 0) {
        throw new UsageError(`rules takes no positional arguments (got ${positionals.join(" ")})`);
    }
    const catalogue = await import("./catalogue");
    const file = values["write-readme"];
    if (file) {
        const before = fs.readFileSync(file, "utf8");
        const after = catalogue.withCatalogue(before);
        if (after !== before) {
            fs.writeFileSync(file, after);
        }
        io.stderr(`${after === before ? "unchanged" : "updated"}: the rule catalogue in ${file}\n`);
        return EXIT.ok;
    }
    const selected = values.framework !== undefined ? catalogue.selectByFramework(values.framework) : undefined;
    switch (values.format) {
        case "table":
            io.stdout(catalogue.catalogueMarkdown(selected));
            return EXIT.ok;
        case "json":
            io.stdout(catalogue.catalogueJson(selected));
            return EXIT.ok;
        case "policy-config":
            if (!selected) {
                throw new UsageError("--format policy-config needs --framework <control>,...: the rules to keep");
            }
            io.stdout(catalogue.frameworkPolicyConfig(selected));
            return EXIT.ok;
        default:
            throw new UsageError(`--format ${values.format}: rules prints table (Markdown), json or policy-config`);
    }
}

/** One line per problem, no stack trace: what a user can fix. */
function userMessage(err: UserError): string {
    return `ai-guardrails: ${err.message}${err instanceof UsageError ? " (see ai-guardrails --help)" : ""}\n`;
}

/** Runs the command line; returns the exit status (never calls process.exit). */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
    const state: RunState = {};
    let code: number;
    let reason: string;
    try {
        const { values, positionals } = parseArgv(argv);
        const [command, ...rest] = positionals;
        if (values.help || command === "help") {
            io.stdout(HELP);
            return EXIT.ok;
        }
        switch (command) {
            case "preview":
                return await previewCommand(io, values, rest, state);
            case "audit":
                return await auditCommand(io, values, rest, state);
            case "rules":
                return await rulesCommand(io, values, rest);
            case undefined:
                throw new UsageError("missing command: preview, audit or rules");
            default:
                throw new UsageError(`unknown command "${command}": expected preview, audit or rules`);
        }
    } catch (e) {
        const err = e as Error;
        if (err instanceof UserError) {
            io.stderr(userMessage(err));
            [code, reason] = [EXIT.usage, err.message];
        } else if (err instanceof PolicyPackError) {
            io.stderr(`ai-guardrails: the policy pack failed: ${err.message}\n`);
            [code, reason] = [EXIT.failure, `the policy pack failed: ${err.message}`];
        } else {
            io.stderr(`ai-guardrails: the program failed: ${err.stack ?? err.message}\n`);
            [code, reason] = [EXIT.failure, `the program failed: ${err.message}`];
        }
    }
    if (state.format === "sarif") {
        // A run that fails still leaves a SARIF log, so CI uploads say why nothing was found.
        const log = renderFailedSarif(TOOL, { ...(state.kind ? { kind: state.kind } : {}), ...(state.stack ? { stack: state.stack } : {}) }, reason, code);
        if (state.output) {
            fs.writeFileSync(state.output, log);
        } else {
            io.stdout(log);
        }
    }
    return code;
}
