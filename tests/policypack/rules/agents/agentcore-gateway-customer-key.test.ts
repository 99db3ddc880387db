import * as assert from "assert";
import { agentcoreGatewayCustomerKey as rule } from "../../../../policypack/rules/agents/agentcore-gateway-customer-key";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { gateway } from "./fixtures";

const NOT_SET = "kmsKeyArn is not set: the gateway is encrypted with an AWS owned key that the organization cannot govern or revoke";

describe("agentcore-gateway-customer-key", () => {
    it("passes a gateway encrypted with a customer-managed key", async () => {
        assert.deepStrictEqual((await runResourceRule(rule, gateway())).violations, []);
    });

    it("flags a gateway without a key", async () => {
        assert.deepStrictEqual(messages(await runResourceRule(rule, gateway((p) => delete p.kmsKeyArn))), [NOT_SET]);
    });

    it("flags an AWS managed alias", async () => {
        const outcome = await runResourceRule(rule, gateway((p) => (p.kmsKeyArn = "arn:aws:kms:us-east-1:123456789012:alias/aws/bedrock-agentcore")));
        assert.match(messages(outcome)[0], /is an AWS managed key/);
    });

    it("passes during preview when the key ARN is unknown: the stack is creating the key", async () => {
        const outcome = await runResourceRule(rule, gateway((p) => (p.kmsKeyArn = UNKNOWN)));
        assert.deepStrictEqual(outcome.violations, []);
        assert.strictEqual(outcome.previewUnknown, undefined);
    });

    it("reports odd input instead of crashing", async () => {
        for (const value of ["", 1, null, ["arn"]]) {
            assert.deepStrictEqual(messages(await runResourceRule(rule, gateway((p) => (p.kmsKeyArn = value)))), [NOT_SET], JSON.stringify(value));
        }
    });
});
