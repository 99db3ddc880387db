/**
 * Each resource reaches only the rules that govern its type; the "not applicable" answers of all
 * the others are the server's own, given once per type instead of once per resource.
 *
 * The `@pulumi/policy` server (1.21, pinned in package.json) goes through every policy of the pack
 * for every resource. For a validator that carries one Pulumi type (`__pulumiType`) it answers
 * "not applicable" for the other types itself, building a new entry each time: about 30 of this
 * pack's 55 policies per resource. A rule over several types (IAM documents, customer keys) it
 * calls for every resource, and the rule answers from its own type check.
 *
 * How, with what each policy is answered kept the SDK's: the pack serves `analyze` with the SDK's
 * own handler (`makeAnalyzeRpcFun`) built, per resource type, over the policies that govern the
 * type. The answers of the others are asked of the SDK once per type and pack settings: its handler
 * over them alone, on a placeholder resource of the type, which it answers by type without calling
 * any policy (a rule over several types stands in there with its types as one `__pulumiType`,
 * which no type equals, and so gets the reason the rule gives itself). Enforcement levels (a
 * disabled policy is not answered) are the SDK's, asked again after each `configure`. Each
 * response then holds both kinds of entries, in the order of the pack's policies.
 * `tests/policypack/core/dispatch-by-type.test.ts` compares answers with the SDK's handler alone,
 * in-process; `served-pack.test.ts` over the protocol.
 */
import type { Policy, ResourceValidation, ResourceValidationPolicy } from "@pulumi/policy";
import { BoundedMemo } from "./bounded-memo";
import { GOVERNED_TYPES } from "./rule";
import { policySdkModule } from "./sdk-module";
import { Handler, PackIdentity, placeholderOf, policyServer, replaceHandlersAtServe } from "./serve-hook";

type MakeHandler = (packName: string, packVersion: string, packLevel: string, policies: Policy[]) => Handler;

interface NotApplicableEntry {
    getPolicyName(): string;
}

const INSTALLED = Symbol.for("ai-guardrails.dispatchByType");
/** Resource types with a plan kept; a stack has a few dozen. */
const TYPES_KEPT = 1024;

/** A policy over several types as the server sees it for a resource of none of them. */
function standIn(policy: ResourceValidationPolicy, types: readonly string[]): ResourceValidationPolicy {
    const validate = policy.validateResource as ResourceValidation;
    // Never called: the server skips it on its type. Were it called, the rule would answer itself.
    const skipped: ResourceValidation = (args, reportViolation) => validate(args, reportViolation);
    // The server's reason is "Policy only applies to resources of type '<__pulumiType>'".
    Object.defineProperty(skipped, "__pulumiType", { value: types.join(", "), enumerable: false });
    return { ...policy, validateResource: skipped };
}

/** How a policy meets a resource type: called, or answered by type (as itself, or as its stand-in). */
type Meeting = { called: true } | { called: false; as: Policy };

function meetingOf(policy: Policy, type: string): Meeting {
    const validate = (policy as ResourceValidationPolicy).validateResource;
    if (typeof validate !== "function") {
        return { called: true };
    }
    const one = (validate as { __pulumiType?: unknown }).__pulumiType;
    if (typeof one === "string" && one.length > 0) {
        return one === type ? { called: true } : { called: false, as: policy };
    }
    const several = (validate as unknown as Record<symbol, readonly string[] | undefined>)[GOVERNED_TYPES];
    if (several && !several.includes(type)) {
        return { called: false, as: standIn(policy as ResourceValidationPolicy, several) };
    }
    return { called: true };
}

/** What serves the resources of one type. */
interface Plan {
    /** The SDK's handler over the policies the type meets. */
    handler: Handler;
    /** The SDK's answers for the other policies, and the position of each in the pack. */
    answered: NotApplicableEntry[];
    answeredAt: number[];
}

/** The entries of both kinds in pack order; the SDK's per-resource entries keep their own order. */
function inPackOrder(plan: Plan, perResource: NotApplicableEntry[], position: ReadonlyMap<string, number>): NotApplicableEntry[] {
    if (perResource.length === 0) {
        return plan.answered.slice();
    }
    const out: NotApplicableEntry[] = [];
    let next = 0;
    for (const entry of perResource) {
        const at = position.get(entry.getPolicyName()) ?? Number.POSITIVE_INFINITY;
        while (next < plan.answered.length && plan.answeredAt[next] < at) {
            out.push(plan.answered[next++]);
        }
        out.push(entry);
    }
    return out.concat(plan.answered.slice(next));
}

/** The `analyze` handler that dispatches by type (exported for its test); `configured` is called after each successful `configure`. */
export function dispatchingHandler(make: MakeHandler, pack: PackIdentity, policies: Policy[]): { analyze: Handler; configured(): void } {
    const pb = policySdkModule("@pulumi/pulumi/proto/analyzer_pb");
    const position = new Map(policies.map((p, i) => [p.name, i]));
    const everyPolicy = make(...pack, policies);
    // Replaced at each configure: a plan made while settings change goes with the old ones.
    let plans = new BoundedMemo<Plan>(TYPES_KEPT);

    const planFor = (type: string): Plan => {
        const meetings = policies.map((p) => meetingOf(p, type));
        const byType = meetings.flatMap((m) => (m.called ? [] : [m.as]));
        let answered: NotApplicableEntry[] | undefined;
        // Answered by type alone, the SDK calls back before its handler returns.
        void make(...pack, byType)({ request: placeholderOf(pb.AnalyzeRequest, type, `placeholder-${type}`) }, (err, response) => {
            answered = err ? undefined : (response?.getNotApplicableList() as NotApplicableEntry[] | undefined);
        });
        if (answered === undefined || answered.some((e) => !position.has(e.getPolicyName()))) {
            // Not the SDK this was written for: its handler answers every resource of the type.
            return { handler: everyPolicy, answered: [], answeredAt: [] };
        }
        return {
            handler: make(...pack, policies.filter((_, i) => meetings[i].called)),
            answered,
            answeredAt: answered.map((e) => position.get(e.getPolicyName())!),
        };
    };

    const analyze: Handler = (call, callback) => {
        const type: string = call.request.getType();
        const plan = plans.get(type, () => planFor(type));
        return plan.handler(call, (err, response) => {
            if (!err && response && plan.answered.length > 0) {
                response.setNotApplicableList(inPackOrder(plan, response.getNotApplicableList(), position));
            }
            callback(err, response);
        });
    };
    return { analyze, configured: () => (plans = new BoundedMemo<Plan>(TYPES_KEPT)) };
}

/**
 * Serves `analyze` dispatched by type. Returns false, changing nothing, when the SDK does not have
 * the shape this was written for: the server then goes through every policy for every resource.
 */
export function dispatchEachResourceByType(): boolean {
    const make = policyServer().makeAnalyzeRpcFun as MakeHandler | undefined;
    if (typeof make !== "function") {
        return false;
    }
    return replaceHandlersAtServe(INSTALLED, (pack, policies, implementation) => {
        const { analyze, configure } = implementation;
        if (typeof analyze !== "function" || typeof configure !== "function") {
            return implementation;
        }
        const dispatching = dispatchingHandler(make, pack, policies);
        return {
            ...implementation,
            analyze: dispatching.analyze,
            configure: (call, callback) =>
                configure(call, (err, response) => {
                    if (!err) {
                        dispatching.configured();
                    }
                    callback(err, response);
                }),
        };
    });
}
