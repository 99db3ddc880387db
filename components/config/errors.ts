import { z } from "zod";

export const NAMESPACE = "ai-guardrails";

/** Raised before any resource is registered when the stack configuration is invalid. */
export class ConfigValidationError extends Error {
    constructor(readonly problems: string[]) {
        super(`Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` + problems.map((p) => `  - ${p}`).join("\n"));
        this.name = "ConfigValidationError";
    }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
    let cur: any = input;
    for (const key of path) {
        if (cur === null || typeof cur !== "object") {
            return undefined;
        }
        cur = cur[key as any];
    }
    return cur;
}

/** `ai-guardrails:guardrail.contentFilters.HATE` style names for a path into the namespace. */
export function keyOf(path: readonly PropertyKey[]): string {
    if (path.length === 0) {
        return NAMESPACE;
    }
    const [head, ...rest] = path;
    const first = String(head).includes(":") ? String(head) : `${NAMESPACE}:${String(head)}`;
    return rest.reduce<string>((acc, k) => (typeof k === "number" ? `${acc}[${k}]` : `${acc}.${String(k)}`), first);
}

function describeValue(value: unknown): string {
    if (value === undefined) {
        return "(not set)";
    }
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** One line per problem: the key, the value given, and what is allowed. */
export function describeIssues(error: z.ZodError, input: unknown): string[] {
    return error.issues.map((issue) => {
        if (issue.code === "unrecognized_keys") {
            const keys = issue.keys.map((k) => keyOf([...issue.path, k]));
            return `${keys.join(", ")}: unknown key${keys.length > 1 ? "s" : ""} (check the spelling; see the configuration reference in README.md)`;
        }
        return `${keyOf(issue.path)} = ${describeValue(valueAt(input, issue.path))}: ${issue.message}`;
    });
}
