import * as assert from "assert";
import { bedrockGuardrailContextualGrounding as rule } from "../../../../policypack/rules/model/bedrock-guardrail-contextual-grounding";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { entry, guardrail } from "../../fixtures/guardrail";

const check = (p: Record<string, any>, type: string) => entry(p.contextualGroundingPolicyConfig.filtersConfigs, type);

describe("bedrock-guardrail-contextual-grounding", () => {
    it("passes GROUNDING and RELEVANCE at the component default (0.75)", async () => {
        const outcome = await runResourceRule(rule, guardrail());
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("passes thresholds exactly at the minimum (0.5)", async () => {
        const outcome = await runResourceRule(
            rule,
            guardrail((p) => {
                check(p, "GROUNDING").threshold = 0.5;
                check(p, "RELEVANCE").threshold = 0.5;
            }),
        );
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("flags a guardrail without contextual grounding", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => delete p.contextualGroundingPolicyConfig));
        assert.deepStrictEqual(messages(outcome), ["the guardrail has no GROUNDING or RELEVANCE check: ungrounded or irrelevant answers are not blocked"]);
    });

    it("flags a missing RELEVANCE check", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => p.contextualGroundingPolicyConfig.filtersConfigs.pop()));
        assert.deepStrictEqual(messages(outcome), ["the guardrail has no RELEVANCE check: ungrounded or irrelevant answers are not blocked"]);
    });

    it("flags a threshold below the minimum (0 disables the check in effect)", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (check(p, "GROUNDING").threshold = 0)));
        assert.deepStrictEqual(messages(outcome), ["GROUNDING threshold is 0, below the required 0.5"]);
    });

    it("applies a configured minimum", async () => {
        const outcome = await runResourceRule(rule, guardrail(), { config: { minimumThreshold: 0.9 } });
        assert.deepStrictEqual(messages(outcome), ["GROUNDING threshold is 0.75, below the required 0.9", "RELEVANCE threshold is 0.75, below the required 0.9"]);
    });

    it("cannot run during preview when a threshold is unknown", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (check(p, "RELEVANCE").threshold = UNKNOWN)));
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.previewUnknown ?? "", /can't run policy 'bedrock-guardrail-contextual-grounding' during preview/);
    });

    it("reports odd input instead of crashing", async () => {
        const text = await runResourceRule(rule, guardrail((p) => (check(p, "GROUNDING").threshold = "0.8")));
        assert.deepStrictEqual(messages(text), ['GROUNDING threshold "0.8" is not a number']);
        const list = await runResourceRule(rule, guardrail((p) => (p.contextualGroundingPolicyConfig = [p.contextualGroundingPolicyConfig, {}])));
        assert.match(messages(list)[0], /contextualGroundingPolicyConfig must be an object/);
    });
});
