/**
 * Each resource reaches only the rules that govern its type, rules over several types included.
 *
 * The `@pulumi/policy` server (1.21, pinned in package.json) answers "not applicable" by itself,
 * before it decodes a resource and calls the policy, only for a validator that carries one Pulumi
 * type (`__pulumiType`). A rule over several types (IAM documents, customer keys) is otherwise called
 * for every resource of a stack and answers from its own type check: 2-10% of `analyze` time on
 * copies of the prod stack, against the same pack without this, side by side.
 *
 * How: the server's `analyze` handler reads the request's type (`AnalyzeRequest.getType`) and
 * iterates the pack's policies array right after, before its first await. While it does, the
 * array's iterator hands it, for each rule over several types that does not govern that type, a
 * stand-in whose validator carries the rule's types as one `__pulumiType` string, which no type
 * equals: the server's own fast path then answers "not applicable" for it, with the reason the rule
 * gives itself. Any other iteration (`analyzeStack`, `getAnalyzerInfo`, or a later SDK that reads the
 * type elsewhere) gets the policies themselves: the rules are then called and answer the same,
 * slower. `tests/policypack/core/dispatch-by-type.test.ts` drives the SDK's handler with it in-process;
 * `served-pack.test.ts` compares every answer with the SDK alone over the protocol.
 */
import type { Policy, ResourceValidation, ResourceValidationPolicy } from "@pulumi/policy";
import { BoundedMemo } from "./bounded-memo";
import { GOVERNED_TYPES } from "./rule";
import { policySdkModule } from "./sdk-module";

const DISPATCHING = Symbol.for("ai-guardrails.dispatchByType");

/** A policy over several types as the server sees it for a resource of none of them. */
function standIn(policy: ResourceValidationPolicy, types: readonly string[]): ResourceValidationPolicy {
    const validate = policy.validateResource as ResourceValidation;
    // Never called: the server skips it on its type. Were it called, the rule would answer itself.
    const skipped: ResourceValidation = (args, reportViolation) => validate(args, reportViolation);
    // The server's reason is "Policy only applies to resources of type '<__pulumiType>'".
    Object.defineProperty(skipped, "__pulumiType", { value: types.join(", "), enumerable: false });
    return { ...policy, validateResource: skipped };
}

/**
 * Makes `served` (the array given to `PolicyPack`, not shared with anything else) dispatch by type.
 * Returns false, changing nothing, when the SDK's request class does not have the shape this was
 * written for: every rule then answers for itself, as before.
 */
export function dispatchEachResourceByType(served: Policy[]): boolean {
    const pb = policySdkModule("@pulumi/pulumi/proto/analyzer_pb") as Record<string, any>;
    const proto = pb.AnalyzeRequest?.prototype as Record<string | symbol, any> | undefined;
    const getType = proto?.getType as ((this: unknown) => string) | undefined;
    if (!proto || typeof getType !== "function" || (served as unknown as Record<symbol, unknown>)[DISPATCHING]) {
        return false;
    }
    const policies = [...served];
    // Each rule over several types: the types it governs, and its stand-in for the others.
    const several = new Map<Policy, { types: ReadonlySet<string>; standIn: ResourceValidationPolicy }>();
    for (const policy of policies) {
        const types = (policy as ResourceValidationPolicy).validateResource?.[GOVERNED_TYPES as keyof ResourceValidation] as readonly string[] | undefined;
        if (types) {
            several.set(policy, { types: new Set(types), standIn: standIn(policy as ResourceValidationPolicy, types) });
        }
    }
    if (several.size === 0) {
        return false;
    }
    const forType = new BoundedMemo<Policy[]>(1024);
    const policiesFor = (type: string) =>
        forType.get(type, () =>
            policies.map((p) => {
                const rule = several.get(p);
                return rule && !rule.types.has(type) ? rule.standIn : p;
            }),
        );

    // The type of the request whose handler is starting; consumed by the next iteration, and gone
    // by the end of the current turn either way.
    let startingType: string | undefined;
    proto.getType = function (this: unknown): string {
        const type = getType.call(this);
        if (startingType === undefined) {
            queueMicrotask(() => (startingType = undefined));
        }
        startingType = type;
        return type;
    };
    Object.defineProperty(served, Symbol.iterator, {
        value: function iterate(): Iterator<Policy> {
            const type = startingType;
            startingType = undefined;
            return (type === undefined ? policies : policiesFor(type)).values();
        },
    });
    Object.defineProperty(served, DISPATCHING, { value: true });
    return true;
}
