/**
 * The served pack builds the stack once per `analyzeStack` call for all its stack policies
 * (policypack/lib/stack-once.ts) instead of once per policy. Shown with the pinned SDK's own
 * handler, in-process: every stack policy gets the same resources, the real ones, where the SDK
 * alone builds a new array for each; violations, not-applicable answers (from the server's
 * dispatch by type and from a rule) and undecided verdicts are the SDK's, under each policy's name.
 * `served-pack.test.ts` compares every answer with the SDK alone over the protocol.
 */
import { strict as assert } from "assert";
import type { Policy, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { buildEachStackOnce, stackOnceHandler } from "../../../policypack/lib/stack-once";
import { policySdkModule } from "../../../policypack/lib/sdk-module";
import { T } from "../../../policypack/lib/types";

/* eslint-disable @typescript-eslint/no-require-imports */
const pb = policySdkModule("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = policySdkModule("google-protobuf/google/protobuf/struct_pb");
const server = require("@pulumi/policy/server") as Record<string | symbol, any>;
/* eslint-enable @typescript-eslint/no-require-imports */

const PACK: [string, string, string] = ["p", "1.0.0", "mandatory"];
/** The engine's sentinel for a value unknown at preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function stackRequest(): unknown {
    const request = new pb.AnalyzeStackRequest();
    const resources = [
        { type: T.iamRole, name: "agent", props: { name: "agent" } },
        { type: T.iamPolicy, name: "boundary", props: { policy: UNKNOWN } },
        { type: T.guardrail, name: "guardrail", props: { name: "g" } },
    ].map(({ type, name, props }) => {
        const r = new pb.AnalyzerResource();
        r.setType(type);
        r.setName(name);
        r.setUrn(`urn:pulumi:s::p::${type}::${name}`);
        r.setProperties(Struct.fromJavaScript(props));
        r.setOptions(new pb.AnalyzerResourceOptions());
        return r;
    });
    request.setResourcesList(resources);
    return request;
}

/** Stack policies that record what they were handed and answer in each of the ways a rule can. */
function recordingPolicies(): { policies: Policy[]; seen: PolicyResource[][] } {
    const seen: PolicyResource[][] = [];
    const stack = (name: string, validateStack: StackValidationPolicy["validateStack"]): StackValidationPolicy => ({ name, description: `${name} description`, enforcementLevel: "mandatory", validateStack });
    const reports = stack("reports", (args, report) => {
        seen.push(args.resources);
        report(`roles: ${args.resources.filter((r) => r.type === T.iamRole).length}`, args.resources.find((r) => r.type === T.iamRole)!.urn);
    });
    const notApplicable = stack("rule-not-applicable", (args) => {
        seen.push(args.resources);
        args.notApplicable("nothing here for it");
    });
    const undecided = stack("undecided", (args) => {
        seen.push(args.resources);
        void args.resources.find((r) => r.type === T.iamPolicy)!.props.policy;
    });
    const typed = stack("typed", () => assert.fail("the server skips it: no resource of its type"));
    Object.defineProperty(typed.validateStack, "__pulumiType", { value: T.s3Bucket });
    const typedPresent = stack("typed-present", (args) => {
        seen.push(args.resources);
    });
    Object.defineProperty(typedPresent.validateStack, "__pulumiType", { value: T.guardrail });
    const resourcePolicy: ResourceValidationPolicy = { name: "resource", description: "a resource policy", validateResource: () => undefined };
    return { policies: [reports, notApplicable, resourcePolicy, undecided, typed, typedPresent], seen };
}

function answer(handler: (call: { request: unknown }, cb: (err: unknown, res?: any) => void) => unknown): Promise<{ diagnostics: string[]; notApplicable: string[] }> {
    return new Promise((resolve, reject) => {
        void handler({ request: stackRequest() }, (err, res) => {
            if (err) {
                reject(err);
                return;
            }
            resolve({
                diagnostics: res.getDiagnosticsList().map((d: any) => `${d.getPolicyname()} ${d.getEnforcementlevel()} ${d.getUrn()} ${d.getMessage()}`),
                notApplicable: res.getNotApplicableList().map((n: any) => `${n.getPolicyName()}: ${n.getReason()}`),
            });
        });
    });
}

describe("the stack built once per analyzeStack (stack-once)", () => {
    it("is installed in the pinned @pulumi/policy's serve", () => {
        const original = server.serve;
        try {
            assert.equal(buildEachStackOnce(), true);
            assert.notEqual(server.serve, original, "serve swaps in the handler when it registers the service");
            assert.equal(buildEachStackOnce(), true, "installing twice keeps one");
        } finally {
            server.serve = original;
        }
    });

    it("hands every stack policy the same, real resources and answers as the SDK alone", async () => {
        const once = recordingPolicies();
        const alone = recordingPolicies();
        const make = server.makeAnalyzeStackRpcFun;
        const withOnce = await answer(stackOnceHandler(make, PACK, once.policies));
        const withSdkAlone = await answer(make(...PACK, alone.policies));
        assert.deepEqual(withOnce, withSdkAlone);
        assert.equal(withOnce.diagnostics.length, 2, "a violation and an undecided verdict");
        assert.match(withOnce.diagnostics[0], /^reports \d+ urn:pulumi:s::p::aws:iam\/role:Role::agent reports description\nroles: 1$/);
        assert.match(withOnce.diagnostics[1], /^undecided \d+ {2}can't run policy 'undecided' from policy pack 'p@v1.0.0' during preview/);
        assert.deepEqual(withOnce.notApplicable, ["rule-not-applicable: nothing here for it", `typed: Policy only applies to resources of type '${T.s3Bucket}'`]);

        assert.equal(once.seen.length, 4, "the policy dispatched on a type the stack has ran");
        assert.ok(once.seen.every((resources) => resources === once.seen[0]), "one array for every stack policy");
        assert.deepEqual(once.seen[0].map((r) => r.name), ["agent", "boundary", "guardrail"], "the stack's resources, not the placeholders");
        assert.equal(alone.seen.length, 4);
        assert.notEqual(alone.seen[0], alone.seen[1], "the SDK alone builds the stack again for each policy");
    });
});
