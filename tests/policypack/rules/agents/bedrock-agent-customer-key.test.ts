import * as assert from "assert";
import { bedrockAgentCustomerKey as rule } from "../../../../policypack/rules/agents/bedrock-agent-customer-key";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { agent } from "./fixtures";

const NOT_SET = "customerEncryptionKeyArn is not set: the agent is encrypted with an AWS owned key that the organization cannot govern or revoke";

describe("bedrock-agent-customer-key", () => {
    it("passes an agent encrypted with a customer-managed key (key or customer alias ARN)", async () => {
        assert.deepStrictEqual((await runResourceRule(rule, agent())).violations, []);
        const alias = await runResourceRule(rule, agent((p) => (p.customerEncryptionKeyArn = "arn:aws:kms:us-east-1:123456789012:alias/ai-guardrails/agents")));
        assert.deepStrictEqual(alias.violations, []);
    });

    it("flags an agent without a key", async () => {
        const outcome = await runResourceRule(rule, agent((p) => delete p.customerEncryptionKeyArn));
        assert.deepStrictEqual(messages(outcome), [NOT_SET]);
    });

    it("flags an AWS managed alias and a bare key ID", async () => {
        const cases: [string, RegExp][] = [
            ["arn:aws:kms:us-east-1:123456789012:alias/aws/bedrock", /is an AWS managed key/],
            ["alias/aws/bedrock", /is an AWS managed key/],
            ["1234abcd-12ab-34cd-56ef-1234567890ab", /is not a KMS key or alias ARN/],
        ];
        for (const [value, expected] of cases) {
            const outcome = await runResourceRule(rule, agent((p) => (p.customerEncryptionKeyArn = value)));
            assert.match(messages(outcome)[0], expected, value);
        }
    });

    it("passes during preview when the key ARN is unknown: the stack is creating the key", async () => {
        const outcome = await runResourceRule(rule, agent((p) => (p.customerEncryptionKeyArn = UNKNOWN)));
        assert.deepStrictEqual(outcome.violations, []);
        assert.strictEqual(outcome.previewUnknown, undefined);
    });

    it("reports odd input instead of crashing", async () => {
        for (const value of ["", 42, null, { arn: "x" }]) {
            const outcome = await runResourceRule(rule, agent((p) => (p.customerEncryptionKeyArn = value)));
            assert.deepStrictEqual(messages(outcome), [NOT_SET], JSON.stringify(value));
        }
    });
});
