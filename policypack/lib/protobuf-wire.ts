/**
 * The protocol-buffer wire format (https://protobuf.dev/programming-guides/encoding/), for the few
 * places where the Analyzer protocol's messages are read or written without google-protobuf's
 * message objects (the pack's stack requests and responses, the CLI's requests and responses).
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

/** Bytes of a varint. */
export function varintSize(value: number): number {
    let size = 1;
    for (let v = value; v > 0x7f; v = Math.floor(v / 128)) {
        size++;
    }
    return size;
}

/** Writes a varint at `at`; returns the offset after it. Seven bits per byte, least significant first; the high bit says more follow. */
export function writeVarint(out: Uint8Array, at: number, value: number): number {
    let v = value;
    let i = at;
    while (v > 0x7f) {
        out[i++] = (v & 0x7f) | 0x80;
        v = Math.floor(v / 128);
    }
    out[i++] = v;
    return i;
}

/** A length-delimited field's tag and length. */
export function headSize(field: number, length: number): number {
    return varintSize((field << 3) | WIRE_LENGTH_DELIMITED) + varintSize(length);
}

/** Writes a length-delimited field's tag and length at `at`; returns the offset after them. */
export function writeHead(out: Uint8Array, at: number, field: number, length: number): number {
    return writeVarint(out, writeVarint(out, at, (field << 3) | WIRE_LENGTH_DELIMITED), length);
}

/** A length-delimited field (its tag, length and `content`) as bytes of its own. */
export function lengthDelimited(field: number, content: Uint8Array): Buffer {
    const out = Buffer.allocUnsafe(headSize(field, content.length) + content.length);
    out.set(content, writeHead(out, 0, field, content.length));
    return out;
}

/** A varint at `at`: its value and the offset after it. */
export function readVarint(bytes: Uint8Array, at: number, message = "protobuf message"): [number, number] {
    let value = 0;
    let scale = 1;
    let i = at;
    for (;;) {
        if (i >= bytes.length) {
            throw new Error(`truncated varint in an ${message}`);
        }
        const b = bytes[i++];
        value += (b & 0x7f) * scale;
        if (b < 0x80) {
            return [value, i];
        }
        scale *= 128;
    }
}

/**
 * Calls `visit` with each field of the message in `bytes[start, end)`: its number, its wire type,
 * the span of its value (a length-delimited field's payload; the raw bytes of any other) and where
 * the field, tag included, starts. `message` names it in errors.
 */
export function forEachField(
    bytes: Uint8Array,
    start: number,
    end: number,
    visit: (field: number, wireType: number, from: number, to: number, fieldStart: number) => void,
    message = "protobuf message",
): void {
    let i = start;
    while (i < end) {
        const [tag, afterTag] = readVarint(bytes, i, message);
        const field = Math.floor(tag / 8);
        const wireType = tag & 7;
        let from = afterTag;
        let to: number;
        switch (wireType) {
            case WIRE_VARINT:
                to = readVarint(bytes, afterTag, message)[1];
                break;
            case WIRE_FIXED64:
                to = afterTag + 8;
                break;
            case WIRE_LENGTH_DELIMITED: {
                const [length, afterLength] = readVarint(bytes, afterTag, message);
                from = afterLength;
                to = afterLength + length;
                break;
            }
            case WIRE_FIXED32:
                to = afterTag + 4;
                break;
            default:
                throw new Error(`unsupported wire type ${wireType} in an ${message}`);
        }
        if (to > end) {
            throw new Error(`truncated field in an ${message}`);
        }
        visit(field, wireType, from, to, i);
        i = to;
    }
}
