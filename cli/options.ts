/**
 * The command line: flags, help, and the checks every argument passes before any work starts (no
 * pack is spawned and no program runs until the output can be written, the folders exist and the
 * files can be read). Each failure is one line and exit status 2.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { InputFileError, nearest, UsageError } from "./errors";
import { Format, FORMATS } from "./report";

export const HELP = `ai-guardrails: judge a stack with the AI-guardrails policy pack, offline, over the Analyzer protocol.

Usage:
  ai-guardrails preview --stack <name> [options]   run stacks/index.ts for stacks/Pulumi.<name>.yaml under
                                                   the mock runtime and analyse every resource
  ai-guardrails audit <export.json> [options]      analyse the resources of a \`pulumi stack export\` file
  ai-guardrails rules [--format table|json|policy-config] [--framework <id>,...]
                      [--write-readme <file>]      print the rule catalogue (IDs, layers, severities,
                                                   frameworks, config keys); --framework keeps the rules
                                                   mapped to those framework controls; policy-config
                                                   prints a pack config that disables every other rule;
                                                   --write-readme refreshes the catalogue in a Markdown file

Options:
  --stack <name>           stack to preview (preview only)
  --config-dir <dir>       where the stack settings files are (default: stacks/, as stackConfigDir in
                           Pulumi.yaml); to try a candidate configuration (preview only)
  --unknowns               model preview-time unknowns: computed outputs (ARNs, IDs) are unknown, as in
                           \`pulumi preview\` of a new stack (preview only)
  --fail-on-undecided      exit 1 when a verdict is left undecided because a value is unknown at preview
                           (with --unknowns: a first preview must decide everything; preview only)
  --policy-config <file>   policy pack config, as \`pulumi preview --policy-pack-config\` takes it:
                           {"all": "<level>", "<policy>": "<level>" | {"enforcementLevel": ..., <key>: <value>}}
  --policy-pack <dir>      policy pack folder (default: policypack/)
  --format <fmt>           table (default), json (schema: cli/report/report.schema.json) or sarif (SARIF 2.1.0)
  --verbose                table: every resource by layer with the policies it passed, and every policy
  --mermaid <file>         also write a Mermaid diagram of the layers and their verdicts to <file>
  --output <file>          write the report to a file instead of stdout
  --timings                print pack start-up and round-trip times to stderr
  -h, --help               show this help

Verdicts (one per policy and resource, or per policy and stack): mandatory and advisory (violations at
that level), exempt (an approved exemption, advisory), passed (the policy judged something it governs
and reported nothing); a policy that governs nothing in the input is not applicable.

Exit status: 0 no mandatory violation; 1 at least one mandatory violation (or, with --fail-on-undecided,
a verdict undecided at preview); 2 usage error, unknown stack, invalid stack configuration, invalid
policy config or export file, nothing to judge (nothing analysed); 3 the program or the policy pack failed.
`;

const OPTIONS = {
    stack: { type: "string" },
    "config-dir": { type: "string" },
    unknowns: { type: "boolean", default: false },
    "fail-on-undecided": { type: "boolean", default: false },
    "policy-config": { type: "string" },
    "policy-pack": { type: "string" },
    format: { type: "string", default: "table" },
    verbose: { type: "boolean", default: false },
    mermaid: { type: "string" },
    output: { type: "string" },
    timings: { type: "boolean", default: false },
    framework: { type: "string" },
    "write-readme": { type: "string" },
    help: { type: "boolean", short: "h", default: false },
} as const;

export type Values = ReturnType<typeof parseArgv>["values"];

/** Node's parser, with its errors turned into one line that names the nearest valid flag. */
export function parseArgv(argv: string[]) {
    try {
        return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    } catch (e) {
        const message = (e as Error).message;
        const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
        if (unknown) {
            const flags = Object.keys(OPTIONS).map((o) => `--${o}`);
            const guess = nearest(unknown.replace(/=.*$/, ""), flags);
            throw new UsageError(`unknown option ${unknown}${guess ? ` (did you mean ${guess}?)` : ""}`);
        }
        throw new UsageError(message.split("\n")[0].replace(/\. To specify .*$/, ""));
    }
}

/** Format names and the format for a command (preview and audit: table, json, sarif). */
export function reportFormat(values: Values): Format {
    const format = values.format as Format;
    if (!FORMATS.includes(format)) {
        throw new UsageError(`--format ${values.format}: expected one of ${FORMATS.join(", ")}`);
    }
    return format;
}

/**
 * A file the command will write: a name is given, its folder exists, and it is not a folder.
 * Checked before any work, so a long run never ends on a path it cannot write.
 */
export function writableFile(flag: string, file: string | undefined): string | undefined {
    if (file === undefined) {
        return undefined;
    }
    if (file.trim() === "") {
        throw new UsageError(`${flag} needs a file name (got an empty string)`);
    }
    const resolved = path.resolve(file);
    const dir = path.dirname(resolved);
    let dirStat: fs.Stats;
    try {
        dirStat = fs.statSync(dir);
    } catch {
        throw new InputFileError(`${flag} ${file}: cannot write there: the folder ${dir} does not exist`);
    }
    if (!dirStat.isDirectory()) {
        throw new InputFileError(`${flag} ${file}: cannot write there: ${dir} is not a folder`);
    }
    if (fs.existsSync(resolved) && fs.statSync(resolved).isDirectory()) {
        throw new InputFileError(`${flag} ${file}: is a folder, not a file`);
    }
    try {
        fs.accessSync(fs.existsSync(resolved) ? resolved : dir, fs.constants.W_OK);
    } catch {
        throw new InputFileError(`${flag} ${file}: cannot write there: permission denied`);
    }
    return file;
}

/** A folder named on the command line that must exist. */
export function existingFolder(flag: string, dir: string | undefined): string | undefined {
    if (dir === undefined) {
        return undefined;
    }
    if (dir.trim() === "") {
        throw new UsageError(`${flag} needs a folder name (got an empty string)`);
    }
    let stat: fs.Stats;
    try {
        stat = fs.statSync(dir);
    } catch {
        throw new InputFileError(`${flag} ${dir}: no such folder`);
    }
    if (!stat.isDirectory()) {
        throw new InputFileError(`${flag} ${dir}: not a folder`);
    }
    return path.resolve(dir);
}

/** A JSON input file: readable, and not starting with a byte-order mark, which JSON does not allow. */
export function readableJsonFile(what: string, file: string): void {
    let fd: number;
    try {
        fd = fs.openSync(file, "r");
    } catch (e) {
        throw new InputFileError(`${what} ${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    try {
        if (fs.fstatSync(fd).isDirectory()) {
            throw new InputFileError(`${what} ${file}: is a folder, not a file`);
        }
        const head = Buffer.alloc(3);
        const n = fs.readSync(fd, head, 0, 3, 0);
        if (n === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
            throw new InputFileError(`${what} ${file}: starts with a byte-order mark, which JSON does not allow; save it as UTF-8 without one`);
        }
    } finally {
        fs.closeSync(fd);
    }
}
