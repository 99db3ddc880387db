/**
 * The served pack dispatches each resource to the rules of its type and gives the SDK's answers for
 * the others once per type (policypack/lib/dispatch-by-type.ts). Shown with the pinned SDK's own
 * `analyze` handler, in-process: every answer, in order, is the SDK's alone, for policies of one
 * type, of several types, without a type, disabled, answering "not applicable" themselves, and for
 * stack policies; a rule is called for its own types only; concurrent requests keep their own
 * answers; settings changed by `configure` are asked of the SDK again. `served-pack.test.ts`
 * compares every answer over the protocol.
 */
import { strict as assert } from "assert";
import type { Policy, ResourceValidation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { dispatchEachResourceByType, dispatchingHandler } from "../../../policypack/lib/dispatch-by-type";
import { GOVERNED_TYPES, notApplicableReason, resourceRule, toPolicy } from "../../../policypack/lib/rule";
import { policySdkModule } from "../../../policypack/lib/sdk-module";
import type { Handler, PackIdentity } from "../../../policypack/lib/serve-hook";
import { T } from "../../../policypack/lib/types";

/* eslint-disable @typescript-eslint/no-require-imports */
const pb = policySdkModule("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = policySdkModule("google-protobuf/google/protobuf/struct_pb");
const server = require("@pulumi/policy/server") as Record<string | symbol, any>;
/* eslint-enable @typescript-eslint/no-require-imports */
const make = server.makeAnalyzeRpcFun as (name: string, version: string, level: string, policies: Policy[]) => Handler;
const PACK: PackIdentity = ["p", "1.0.0", "mandatory"];

const TYPES = [T.iamPolicy, T.iamRolePolicy];

const metadata = {
    id: "TEST-1",
    layer: "identity" as const,
    severity: "high" as const,
    displayName: "test",
    frameworks: { owaspLlm: [], awsAisf: [] },
    description: "test rule",
    explanation: "test",
    seedControl: "test",
    peers: [],
    remediation: "test",
};

/** Policies of every kind the server meets; each call of a resource validator is recorded as `policy type`. */
function recordingPolicies(): { policies: Policy[]; calls: string[] } {
    const calls: string[] = [];
    const recorded = (policy: Policy): Policy => {
        const validate = (policy as ResourceValidationPolicy).validateResource as ResourceValidation;
        const recording: ResourceValidation = (args, reportViolation) => {
            calls.push(`${policy.name} ${args.type}`);
            return validate(args, reportViolation);
        };
        for (const key of ["__pulumiType", GOVERNED_TYPES] as const) {
            const value = (validate as any)[key];
            if (value !== undefined) {
                Object.defineProperty(recording, key, { value });
            }
        }
        const withRecording: ResourceValidationPolicy = { ...(policy as ResourceValidationPolicy), validateResource: recording };
        return withRecording;
    };
    const stackOnly: StackValidationPolicy = { name: "stack-only", description: "a stack policy", enforcementLevel: "mandatory", validateStack: () => undefined };
    const everyType: ResourceValidationPolicy = { name: "every-type", description: "no type of its own", enforcementLevel: "advisory", validateResource: (args, report) => report(`type ${args.type}`) };
    const rule = (name: string, resourceTypes: string[], validate: Parameters<typeof resourceRule>[0]["validate"]) =>
        recorded(toPolicy(resourceRule({ ...metadata, name, resourceTypes, validate })));
    const policies: Policy[] = [
        rule("one-type", [T.s3Bucket], (args, ctx) => ctx.report(`bucket ${args.name}`)),
        rule("two-types", TYPES, async (args, ctx) => {
            await Promise.resolve();
            ctx.report(`seen ${args.name}`);
        }),
        // Answers "not applicable" itself for some resources of its own types, between the others' answers.
        rule("declines-some", [T.iamPolicy, T.guardrail], (args) => (args.name.startsWith("skip") ? args.notApplicable(`nothing in ${args.name}`) : undefined)),
        stackOnly,
        { ...rule("disabled", [T.s3Bucket, T.guardrail], () => assert.fail("a disabled policy is not called")), enforcementLevel: "disabled" },
        recorded(everyType),
        rule("last-one-type", [T.guardrail], () => undefined),
    ];
    return { policies, calls };
}

interface Answer {
    violations: string[];
    notApplicable: string[];
}

function analyze(handler: Handler, type: string, name: string): Promise<Answer> {
    const request = new pb.AnalyzeRequest();
    request.setType(type);
    request.setName(name);
    request.setUrn(`urn:pulumi:test::p::${type}::${name}`);
    request.setProperties(Struct.fromJavaScript({ name }));
    request.setOptions(new pb.AnalyzerResourceOptions());
    return new Promise((resolve, reject) => {
        void handler({ request }, (err, res) => {
            if (err) {
                reject(err);
                return;
            }
            resolve({
                violations: res.getDiagnosticsList().map((d: any) => `${d.getPolicyname()} ${d.getEnforcementlevel()}: ${d.getMessage()}`),
                notApplicable: res.getNotApplicableList().map((n: any) => `${n.getPolicyName()}: ${n.getReason()}`),
            });
        });
    });
}

const REQUESTS: Array<[string, string]> = [
    [T.s3Bucket, "bucket"],
    [T.iamPolicy, "policy"],
    [T.iamPolicy, "skip-policy"],
    [T.iamRolePolicy, "inline"],
    [T.guardrail, "guardrail"],
    [T.guardrail, "skip-guardrail"],
    [T.iamRole, "role"],
    [T.s3Bucket, "bucket-again"],
];

describe("resources dispatched by type, the others answered once per type (dispatch-by-type)", () => {
    it("a rule over several types carries them, and its own answer for another type is the server's words", async () => {
        const { policies } = recordingPolicies();
        const twoTypes = policies[1] as ResourceValidationPolicy;
        assert.deepEqual((twoTypes.validateResource as any)[GOVERNED_TYPES], TYPES);
        assert.equal((twoTypes.validateResource as any).__pulumiType, undefined, "the server's one-type fast path would skip its other types");
        const answer = await analyze(make(...PACK, [twoTypes]), T.s3Bucket, "bucket");
        assert.deepEqual(answer.notApplicable, [`two-types: ${notApplicableReason(TYPES)}`]);
    });

    it("gives every answer of the SDK's handler alone, in the same order, calling each rule for its own types only", async () => {
        const alone = recordingPolicies();
        const served = recordingPolicies();
        const sdkAlone = make(...PACK, alone.policies);
        const dispatching = dispatchingHandler(make, PACK, served.policies).analyze;
        let declined = 0;
        for (const [type, name] of REQUESTS) {
            const expected = await analyze(sdkAlone, type, name);
            assert.deepEqual(await analyze(dispatching, type, name), expected, `${type} ${name}`);
            declined += expected.notApplicable.filter((n) => n.startsWith("declines-some: nothing in")).length;
        }
        assert.equal(declined, 2, "a rule's own answers were among those compared");
        // The SDK calls the policies of a request in pack order, one request after the other.
        const calledFor: Record<string, string[]> = {
            [T.s3Bucket]: ["one-type", "every-type"],
            [T.iamPolicy]: ["two-types", "declines-some", "every-type"],
            [T.iamRolePolicy]: ["two-types", "every-type"],
            [T.guardrail]: ["declines-some", "every-type", "last-one-type"],
            [T.iamRole]: ["every-type"],
        };
        assert.deepEqual(
            served.calls,
            REQUESTS.flatMap(([type]) => calledFor[type].map((policy) => `${policy} ${type}`)),
        );
        assert.ok(alone.calls.length > served.calls.length, "the SDK alone calls rules over several types for every resource");
    });

    it("keeps the answers of concurrent requests apart", async () => {
        const served = recordingPolicies();
        const dispatching = dispatchingHandler(make, PACK, served.policies).analyze;
        const sdkAlone = make(...PACK, recordingPolicies().policies);
        // two-types awaits inside the first request while the others start.
        const answers = await Promise.all(REQUESTS.map(([type, name]) => analyze(dispatching, type, name)));
        for (const [i, [type, name]] of REQUESTS.entries()) {
            assert.deepEqual(answers[i], await analyze(sdkAlone, type, name), `${type} ${name}`);
        }
        assert.deepEqual(answers[1].violations.filter((v) => v.startsWith("two-types")), ["two-types 1: test rule\nseen policy"]);
    });

    it("asks the SDK for the answers by type once per type, and again after configure", async () => {
        const { policies } = recordingPolicies();
        let placeholders = 0;
        const counting = (...args: Parameters<typeof make>): Handler => {
            const handler = make(...args);
            return (call, callback) => {
                if (String(call.request.getUrn()).startsWith("placeholder-")) {
                    placeholders++;
                }
                return handler(call, callback);
            };
        };
        const dispatching = dispatchingHandler(counting, PACK, policies);
        for (const [type, name] of REQUESTS) {
            await analyze(dispatching.analyze, type, name);
        }
        assert.equal(placeholders, new Set(REQUESTS.map(([type]) => type)).size, "one per type");
        dispatching.configured();
        await analyze(dispatching.analyze, T.s3Bucket, "bucket");
        await analyze(dispatching.analyze, T.s3Bucket, "bucket");
        assert.equal(placeholders, new Set(REQUESTS.map(([type]) => type)).size + 1, "asked again once after configure");
    });

    it("answers as the SDK alone when the SDK does not answer by type before its handler returns", async () => {
        const { policies } = recordingPolicies();
        const deferring = (...args: Parameters<typeof make>): Handler => {
            const handler = make(...args);
            return (call, callback) => handler(call, (err, response) => setImmediate(() => callback(err, response)));
        };
        const dispatching = dispatchingHandler(deferring, PACK, policies).analyze;
        const sdkAlone = make(...PACK, recordingPolicies().policies);
        for (const [type, name] of REQUESTS) {
            assert.deepEqual(await analyze(dispatching, type, name), await analyze(sdkAlone, type, name), `${type} ${name}`);
        }
    });

    it("is installed in the pinned @pulumi/policy's serve", () => {
        const original = server.serve;
        try {
            assert.equal(dispatchEachResourceByType(), true);
            assert.notEqual(server.serve, original, "serve swaps in the handler when it registers the service");
            assert.equal(dispatchEachResourceByType(), true, "installing twice keeps one");
        } finally {
            server.serve = original;
        }
    });
});
