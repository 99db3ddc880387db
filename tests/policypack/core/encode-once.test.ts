/**
 * The served pack encodes each "not applicable" entry once (policypack/lib/encode-once.ts): the
 * response serializer it installs gives exactly google-protobuf's bytes for responses of every
 * shape, leaves other messages to the generated serializer, and is not installed when it would not
 * give the same bytes. `served-pack.test.ts` compares every answer of the pack over the protocol.
 */
import { strict as assert } from "assert";
import { encodeNotApplicableOnce } from "../../../policypack/lib/encode-once";
import { policySdkModule } from "../../../policypack/lib/sdk-module";

const pb = policySdkModule("@pulumi/pulumi/proto/analyzer_pb");
const services = policySdkModule("@pulumi/pulumi/proto/analyzer_grpc_pb");
const METHODS = ["analyze", "analyzeStack"] as const;

function response(diagnostics: string[], entries: Array<[string, string]>): any {
    const res = new pb.AnalyzeResponse();
    res.setDiagnosticsList(
        diagnostics.map((message, i) => {
            const d = new pb.AnalyzeDiagnostic();
            d.setPolicyname(`policy-${i}`);
            d.setPolicypackname("pack");
            d.setPolicypackversion("1.0.0");
            d.setMessage(message);
            d.setUrn(`urn:pulumi:dev::p::aws:iam/role:Role::r${i}`);
            d.setEnforcementlevel(pb.EnforcementLevel.MANDATORY);
            return d;
        }),
    );
    res.setNotApplicableList(
        entries.map(([name, reason]) => {
            const na = new pb.PolicyNotApplicable();
            na.setPolicyName(name);
            na.setReason(reason);
            return na;
        }),
    );
    return res;
}

const SHAPES: Record<string, any> = {
    "empty response": response([], []),
    "diagnostics only": response(["first", "second \u2192 non-ASCII"], []),
    "entries only": response([], [
        ["bedrock-guardrail-required", "Policy only applies to resources of type 'aws:bedrock/guardrail:Guardrail'"],
        ["iam-no-wildcard", "Policy only applies to resources of type 'aws:iam/policy:Policy, aws:iam/rolePolicy:RolePolicy'"],
    ]),
    "diagnostics and entries": response(["violation"], [["a", "reason a"], ["b", "reason b"]]),
    "empty reason and empty name": response([], [["no-reason", ""], ["", "reason without a name"], ["", ""]]),
    "non-ASCII and long reasons (multi-byte lengths)": response([], [
        ["n\u00e4me", `r\u00e9ason ${"\u{1F512}".repeat(40)}`],
        ["long", "x".repeat(20_000)],
    ]),
    "the same entry twice": response([], [["a", "same"], ["a", "same"]]),
};

describe("encode-once: not-applicable entries encoded once", () => {
    const originals = METHODS.map((m) => services.AnalyzerService[m].responseSerialize);
    afterEach(() => METHODS.forEach((m, i) => (services.AnalyzerService[m].responseSerialize = originals[i])));

    it("is installed for analyze and analyzeStack on the pinned SDK", () => {
        assert.equal(encodeNotApplicableOnce(), true);
        for (const [i, m] of METHODS.entries()) {
            assert.notEqual(services.AnalyzerService[m].responseSerialize, originals[i], m);
        }
        assert.equal(encodeNotApplicableOnce(), true, "a second call keeps the installed serializer");
    });

    for (const [shape, res] of Object.entries(SHAPES)) {
        it(`gives google-protobuf's bytes: ${shape}`, () => {
            assert.equal(encodeNotApplicableOnce(), true);
            const expected = Buffer.from(res.serializeBinary());
            for (const m of METHODS) {
                // Twice: the second time from the bytes it kept.
                for (let round = 0; round < 2; round++) {
                    const bytes = services.AnalyzerService[m].responseSerialize(res);
                    assert.ok(Buffer.isBuffer(bytes));
                    assert.deepEqual(bytes, expected, `${m}, round ${round}`);
                }
            }
            const decoded = pb.AnalyzeResponse.deserializeBinary(services.AnalyzerService.analyze.responseSerialize(res));
            assert.deepEqual(decoded.toObject(), res.toObject());
        });
    }

    it("gives the same bytes for more distinct reasons of one policy than it keeps", () => {
        assert.equal(encodeNotApplicableOnce(), true);
        for (let i = 0; i < 200; i++) {
            const res = response([], [["one-policy", `reason ${i}`], ["other", "fixed"]]);
            assert.deepEqual(services.AnalyzerService.analyze.responseSerialize(res), Buffer.from(res.serializeBinary()), `reason ${i}`);
        }
    });

    it("gives google-protobuf's bytes for lists of the same entry objects, also when they differ after the first", () => {
        assert.equal(encodeNotApplicableOnce(), true);
        // As the served pack answers a type: the same entry objects in every response, in a new array.
        const shared = response([], [["first", "reason 1"], ["second", "reason 2"], ["third", "reason 3"]]).getNotApplicableList();
        const other = response([], [["own-answer", "nothing in this one"]]).getNotApplicableList();
        const lists = [shared, [...shared], [shared[0], other[0], shared[1], shared[2]], [...shared], [...shared, other[0]], shared.slice(0, 2), [shared[0], shared[2], shared[1]], [...shared]];
        for (const [i, entries] of lists.entries()) {
            for (const diagnostics of [[], ["violation"]]) {
                const res = response(diagnostics, []);
                res.setNotApplicableList(entries);
                const bytes = services.AnalyzerService.analyze.responseSerialize(res);
                assert.deepEqual(bytes, Buffer.from(res.serializeBinary()), `list ${i}, ${diagnostics.length} diagnostics`);
            }
        }
    });

    it("leaves what is not an AnalyzeResponse to the generated serializer", () => {
        assert.equal(encodeNotApplicableOnce(), true);
        assert.throws(() => services.AnalyzerService.analyze.responseSerialize(new pb.AnalyzerInfo()), /Expected argument of type pulumirpc.AnalyzeResponse/);
    });

    it("is not installed when it would not give google-protobuf's bytes", () => {
        const serializeBinary = pb.AnalyzeResponse.prototype.serializeBinary;
        // A protocol whose encoding differs from the one this was written for (a field added).
        pb.AnalyzeResponse.prototype.serializeBinary = function (this: unknown) {
            return new Uint8Array([...serializeBinary.call(this), 0x20, 0x01]);
        };
        try {
            assert.equal(encodeNotApplicableOnce(), false);
            METHODS.forEach((m, i) => assert.equal(services.AnalyzerService[m].responseSerialize, originals[i], m));
        } finally {
            pb.AnalyzeResponse.prototype.serializeBinary = serializeBinary;
        }
    });

    it("is not installed when the service definition is not the one it was written for", () => {
        const analyze = services.AnalyzerService.analyze;
        services.AnalyzerService.analyze = { ...analyze, responseType: pb.AnalyzerInfo };
        try {
            assert.equal(encodeNotApplicableOnce(), false);
            assert.equal(services.AnalyzerService.analyzeStack.responseSerialize, originals[1]);
        } finally {
            services.AnalyzerService.analyze = analyze;
        }
    });
});
