/**
 * Reads a stack's settings file (`stacks/Pulumi.<stack>.yaml`) into the raw configuration map
 * Pulumi hands a program: `namespace:key` -> string, with objects and lists JSON-encoded and keys
 * without a namespace placed in the project's. Used by the offline preview and the tests, so both
 * run the program with exactly the configuration `pulumi up` would give it.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { UserError } from "./errors";
import type { MockContext } from "./mock-runtime";
import { NAMESPACE } from "../components/config/namespace";
import { awsProviderSettings, isReadByProgram, unreadKeysLine } from "../components/config/provider";

/**
 * The repository root: the nearest folder above this file with the project's `Pulumi.yaml` and
 * `package.json` (this file runs from `cli/`, or compiled from `dist/cli-build/cli/`).
 */
export const PROJECT_ROOT = projectRootAbove(__dirname);

function projectRootAbove(dir: string): string {
    for (let at = path.resolve(dir); ; at = path.dirname(at)) {
        if (fs.existsSync(path.join(at, "Pulumi.yaml")) && fs.existsSync(path.join(at, "package.json"))) {
            return at;
        }
        if (path.dirname(at) === at) {
            return path.resolve(dir, "..");
        }
    }
}

/** Where the stack settings files live (`stackConfigDir` in Pulumi.yaml). */
export const STACKS_DIR = path.join(PROJECT_ROOT, "stacks");

/** A stack settings file that is missing or cannot be read as Pulumi would read it. */
export class StackConfigFileError extends UserError {}

const STACK_NAME = /^[A-Za-z0-9_.-]+$/;
const FILE_NAME = /^Pulumi\.([A-Za-z0-9_.-]+)\.yaml$/;

/** The project name from `Pulumi.yaml` (the namespace of keys written without one). */
export function projectName(root: string = PROJECT_ROOT): string {
    const file = path.join(root, "Pulumi.yaml");
    const doc = YAML.parse(fs.readFileSync(file, "utf8"));
    if (!doc || typeof doc.name !== "string" || doc.name.length === 0) {
        throw new StackConfigFileError(`${file}: no project name`);
    }
    return doc.name;
}

/** Stacks that have a settings file, sorted. */
export function availableStacks(dir: string = STACKS_DIR): string[] {
    if (!fs.existsSync(dir)) {
        return [];
    }
    return fs
        .readdirSync(dir)
        .map((f) => FILE_NAME.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** Path of a stack's settings file; throws naming the available stacks when there is none. */
export function stackConfigPath(stack: string, dir: string = STACKS_DIR): string {
    const known = availableStacks(dir);
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    if (!STACK_NAME.test(stack) || !fs.existsSync(file)) {
        throw new StackConfigFileError(`Unknown stack "${stack}": no ${path.join(path.relative(process.cwd(), dir) || ".", `Pulumi.${stack}.yaml`)}. Available stacks: ${known.length ? known.join(", ") : "(none)"}`);
    }
    return file;
}

/** What the offline preview hands the program for a \`secure:\` value: secrets cannot be decrypted offline. */
export const SECRET_PLACEHOLDER = "[secret]";

/** One configuration value as Pulumi stores it: strings as they are, everything else as JSON; a secret as the placeholder. */
function rawValue(key: string, value: unknown, source: string, secrets: string[]): string {
    if (typeof value === "string") {
        return value;
    }
    if (typeof value === "number" || typeof value === "boolean") {
        return String(value);
    }
    if (value === null || value === undefined) {
        throw new StackConfigFileError(`${source}: config key ${key} has no value`);
    }
    if (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value) {
        secrets.push(key);
        return SECRET_PLACEHOLDER;
    }
    return JSON.stringify(value);
}

/**
 * Parses the text of a stack settings file into the raw configuration map. A \`secure:\` value
 * cannot be decrypted offline: it becomes \`SECRET_PLACEHOLDER\` and its key is added to
 * \`options.secrets\` (see \`offlineConfig\`).
 */
export function parseStackConfigYaml(text: string, options: { project?: string; source?: string; secrets?: string[] } = {}): Record<string, string> {
    const source = options.source ?? "stack settings";
    let doc: unknown;
    try {
        doc = YAML.parse(text);
    } catch (e) {
        throw new StackConfigFileError(`${source}: not valid YAML: ${(e as Error).message}`);
    }
    if (doc === null || doc === undefined) {
        return {};
    }
    if (typeof doc !== "object" || Array.isArray(doc)) {
        throw new StackConfigFileError(`${source}: expected a mapping with a config: section`);
    }
    const config = (doc as Record<string, unknown>).config;
    if (config === undefined || config === null) {
        return {};
    }
    if (typeof config !== "object" || Array.isArray(config)) {
        throw new StackConfigFileError(`${source}: config: must be a mapping of keys to values`);
    }
    const project = options.project ?? projectName();
    const raw: Record<string, string> = {};
    for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
        const fullKey = key.includes(":") ? key : `${project}:${key}`;
        raw[fullKey] = rawValue(fullKey, value, source, options.secrets ?? []);
    }
    return raw;
}

/** Loads `Pulumi.<stack>.yaml` from the stacks folder into the raw configuration map. */
export function loadStackConfigFile(stack: string, options: { dir?: string; project?: string; secrets?: string[] } = {}): Record<string, string> {
    const file = stackConfigPath(stack, options.dir);
    return parseStackConfigYaml(fs.readFileSync(file, "utf8"), { project: options.project, source: path.relative(process.cwd(), file) || file, secrets: options.secrets });
}

/**
 * The configuration the offline preview runs the program with, and what it should say about it:
 * a secret the program never reads is left out (it cannot block the preview), one it reads is the
 * placeholder, with a note; the keys the program cannot honour are named in one note (the program
 * warns about them as well), and so are Pulumi's own keys, which the offline preview does not apply.
 */
export function offlineConfig(raw: Record<string, string>, secrets: readonly string[]): { config: Record<string, string>; notes: string[] } {
    const config = { ...raw };
    const notes: string[] = [];
    const read = secrets.filter((k) => isReadByProgram(k));
    for (const key of secrets.filter((k) => !isReadByProgram(k))) {
        delete config[key];
    }
    if (read.length > 0) {
        notes.push(
            `${read.join(", ")} ${read.length === 1 ? "is a secret" : "are secrets"} (secure:), which the offline preview cannot decrypt: the program reads "${SECRET_PLACEHOLDER}" in ${read.length === 1 ? "its" : "their"} place, so verdicts that depend on ${read.length === 1 ? "it" : "them"} are not final`,
        );
    }
    const { unread } = awsProviderSettings(raw, raw[`${NAMESPACE}:accountId`] ?? "");
    if (unread.length > 0) {
        notes.push(unreadKeysLine(unread));
    }
    const pulumiKeys = Object.keys(config).filter((k) => k.startsWith("pulumi:"));
    if (pulumiKeys.length > 0) {
        notes.push(`${pulumiKeys.join(", ")}: read by the Pulumi CLI, not by the program; the offline preview does not apply ${pulumiKeys.length === 1 ? "it" : "them"}`);
    }
    return { config, notes };
}

/**
 * The account, Region and partition the mocks should answer for, read from the raw configuration
 * (fallbacks keep the mocks usable when the configuration is invalid: the program rejects it anyway).
 */
export function mockContextFromConfig(raw: Record<string, string>, namespace = "ai-guardrails"): MockContext {
    return {
        accountId: raw[`${namespace}:accountId`] ?? "000000000000",
        region: raw["aws:region"] ?? "us-east-1",
        partition: raw[`${namespace}:partition`] ?? "aws",
    };
}
