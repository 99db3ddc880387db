/**
 * A stack rule that declares `requiresType` is skipped by the `@pulumi/policy` server for a stack
 * without that type: the rule itself must then have nothing to say, or the server would hide a
 * finding. Each such rule, called directly on stacks without its type, answers "not applicable".
 */
import { strict as assert } from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { StackRule, toPolicy } from "../../../policypack/lib/rule";
import { rules } from "../../../policypack/rules";
import { T } from "../../../policypack/lib/types";
import { FakeResource, runStackRule } from "../../helpers/policy-harness";
import { ACCOUNT, KEY_ARN, MODEL_ARN } from "../../helpers/fixtures";

const typed = rules.filter((r): r is StackRule => r.kind === "stack" && r.requiresType !== undefined);

/** Stacks of other kinds: empty, a key alone, a workload with its roles and logging but none of the required types. */
const STACKS: Record<string, FakeResource[]> = {
    empty: [],
    key: [{ type: "aws:kms/key:Key", name: "key", props: { arn: KEY_ARN, description: "a key" } }],
    workload: [
        { type: T.guardrail, name: "guardrail", props: { name: "guardrail", kmsKeyArn: KEY_ARN } },
        { type: T.iamRole, name: "app-role", props: { name: "app-role", arn: `arn:aws:iam::${ACCOUNT}:role/app-role`, assumeRolePolicy: "{}" } },
        { type: T.iamPolicy, name: "invoke", props: { name: "invoke", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: MODEL_ARN }] }) } },
    ],
};

describe("stack rules dispatched by type (requiresType)", () => {
    it("are the rules that declare it, and the policy the pack registers carries it for the server", () => {
        assert.deepEqual(typed.map((r) => r.name).sort(), ["agentcore-cedar-valid", "bedrock-agent-guardrail", "cloudtrail-bucket-protected", "cloudtrail-customer-key"]);
        for (const rule of typed) {
            assert.equal((toPolicy(rule) as StackValidationPolicy & { validateStack: { __pulumiType?: string } }).validateStack.__pulumiType, rule.requiresType, rule.name);
        }
    });

    for (const rule of typed) {
        it(`${rule.name} has nothing to say about a stack without ${rule.requiresType}`, async () => {
            for (const [name, stack] of Object.entries(STACKS)) {
                assert.ok(stack.every((r) => r.type !== rule.requiresType));
                const outcome = await runStackRule(rule, stack);
                assert.deepEqual([outcome.violations, typeof outcome.notApplicable], [[], "string"], `${rule.name} on the ${name} stack`);
            }
        });
    }
});
