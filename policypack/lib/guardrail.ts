/**
 * Reading an `aws:bedrock/guardrail:Guardrail`'s policy blocks the way the guardrail rules need
 * them: lists keyed by type, with every shape problem (a block that is not an object, a list that
 * is not a list, an entry without a type) returned as a message rather than thrown. Props are read
 * through the SDK's proxy, so a value unknown at preview still stops the rule the SDK's way.
 */
import { FILTER_STRENGTHS, FilterStrength, strengthRank } from "../controls/guardrail";

export interface Entries {
    /** Entries by their `type` (the first one wins; duplicates are reported). */
    byType: Map<string, Record<string, any>>;
    problems: string[];
}

function isObject(value: unknown): value is Record<string, any> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * A nested configuration block (`contentPolicyConfig`, ...): an object, or a one-element list as
 * some tools emit for single blocks. Undefined when absent.
 */
export function block(props: Record<string, any>, name: string, problems: string[]): Record<string, any> | undefined {
    const value = props[name];
    if (value === undefined || value === null) {
        return undefined;
    }
    if (Array.isArray(value) && value.length === 1 && isObject(value[0])) {
        return value[0];
    }
    if (!isObject(value)) {
        problems.push(`${name} must be an object, got ${JSON.stringify(value)}`);
        return undefined;
    }
    return value;
}

/** The entries of a list field of a block, keyed by a field (`type`, `name`). */
export function entriesOf(parent: Record<string, any> | undefined, where: string, list: string, keyField = "type"): Entries {
    const out: Entries = { byType: new Map(), problems: [] };
    const value = parent?.[list];
    if (value === undefined || value === null) {
        return out;
    }
    if (!Array.isArray(value)) {
        out.problems.push(`${where}.${list} must be a list, got ${JSON.stringify(value)}`);
        return out;
    }
    value.forEach((entry: unknown, i: number) => {
        if (!isObject(entry) || typeof entry[keyField] !== "string") {
            out.problems.push(`${where}.${list}[${i}] must be an object with a string ${keyField}, got ${JSON.stringify(entry)}`);
            return;
        }
        const key = entry[keyField] as string;
        if (out.byType.has(key)) {
            out.problems.push(`${where}.${list} lists ${key} more than once`);
            return;
        }
        out.byType.set(key, entry);
    });
    return out;
}

/** The content filters of a guardrail, by type (HATE, ..., PROMPT_ATTACK). */
export function contentFilters(props: Record<string, any>): Entries {
    const problems: string[] = [];
    const content = block(props, "contentPolicyConfig", problems);
    const entries = entriesOf(content, "contentPolicyConfig", "filtersConfigs");
    return { byType: entries.byType, problems: [...problems, ...entries.problems] };
}

export type Side = "input" | "output";

/**
 * What keeps one content filter from protecting a side (input or output) at the minimum strength:
 * evaluation switched off, a strength below the minimum (or not a strength at all), a detect-only
 * action (`NONE`), or modalities that leave text out. Empty when the filter protects that side.
 */
export function contentFilterProblems(filter: Record<string, any>, sides: readonly Side[], minimum: FilterStrength): string[] {
    const problems: string[] = [];
    for (const side of sides) {
        if (filter[`${side}Enabled`] === false) {
            problems.push(`${side} evaluation is disabled (${side}Enabled: false)`);
            continue;
        }
        const strength = filter[`${side}Strength`];
        if (typeof strength !== "string" || strengthRank(strength) < 0) {
            problems.push(`${side}Strength ${JSON.stringify(strength)} is not one of ${FILTER_STRENGTHS.join(", ")}`);
        } else if (strengthRank(strength) < strengthRank(minimum)) {
            problems.push(`${side}Strength is ${strength}, below the required ${minimum}`);
        }
        if (filter[`${side}Action`] === "NONE") {
            problems.push(`${side}Action is NONE: matches are only detected, never blocked`);
        }
        const modalities = filter[`${side}Modalities`];
        if (Array.isArray(modalities) && !modalities.includes("TEXT")) {
            problems.push(`${side}Modalities ${JSON.stringify(modalities)} leave out TEXT: text is not evaluated`);
        }
    }
    return problems;
}
