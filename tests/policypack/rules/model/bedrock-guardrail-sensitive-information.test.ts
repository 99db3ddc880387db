import * as assert from "assert";
import { bedrockGuardrailSensitiveInformation as rule } from "../../../../policypack/rules/model/bedrock-guardrail-sensitive-information";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { entry, guardrail } from "../../fixtures/guardrail";

const pii = (p: Record<string, any>, type: string) => entry(p.sensitiveInformationPolicyConfig.piiEntitiesConfigs, type);

describe("bedrock-guardrail-sensitive-information", () => {
    it("passes the required entities: EMAIL and PHONE anonymized; SSN, card numbers and AWS keys blocked", async () => {
        const outcome = await runResourceRule(rule, guardrail());
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("accepts BLOCK where ANONYMIZE is required, and extra entities", async () => {
        const outcome = await runResourceRule(
            rule,
            guardrail((p) => {
                pii(p, "EMAIL").action = "BLOCK";
                p.sensitiveInformationPolicyConfig.piiEntitiesConfigs.push({ type: "NAME", action: "ANONYMIZE" });
            }),
        );
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("flags a guardrail without a sensitive-information policy, naming every required entity", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => delete p.sensitiveInformationPolicyConfig));
        assert.deepStrictEqual(messages(outcome), [
            "the guardrail does not handle EMAIL (ANONYMIZE), PHONE (ANONYMIZE), US_SOCIAL_SECURITY_NUMBER (BLOCK), CREDIT_DEBIT_CARD_NUMBER (BLOCK), AWS_ACCESS_KEY (BLOCK), AWS_SECRET_KEY (BLOCK): these pass to and from the model unmasked",
        ]);
    });

    it("flags a missing required entity", async () => {
        const outcome = await runResourceRule(
            rule,
            guardrail((p) => (p.sensitiveInformationPolicyConfig.piiEntitiesConfigs = p.sensitiveInformationPolicyConfig.piiEntitiesConfigs.filter((e: any) => e.type !== "AWS_SECRET_KEY"))),
        );
        assert.deepStrictEqual(messages(outcome), ["the guardrail does not handle AWS_SECRET_KEY (BLOCK): these pass to and from the model unmasked"]);
    });

    it("flags NONE (detect only) as a violation", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (pii(p, "EMAIL").action = "NONE")));
        assert.deepStrictEqual(messages(outcome), ["EMAIL (requires ANONYMIZE): action is NONE: the entity is only detected, never masked or blocked"]);
    });

    it("flags ANONYMIZE where BLOCK is required", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (pii(p, "AWS_ACCESS_KEY").action = "ANONYMIZE")));
        assert.deepStrictEqual(messages(outcome), ["AWS_ACCESS_KEY (requires BLOCK): action is ANONYMIZE, weaker than the required BLOCK"]);
    });

    it("flags a weak inputAction or outputAction (the per-side fields of @pulumi/aws 7.48)", async () => {
        const input = await runResourceRule(rule, guardrail((p) => (pii(p, "CREDIT_DEBIT_CARD_NUMBER").inputAction = "NONE")));
        assert.deepStrictEqual(messages(input), ["CREDIT_DEBIT_CARD_NUMBER (requires BLOCK): inputAction is NONE: the entity is only detected, never masked or blocked"]);
        const output = await runResourceRule(rule, guardrail((p) => (pii(p, "US_SOCIAL_SECURITY_NUMBER").outputAction = "ANONYMIZE")));
        assert.deepStrictEqual(messages(output), ["US_SOCIAL_SECURITY_NUMBER (requires BLOCK): outputAction is ANONYMIZE, weaker than the required BLOCK"]);
    });

    it("accepts per-side actions that meet the requirement", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => Object.assign(pii(p, "PHONE"), { inputAction: "ANONYMIZE", outputAction: "BLOCK" })));
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("flags evaluation switched off on a side", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (pii(p, "PHONE").outputEnabled = false)));
        assert.deepStrictEqual(messages(outcome), ["PHONE (requires ANONYMIZE): output evaluation is disabled (outputEnabled: false)"]);
    });

    it("checks the configured entity list instead of the default", async () => {
        const config = { requiredEntities: { NAME: "ANONYMIZE", EMAIL: "BLOCK" } };
        const outcome = await runResourceRule(rule, guardrail(), { config });
        assert.deepStrictEqual(messages(outcome), [
            "the guardrail does not handle NAME (ANONYMIZE): these pass to and from the model unmasked",
            "EMAIL (requires BLOCK): action is ANONYMIZE, weaker than the required BLOCK",
        ]);
    });

    it("cannot run during preview when the entity list is unknown", async () => {
        const outcome = await runResourceRule(rule, guardrail((p) => (p.sensitiveInformationPolicyConfig.piiEntitiesConfigs = UNKNOWN)));
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.previewUnknown ?? "", /can't run policy 'bedrock-guardrail-sensitive-information' during preview/);
    });

    it("reports odd input instead of crashing", async () => {
        const badAction = await runResourceRule(rule, guardrail((p) => (pii(p, "EMAIL").action = "MASK")));
        assert.deepStrictEqual(messages(badAction), ['EMAIL (requires ANONYMIZE): action "MASK" is not one of BLOCK, ANONYMIZE']);
        const missingAction = await runResourceRule(rule, guardrail((p) => delete pii(p, "EMAIL").action));
        assert.match(messages(missingAction)[0], /EMAIL \(requires ANONYMIZE\): action undefined is not one of BLOCK, ANONYMIZE/);
        const typeless = await runResourceRule(rule, guardrail((p) => p.sensitiveInformationPolicyConfig.piiEntitiesConfigs.push({ action: "BLOCK" })));
        assert.match(messages(typeless)[0], /piiEntitiesConfigs\[6\] must be an object with a string type/);
        const notAList = await runResourceRule(rule, guardrail((p) => (p.sensitiveInformationPolicyConfig.piiEntitiesConfigs = "EMAIL")));
        assert.strictEqual(notAList.violations.length, 2);
    });
});
