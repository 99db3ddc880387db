import * as assert from "assert";
import { HARM_FILTER_TYPES } from "../../../../policypack/controls/guardrail";
import { bedrockGuardrailHarmFilters as rule } from "../../../../policypack/rules/model/bedrock-guardrail-harm-filters";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { entry, guardrail } from "../../fixtures/guardrail";

const filter = (p: Record<string, any>, type: string) => entry(p.contentPolicyConfig.filtersConfigs, type);

describe("bedrock-guardrail-harm-filters", () => {
    it("passes a guardrail with all five harm filters at HIGH on input and output", async () => {
        const outcome = await runResourceRule(rule, guardrail());
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("passes filters exactly at the default minimum (MEDIUM)", async () => {
        const outcome = await runResourceRule(
            rule,
            guardrail((p) => HARM_FILTER_TYPES.forEach((t) => Object.assign(filter(p, t), { inputStrength: "MEDIUM", outputStrength: "MEDIUM" }))),
        );
        assert.deepStrictEqual(outcome.violations, []);
    });

    for (const type of HARM_FILTER_TYPES) {
        it(`flags a missing ${type} filter`, async () => {
            const outcome = await runResourceRule(
                rule,
                guardrail((p) => (p.contentPolicyConfig.filtersConfigs = p.contentPolicyConfig.filtersConfigs.filter((f: any) => f.type !== type))),
            );
            assert.deepStrictEqual(messages(outcome), [`the guardrail has no content filter for ${type}: that content is neither filtered on input nor on output`]);
        });
    }

    it("lists every missing category in one message when there is no content policy", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => delete p.contentPolicyConfig));
        assert.deepStrictEqual(messages(outcome), [`the guardrail has no content filter for ${HARM_FILTER_TYPES.join(", ")}: that content is neither filtered on input nor on output`]);
    });

    it("flags an input strength below the minimum", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (filter(p, "HATE").inputStrength = "LOW")));
        assert.deepStrictEqual(messages(outcome), ["HATE filter: inputStrength is LOW, below the required MEDIUM"]);
    });

    it("flags an output strength below the minimum (filtering only input misses generated content)", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (filter(p, "VIOLENCE").outputStrength = "NONE")));
        assert.deepStrictEqual(messages(outcome), ["VIOLENCE filter: outputStrength is NONE, below the required MEDIUM"]);
    });

    it("flags output evaluation switched off", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (filter(p, "SEXUAL").outputEnabled = false)));
        assert.deepStrictEqual(messages(outcome), ["SEXUAL filter: output evaluation is disabled (outputEnabled: false)"]);
    });

    it("flags input evaluation switched off", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (filter(p, "INSULTS").inputEnabled = false)));
        assert.deepStrictEqual(messages(outcome), ["INSULTS filter: input evaluation is disabled (inputEnabled: false)"]);
    });

    it("flags a detect-only action", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (filter(p, "MISCONDUCT").outputAction = "NONE")));
        assert.deepStrictEqual(messages(outcome), ["MISCONDUCT filter: outputAction is NONE: matches are only detected, never blocked"]);
    });

    it("flags modalities that leave out text", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (filter(p, "HATE").outputModalities = ["IMAGE"])));
        assert.match(messages(outcome)[0], /^HATE filter: outputModalities \["IMAGE"\] leave out TEXT/);
    });

    it("reports each weak filter separately, with all of its problems", async () => {
        const outcome = await runResourceRule(
            rule,
            guardrail((p) => {
                Object.assign(filter(p, "HATE"), { inputStrength: "LOW", outputStrength: "LOW" });
                filter(p, "INSULTS").inputAction = "NONE";
            }),
        );
        assert.deepStrictEqual(messages(outcome), [
            "HATE filter: inputStrength is LOW, below the required MEDIUM; outputStrength is LOW, below the required MEDIUM",
            "INSULTS filter: inputAction is NONE: matches are only detected, never blocked",
        ]);
    });

    it("applies a stricter configured minimum", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (filter(p, "HATE").outputStrength = "MEDIUM")), { config: { minimumStrength: "HIGH" } });
        assert.deepStrictEqual(messages(outcome), ["HATE filter: outputStrength is MEDIUM, below the required HIGH"]);
    });

    it("checks only the configured categories", async () => {
        const outcome = await runResourceRule(
            rule,
            guardrail((p) => (p.contentPolicyConfig.filtersConfigs = p.contentPolicyConfig.filtersConfigs.filter((f: any) => f.type !== "INSULTS"))),
            { config: { requiredFilterTypes: ["HATE", "VIOLENCE"] } },
        );
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("cannot run during preview when a filter's strength is unknown", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (filter(p, "HATE").outputStrength = UNKNOWN)));
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.previewUnknown ?? "", /can't run policy 'bedrock-guardrail-harm-filters' during preview/);
    });

    it("reports odd input instead of crashing", async () => {
        const duplicate = await runResourceRule(rule, guardrail((p) => p.contentPolicyConfig.filtersConfigs.push({ type: "HATE", inputStrength: "NONE", outputStrength: "NONE" })));
        assert.deepStrictEqual(messages(duplicate), ["contentPolicyConfig.filtersConfigs lists HATE more than once"]);
        const numeric = await runResourceRule(rule, guardrail((p) => (filter(p, "HATE").inputStrength = 3)));
        assert.deepStrictEqual(messages(numeric), ["HATE filter: inputStrength 3 is not one of NONE, LOW, MEDIUM, HIGH"]);
        const nullPolicy = await runResourceRule(rule, guardrail((p) => (p.contentPolicyConfig = null)));
        assert.strictEqual(nullPolicy.violations.length, 1);
    });
});
