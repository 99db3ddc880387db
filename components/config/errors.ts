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

/** Strips wrappers (defaults, pipes, optionals) down to the schema that holds the shape. */
function unwrap(schema: any): any {
    let cur = schema;
    for (let i = 0; i < 20 && cur?.def; i++) {
        const def = cur.def;
        if (["default", "prefault", "optional", "nullable", "readonly", "catch", "nonoptional"].includes(def.type)) {
            cur = def.innerType;
        } else if (def.type === "pipe") {
            cur = def.in;
        } else {
            break;
        }
    }
    return cur;
}

/** The keys a schema accepts at a path: an object's fields, or the options of an enum-keyed record. */
export function allowedKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
    let cur = unwrap(schema);
    for (const segment of path) {
        const def = cur?.def;
        if (def?.type === "object") {
            cur = unwrap(def.shape[segment as string]);
        } else if (def?.type === "array") {
            cur = unwrap(def.element);
        } else if (def?.type === "record") {
            cur = unwrap(def.valueType);
        } else {
            return undefined;
        }
    }
    const def = cur?.def;
    if (def?.type === "object") {
        return Object.keys(def.shape);
    }
    const options = def?.type === "record" ? unwrap(def.keyType)?.options : undefined;
    return Array.isArray(options) ? options.map(String) : undefined;
}

/** One line per problem: the key, the value given, and what is allowed. */
export function describeIssues(error: z.ZodError, input: unknown, schema?: z.ZodType): string[] {
    return error.issues.map((issue) => {
        if (issue.code === "unrecognized_keys") {
            const keys = issue.keys.map((k) => `${keyOf([...issue.path, k])} = ${describeValue(valueAt(input, [...issue.path, k]))}`);
            const allowed = schema ? allowedKeysAt(schema, issue.path) : undefined;
            const hint = allowed ? `allowed keys: ${allowed.map((k) => (issue.path.length === 0 ? keyOf([k]) : k)).join(", ")}` : "check the spelling";
            return `${keys.join(", ")}: unknown key${keys.length > 1 ? "s" : ""}; ${hint} (see the configuration reference in README.md)`;
        }
        return `${keyOf(issue.path)} = ${describeValue(valueAt(input, issue.path))}: ${issue.message}`;
    });
}
