/**
 * The audit of existing state: reads a `pulumi stack export` file and turns its resources into
 * what the engine hands to analyzers, so the pack judges a deployed stack without a preview.
 */
import * as fs from "fs";
import { z } from "zod";
import { ProviderRef, StackResource } from "./analyzer-client";
import { providerRef } from "./analysis";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require("@pulumi/pulumi/runtime/rpc");
const SIG_KEY: string = rpc.specialSigKey;
const SECRET_SIG: string = rpc.specialSecretSig;
const UNKNOWN: string = rpc.unknownValue;

/** The export file is missing, is not JSON, or does not have the shape `pulumi stack export` writes. */
export class ExportFileError extends Error {
    constructor(
        readonly file: string,
        readonly problems: string[],
    ) {
        super(`${file} is not a usable \`pulumi stack export\` file:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "ExportFileError";
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
    let fd: number;
    try {
        fd = fs.openSync(file, "r");
    } catch (e) {
        throw new ExportFileError(file, [`cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
    }
    const reader = new ExportReader(file);
    let skeleton: string;
    try {
        skeleton = splitExport(fd, chunkBytes, (text, index) => reader.resource(parseJson(file, text), index));
    } catch (e) {
        if (e instanceof ExportFileError) {
            throw e;
        }
        throw new ExportFileError(file, [`cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
    } finally {
        fs.closeSync(fd);
    }
    return reader.finish(parseJson(file, skeleton));
}

function parseJson(file: string, text: string): unknown {
    try {
        return JSON.parse(text);
    } catch (e) {
        throw new ExportFileError(file, [`not valid JSON (${(e as Error).message})`]);
    }
}

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;

/**
 * Reads a JSON document from `fd` in chunks and hands each element of `deployment.resources` to
 * `element` as text; returns the rest of the document, with that list left empty, for the caller
 * to parse and validate. The structural characters are ASCII, which never occurs inside a UTF-8
 * multi-byte sequence, so the bytes can be scanned without decoding them. Malformed JSON is left
 * for JSON.parse to report (on an element, or on what remains).
 */
function splitExport(fd: number, chunkBytes: number, element: (text: string, index: number) => void): string {
    const skeleton: Buffer[] = [];
    /** Open containers: arrays, and objects with the key being read or last read. */
    const stack: { array: boolean; key?: string; expectKey: boolean }[] = [];
    let inString = false;
    let escaped = false;
    /** The bytes of an object key at the first two levels, while it is read. */
    let key: Buffer[] | undefined;
    /** Depth of the resources list while inside it, the current element's bytes, whether a comma came. */
    let listDepth = -1;
    let current: Buffer[] = [];
    let afterComma = false;
    let index = 0;
    const emit = () => {
        element(Buffer.concat(current).toString("utf8"), index++);
        current = [];
    };
    const chunk = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
        const n = fs.readSync(fd, chunk, 0, chunk.length, null);
        if (n === 0) {
            break;
        }
        const data = chunk.subarray(0, n);
        // Bytes from `from` on belong to the current element while in the list, else to the skeleton.
        let from = 0;
        const take = (to: number) => {
            if (to > from) {
                (listDepth >= 0 ? current : skeleton).push(Buffer.from(data.subarray(from, to)));
            }
            from = to;
        };
        let keyFrom = 0;
        for (let i = 0; i < n; i++) {
            const c = data[i];
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c === BACKSLASH) {
                    escaped = true;
                } else if (c === QUOTE) {
                    inString = false;
                    if (key) {
                        key.push(Buffer.from(data.subarray(keyFrom, i)));
                        stack[stack.length - 1].key = JSON.parse(`"${Buffer.concat(key).toString("utf8")}"`);
                        key = undefined;
                    }
                }
                continue;
            }
            if (listDepth >= 0 && stack.length === listDepth) {
                // Directly inside the resources list: a comma ends an element, the bracket the list.
                if (c === COMMA) {
                    take(i);
                    emit();
                    from = i + 1;
                    afterComma = true;
                    continue;
                }
                if (c === CLOSE_ARRAY) {
                    take(i);
                    // An empty list has no element; "[1,]" has an empty one, which JSON.parse rejects.
                    if (afterComma || Buffer.concat(current).toString("utf8").trim() !== "") {
                        emit();
                    }
                    current = [];
                    listDepth = -1;
                }
            }
            const top = stack[stack.length - 1];
            if (c === QUOTE) {
                inString = true;
                if (top && !top.array && top.expectKey && stack.length <= 2) {
                    key = [];
                    keyFrom = i + 1;
                }
            } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
                const isList = c === OPEN_ARRAY && listDepth < 0 && stack.length === 2 && stack[0].key === "deployment" && stack[1].key === "resources";
                stack.push({ array: c === OPEN_ARRAY, expectKey: c === OPEN_OBJECT });
                if (isList) {
                    take(i + 1);
                    listDepth = stack.length;
                    afterComma = false;
                }
            } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
                stack.pop();
            } else if (c === COLON && top && !top.array) {
                top.expectKey = false;
            } else if (c === COMMA && top && !top.array) {
                top.expectKey = true;
            }
        }
        take(n);
        if (key) {
            // A key split across chunks: keep what this chunk holds of it.
            key.push(Buffer.from(data.subarray(keyFrom, n)));
        }
    }
    if (listDepth >= 0) {
        // The file ended inside the list: what is left is not valid JSON, and parsing it says so.
        skeleton.push(...current);
    }
    return Buffer.concat(skeleton).toString("utf8");
}
