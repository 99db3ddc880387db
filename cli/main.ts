/**
 * `ai-guardrails`: the offline preview of a stack and the audit of a stack export, both judged by
 * the policy pack over the Analyzer gRPC protocol.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { PolicyPackError, PolicyPackProcess, StackResource } from "./analyzer-client";
import { Analysis, analyzeStack } from "./analysis";
import { PolicyConfigMap, readPolicyConfigFile } from "./policy-config";
import { buildReport, Format, FORMATS, render, ReportSource } from "./report";
import { UsageError, UserError } from "./errors";
import { PROJECT_ROOT } from "./stack-config";

export const EXIT = { ok: 0, mandatory: 1, usage: 2, failure: 3 } as const;

export interface Io {
    stdout(text: string): void;
    stderr(text: string): void;
}

const processIo: Io = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
};


const TOOL = { name: "ai-guardrails", version: (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }).version };

export const HELP = `ai-guardrails: judge a stack with the AI-guardrails policy pack, offline, over the Analyzer protocol.

Usage:
  ai-guardrails preview --stack <name> [options]   run stacks/index.ts for stacks/Pulumi.<name>.yaml under
                                                   the mock runtime and analyse every resource
  ai-guardrails audit <export.json> [options]      analyse the resources of a \`pulumi stack export\` file
  ai-guardrails rules [--format table|json]        print the rule catalogue (IDs, layers, severities,
                      [--write-readme <file>]      peers, config keys); --write-readme refreshes the
                                                   catalogue section of a Markdown file

Options:
  --stack <name>           stack to preview (preview only)
  --config-dir <dir>       where the stack settings files are (default: stacks/, as stackConfigDir in
                           Pulumi.yaml); to try a candidate configuration (preview only)
  --unknowns               model preview-time unknowns: computed outputs (ARNs, IDs) are unknown, as in
                           \`pulumi preview\` of a new stack (preview only)
  --policy-config <file>   policy pack config, as \`pulumi preview --policy-pack-config\` takes it:
                           {"all": "<level>", "<policy>": "<level>" | {"enforcementLevel": ..., <key>: <value>}}
  --policy-pack <dir>      policy pack folder (default: policypack/)
  --format <fmt>           table (default), json or sarif (SARIF 2.1.0)
  --mermaid                add a Mermaid diagram of the layers (table and json)
  --output <file>          write the report to a file instead of stdout
  --timings                print pack start-up and round-trip times to stderr
  -h, --help               show this help

Verdicts: mandatory and advisory (violations at that level), exempt (an approved exemption, advisory),
passed (the policy applied and reported nothing).

Exit status: 0 no mandatory violation; 1 at least one mandatory violation; 2 usage error, unknown
stack, invalid stack configuration, invalid policy config or export file (nothing analysed);
3 the program or the policy pack failed.
`;

interface CommonOptions {
    format: Format;
    mermaid: boolean;
    output?: string;
    timings: boolean;
    packDir: string;
    policyConfig: PolicyConfigMap;
}

const OPTIONS = {
    stack: { type: "string" },
    "config-dir": { type: "string" },
    unknowns: { type: "boolean", default: false },
    "policy-config": { type: "string" },
    "policy-pack": { type: "string" },
    format: { type: "string", default: "table" },
    mermaid: { type: "boolean", default: false },
    output: { type: "string" },
    timings: { type: "boolean", default: false },
    "write-readme": { type: "string" },
    help: { type: "boolean", short: "h", default: false },
} as const;

function parse(argv: string[]) {
    try {
        return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    } catch (e) {
        throw new UsageError((e as Error).message);
    }
}

function commonOptions(values: ReturnType<typeof parse>["values"]): CommonOptions {
    const format = values.format as Format;
    if (!FORMATS.includes(format)) {
        throw new UsageError(`--format ${values.format}: expected one of ${FORMATS.join(", ")}`);
    }
    if (values.mermaid && format === "sarif") {
        throw new UsageError("--mermaid adds a section to table or json output; SARIF has no place for it");
    }
    const packDir = path.resolve(values["policy-pack"] ?? path.join(PROJECT_ROOT, "policypack"));
    if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml"))) {
        throw new UsageError(`--policy-pack ${packDir}: no PulumiPolicy.yaml there`);
    }
    return {
        format,
        mermaid: values.mermaid ?? false,
        ...(values.output ? { output: values.output } : {}),
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

async function emit(io: Io, options: CommonOptions, analysis: Analysis, source: ReportSource, notes: string[], extraTimings: string[], startupMs: number): Promise<number> {
    const report = buildReport(analysis, source, TOOL, notes);
    const text = render(report, options.format, { mermaid: options.mermaid });
    if (options.output) {
        fs.writeFileSync(options.output, text);
        io.stderr(`wrote ${options.format} report to ${options.output}\n`);
    } else {
        io.stdout(text);
    }
    if (options.timings) {
        io.stderr(
            [`policy pack start-up (spawn to port, type-check included): ${startupMs} ms`, ...extraTimings, stats(analysis.timings.analyzeMs), `analyzeStack over ${analysis.resources.length} resources: ${analysis.timings.analyzeStackMs.toFixed(2)} ms`]
                .map((l) => `timing: ${l}\n`)
                .join(""),
        );
    }
    return report.exitCode;
}

async function previewCommand(io: Io, values: ReturnType<typeof parse>["values"], positionals: string[]): Promise<number> {
    if (positionals.length > 0) {
        throw new UsageError(`preview takes no positional arguments (got ${positionals.join(" ")})`);
    }
    if (!values.stack) {
        throw new UsageError("preview needs --stack <name>");
    }
    const options = commonOptions(values);
    // Loaded here, not at the top: the audit does not need the program's modules.
    const preview = await import("./preview");
    const prepared = preview.prepareStack(values.stack, values["config-dir"] ? { configDir: path.resolve(values["config-dir"]) } : {});
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
    return emit(io, options, analysis, { kind: "preview", stack: prepared.stack, file: prepared.configFile, unknowns }, [], [`program under mocks: ${programMs} ms`], startupMs);
}

async function auditCommand(io: Io, values: ReturnType<typeof parse>["values"], positionals: string[]): Promise<number> {
    if (positionals.length !== 1) {
        throw new UsageError(`audit takes exactly one export file (got ${positionals.length})`);
    }
    if (values.stack || values.unknowns || values["config-dir"]) {
        throw new UsageError("--stack, --config-dir and --unknowns apply to preview; an export names its stack and has no unknowns");
    }
    const options = commonOptions(values);
    const file = positionals[0];
    // Loaded here, not at the top: the preview does not need it.
    const { readExportFile } = await import("./audit");
    const exported = readExportFile(file);
    const packStart = PolicyPackProcess.start({ packDir: options.packDir, project: exported.project ?? "audit", stack: exported.stack ?? "audit", dryRun: false });
    const { analysis, startupMs } = await analyse(packStart, async () => exported.resources, options.policyConfig);
    return emit(io, options, analysis, { kind: "audit", ...(exported.stack ? { stack: exported.stack } : {}), file: path.relative(process.cwd(), path.resolve(file)) || file }, exported.notes, [], startupMs);
}

async function rulesCommand(io: Io, values: ReturnType<typeof parse>["values"], positionals: string[]): Promise<number> {
    if (positionals.length > 0) {
        throw new UsageError(`rules takes no positional arguments (got ${positionals.join(" ")})`);
    }
    const { catalogueJson, catalogueMarkdown, withCatalogue } = await import("./catalogue");
    const file = values["write-readme"];
    if (file) {
        const before = fs.readFileSync(file, "utf8");
        const after = withCatalogue(before);
        if (after !== before) {
            fs.writeFileSync(file, after);
        }
        io.stderr(`${after === before ? "unchanged" : "updated"}: the rule catalogue in ${file}\n`);
        return EXIT.ok;
    }
    if (values.format !== "table" && values.format !== "json") {
        throw new UsageError(`--format ${values.format}: rules prints table (Markdown) or json`);
    }
    io.stdout(values.format === "json" ? catalogueJson() : catalogueMarkdown());
    return EXIT.ok;
}

/** Runs the command line; returns the exit status (never calls process.exit). */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
    try {
        const { values, positionals } = parse(argv);
        const [command, ...rest] = positionals;
        if (values.help || command === "help") {
            io.stdout(HELP);
            return EXIT.ok;
        }
        switch (command) {
            case "preview":
                return await previewCommand(io, values, rest);
            case "audit":
                return await auditCommand(io, values, rest);
            case "rules":
                return await rulesCommand(io, values, rest);
            case undefined:
                throw new UsageError("missing command: preview, audit or rules");
            default:
                throw new UsageError(`unknown command "${command}": expected preview, audit or rules`);
        }
    } catch (e) {
        const err = e as Error;
        if (err instanceof UsageError) {
            io.stderr(`ai-guardrails: ${err.message}\nRun ai-guardrails --help for usage.\n`);
            return EXIT.usage;
        }
        if (err instanceof UserError) {
            io.stderr(`ai-guardrails: ${err.message}\n`);
            return EXIT.usage;
        }
        if (err instanceof PolicyPackError) {
            io.stderr(`ai-guardrails: the policy pack failed: ${err.message}\n`);
            return EXIT.failure;
        }
        io.stderr(`ai-guardrails: the program failed: ${err.stack ?? err.message}\n`);
        return EXIT.failure;
    }
}
