/**
 * The audit of existing state: reads a `pulumi stack export` file and turns its resources into
 * what the engine hands to analyzers, so the pack judges a deployed stack without a preview.
 */
import * as fs from "fs";
import { z } from "zod";
import { StackResource } from "./analyzer-client";
import { providerRef } from "./analysis";
import { UserError } from "./errors";

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

/** Validates and converts the parsed JSON of an export. */
export function parseExport(data: unknown, file = "export"): ExportedStack {
    const parsed = exportFile.safeParse(data);
    if (!parsed.success) {
        const problems = parsed.error.issues.slice(0, 20).map((i) => `${describePath(i.path)}: ${i.message}`);
        if (parsed.error.issues.length > 20) {
            problems.push(`... and ${parsed.error.issues.length - 20} more`);
        }
        throw new ExportFileError(file, problems);
    }
    const all = parsed.data.deployment.resources ?? [];
    const live = all.filter((r) => !r.delete);
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const r of live) {
        if (seen.has(r.urn)) {
            problems.push(`deployment.resources: the URN ${r.urn} appears twice`);
        }
        seen.add(r.urn);
    }
    if (problems.length > 0) {
        throw new ExportFileError(file, problems);
    }
    const counts = { encrypted: 0 };
    const byUrn = new Map(live.map((r) => [r.urn, { type: r.type, name: urnParts(r.urn).name, inputs: (r.inputs ?? {}) as Record<string, unknown> }]));
    const resources = live.map((r: ExportedResource): StackResource => {
        const provider = providerRef(r.provider, byUrn);
        return {
            urn: r.urn,
            type: r.type,
            name: urnParts(r.urn).name,
            custom: r.custom,
            inputs: decodeSecrets(r.inputs ?? {}, counts) as Record<string, unknown>,
            outputs: decodeSecrets(r.outputs ?? {}, counts) as Record<string, unknown>,
            ...(r.parent ? { parent: r.parent } : {}),
            protect: r.protect ?? false,
            dependencies: r.dependencies ?? [],
            propertyDependencies: r.propertyDependencies ?? {},
            ...(provider ? { provider: { ...provider, properties: decodeSecrets(provider.properties, { encrypted: 0 }) as Record<string, unknown> } } : {}),
            ...(r.ignoreChanges ? { ignoreChanges: r.ignoreChanges } : {}),
            ...(r.additionalSecretOutputs ? { additionalSecretOutputs: r.additionalSecretOutputs } : {}),
            ...(r.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: r.deleteBeforeReplace } : {}),
            ...(r.aliases ? { aliases: r.aliases.filter((a): a is string => typeof a === "string") } : {}),
            ...(r.customTimeouts ? { customTimeouts: r.customTimeouts } : {}),
        };
    });
    const notes: string[] = [];
    if (counts.encrypted > 0) {
        notes.push(`${counts.encrypted} encrypted secret value${counts.encrypted === 1 ? "" : "s"} could not be read offline and were sent as unknown; export with --show-secrets to judge them`);
    }
    if (all.length > live.length) {
        const n = all.length - live.length;
        notes.push(`${n} resource${n === 1 ? "" : "s"} pending deletion ${n === 1 ? "was" : "were"} skipped`);
    }
    const first = live[0] ? urnParts(live[0].urn) : undefined;
    return { ...(first ? { stack: first.stack, project: first.project } : {}), resources, notes };
}

/** Reads and validates an export file. */
export function readExportFile(file: string): ExportedStack {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new ExportFileError(file, [`cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
    }
    let data: unknown;
    try {
        data = JSON.parse(text);
    } catch (e) {
        throw new ExportFileError(file, [`not valid JSON (${(e as Error).message})`]);
    }
    return parseExport(data, file);
}
