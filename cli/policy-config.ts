/**
 * Policy pack configuration as `pulumi preview --policy-pack-config FILE.json` takes it, and the
 * engine's reconciliation of it: each policy starts from its schema defaults and its own level, the
 * pack's initial config applies next, then the user's (`"all"` sets every policy's level first), and
 * the result is validated against each policy's config schema before `configure` is sent.
 */
import * as fs from "fs";
import { z } from "zod";
import { nearest, UserError } from "./errors";
import { configProblems, isCalendarDate } from "../policypack/lib/config-check";
import type { EnforcementLevel, PolicyConfigEntry, PolicyConfigMap, PolicyInfo, ResolvedPolicyConfig } from "./protocol";

export type { PolicyConfigEntry, PolicyConfigMap, ResolvedPolicyConfig };

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** A policy config file or value that the engine would reject; each problem names the policy. */
export class PolicyConfigError extends UserError {
    constructor(readonly problems: string[]) {
        super(problems.length === 1 ? `invalid policy pack configuration: ${problems[0]}` : `invalid policy pack configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
}

function isLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value);
}

/** Parses the `--policy-config` JSON: `{"all": level, "policy": level | {"enforcementLevel": level, key: value}}`. */
export function parsePolicyConfig(text: string, source = "policy config"): PolicyConfigMap {
    if (text.trim() === "") {
        throw new PolicyConfigError([`${source}: the file is empty; expected a JSON object of policy name -> enforcement level or settings`]);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (e) {
        throw new PolicyConfigError([`${source}: not valid JSON (${(e as Error).message})`]);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new PolicyConfigError([`${source}: expected a JSON object of policy name -> enforcement level or settings`]);
    }
    const result: PolicyConfigMap = {};
    const problems: string[] = [];
    for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
        if (typeof value === "string") {
            if (isLevel(value)) {
                result[name] = { enforcementLevel: value, properties: {} };
            } else {
                problems.push(`${name}: "${value}" is not an enforcement level (${ENFORCEMENT_LEVELS.join(", ")})`);
            }
        } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
            const { enforcementLevel, ...properties } = value as Record<string, unknown>;
            if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
                problems.push(`${name}.enforcementLevel: ${JSON.stringify(enforcementLevel)} is not an enforcement level (${ENFORCEMENT_LEVELS.join(", ")})`);
                continue;
            }
            result[name] = { ...(enforcementLevel ? { enforcementLevel } : {}), properties };
        } else {
            problems.push(`${name}: ${JSON.stringify(value)} is not valid; use an enforcement level or an object of settings`);
        }
    }
    if (problems.length > 0) {
        throw new PolicyConfigError(problems);
    }
    return result;
}

/** Reads and parses a `--policy-config` file; a missing file is a `PolicyConfigError`. */
export function readPolicyConfigFile(file: string): PolicyConfigMap {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new PolicyConfigError([`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
    }
    return parsePolicyConfig(text, file);
}

function apply(result: ResolvedPolicyConfig, given: PolicyConfigMap): void {
    const all = given.all?.enforcementLevel;
    if (all) {
        for (const entry of Object.values(result)) {
            entry.enforcementLevel = all;
        }
    }
    for (const [name, cfg] of Object.entries(given)) {
        const entry = result[name];
        if (!entry) {
            continue;
        }
        if (cfg.enforcementLevel) {
            entry.enforcementLevel = cfg.enforcementLevel;
        }
        Object.assign(entry.properties, structuredClone(cfg.properties));
    }
}

function describePath(p: readonly PropertyKey[]): string {
    return p.reduce<string>((acc, k) => (typeof k === "number" ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), "");
}

/**
 * The configuration `configure` receives. A name in `user` that is no policy of the pack is an
 * error rather than silently ignored: a misspelt policy name would otherwise leave it at its default.
 */
export function resolvePolicyConfig(policies: readonly PolicyInfo[], initial: PolicyConfigMap, user: PolicyConfigMap): ResolvedPolicyConfig {
    const known = new Set(policies.map((p) => p.name));
    const unknown = Object.keys(user).filter((name) => name !== "all" && !known.has(name));
    if (unknown.length > 0) {
        throw new PolicyConfigError(
            unknown.map((name) => {
                const guess = nearest(name, [...known]);
                return `${name}: no such policy in the pack (${guess ? `did you mean ${guess}?` : `policies: ${[...known].join(", ") || "none"}`})`;
            }),
        );
    }
    const keyProblems: string[] = [];
    for (const [source, given] of [["user", user] as const, ["initial", initial] as const]) {
        for (const [name, cfg] of Object.entries(given)) {
            const policy = policies.find((p) => p.name === name);
            if (name === "all") {
                if (source === "user" && Object.keys(cfg.properties).length > 0) {
                    keyProblems.push(`all: takes an enforcement level only (got ${Object.keys(cfg.properties).join(", ")})`);
                }
                continue;
            }
            if (policy) {
                const schema = { properties: policy.configSchema?.properties ?? {}, required: policy.configSchema?.required ?? [] };
                keyProblems.push(...configProblems(schema, cfg.properties).map((p) => `${name}: ${p}`));
            }
        }
    }
    if (keyProblems.length > 0) {
        throw new PolicyConfigError(keyProblems);
    }
    const result: ResolvedPolicyConfig = {};
    for (const policy of policies) {
        const properties: Record<string, unknown> = {};
        for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
            if (schema && typeof schema === "object" && "default" in schema) {
                properties[key] = structuredClone(schema.default);
            }
        }
        result[policy.name] = { enforcementLevel: policy.enforcementLevel, properties };
    }
    apply(result, initial);
    apply(result, user);

    const problems: string[] = [];
    for (const policy of policies) {
        if (!policy.configSchema) {
            continue;
        }
        // Unknown keys are refused: the schema the engine builds has no additionalProperties, the pack refuses them itself.
        const jsonSchema: Record<string, unknown> = { type: "object", properties: policy.configSchema.properties, additionalProperties: false };
        if (policy.configSchema.required.length > 0) {
            jsonSchema.required = policy.configSchema.required;
        }
        const outcome = z.fromJSONSchema(jsonSchema as any).safeParse(result[policy.name].properties);
        if (!outcome.success) {
            for (const issue of outcome.error.issues) {
                const where = describePath(issue.path);
                problems.push(`${policy.name}${where ? `.${where}` : ""}: ${issue.message}`);
            }
        }
    }
    if (problems.length > 0) {
        throw new PolicyConfigError(problems);
    }
    return result;
}

/**
 * Exemptions in the resolved settings whose last day has passed: they no longer apply, and the
 * report says so even when no resource matches them.
 */
export function expiredExemptions(resolved: ResolvedPolicyConfig, now: Date = new Date()): string[] {
    const notes: string[] = [];
    for (const [policy, cfg] of Object.entries(resolved)) {
        const list = cfg.properties.exemptions;
        if (!Array.isArray(list)) {
            continue;
        }
        for (const e of list as { resource?: string; expires?: string; approver?: string }[]) {
            if (isCalendarDate(e.expires) && Date.parse(`${e.expires}T23:59:59.999Z`) < now.getTime()) {
                notes.push(`${policy}: the exemption for ${e.resource} (approved by ${e.approver}) expired on ${e.expires}; it no longer applies`);
            }
        }
    }
    return notes;
}
