/**
 * The stack built once per `analyzeStack` call for all stack policies, instead of once per policy.
 *
 * The `@pulumi/policy` server (1.21, pinned in package.json) builds the stack's resource objects
 * (options, provider, parent, dependencies, property dependencies) again for every stack policy, in
 * a function local to its handler: with 25 stack rules that was most of what `analyzeStack` cost
 * above the floor (`npm run bench`).
 *
 * How, with every semantic of the SDK kept: the pack serves `analyzeStack` with two calls of the
 * SDK's own handler (`makeAnalyzeStackRpcFun`). The first, on the request, runs one policy that
 * keeps the resources the SDK built. The second runs the pack's stack policies on a stand-in
 * request that holds one placeholder resource for each type a policy is dispatched on
 * (`__pulumiType`) that the stack has, so the server's dispatch by type decides as it would on the
 * stack itself, and hands each policy the resources built in the first call. Enforcement levels,
 * settings, stack tags, violations, undecided verdicts, not-applicable answers and errors are the
 * SDK's, under each policy's own name. The handler is swapped in while the SDK's `serve` registers
 * the Analyzer service. `tests/policypack/core/served-pack.test.ts` compares every answer with the
 * SDK alone over the protocol.
 */
import type { Policy, PolicyResource, StackValidation, StackValidationPolicy } from "@pulumi/policy";
import { policySdkModule } from "./sdk-module";
import { Handler, PackIdentity, placeholderOf, policyServer, replaceHandlersAtServe } from "./serve-hook";

type MakeStackHandler = (packName: string, packVersion: string, packLevel: string, policies: Policy[]) => Handler;

const INSTALLED = Symbol.for("ai-guardrails.stackOnce");
/** The policy of the first call: a name no rule has; it reports nothing and is never listed. */
const BUILDER = "ai-guardrails-stack-builder";

const isStackPolicy = (p: Policy): p is StackValidationPolicy => typeof (p as StackValidationPolicy).validateStack === "function";

/** The policy, handed `resources` whatever the SDK built for it; its dispatch type kept. */
function onResources(policy: StackValidationPolicy, resources: PolicyResource[]): StackValidationPolicy {
    const validate = policy.validateStack;
    const bound: StackValidation = (args, reportViolation) => validate({ ...args, resources }, reportViolation);
    const type = (validate as { __pulumiType?: unknown }).__pulumiType;
    if (type !== undefined) {
        Object.defineProperty(bound, "__pulumiType", { value: type, enumerable: false });
    }
    return { ...policy, validateStack: bound };
}

/** The `analyzeStack` handler that builds the stack once (exported for its test). */
export function stackOnceHandler(make: MakeStackHandler, pack: PackIdentity, policies: Policy[]): Handler {
    const pb = policySdkModule("@pulumi/pulumi/proto/analyzer_pb");
    // The types the server dispatches stack policies on: only these need a placeholder.
    const dispatchedOn = new Set(policies.filter(isStackPolicy).map((p) => (p.validateStack as { __pulumiType?: string }).__pulumiType));
    return (call, callback) => {
        let built: PolicyResource[] | undefined;
        const builder: StackValidationPolicy = {
            name: BUILDER,
            description: "builds the stack's resources once for the pack's stack policies",
            enforcementLevel: "mandatory",
            validateStack: (args) => {
                built = args.resources;
            },
        };
        make(...pack, [builder])(call, (err) => {
            if (err || built === undefined) {
                // The SDK could not build the stack: its own handler gives its own answer.
                make(...pack, policies)(call, callback);
                return;
            }
            const request = new pb.AnalyzeStackRequest();
            const types = new Set<string>(call.request.getResourcesList().map((r: { getType(): string }) => r.getType()).filter((type: string) => dispatchedOn.has(type)));
            request.setResourcesList(
                [...types].map((type, i) => placeholderOf(pb.AnalyzerResource, type, `placeholder-${i}`)),
            );
            const resources = built;
            make(...pack, policies.map((p) => (isStackPolicy(p) ? onResources(p, resources) : p)))({ request }, callback);
        });
    };
}

/**
 * Serves `analyzeStack` with the stack built once. Returns false, changing nothing, when the SDK
 * does not have the shape this was written for: the server then builds the stack per policy.
 */
export function buildEachStackOnce(): boolean {
    const make = policyServer().makeAnalyzeStackRpcFun as MakeStackHandler | undefined;
    if (typeof make !== "function") {
        return false;
    }
    return replaceHandlersAtServe(INSTALLED, (pack, policies, implementation) =>
        typeof implementation.analyzeStack === "function" ? { ...implementation, analyzeStack: stackOnceHandler(make, pack, policies) } : implementation,
    );
}
