import * as assert from "assert";
import { bedrockGuardrailPromptAttackHigh as rule } from "../../../../policypack/rules/model/bedrock-guardrail-prompt-attack-high";
import { T } from "../../../../policypack/lib/types";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { entry, guardrail } from "../../fixtures/guardrail";

const promptAttack = (p: Record<string, any>) => entry(p.contentPolicyConfig.filtersConfigs, "PROMPT_ATTACK");

describe("bedrock-guardrail-prompt-attack-high", () => {
    it("passes a guardrail with PROMPT_ATTACK at HIGH on input", async () => {
        const outcome = await runResourceRule(rule, guardrail());
        assert.deepStrictEqual(outcome.violations, []);
        assert.strictEqual(outcome.previewUnknown, undefined);
    });

    it("does not apply to other resource types", async () => {
        const outcome = await runResourceRule(rule, { type: T.iamPolicy, name: "p", props: {} });
        assert.ok(outcome.notApplicable);
    });

    it("flags a guardrail without a PROMPT_ATTACK filter", async () => {
        const outcome = await runResourceRule(
            rule,
            guardrail((p) => (p.contentPolicyConfig.filtersConfigs = p.contentPolicyConfig.filtersConfigs.filter((f: any) => f.type !== "PROMPT_ATTACK"))),
        );
        assert.deepStrictEqual(messages(outcome), ["the guardrail has no PROMPT_ATTACK content filter: jailbreaks and prompt injection pass unfiltered"]);
        assert.strictEqual(outcome.violations[0].enforcementLevel, "mandatory");
    });

    it("flags a guardrail without any content policy", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => delete p.contentPolicyConfig));
        assert.strictEqual(outcome.violations.length, 1);
        assert.match(messages(outcome)[0], /no PROMPT_ATTACK content filter/);
    });

    for (const strength of ["MEDIUM", "LOW", "NONE"]) {
        it(`flags input strength ${strength}`, async () => {
            const outcome = await runResourceRule(rule, guardrail((p) => (promptAttack(p).inputStrength = strength)));
            assert.deepStrictEqual(messages(outcome), [`PROMPT_ATTACK filter: inputStrength is ${strength}, below the required HIGH`]);
        });
    }

    it("flags a strength that is not a strength", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (promptAttack(p).inputStrength = "HIGHEST")));
        assert.match(messages(outcome)[0], /inputStrength "HIGHEST" is not one of NONE, LOW, MEDIUM, HIGH/);
    });

    it("flags input evaluation switched off", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (promptAttack(p).inputEnabled = false)));
        assert.deepStrictEqual(messages(outcome), ["PROMPT_ATTACK filter: input evaluation is disabled (inputEnabled: false)"]);
    });

    it("flags a detect-only input action", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (promptAttack(p).inputAction = "NONE")));
        assert.match(messages(outcome)[0], /inputAction is NONE: matches are only detected, never blocked/);
    });

    it("flags input modalities that leave out text", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (promptAttack(p).inputModalities = ["IMAGE"])));
        assert.match(messages(outcome)[0], /inputModalities \["IMAGE"\] leave out TEXT/);
    });

    it("accepts explicit BLOCK, enabled input and TEXT among the modalities", async () => {
        const outcome = await runResourceRule(
            rule,
            guardrail((p) => Object.assign(promptAttack(p), { inputAction: "BLOCK", inputEnabled: true, inputModalities: ["TEXT", "IMAGE"] })),
        );
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("honours a lower configured minimum", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (promptAttack(p).inputStrength = "MEDIUM")), { config: { minimumInputStrength: "MEDIUM" } });
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("cannot run during preview when the content policy is unknown", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (p.contentPolicyConfig = UNKNOWN)));
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.previewUnknown ?? "", /can't run policy 'bedrock-guardrail-prompt-attack-high' during preview/);
    });

    it("reports odd input instead of crashing", async () => {
        const notAList = await runResourceRule(rule, guardrail((p) => (p.contentPolicyConfig.filtersConfigs = { type: "PROMPT_ATTACK" })));
        assert.deepStrictEqual(messages(notAList), [
            'contentPolicyConfig.filtersConfigs must be a list, got {"type":"PROMPT_ATTACK"}',
            "the guardrail has no PROMPT_ATTACK content filter: jailbreaks and prompt injection pass unfiltered",
        ]);
        const badEntry = await runResourceRule(rule, guardrail((p) => p.contentPolicyConfig.filtersConfigs.push(42)));
        assert.match(messages(badEntry)[0], /filtersConfigs\[6\] must be an object with a string type, got 42/);
        const notAnObject = await runResourceRule(rule, guardrail((p) => (p.contentPolicyConfig = "HIGH")));
        assert.match(messages(notAnObject)[0], /contentPolicyConfig must be an object, got "HIGH"/);
        const missingStrength = await runResourceRule(rule, guardrail((p) => delete promptAttack(p).inputStrength));
        assert.match(messages(missingStrength)[0], /inputStrength undefined is not one of/);
    });
});
