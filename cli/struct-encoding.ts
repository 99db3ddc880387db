/**
 * Protocol-buffer encoding of property values for the Analyzer protocol without google-protobuf's
 * message objects: `google.protobuf.Struct` bodies byte for byte as google-protobuf writes them, and
 * a message with its properties written into one buffer of the exact size. For a large stack the
 * message objects would be most of what the client allocates.
 */
import { headSize, writeHead } from "../policypack/lib/protobuf-wire";

/**
 * Encodes JavaScript values as `google.protobuf.Value` / `Struct` directly: the bytes
 * `Struct.fromJavaScript(value).serializeBinary()` gives (map keys sorted, as google-protobuf writes
 * them), without google-protobuf's message objects, which for a large stack are most of what the
 * command would allocate. A first pass sizes every nested message (in the order the second pass
 * writes them), so the second writes into one buffer of the exact size.
 */
class StructEncoder {
    private sizes: number[] = [];
    private next = 0;

    /** The encoded size of a Struct's body; records nested sizes. */
    sizeStruct(object: Record<string, unknown>): number {
        let total = 0;
        for (const key of sortedKeys(object)) {
            const slot = this.sizes.push(0) - 1;
            const keyBytes = Buffer.byteLength(key, "utf8");
            const value = this.sizeValue(object[key]);
            const entry = headSize(1, keyBytes) + keyBytes + headSize(2, value) + value;
            this.sizes[slot] = entry;
            total += headSize(1, entry) + entry;
        }
        return total;
    }

    private sizeValue(value: unknown): number {
        if (value === null) {
            return 2;
        }
        switch (typeof value) {
            case "string": {
                const n = Buffer.byteLength(value, "utf8");
                return headSize(3, n) + n;
            }
            case "number":
                return 9;
            case "boolean":
                return 2;
            case "object": {
                const slot = this.sizes.push(0) - 1;
                let body = 0;
                if (Array.isArray(value)) {
                    for (const item of value) {
                        const n = this.sizeValue(item);
                        body += headSize(1, n) + n;
                    }
                } else {
                    body = this.sizeStruct(value as Record<string, unknown>);
                }
                this.sizes[slot] = body;
                return headSize(Array.isArray(value) ? 6 : 5, body) + body;
            }
            default:
                throw new Error("Unexpected struct type.");
        }
    }

    /** Writes a Struct's body sized by `sizeStruct` (same object, in the same state) at `at`; returns the offset after it. */
    writeStruct(object: Record<string, unknown>, out: Buffer, at: number): number {
        let i = at;
        for (const key of sortedKeys(object)) {
            const entry = this.sizes[this.next++];
            i = writeHead(out, i, 1, entry);
            i = writeHead(out, i, 1, Buffer.byteLength(key, "utf8"));
            i += out.write(key, i, "utf8");
            const value = object[key];
            i = writeHead(out, i, 2, this.valueSize(value));
            i = this.writeValue(value, out, i);
        }
        return i;
    }

    /** The size of a value about to be written (read from the plan for messages). */
    private valueSize(value: unknown): number {
        if (value !== null && typeof value === "object") {
            const body = this.sizes[this.next];
            return headSize(Array.isArray(value) ? 6 : 5, body) + body;
        }
        return this.sizeValue(value);
    }

    private writeValue(value: unknown, out: Buffer, at: number): number {
        let i = at;
        if (value === null) {
            out[i++] = 0x08;
            out[i++] = 0x00;
            return i;
        }
        switch (typeof value) {
            case "string":
                i = writeHead(out, i, 3, Buffer.byteLength(value, "utf8"));
                return i + out.write(value, i, "utf8");
            case "number":
                out[i++] = 0x11;
                out.writeDoubleLE(value, i);
                return i + 8;
            case "boolean":
                out[i++] = 0x20;
                out[i++] = value ? 1 : 0;
                return i;
            default: {
                const body = this.sizes[this.next++];
                if (Array.isArray(value)) {
                    i = writeHead(out, i, 6, body);
                    for (const item of value) {
                        i = writeHead(out, i, 1, this.valueSize(item));
                        i = this.writeValue(item, out, i);
                    }
                    return i;
                }
                i = writeHead(out, i, 5, body);
                return this.writeStruct(value as Record<string, unknown>, out, i);
            }
        }
    }
}

/** As Struct.fromJavaScript reads an object (every enumerable key), in the order google-protobuf writes them. */
function sortedKeys(object: Record<string, unknown>): string[] {
    const keys: string[] = [];
    for (const key in object) {
        keys.push(key);
    }
    return keys.sort();
}

/** A JavaScript object as the bytes of a `google.protobuf.Struct`. */
export function encodeStruct(object: Record<string, unknown>): Buffer {
    const encoder = new StructEncoder();
    const out = Buffer.allocUnsafe(encoder.sizeStruct(object));
    encoder.writeStruct(object, out, 0);
    return out;
}

type EncodedField = { field: number; text: string; length: number } | { field: number; nested: EncodedFields } | { raw: Uint8Array };

/**
 * String fields, lists of strings and messages made of them, written straight into the output as
 * google-protobuf would write them: google-protobuf's writer copies a string into an array of its
 * bytes first, which for the URNs of a large stack's resources and dependencies was most of what the
 * client allocated to encode requests. Sized as they are added.
 */
export class EncodedFields {
    private readonly items: EncodedField[] = [];
    size = 0;

    /** A singular string field; the empty string, proto3's default, is left out unless `always`. */
    string(field: number, value: string | undefined, always = false): this {
        if (value !== undefined && (always || value !== "")) {
            const length = Buffer.byteLength(value, "utf8");
            this.items.push({ field, text: value, length });
            this.size += headSize(field, length) + length;
        }
        return this;
    }

    /** A repeated string field: every element, empty ones included. */
    strings(field: number, values: readonly string[]): this {
        for (const value of values) {
            this.string(field, value, true);
        }
        return this;
    }

    /** A message field. */
    message(field: number, nested: EncodedFields): this {
        this.items.push({ field, nested });
        this.size += headSize(field, nested.size) + nested.size;
        return this;
    }

    /** Fields already encoded, tags included. */
    raw(bytes: Uint8Array | undefined): this {
        if (bytes) {
            this.items.push({ raw: bytes });
            this.size += bytes.length;
        }
        return this;
    }

    /** Writes the fields at `at`; returns the offset after them. */
    write(out: Buffer, at: number): number {
        let i = at;
        for (const item of this.items) {
            if ("raw" in item) {
                out.set(item.raw, i);
                i += item.raw.length;
            } else if ("text" in item) {
                i = writeHead(out, i, item.field, item.length);
                i += out.write(item.text, i, "utf8");
            } else {
                i = item.nested.write(out, writeHead(out, i, item.field, item.nested.size));
            }
        }
        return i;
    }
}

/**
 * A message followed by fields encoded apart (`extra`: its strings, and a provider shared by many
 * resources) and by its `properties` Struct (field 2 of AnalyzeRequest and AnalyzerResource),
 * optionally wrapped as field `wrap` of an enclosing message: the fields of a message may come in
 * any order, so this decodes as the message with those fields and that Struct set.
 */
export class WithProperties {
    private readonly encoder = new StructEncoder();
    private readonly head: Uint8Array;
    private readonly structSize: number;
    readonly body: number;

    constructor(
        message: { serializeBinary(): Uint8Array },
        private readonly properties: Record<string, unknown>,
        private readonly extra?: EncodedFields,
    ) {
        this.head = message.serializeBinary();
        this.structSize = this.encoder.sizeStruct(properties);
        this.body = this.head.length + (extra?.size ?? 0) + headSize(2, this.structSize) + this.structSize;
    }

    /** Writes the message at `at` (with its own field head when `wrap` is given); returns the offset after it. */
    write(out: Buffer, at: number, wrap?: number): number {
        let i = wrap === undefined ? at : writeHead(out, at, wrap, this.body);
        out.set(this.head, i);
        i += this.head.length;
        if (this.extra) {
            i = this.extra.write(out, i);
        }
        i = writeHead(out, i, 2, this.structSize);
        return this.encoder.writeStruct(this.properties, out, i);
    }

    static bytes(message: { serializeBinary(): Uint8Array }, properties: Record<string, unknown>, extra?: EncodedFields): Buffer {
        const m = new WithProperties(message, properties, extra);
        const out = Buffer.allocUnsafe(m.body);
        m.write(out, 0);
        return out;
    }
}

