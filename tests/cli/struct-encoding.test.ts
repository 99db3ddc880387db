/**
 * The client encodes property values as google.protobuf.Struct itself (no google-protobuf message
 * objects): byte for byte what google-protobuf's own Struct.fromJavaScript + serializeBinary write.
 */
import { strict as assert } from "assert";
import { encodeStruct } from "../../cli/struct-encoding";

// The Struct class of the google-protobuf copy @pulumi/pulumi's generated code uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [require.resolve("@pulumi/pulumi/proto/analyzer_pb")] }));

const SAMPLES: Record<string, unknown>[] = [
    {},
    { a: "x", b: 1, c: null, d: true, e: false },
    // Keys out of order, defaults that a proto3 field would omit (0, "", false), negative zero, extremes.
    { z: 0, y: "", x: false, w: -0, v: -1.5, u: Number.MAX_SAFE_INTEGER, t: 1e-300, s: 2 ** 53 + 2 },
    { nested: { list: [1, "two", null, [true, { deep: [] }], {}], empty: {} }, "": "empty key" },
    { unicode: "ünïcödé ✓ 🔒 中文", "clé ✓": { "🔑": "v" } },
    // Lengths past one and two varint bytes.
    { long: "x".repeat(200), longer: "y".repeat(20000), many: Array.from({ length: 300 }, (_, i) => ({ i, s: `item-${i}` })) },
];

describe("Struct encoding for the Analyzer protocol", () => {
    for (const [i, sample] of SAMPLES.entries()) {
        it(`sample ${i}: the bytes google-protobuf writes`, () => {
            const expected = Buffer.from(Struct.fromJavaScript(sample).serializeBinary());
            assert.ok(encodeStruct(sample).equals(expected));
            assert.deepStrictEqual(Struct.deserializeBinary(new Uint8Array(encodeStruct(sample))).toJavaScript(), Struct.fromJavaScript(sample).toJavaScript());
        });
    }

    it("refuses what a Struct cannot hold, as google-protobuf does", () => {
        assert.throws(() => Struct.fromJavaScript({ f: () => 1 }), /Unexpected struct type/);
        assert.throws(() => encodeStruct({ f: () => 1 }), /Unexpected struct type/);
        assert.throws(() => encodeStruct({ u: undefined }), /Unexpected struct type/);
    });
});
