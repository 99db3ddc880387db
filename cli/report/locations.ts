/**
 * Where each finding points, for SARIF (GitHub code scanning keys an alert on rule, file and line)
 * and the table: a path relative to the repository root and a line.
 *
 * - preview: the program line that registered the resource (the SDK's source position of the
 *   registration, which the mock runtime records), else the line of the stack setting that shapes
 *   the policy's layer, else the `config:` line of the settings file;
 * - audit: the line of the resource's URN in the export file.
 */
import * as fs from "fs";
import * as path from "path";
import type { Location } from "./types";
import type { Locator } from "./model";
import type { StackResource } from "../protocol";
import type { ExportLines } from "../export-stream";

/** The nearest folder at or above `start` that holds a `.git` entry (a repository or a worktree). */
export function repositoryRoot(start: string): string | undefined {
    let dir = path.resolve(start);
    for (;;) {
        if (fs.existsSync(path.join(dir, ".git"))) {
            return dir;
        }
        const up = path.dirname(dir);
        if (up === dir) {
            return undefined;
        }
        dir = up;
    }
}

/** `file` relative to `root`, with forward slashes; undefined when it lies outside. */
export function repoRelative(file: string, root: string): string | undefined {
    const rel = path.relative(root, path.resolve(file));
    if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) {
        return undefined;
    }
    return rel.split(path.sep).join("/");
}

/** The stack setting (a key of `Pulumi.<stack>.yaml`) that shapes each layer's controls. */
const LAYER_SETTINGS: Readonly<Record<string, readonly string[]>> = {
    model: ["guardrail", "invocationLogging"],
    access: ["models"],
    identity: ["identity", "agents"],
    agents: ["agents"],
    network: ["network"],
    edge: ["edge"],
    evidence: ["evidence"],
    organization: ["organization"],
    integrity: ["protectGovernance", "organization"],
};

/** 1-based line of the first top-level config key among `keys` (`ai-guardrails:<key>:`), if any. */
function settingLine(lines: readonly string[], keys: readonly string[]): number | undefined {
    for (const key of keys) {
        const pattern = new RegExp(`^\\s+(?:[A-Za-z0-9_-]+:)?${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*:`);
        const i = lines.findIndex((l) => pattern.test(l));
        if (i >= 0) {
            return i + 1;
        }
    }
    return undefined;
}

/**
 * The preview's locator: the registration line when it lies in the repository, else the settings
 * line of the resource's layer. `layerOf` gives a resource's layer.
 */
export function previewLocator(options: { root: string; settingsFile: string; resources: readonly StackResource[]; layerOf: (urn: string) => string | undefined }): Locator {
    const settingsRel = repoRelative(options.settingsFile, options.root) ?? path.basename(options.settingsFile);
    let lines: string[] = [];
    try {
        lines = fs.readFileSync(options.settingsFile, "utf8").split("\n");
    } catch {
        lines = [];
    }
    const configLine = settingLine(lines, ["config"]) ?? lines.findIndex((l) => /^config\s*:/.test(l)) + 1;
    const settingsAt = (layer: string | undefined): Location => ({ file: settingsRel, line: (layer && settingLine(lines, LAYER_SETTINGS[layer] ?? [])) || configLine || 1, basis: "stack-settings" });
    const byUrn = new Map(options.resources.map((r) => [r.urn, r]));
    return {
        resource(urn) {
            const position = byUrn.get(urn)?.sourcePosition;
            const file = position ? repoRelative(position.file, options.root) : undefined;
            if (position && file && !file.startsWith("node_modules/")) {
                return { file, line: position.line, basis: "program" };
            }
            return settingsAt(options.layerOf(urn));
        },
        stack: settingsAt,
    };
}

/** The audit's locator: the line of each resource's `"urn"` in the export, as the reader found them. */
export function exportLocator(options: { file: string; lines: ExportLines }): Locator {
    const { urns, resources } = options.lines;
    return {
        resource: (urn) => ({ file: options.file, line: urns.get(urn) ?? resources, basis: "export" }),
        stack: () => ({ file: options.file, line: resources, basis: "export" }),
    };
}
