/**
 * `JSON.stringify(value, null, 2)` in pieces: the report of a large stack (tens of megabytes of
 * JSON) is written as it is produced instead of being built as one string and then copied into one
 * buffer. Arrays and plain objects near the top are walked here; each value below `depth` is
 * stringified whole and indented to its place, which gives the same text as one `JSON.stringify`.
 */

/** Whether `JSON.stringify` would walk it as a plain object or array (no `toJSON` of its own). */
function walkable(value: unknown): value is Record<string, unknown> | unknown[] {
    return value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON !== "function";
}

/** What `JSON.stringify` leaves out of an object and writes as `null` in an array. */
function omitted(value: unknown): boolean {
    return value === undefined || typeof value === "function" || typeof value === "symbol";
}

/** The text of `value` at nesting `level`, in pieces; `depth` levels are walked, the rest stringified. */
export function* jsonChunks(value: unknown, depth = 3, level = 0): Generator<string> {
    const indent = "  ".repeat(level);
    if (depth === 0 || !walkable(value)) {
        const text = JSON.stringify(value, null, 2) ?? "null";
        yield level === 0 ? text : text.replace(/\n/g, `\n${indent}`);
        return;
    }
    const inner = `${indent}  `;
    if (Array.isArray(value)) {
        if (value.length === 0) {
            yield "[]";
            return;
        }
        yield "[";
        for (let i = 0; i < value.length; i++) {
            yield `${i === 0 ? "" : ","}\n${inner}`;
            yield* omitted(value[i]) ? ["null"] : jsonChunks(value[i], depth - 1, level + 1);
        }
        yield `\n${indent}]`;
        return;
    }
    const entries = Object.keys(value).filter((k) => !omitted(value[k]));
    if (entries.length === 0) {
        yield "{}";
        return;
    }
    yield "{";
    for (const [i, key] of entries.entries()) {
        yield `${i === 0 ? "" : ","}\n${inner}${JSON.stringify(key)}: `;
        yield* jsonChunks(value[key], depth - 1, level + 1);
    }
    yield `\n${indent}}`;
}
