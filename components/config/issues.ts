/**
 * Zod's validation issues as one line per problem: the key or argument (named the way the user
 * wrote it), the value given, and what is allowed.
 */
import { z } from "zod";
import { Problem } from "./errors";

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

/** `guardrail.harmFilters.HATE`, `agents[0].name`: a path as one dotted name. */
export function pathOf(path: readonly PropertyKey[]): string {
    return path.reduce<string>((acc, k) => (typeof k === "number" ? `${acc}[${k}]` : acc === "" ? String(k) : `${acc}.${String(k)}`), "");
}

/**
 * How a path is named to the user: `ai-guardrails:guardrail.harmFilters.HATE` for stack settings
 * (keys of other namespaces, such as `aws:region`, keep theirs), the bare path for component arguments.
 */
export type KeyNamer = (path: readonly PropertyKey[]) => string;

/** Names paths as keys of a stack-settings namespace. */
export function settingsKeys(namespace: string): KeyNamer {
    return (path) => {
        if (path.length === 0) {
            return namespace;
        }
        const [head, ...rest] = path;
        const first = String(head).includes(":") ? String(head) : `${namespace}:${String(head)}`;
        return rest.reduce<string>((acc, k) => (typeof k === "number" ? `${acc}[${k}]` : `${acc}.${String(k)}`), first);
    };
}

/** Names paths as arguments of a component. */
export const argumentKeys: KeyNamer = (path) => (path.length === 0 ? "args" : pathOf(path));

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

/** One problem per issue: the key, the value given, and what is allowed. */
export function describeIssues(error: z.ZodError, input: unknown, schema: z.ZodType | undefined, keyOf: KeyNamer): Problem[] {
    return error.issues.map((issue) => {
        if (issue.code === "unrecognized_keys") {
            const keys = issue.keys.map((k) => `${keyOf([...issue.path, k])} = ${describeValue(valueAt(input, [...issue.path, k]))}`);
            const allowed = schema ? allowedKeysAt(schema, issue.path) : undefined;
            const hint = allowed ? `allowed keys: ${allowed.map((k) => (issue.path.length === 0 ? keyOf([k]) : k)).join(", ")}` : "check the spelling";
            return {
                propertyPath: pathOf([...issue.path, issue.keys[0]]),
                reason: `${keys.join(", ")}: unknown key${keys.length > 1 ? "s" : ""}; ${hint} (see the configuration reference in README.md)`,
            };
        }
        return { propertyPath: pathOf(issue.path), reason: `${keyOf(issue.path)} = ${describeValue(valueAt(input, issue.path))}: ${issue.message}` };
    });
}
