import * as assert from "assert";
import { bedrockGuardrailDeniedTopics as rule } from "../../../../policypack/rules/model/bedrock-guardrail-denied-topics";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { guardrail } from "../../fixtures/guardrail";

describe("bedrock-guardrail-denied-topics", () => {
    it("passes a guardrail denying the default topics (financial advice, medical diagnosis)", async () => {
        const outcome = await runResourceRule(rule, guardrail());
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("flags a guardrail without a topic policy", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => delete p.topicPolicyConfig));
        assert.deepStrictEqual(messages(outcome), ["the guardrail denies 0 topic(s) (none); at least 2 required"]);
    });

    it("flags fewer DENY topics than the minimum", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => p.topicPolicyConfig.topicsConfigs.pop()));
        assert.deepStrictEqual(messages(outcome), ["the guardrail denies 1 topic(s) (FinancialAdvice); at least 2 required"]);
    });

    it("counts only topics of type DENY", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (p.topicPolicyConfig.topicsConfigs[1].type = "ALLOW")));
        assert.deepStrictEqual(messages(outcome), ["the guardrail denies 1 topic(s) (FinancialAdvice); at least 2 required"]);
    });

    it("flags a required topic name that is not denied", async () => {
        const outcome = await runResourceRule(rule, guardrail(), { config: { requiredTopicNames: ["FinancialAdvice", "LegalAdvice"] } });
        assert.deepStrictEqual(messages(outcome), ["the guardrail does not deny the required topic(s) LegalAdvice"]);
    });

    it("honours a configured minimum", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (p.topicPolicyConfig.topicsConfigs = [])), { config: { minimumDeniedTopics: 0 } });
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("cannot run during preview when the topic list is unknown", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (p.topicPolicyConfig.topicsConfigs = UNKNOWN)));
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.previewUnknown ?? "", /can't run policy 'bedrock-guardrail-denied-topics' during preview/);
    });

    it("reports odd input instead of crashing", async () => {
        const nameless = await runResourceRule(rule, guardrail((p) => (p.topicPolicyConfig.topicsConfigs[0] = { type: "DENY", definition: "x" })));
        assert.deepStrictEqual(messages(nameless), [
            'topicPolicyConfig.topicsConfigs[0] must be an object with a string name, got {"type":"DENY","definition":"x"}',
            "the guardrail denies 1 topic(s) (MedicalDiagnosis); at least 2 required",
        ]);
        const notAList = await runResourceRule(rule, guardrail((p) => (p.topicPolicyConfig.topicsConfigs = "FinancialAdvice")));
        assert.strictEqual(notAList.violations.length, 2);
    });
});
