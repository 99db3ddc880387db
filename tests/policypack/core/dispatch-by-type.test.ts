/**
 * The served pack dispatches each resource to the rules of its type, rules over several types
 * included (policypack/lib/dispatch-by-type.ts). Shown with the pinned SDK's own `analyze` handler,
 * in-process: a rule over several types is not called for a resource of another type and the
 * answer is the same not-applicable entry it gives itself; it is still called for its own types;
 * concurrent requests keep their own types; iterations outside `analyze` see the policies
 * themselves. `served-pack.test.ts` compares every answer over the protocol.
 */
import { strict as assert } from "assert";
import type { Policy, ResourceValidation, ResourceValidationPolicy } from "@pulumi/policy";
import { dispatchEachResourceByType } from "../../../policypack/lib/dispatch-by-type";
import { GOVERNED_TYPES, notApplicableReason, resourceRule, toPolicy } from "../../../policypack/lib/rule";
import { policySdkModule } from "../../../policypack/lib/sdk-module";
import { T } from "../../../policypack/lib/types";

/* eslint-disable @typescript-eslint/no-require-imports */
const pb = policySdkModule("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = policySdkModule("google-protobuf/google/protobuf/struct_pb");
const server = require("@pulumi/policy/server") as {
    makeAnalyzeRpcFun(name: string, version: string, level: string, policies: Policy[]): (call: { request: unknown }, callback: (err: unknown, res?: any) => void) => Promise<void>;
};
/* eslint-enable @typescript-eslint/no-require-imports */

const TYPES = [T.iamPolicy, T.iamRolePolicy];

/** A rule over two types that reports every resource of its types; each call of its validator is recorded. */
function recordingPolicies(): { policies: Policy[]; calls: string[] } {
    const calls: string[] = [];
    const rule = resourceRule({
        name: "two-types",
        id: "TEST-1",
        layer: "identity",
        severity: "high",
        displayName: "two types",
        frameworks: { owaspLlm: [], awsAisf: [] },
        description: "test rule",
        explanation: "test",
        seedControl: "test",
        peers: [],
        remediation: "test",
        resourceTypes: TYPES,
        async validate(args, ctx) {
            await Promise.resolve();
            ctx.report(`seen ${args.name}`);
        },
    });
    const single = toPolicy({ ...rule, name: "one-type", id: "TEST-2", resourceTypes: [T.s3Bucket], validate: () => undefined });
    const policy = toPolicy(rule) as ResourceValidationPolicy;
    const validate = policy.validateResource as ResourceValidation;
    const recorded: ResourceValidation = (args, reportViolation) => {
        calls.push(args.type);
        return validate(args, reportViolation);
    };
    Object.defineProperty(recorded, GOVERNED_TYPES, { value: (validate as any)[GOVERNED_TYPES] });
    return { policies: [{ ...policy, validateResource: recorded }, single], calls };
}

interface Answer {
    violations: string[];
    notApplicable: string[];
}

function analyze(handler: ReturnType<typeof server.makeAnalyzeRpcFun>, type: string, name: string): Promise<Answer> {
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
                violations: res.getDiagnosticsList().map((d: any) => `${d.getPolicyname()}: ${d.getMessage()}`),
                notApplicable: res.getNotApplicableList().map((n: any) => `${n.getPolicyName()}: ${n.getReason()}`),
            });
        });
    });
}

describe("resources dispatched by type, rules over several types included (dispatch-by-type)", () => {
    it("a rule over several types carries them, and its own answer for another type is the server's words", async () => {
        const { policies } = recordingPolicies();
        assert.deepEqual((policies[0] as any).validateResource[GOVERNED_TYPES], TYPES);
        assert.equal((policies[0] as any).validateResource.__pulumiType, undefined, "the server's one-type fast path would skip its other types");
        const handler = server.makeAnalyzeRpcFun("p", "1.0.0", "mandatory", policies);
        const answer = await analyze(handler, T.s3Bucket, "bucket");
        assert.deepEqual(answer.notApplicable, [`two-types: ${notApplicableReason(TYPES)}`]);
    });

    it("the served pack does not call the rule for another type, and answers the same", async () => {
        const plain = recordingPolicies();
        const served = recordingPolicies();
        assert.equal(dispatchEachResourceByType(served.policies), true);
        const withoutDispatch = server.makeAnalyzeRpcFun("p", "1.0.0", "mandatory", plain.policies);
        const withDispatch = server.makeAnalyzeRpcFun("p", "1.0.0", "mandatory", served.policies);
        for (const type of [T.s3Bucket, T.guardrail, T.iamRolePolicy, T.iamPolicy]) {
            assert.deepEqual(await analyze(withDispatch, type, "r"), await analyze(withoutDispatch, type, "r"), type);
        }
        assert.deepEqual(plain.calls, [T.s3Bucket, T.guardrail, T.iamRolePolicy, T.iamPolicy]);
        assert.deepEqual(served.calls, [T.iamRolePolicy, T.iamPolicy], "called for its own types only");
        assert.equal(dispatchEachResourceByType(served.policies), false, "installed once per array");
    });

    it("concurrent requests keep their own types", async () => {
        const served = recordingPolicies();
        dispatchEachResourceByType(served.policies);
        const handler = server.makeAnalyzeRpcFun("p", "1.0.0", "mandatory", served.policies);
        // The rule awaits inside the first request while the others start.
        const answers = await Promise.all([analyze(handler, T.iamRolePolicy, "a"), analyze(handler, T.s3Bucket, "b"), analyze(handler, T.iamPolicy, "c"), analyze(handler, T.guardrail, "d")]);
        assert.deepEqual(
            answers.map((a) => a.violations.length),
            [1, 0, 1, 0],
        );
        assert.deepEqual(answers[0].violations, ["two-types: test rule\nseen a"]);
        assert.deepEqual(answers[2].violations, ["two-types: test rule\nseen c"]);
        assert.deepEqual(answers[1].notApplicable, [`two-types: ${notApplicableReason(TYPES)}`]);
        assert.deepEqual(answers[3].notApplicable, [`two-types: ${notApplicableReason(TYPES)}`, `one-type: ${notApplicableReason([T.s3Bucket])}`]);
        assert.deepEqual(served.calls.sort(), [T.iamPolicy, T.iamRolePolicy]);
    });

    it("any other iteration, and one after a request's type was read in an earlier turn, sees the policies themselves", async () => {
        const served = recordingPolicies();
        const originals = [...served.policies];
        dispatchEachResourceByType(served.policies);
        assert.deepEqual([...served.policies], originals);
        const request = new pb.AnalyzeRequest();
        request.setType(T.s3Bucket);
        request.getType();
        const stood = [...served.policies];
        assert.notEqual(stood[0], originals[0], "the iteration right after reading a type gets the stand-in");
        assert.equal((stood[0] as ResourceValidationPolicy).name, "two-types");
        assert.equal(stood[1], originals[1], "a one-type policy is the server's to skip");
        assert.deepEqual([...served.policies], originals, "consumed by one iteration");
        request.getType();
        await Promise.resolve();
        assert.deepEqual([...served.policies], originals, "gone by the next turn");
    });
});
