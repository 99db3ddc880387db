/** IAM's wildcard semantics, which tool-name and resource-name patterns share. */
import { toolPartOf } from "../controls/agentcore";

const patternCache = new Map<string, RegExp>();

/** `*` any run of characters, `?` one character, case-insensitive, anchored. */
export function wildcardToRegExp(pattern: string): RegExp {
    let re = patternCache.get(pattern);
    if (!re) {
        const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
        re = new RegExp(`^${body}$`, "i");
        patternCache.set(pattern, re);
    }
    return re;
}

/** Whether any of the patterns matches the value. */
export function matchesAnyPattern(patterns: readonly string[], value: string): boolean {
    return patterns.some((p) => wildcardToRegExp(p).test(value));
}

/**
 * Whether a tool (`TARGET___tool`) matches one of the patterns, by its tool part or its whole MCP
 * name (`*delete*` matches `crm___delete_contact`).
 */
export function matchesToolPattern(patterns: readonly string[], action: string): boolean {
    const tool = toolPartOf(action);
    return patterns.some((p) => {
        const re = wildcardToRegExp(p);
        return re.test(tool) || re.test(action);
    });
}
