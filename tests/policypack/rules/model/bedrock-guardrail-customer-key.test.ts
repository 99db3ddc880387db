import * as assert from "assert";
import { bedrockGuardrailCustomerKey as rule } from "../../../../policypack/rules/model/bedrock-guardrail-customer-key";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { guardrail } from "../../fixtures/guardrail";

const NOT_SET = "kmsKeyArn is not set: the guardrail is encrypted with an AWS owned key that the organization cannot govern or revoke";

describe("bedrock-guardrail-customer-key", () => {
    it("passes a guardrail with a customer-managed key", async () => {
        const outcome = await runResourceRule(rule, guardrail());
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("flags a guardrail without kmsKeyArn", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => delete p.kmsKeyArn));
        assert.deepStrictEqual(messages(outcome), [NOT_SET]);
    });

    it("flags an AWS managed key alias", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (p.kmsKeyArn = "arn:aws:kms:us-east-1:123456789012:alias/aws/bedrock")));
        assert.match(messages(outcome)[0], /is an AWS managed key/);
    });

    it("flags an AWS managed key given as a bare alias name, which Bedrock accepts too", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (p.kmsKeyArn = "alias/aws/bedrock")));
        assert.deepStrictEqual(messages(outcome), [
            "kmsKeyArn alias/aws/bedrock is an AWS managed key: its key policy cannot be changed, so access to the guardrail cannot be restricted or revoked",
        ]);
    });

    it("flags a key reference that is not a KMS ARN, and accepts a customer alias ARN", async () => {
        for (const value of ["0b4f5a3c-1d2e-4f60-9a8b-7c6d5e4f3a2b", "not-a-key", "arn:aws:s3:::bucket"]) {
            const outcome = await runResourceRule(rule, guardrail((p) => (p.kmsKeyArn = value)));
            assert.deepStrictEqual(messages(outcome), [`kmsKeyArn ${value} is not a KMS key or alias ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), so it cannot be verified as a customer-managed key`], value);
        }
        const alias = await runResourceRule(rule, guardrail((p) => (p.kmsKeyArn = "arn:aws:kms:us-east-1:123456789012:alias/ai-guardrails/guardrail")));
        assert.deepStrictEqual(alias.violations, []);
    });

    it("passes during preview when the key ARN is unknown: the stack is creating the key, so the setting is present", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (p.kmsKeyArn = UNKNOWN)));
        assert.deepStrictEqual(outcome.violations, []);
        assert.strictEqual(outcome.previewUnknown, undefined);
    });

    it("reports odd input instead of crashing", async () => {
        for (const value of ["", "   ", 42, null, { arn: "x" }]) {
            const outcome = await runResourceRule(rule, guardrail((p) => (p.kmsKeyArn = value)));
            assert.deepStrictEqual(messages(outcome), [NOT_SET], `kmsKeyArn ${JSON.stringify(value)}`);
        }
    });
});
