/**
 * The audit of existing state: reads a `pulumi stack export` file and turns its resources into
 * what the engine hands to analyzers, so the pack judges a deployed stack without a preview.
 */
import * as fs from "fs";
import { z } from "zod";
import { ProviderRef, StackResource } from "./analyzer-client";
import { providerRef } from "./analysis";
import { UserError } from "./errors";
import { ExportLines, recordUrnLines, resourcesLineOf, splitExport } from "./export-stream";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require("@pulumi/pulumi/runtime/rpc");
const SIG_KEY: string = rpc.specialSigKey;
const SECRET_SIG: string = rpc.specialSecretSig;
const UNKNOWN: string = rpc.unknownValue;

/** The export file is missing, is not JSON, or does not have the shape `pulumi stack export` writes. */
export class ExportFileError extends UserError {
    constructor(
        readonly file: string,
        readonly problems: string[],
    ) {
        super(`${file} is not a usable \`pulumi stack export\` file:${problems.length === 1 ? ` ${problems[0]}` : `\n${problems.map((p) => `  - ${p}`).join("\n")}`}`);
    }
}

const propertyMap = z.record(z.string(), z.unknown());
const urn = z.string().regex(/^urn:pulumi:[^:]*::[^:]*::.+::.*$/, "expected a Pulumi URN (urn:pulumi:<stack>::<project>::<type>::<name>)");

const exportedResource = z.looseObject({
    urn,
    type: z.string().min(1, "expected the resource's type token"),
    custom: z.boolean(),
    delete: z.boolean().optional(),
    inputs: propertyMap.optional(),
    outputs: propertyMap.optional(),
    parent: urn.optional(),
    protect: z.boolean().optional(),
    dependencies: z.array(urn).optional(),
    propertyDependencies: z.record(z.string(), z.array(urn)).optional(),
    provider: z.string().optional(),
    ignoreChanges: z.array(z.string()).optional(),
    aliases: z.array(z.unknown()).optional(),
    additionalSecretOutputs: z.array(z.string()).optional(),
    deleteBeforeReplace: z.boolean().optional(),
    customTimeouts: z.looseObject({ create: z.number().optional(), update: z.number().optional(), delete: z.number().optional() }).optional(),
});

const VERSION = "expected the deployment format version (1 to 3), as `pulumi stack export` writes it";
const exportFile = z.looseObject(
    {
        version: z.number({ error: VERSION }).int(VERSION).min(1, VERSION).max(3, VERSION),
        deployment: z.looseObject(
            {
                resources: z.array(exportedResource, { error: "expected the list of the stack's resources" }).optional(),
            },
            { error: "expected the deployment object (`pulumi stack export` writes {version, deployment: {resources: [...]}})" },
        ),
    },
    { error: "expected a JSON object as `pulumi stack export` writes it" },
);

type ExportedResource = z.infer<typeof exportedResource>;

/** Problems listed before "... and N more". */
const MAX_ISSUES = 20;

function describePath(p: readonly PropertyKey[]): string {
    return p.reduce<string>((acc, k) => (typeof k === "number" ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), "") || "(file)";
}

export interface ExportedStack {
    stack?: string;
    project?: string;
    resources: StackResource[];
    /** Things the user should know about how the export was read (secrets, pending deletes). */
    notes: string[];
}

/**
 * Secrets in an export are `{<sig>: <secret sig>, ciphertext}` (or `plaintext` with
 * `--show-secrets`). Plaintext secrets go to the pack as secrets, as the engine sends them;
 * encrypted ones cannot be read offline and go as unknown values, so policies that need them say
 * so instead of judging a ciphertext.
 */
function decodeSecrets(value: unknown, counts: { encrypted: number }): unknown {
    if (Array.isArray(value)) {
        return value.map((v) => decodeSecrets(v, counts));
    }
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[SIG_KEY] === SECRET_SIG) {
            if (typeof obj.plaintext === "string") {
                let plain: unknown;
                try {
                    plain = JSON.parse(obj.plaintext);
                } catch {
                    plain = obj.plaintext;
                }
                return { [SIG_KEY]: SECRET_SIG, value: decodeSecrets(plain, counts) };
            }
            if ("value" in obj) {
                return { [SIG_KEY]: SECRET_SIG, value: decodeSecrets(obj.value, counts) };
            }
            counts.encrypted++;
            return UNKNOWN;
        }
        return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, decodeSecrets(v, counts)]));
    }
    return value;
}

function urnParts(u: string): { stack: string; project: string; name: string } {
    const [, rest] = u.split("urn:pulumi:");
    const parts = rest.split("::");
    return { stack: parts[0], project: parts[1], name: parts.slice(3).join("::") };
}

/** A JSON value read again on every access: large exports keep each resource's properties as text, not objects. */
function lazyJson(target: object, prop: "inputs" | "outputs", json: string): void {
    Object.defineProperty(target, prop, { get: () => JSON.parse(json), enumerable: true });
}

/**
 * Reads an export one resource at a time: each resource is validated and converted as it comes, and
 * only its converted form is kept (properties as JSON text, parsed again when the pack needs them),
 * so a large export is never held whole, twice over, as objects.
 */
class ExportReader {
    private readonly issues: string[] = [];
    private issueCount = 0;
    private readonly live: { r: ExportedResource; inputs: string; outputs: string }[] = [];
    private pendingDeletes = 0;
    private readonly counts = { encrypted: 0 };

    constructor(private readonly file: string) {}

    private issue(path: readonly PropertyKey[], message: string): void {
        this.issueCount++;
        if (this.issues.length < MAX_ISSUES) {
            this.issues.push(`${describePath(path)}: ${message}`);
        }
    }

    /** One element of `deployment.resources`, at `index`. */
    resource(raw: unknown, index: number): void {
        const parsed = exportedResource.safeParse(raw);
        if (!parsed.success) {
            for (const i of parsed.error.issues) {
                this.issue(["deployment", "resources", index, ...i.path], i.message);
            }
            return;
        }
        const r = parsed.data;
        if (r.delete) {
            this.pendingDeletes++;
            return;
        }
        // Only the fields the conversion reads are kept (not the validated copies of the properties).
        const { inputs, outputs, ...rest } = r;
        this.live.push({
            r: rest as ExportedResource,
            inputs: JSON.stringify(decodeSecrets(inputs ?? {}, this.counts)),
            outputs: JSON.stringify(decodeSecrets(outputs ?? {}, this.counts)),
        });
    }

    /** The document without its resources, then the stack; throws ExportFileError naming every problem. */
    finish(skeleton: unknown): ExportedStack {
        const parsed = exportFile.safeParse(skeleton);
        const issues = parsed.success ? [] : parsed.error.issues.map((i) => `${describePath(i.path)}: ${i.message}`);
        // The document's own problems come first, as a validation of the whole file lists them.
        const all = [...issues, ...this.issues];
        const total = issues.length + this.issueCount;
        if (total > 0) {
            const problems = all.slice(0, MAX_ISSUES);
            if (total > MAX_ISSUES) {
                problems.push(`... and ${total - MAX_ISSUES} more`);
            }
            throw new ExportFileError(this.file, problems);
        }
        const problems: string[] = [];
        const seen = new Set<string>();
        for (const { r } of this.live) {
            if (seen.has(r.urn)) {
                problems.push(`deployment.resources: the URN ${r.urn} appears twice`);
            }
            seen.add(r.urn);
        }
        if (problems.length > 0) {
            throw new ExportFileError(this.file, problems);
        }
        // Provider references name provider resources of the same export: their inputs, read once.
        const byUrn = new Map(
            this.live.map(({ r, inputs }) => {
                const entry = { type: r.type, name: urnParts(r.urn).name } as { type: string; name: string; inputs: Record<string, unknown> };
                lazyJson(entry, "inputs", inputs);
                return [r.urn, entry];
            }),
        );
        const providers = new Map<string, ProviderRef | undefined>();
        const resources = this.live.map(({ r, inputs, outputs }): StackResource => {
            let provider = providers.get(r.provider ?? "");
            if (r.provider && !providers.has(r.provider)) {
                provider = providerRef(r.provider, byUrn);
                providers.set(r.provider, provider);
            }
            const resource = {
                urn: r.urn,
                type: r.type,
                name: urnParts(r.urn).name,
                custom: r.custom,
                ...(r.parent ? { parent: r.parent } : {}),
                protect: r.protect ?? false,
                dependencies: r.dependencies ?? [],
                propertyDependencies: r.propertyDependencies ?? {},
                ...(provider ? { provider } : {}),
                ...(r.ignoreChanges ? { ignoreChanges: r.ignoreChanges } : {}),
                ...(r.additionalSecretOutputs ? { additionalSecretOutputs: r.additionalSecretOutputs } : {}),
                ...(r.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: r.deleteBeforeReplace } : {}),
                ...(r.aliases ? { aliases: r.aliases.filter((a): a is string => typeof a === "string") } : {}),
                ...(r.customTimeouts ? { customTimeouts: r.customTimeouts } : {}),
            } as StackResource;
            lazyJson(resource, "inputs", inputs);
            lazyJson(resource, "outputs", outputs);
            return resource;
        });
        const notes: string[] = [];
        if (this.counts.encrypted > 0) {
            const n = this.counts.encrypted;
            notes.push(`${n} encrypted secret value${n === 1 ? "" : "s"} could not be read offline and were sent as unknown; export with --show-secrets to judge them`);
        }
        if (this.pendingDeletes > 0) {
            const n = this.pendingDeletes;
            notes.push(`${n} resource${n === 1 ? "" : "s"} pending deletion ${n === 1 ? "was" : "were"} skipped`);
        }
        const first = this.live[0] ? urnParts(this.live[0].r.urn) : undefined;
        return { ...(first ? { stack: first.stack, project: first.project } : {}), resources, notes };
    }
}

/** Validates and converts the parsed JSON of an export. */
export function parseExport(data: unknown, file = "export"): ExportedStack {
    const reader = new ExportReader(file);
    const deployment = data !== null && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>).deployment : undefined;
    const list = deployment !== null && typeof deployment === "object" && !Array.isArray(deployment) ? (deployment as Record<string, unknown>).resources : undefined;
    if (!Array.isArray(list)) {
        return reader.finish(data);
    }
    list.forEach((r, i) => reader.resource(r, i));
    return reader.finish({ ...(data as object), deployment: { ...(deployment as object), resources: [] } });
}

/**
 * Reads and validates an export file, one resource at a time (see `splitExport`), reading
 * `chunkBytes` at a time.
 */
export function readExportFile(file: string, chunkBytes = 1 << 20): ExportedStack {
    return readExportFileWithLines(file, chunkBytes).exported;
}

/** `readExportFile`, with the line of each resource in the file, noted in the same pass. */
export function readExportFileWithLines(file: string, chunkBytes = 1 << 20): { exported: ExportedStack; lines: ExportLines } {
    let fd: number;
    try {
        fd = fs.openSync(file, "r");
    } catch (e) {
        throw new ExportFileError(file, [`cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
    }
    const reader = new ExportReader(file);
    const urns = new Map<string, number>();
    let skeleton: string;
    try {
        skeleton = splitExport(fd, chunkBytes, (text, index, firstLine) => {
            recordUrnLines(text, firstLine, urns);
            reader.resource(parseJson(file, text), index);
        });
    } catch (e) {
        if (e instanceof ExportFileError) {
            throw e;
        }
        throw new ExportFileError(file, [`cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
    } finally {
        fs.closeSync(fd);
    }
    return { exported: reader.finish(parseJson(file, skeleton)), lines: { urns, resources: resourcesLineOf(skeleton) } };
}

function parseJson(file: string, text: string): unknown {
    try {
        return JSON.parse(text);
    } catch (e) {
        throw new ExportFileError(file, [`not valid JSON (${(e as Error).message})`]);
    }
}
