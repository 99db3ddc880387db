// A floor for `npm run bench`: the policy pack's own policies (names, kinds, the types the server
// dispatches on) with bodies that do nothing, served as the pack serves them (each resource decoded
// once per request and dispatched by type, the stack decoded lean and built once per analyzeStack,
// "not applicable" answers encoded once). What serving them costs (the server's call of each policy
// that governs a resource, a not-applicable answer in every response for each policy that does not,
// the stack's resources built once per analyzeStack) is what no rule can go below; the pack's cost
// above it is the rules' own work. Needs `npm run build`.
"use strict";
const { PolicyPack } = require("@pulumi/policy");
const { policies, rules } = require("../../policypack/bin/policies");
const { decodeEachResourceOnce } = require("../../policypack/bin/lib/decode-once");
const { dispatchEachResourceByType } = require("../../policypack/bin/lib/dispatch-by-type");
const { buildEachStackOnce } = require("../../policypack/bin/lib/stack-once");
const { encodeNotApplicableOnce } = require("../../policypack/bin/lib/encode-once");
const { decodeStackRequestsLean } = require("../../policypack/bin/lib/lean-stack-request");
const { GOVERNED_TYPES, notApplicableReason, notApplicableWithoutTrace } = require("../../policypack/bin/lib/rule");

const typesOf = new Map(rules.filter((r) => r.kind === "resource").map((r) => [r.name, new Set(r.resourceTypes)]));

function noop(policy) {
    const { validateResource, validateStack, ...rest } = policy;
    if (validateStack) {
        return { ...rest, validateStack: () => undefined };
    }
    const types = typesOf.get(policy.name);
    const reason = notApplicableReason([...types]);
    const validate = (args) => {
        if (!types.has(args.type)) {
            // As the pack's rules answer it: without a stack trace.
            notApplicableWithoutTrace(args, reason);
        }
    };
    if (validateResource.__pulumiType) {
        validate.__pulumiType = validateResource.__pulumiType;
    }
    if (validateResource[GOVERNED_TYPES]) {
        validate[GOVERNED_TYPES] = validateResource[GOVERNED_TYPES];
    }
    return { ...rest, validateResource: validate };
}

const served = policies.map(noop);
decodeEachResourceOnce();
dispatchEachResourceByType();
decodeStackRequestsLean();
buildEachStackOnce();
encodeNotApplicableOnce();
new PolicyPack("ai-guardrails-shape", { policies: served });
