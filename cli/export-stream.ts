/**
 * Streams a `pulumi stack export` file: each resource of `deployment.resources` is handed over as
 * text while the file is read in chunks, so a large export is never held as one object tree.
 */
import * as fs from "fs";

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

/** Where the resources are in the export text: the line of each resource's `"urn"`, and of the list itself. */
export interface ExportLines {
    /** 1-based line of each URN's first `"urn": "..."` line. */
    urns: ReadonlyMap<string, number>;
    /** 1-based line of the `"resources":` key (1 when there is none). */
    resources: number;
}

const URN_LINE = /^\s*"urn"\s*:\s*"(.*)",?\s*$/;

/** Records the `"urn"` lines of an element of the list whose text starts on line `firstLine`. */
export function recordUrnLines(text: string, firstLine: number, into: Map<string, number>): void {
    text.split("\n").forEach((l, i) => {
        const m = URN_LINE.exec(l);
        if (m) {
            try {
                const urn = JSON.parse(`"${m[1]}"`) as string;
                if (!into.has(urn)) {
                    into.set(urn, firstLine + i);
                }
            } catch {
                // Not a plain string: leave the resource to the fallback.
            }
        }
    });
}

/** The line of the `"resources":` key: the skeleton keeps every line before the list as it was. */
export function resourcesLineOf(skeleton: string): number {
    return skeleton.split("\n").findIndex((l) => /"resources"\s*:/.test(l)) + 1 || 1;
}

/**
 * The bytes of the resource being read, in one buffer reused from resource to resource: a copy of
 * each piece would be a small allocation per chunk boundary and token, held until the next
 * collection, tens of megabytes for a large export.
 */
class ElementBytes {
    private buffer = Buffer.allocUnsafe(64 * 1024);
    private length = 0;

    append(source: Buffer, from: number, to: number): void {
        const needed = this.length + (to - from);
        if (needed > this.buffer.length) {
            const bigger = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
            this.buffer.copy(bigger, 0, 0, this.length);
            this.buffer = bigger;
        }
        source.copy(this.buffer, this.length, from, to);
        this.length = needed;
    }

    text(): string {
        return this.buffer.toString("utf8", 0, this.length);
    }

    clear(): void {
        this.length = 0;
    }
}

/**
 * Reads a JSON document from `fd` in chunks and hands each element of `deployment.resources` to
 * `element` as text; returns the rest of the document, with that list left empty, for the caller
 * to parse and validate. The structural characters are ASCII, which never occurs inside a UTF-8
 * multi-byte sequence, so the bytes can be scanned without decoding them. Malformed JSON is left
 * for JSON.parse to report (on an element, or on what remains).
 */
export function splitExport(fd: number, chunkBytes: number, element: (text: string, index: number, firstLine: number) => void): string {
    const skeleton: Buffer[] = [];
    /** Open containers: arrays, and objects with the key being read or last read. */
    const stack: { array: boolean; key?: string; expectKey: boolean }[] = [];
    let inString = false;
    let escaped = false;
    /** The bytes of an object key at the first two levels, while it is read. */
    let key: Buffer[] | undefined;
    /** Depth of the resources list while inside it, the current element's bytes, whether a comma came. */
    let listDepth = -1;
    const current = new ElementBytes();
    let afterComma = false;
    let index = 0;
    /** The line being read, and the one the current element's text starts on (JSON has no raw newline in a string). */
    let line = 1;
    let elementLine = 1;
    const emit = () => {
        element(current.text(), index++, elementLine);
        current.clear();
    };
    const chunk = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
        const n = fs.readSync(fd, chunk, 0, chunk.length, null);
        if (n === 0) {
            break;
        }
        const data = chunk.subarray(0, n);
        // Bytes from `from` on belong to the current element while in the list, else to the skeleton.
        let from = 0;
        const take = (to: number) => {
            if (to > from) {
                if (listDepth >= 0) {
                    current.append(data, from, to);
                } else {
                    skeleton.push(Buffer.from(data.subarray(from, to)));
                }
            }
            from = to;
        };
        let keyFrom = 0;
        for (let i = 0; i < n; i++) {
            const c = data[i];
            if (c === NEWLINE) {
                line++;
            }
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c === BACKSLASH) {
                    escaped = true;
                } else if (c === QUOTE) {
                    inString = false;
                    if (key) {
                        key.push(Buffer.from(data.subarray(keyFrom, i)));
                        stack[stack.length - 1].key = JSON.parse(`"${Buffer.concat(key).toString("utf8")}"`);
                        key = undefined;
                    }
                }
                continue;
            }
            if (listDepth >= 0 && stack.length === listDepth) {
                // Directly inside the resources list: a comma ends an element, the bracket the list.
                if (c === COMMA) {
                    take(i);
                    emit();
                    from = i + 1;
                    elementLine = line;
                    afterComma = true;
                    continue;
                }
                if (c === CLOSE_ARRAY) {
                    take(i);
                    // An empty list has no element; "[1,]" has an empty one, which JSON.parse rejects.
                    if (afterComma || current.text().trim() !== "") {
                        emit();
                    }
                    current.clear();
                    listDepth = -1;
                }
            }
            const top = stack[stack.length - 1];
            if (c === QUOTE) {
                inString = true;
                if (top && !top.array && top.expectKey && stack.length <= 2) {
                    key = [];
                    keyFrom = i + 1;
                }
            } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
                const isList = c === OPEN_ARRAY && listDepth < 0 && stack.length === 2 && stack[0].key === "deployment" && stack[1].key === "resources";
                stack.push({ array: c === OPEN_ARRAY, expectKey: c === OPEN_OBJECT });
                if (isList) {
                    take(i + 1);
                    elementLine = line;
                    listDepth = stack.length;
                    afterComma = false;
                }
            } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
                stack.pop();
            } else if (c === COLON && top && !top.array) {
                top.expectKey = false;
            } else if (c === COMMA && top && !top.array) {
                top.expectKey = true;
            }
        }
        take(n);
        if (key) {
            // A key split across chunks: keep what this chunk holds of it.
            key.push(Buffer.from(data.subarray(keyFrom, n)));
        }
    }
    if (listDepth >= 0) {
        // The file ended inside the list: what is left is not valid JSON, and parsing it says so.
        skeleton.push(Buffer.from(current.text(), "utf8"));
    }
    return Buffer.concat(skeleton).toString("utf8");
}
