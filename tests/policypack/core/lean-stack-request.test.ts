/**
 * The served pack decodes `analyzeStack` requests without a google-protobuf object per property
 * value (policypack/lib/lean-stack-request.ts): for requests of every shape, what the server reads
 * of each resource is what google-protobuf gives, errors included; it is not installed when it would
 * not be. `served-pack.test.ts` compares every answer of the pack over the protocol.
 */
import { strict as assert } from "assert";
import { asServerReadsIt, decodeStackRequestsLean, sameReading, structOf } from "../../../policypack/lib/lean-stack-request";
import { lengthDelimited } from "../../../policypack/lib/protobuf-wire";
import { policySdkModule } from "../../../policypack/lib/sdk-module";

const pb = policySdkModule("@pulumi/pulumi/proto/analyzer_pb");
const services = policySdkModule("@pulumi/pulumi/proto/analyzer_grpc_pb");
const { Struct } = policySdkModule("google-protobuf/google/protobuf/struct_pb");
const method = () => services.AnalyzerService.analyzeStack;
const original = method().requestDeserialize;

/** Hand-written wire bytes: what no google-protobuf writer produces but a protocol peer may send. */
const wire = {
    string: (field: number, s: string) => lengthDelimited(field, Buffer.from(s, "utf8")),
    double: (field: number, n: number) => {
        const b = Buffer.alloc(9);
        b[0] = (field << 3) | 1;
        b.writeDoubleLE(n, 1);
        return b;
    },
    varint: (field: number, n: number) => Buffer.from([field << 3, n]),
    message: (field: number, ...parts: Buffer[]) => lengthDelimited(field, Buffer.concat(parts)),
};
const value = {
    string: (s: string) => wire.string(3, s),
    number: (n: number) => wire.double(2, n),
    bool: (b: boolean) => wire.varint(4, b ? 1 : 0),
    null: () => wire.varint(1, 0),
    struct: (...entries: Buffer[]) => wire.message(5, ...entries),
    list: (...values: Buffer[]) => wire.message(6, ...values.map((v) => lengthDelimited(1, v))),
};
const entry = (key: string, ...valueFields: Buffer[]) => wire.message(1, wire.string(1, key), ...valueFields.map((v) => lengthDelimited(2, v)));

function request(...resources: Buffer[]): Buffer {
    return Buffer.concat(resources.map((r) => lengthDelimited(1, r)));
}
function resource(name: string, properties?: Buffer, ...more: Buffer[]): Buffer {
    return Buffer.concat([wire.string(1, "aws:iam/role:Role"), wire.string(3, `urn:pulumi:s::p::aws:iam/role:Role::${name}`), wire.string(4, name), ...(properties ? [lengthDelimited(2, properties)] : []), ...more]);
}

/** What the server reads, or the error it meets. */
function reading(decode: (bytes: Buffer) => any, bytes: Buffer): unknown {
    try {
        return asServerReadsIt(decode(bytes));
    } catch (e) {
        return { error: (e as Error).message };
    }
}

function providerOf(name: string, region: string): Buffer {
    const provider = new pb.AnalyzerProviderResource();
    provider.setType("pulumi:providers:aws");
    provider.setUrn(`urn:pulumi:s::p::pulumi:providers:aws::${name}`);
    provider.setName(name);
    provider.setProperties(Struct.fromJavaScript({ region }));
    return Buffer.from(provider.serializeBinary());
}

const REQUESTS: Record<string, Buffer> = {
    "every part the server reads, written by google-protobuf": (() => {
        const r = new pb.AnalyzerResource();
        r.setType("aws:iam/rolePolicy:RolePolicy");
        r.setUrn("urn:pulumi:s::p::aws:iam/rolePolicy:RolePolicy::p");
        r.setName("p");
        r.setProperties(Struct.fromJavaScript({ policy: '{"Version":"2012-10-17"}', tags: { b: "2", a: "1" }, list: [1, "x", null, true, { n: [] }], neg: -0, big: 1e308 }));
        const options = new pb.AnalyzerResourceOptions();
        options.setProtect(true);
        options.setIgnorechangesList(["tags"]);
        options.setAliasesList(["urn:old"]);
        options.setDeletebeforereplacedefined(true);
        options.setDeletebeforereplace(true);
        r.setOptions(options);
        r.setParent("urn:pulumi:s::p::pulumi:pulumi:Stack::s");
        r.setDependenciesList(["urn:a", "urn:b"]);
        const deps = new pb.AnalyzerPropertyDependencies();
        deps.setUrnsList(["urn:a"]);
        r.getPropertydependenciesMap().set("role", deps);
        const req = new pb.AnalyzeStackRequest();
        req.setResourcesList([r, new pb.AnalyzerResource()]);
        return Buffer.from(req.serializeBinary());
    })(),
    "keys out of order, integer-like, repeated and __proto__": request(
        resource("k", Buffer.concat([entry("b", value.string("1")), entry("a", value.string("2")), entry("10", value.number(1)), entry("2", value.bool(true)), entry("__proto__", value.struct(entry("polluted", value.bool(true)))), entry("b", value.string("last")), entry("constructor", value.null())])),
    ),
    "non-ASCII, empty and long strings; special numbers": request(
        resource("s", Buffer.concat([entry("\u00e4\u{1F512}", value.string("\u65e5\u672c\u{1F600}")), entry("", value.string("")), entry("long", value.string("x".repeat(70_000))), entry("nan", value.number(NaN)), entry("inf", value.number(-Infinity)), entry("neg", value.number(-0))])),
    ),
    "nested structs and lists, empty ones too": request(
        resource("n", Buffer.concat([entry("s", value.struct(entry("l", value.list(value.list(), value.struct(), value.list(value.null(), value.string("x")))))), entry("e", value.struct())])),
    ),
    "a value whose kind is written twice, and an entry with two values": request(
        resource("t", Buffer.concat([entry("v", Buffer.concat([value.string("first"), value.number(2)])), entry("w", value.string("kept"), Buffer.alloc(0)), entry("x", value.bool(true), value.string("second"))])),
    ),
    "an entry without a value": request(resource("e", Buffer.concat([entry("a", value.string("1")), wire.message(1, wire.string(1, "empty"))]))),
    "a list holding a value of no kind": request(resource("l", entry("a", value.list(value.string("1"), Buffer.alloc(0))))),
    "no properties, empty properties, and fields the server does not know": request(resource("none"), resource("empty", Buffer.alloc(0)), resource("unknown", entry("a", value.string("1")), wire.varint(15, 1), wire.string(16, "x"))),
    "properties written twice (the last is read)": request(resource("twice", entry("a", value.string("1")), lengthDelimited(2, entry("b", value.string("2"))))),
    "resources sharing a provider, and one with another": request(
        resource("a", entry("x", value.string("1")), lengthDelimited(6, providerOf("default", "us-east-1"))),
        resource("b", entry("x", value.string("2")), lengthDelimited(6, providerOf("default", "us-east-1"))),
        resource("c", entry("x", value.string("3")), lengthDelimited(6, providerOf("eu", "eu-west-1"))),
    ),
    "no resources": Buffer.alloc(0),
};

describe("lean-stack-request: analyzeStack requests decoded without a message object per property value", () => {
    afterEach(() => (method().requestDeserialize = original));

    it("is installed on the pinned SDK, once", () => {
        assert.equal(decodeStackRequestsLean(), true);
        const installed = method().requestDeserialize;
        assert.notEqual(installed, original);
        assert.equal(decodeStackRequestsLean(), true);
        assert.equal(method().requestDeserialize, installed);
    });

    for (const [shape, bytes] of Object.entries(REQUESTS)) {
        it(`reads what google-protobuf reads: ${shape}`, () => {
            assert.equal(decodeStackRequestsLean(), true);
            const lean = reading(method().requestDeserialize, bytes);
            const expected = reading(original, bytes);
            assert.ok(sameReading(lean, expected), `lean:     ${JSON.stringify(lean)?.slice(0, 400)}\nexpected: ${JSON.stringify(expected)?.slice(0, 400)}`);
        });
    }

    it("meets google-protobuf's error on a value of no kind, as google-protobuf does", () => {
        assert.equal(decodeStackRequestsLean(), true);
        assert.deepEqual(reading(method().requestDeserialize, REQUESTS["an entry without a value"]), { error: "Unexpected struct type" });
        assert.deepEqual(reading(method().requestDeserialize, REQUESTS["a list holding a value of no kind"]), { error: "Unexpected struct type" });
    });

    it("gives each resource one properties object, and resources with the same provider the same one", () => {
        assert.equal(decodeStackRequestsLean(), true);
        const [a, b, c] = method().requestDeserialize(REQUESTS["resources sharing a provider, and one with another"]).getResourcesList();
        assert.equal(a.getProperties(), a.getProperties(), "the decode-once memo is keyed by this object");
        assert.equal(a.getProvider(), b.getProvider());
        assert.equal(a.getProvider().getProperties(), b.getProvider().getProperties());
        assert.notEqual(a.getProvider(), c.getProvider());
        assert.deepEqual(c.getProvider().getProperties().toJavaScript(), { region: "eu-west-1" });
    });

    it("gives google-protobuf's toObject and bytes for a resource read whole, properties included", () => {
        assert.equal(decodeStackRequestsLean(), true);
        const bytes = REQUESTS["every part the server reads, written by google-protobuf"];
        const lean = method().requestDeserialize(bytes);
        const full = original(bytes);
        assert.deepEqual(lean.toObject(), full.toObject());
        const shared = method().requestDeserialize(REQUESTS["resources sharing a provider, and one with another"]);
        assert.deepEqual(shared.toObject(), original(REQUESTS["resources sharing a provider, and one with another"]).toObject());
        assert.deepEqual(pb.AnalyzeStackRequest.deserializeBinary(lean.serializeBinary()).toObject(), full.toObject());
    });

    it("decodes a Struct body as google-protobuf's Struct.toJavaScript gives it", () => {
        const js = { z: [1, { y: null }], a: "\u{1F512}", m: { k: false } };
        const bytes = Buffer.from(Struct.fromJavaScript(js).serializeBinary());
        assert.ok(sameReading(structOf(bytes, 0, bytes.length), Struct.deserializeBinary(bytes).toJavaScript()));
    });

    it("is not installed when it would not read the probe as google-protobuf does", () => {
        // A google-protobuf whose reading of a Struct differs from the one this was written for.
        const toJavaScript = Struct.prototype.toJavaScript;
        Struct.prototype.toJavaScript = function (this: unknown) {
            return { ...toJavaScript.call(this), extra: true };
        };
        try {
            assert.equal(decodeStackRequestsLean(), false);
            assert.equal(method().requestDeserialize, original);
        } finally {
            Struct.prototype.toJavaScript = toJavaScript;
        }
    });

    it("is not installed when the service definition is not the one it was written for", () => {
        const analyzeStack = services.AnalyzerService.analyzeStack;
        services.AnalyzerService.analyzeStack = { ...analyzeStack, requestType: pb.AnalyzeRequest };
        try {
            assert.equal(decodeStackRequestsLean(), false);
            assert.equal(services.AnalyzerService.analyzeStack.requestDeserialize, original);
        } finally {
            services.AnalyzerService.analyzeStack = analyzeStack;
        }
    });
});
