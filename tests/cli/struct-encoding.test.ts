/**
 * The client encodes property values as google.protobuf.Struct itself (no google-protobuf message
 * objects): byte for byte what google-protobuf's own Struct.fromJavaScript + serializeBinary write;
 * a request with its provider's field encoded once decodes as the request with that provider; and
 * it decodes the pack's responses itself, to what google-protobuf's reader gives.
 */
import { strict as assert } from "assert";
import { AnalyzeResponseDecoder } from "../../cli/analyzer-response";
import { headSize, writeHead } from "../../policypack/lib/protobuf-wire";
import { EncodedFields, encodeStruct, WithProperties } from "../../cli/struct-encoding";

// The Struct class of the google-protobuf copy @pulumi/pulumi's generated code uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [require.resolve("@pulumi/pulumi/proto/analyzer_pb")] }));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pb = require("@pulumi/pulumi/proto/analyzer_pb");

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

    it("a request with its strings and its provider's field encoded apart decodes as the request google-protobuf builds", () => {
        const provider = new pb.AnalyzerProviderResource();
        provider.setUrn("urn:pulumi:s::p::pulumi:providers:aws::default");
        provider.setType("pulumi:providers:aws");
        provider.setName("default");
        provider.setProperties(Struct.fromJavaScript({ region: "eu-west-1", defaultTags: { tags: { team: "ünï" } } }));
        const body = provider.serializeBinary();
        const field = Buffer.allocUnsafe(headSize(6, body.length) + body.length);
        field.set(body, writeHead(field, 0, 6, body.length));
        const req = new pb.AnalyzeRequest();
        const options = new pb.AnalyzerResourceOptions();
        options.setProtect(true);
        req.setOptions(options);
        const properties = { name: "r", tags: { a: "b" } };
        const fields = new EncodedFields().string(1, "aws:iam/role:Role").string(3, "urn:pulumi:s::p::aws:iam/role:Role::rôle").string(4, "rôle").raw(field);
        const decoded = pb.AnalyzeRequest.deserializeBinary(new Uint8Array(WithProperties.bytes(req, properties, fields)));
        req.setUrn("urn:pulumi:s::p::aws:iam/role:Role::rôle");
        req.setType("aws:iam/role:Role");
        req.setName("rôle");
        req.setProvider(provider);
        req.setProperties(Struct.fromJavaScript(properties));
        assert.deepStrictEqual(decoded.toObject(), req.toObject());
    });

    it("writes strings as google-protobuf does: a singular empty string left out, every element of a list, nested messages", () => {
        const fields = new EncodedFields().string(1, "").string(2, "", true).strings(3, ["a", "", "✓".repeat(100)]).message(4, new EncodedFields().string(1, "k", true).message(2, new EncodedFields()));
        const out = Buffer.alloc(fields.size);
        assert.equal(fields.write(out, 0), fields.size);
        assert.deepEqual([...out.subarray(0, 6)], [(2 << 3) | 2, 0, (3 << 3) | 2, 1, 0x61, (3 << 3) | 2]);
        assert.deepEqual([...out.subarray(out.length - 7)], [(4 << 3) | 2, 5, (1 << 3) | 2, 1, 0x6b, (2 << 3) | 2, 0]);
    });

    describe("response decoding", () => {
        function response(diagnostics: Record<string, unknown>[], notApplicable: [string, string][]): Buffer {
            const res = new pb.AnalyzeResponse();
            for (const d of diagnostics) {
                const m = new pb.AnalyzeDiagnostic();
                m.setPolicyname(d.policyName);
                m.setPolicypackname("pack");
                m.setPolicypackversion("1.0.0");
                m.setDescription("déscription ✓");
                m.setMessage(d.message);
                m.setEnforcementlevel(d.level);
                m.setSeverity(d.severity);
                m.setUrn(d.urn ?? "");
                res.addDiagnostics(m);
            }
            for (const [policyName, reason] of notApplicable) {
                const n = new pb.PolicyNotApplicable();
                n.setPolicyName(policyName);
                n.setReason(reason);
                res.addNotApplicable(n);
            }
            return Buffer.from(res.serializeBinary());
        }

        it("gives the diagnostics and not-applicable entries google-protobuf reads, one object per distinct entry", () => {
            const decoder = new AnalyzeResponseDecoder(pb);
            const na: [string, string][] = [
                ["a-policy", "Policy only applies to resources of type 'aws:bedrock/guardrail:Guardrail'"],
                ["b-policy", "ünïcödé ✓ 🔒 reason " + "x".repeat(300)],
                ["c-policy", ""],
            ];
            const bytes = response(
                [
                    { policyName: "a-policy", message: "first ✓", level: 1, severity: 4 },
                    { policyName: "b-policy", message: "second", level: 0, severity: 2, urn: "urn:pulumi:s::p::t::other" },
                ],
                na,
            );
            const first = decoder.decode(bytes, "urn:pulumi:s::p::t::r");
            assert.deepStrictEqual(first.diagnostics, [
                { policyName: "a-policy", policyPackName: "pack", policyPackVersion: "1.0.0", description: "déscription ✓", message: "first ✓", enforcementLevel: "mandatory", severity: "critical", urn: "urn:pulumi:s::p::t::r" },
                { policyName: "b-policy", policyPackName: "pack", policyPackVersion: "1.0.0", description: "déscription ✓", message: "second", enforcementLevel: "advisory", severity: "medium", urn: "urn:pulumi:s::p::t::other" },
            ]);
            const expected = pb.AnalyzeResponse.deserializeBinary(new Uint8Array(bytes)).getNotApplicableList().map((n: any) => ({ policyName: n.getPolicyName(), reason: n.getReason() }));
            assert.deepStrictEqual(first.notApplicable, expected);
            const second = decoder.decode(response([], [na[1], na[0]]), "");
            assert.equal(second.notApplicable[0], first.notApplicable[1], "the same entry is the same object");
            assert.equal(second.notApplicable[1], first.notApplicable[0]);
            assert.deepStrictEqual(second.diagnostics, []);
        });

        it("answers a response without diagnostics it has seen byte for byte with the same frozen result, and decodes every other", () => {
            const decoder = new AnalyzeResponseDecoder(pb);
            const entries: [string, string][] = [["a-policy", "reason a"], ["b-policy", "reason b"]];
            const first = decoder.decode(response([], entries), "urn:pulumi:s::p::t::one");
            const again = decoder.decode(response([], entries), "urn:pulumi:s::p::t::two");
            assert.equal(again, first, "the same bytes, the same result");
            assert.ok(Object.isFrozen(first) && Object.isFrozen(first.notApplicable) && Object.isFrozen(first.diagnostics));
            // Same length, other bytes: decoded, not taken for the first.
            const swapped = decoder.decode(response([], [["b-policy", "reason a"], ["a-policy", "reason b"]]), "");
            assert.notEqual(swapped, first);
            assert.deepStrictEqual(swapped.notApplicable, [{ policyName: "b-policy", reason: "reason a" }, { policyName: "a-policy", reason: "reason b" }]);
            // With diagnostics, each response names its own resource.
            const withDiagnostic = response([{ policyName: "a-policy", message: "m", level: 1, severity: 4 }], entries);
            assert.equal(decoder.decode(withDiagnostic, "urn:pulumi:s::p::t::one").diagnostics[0].urn, "urn:pulumi:s::p::t::one");
            assert.equal(decoder.decode(withDiagnostic, "urn:pulumi:s::p::t::two").diagnostics[0].urn, "urn:pulumi:s::p::t::two");
        });

        it("skips fields it does not know, of every wire type, and refuses a truncated response", () => {
            const decoder = new AnalyzeResponseDecoder(pb);
            const known = response([], [["a-policy", "r"]]);
            // Field 9 as a varint (300), field 10 as fixed64, field 11 as fixed32, field 12 length-delimited.
            const unknown = Buffer.from([9 << 3, 0xac, 0x02, (10 << 3) | 1, 1, 2, 3, 4, 5, 6, 7, 8, (11 << 3) | 5, 1, 2, 3, 4, (12 << 3) | 2, 2, 0x41, 0x42]);
            const decoded = decoder.decode(Buffer.concat([unknown, known]), "");
            assert.deepStrictEqual(decoded.notApplicable, [{ policyName: "a-policy", reason: "r" }]);
            assert.throws(() => decoder.decode(known.subarray(0, known.length - 1), ""), /truncated field in an AnalyzeResponse/);
        });
    });
});
