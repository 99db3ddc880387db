import * as assert from "assert";
import { ConfigValidationError } from "../../../components/config";
import { ModelGuardrail, ModelGuardrailArgs } from "../../../components/model/modelGuardrail";
import {
    DEFAULT_BLOCKED_INPUT_MESSAGE,
    DEFAULT_BLOCKED_OUTPUT_MESSAGE,
    DEFAULT_DENIED_TOPICS,
    HARM_FILTER_TYPES,
    REQUIRED_PII_ENTITIES,
} from "../../../policypack/controls/guardrail";
import { MODEL_IDS_WITHOUT_GUARDRAIL } from "../../../policypack/controls/model-capabilities";
import { T } from "../../../policypack/lib/types";
import { bedrockEnforcedGuardrailConfiguration } from "../../../policypack/rules/model/bedrock-enforced-guardrail-configuration";
import { messages, runResourceRule } from "../../helpers/policy-harness";
import { byType, policyOf, RegisteredResource, renderComponent, single, valueOf } from "../../helpers/mocks";
import { ACCOUNT, REGION } from "../../helpers/fixtures";

const BASE: ModelGuardrailArgs = { accountId: ACCOUNT, region: REGION };

async function render(args: ModelGuardrailArgs = BASE, protect?: boolean) {
    let component!: ModelGuardrail;
    const resources = await renderComponent(() => {
        component = new ModelGuardrail("gr", args, protect === undefined ? undefined : { protect });
    });
    return { resources, component, guardrail: single(resources, T.guardrail) };
}

function filters(guardrail: RegisteredResource): Record<string, { inputStrength: string; outputStrength: string }> {
    return Object.fromEntries(guardrail.inputs.contentPolicyConfig.filtersConfigs.map((f: any) => [f.type, f]));
}

/** A rule's findings on a registered resource, as the pack sees its inputs. */
async function runPolicy(rule: Parameters<typeof runResourceRule>[0], r: RegisteredResource): Promise<string[]> {
    return messages(await runResourceRule(rule, { type: r.type, name: r.name, props: r.inputs }));
}

describe("ModelGuardrail", () => {
    it("registers the guardrail, its published version and a customer-managed key under the component", async () => {
        const { resources } = await render();
        const component = single(resources, "ai-guardrails:index:ModelGuardrail");
        assert.strictEqual(byType(resources, T.guardrail).length, 1);
        assert.strictEqual(byType(resources, T.guardrailVersion).length, 1);
        assert.strictEqual(byType(resources, T.kmsKey).length, 1);
        for (const type of [T.guardrail, T.guardrailVersion]) {
            assert.strictEqual(single(resources, type).parent, component.urn);
        }
    });

    it("configures the five harm filters at the configured strengths and defaults a missing one to HIGH", async () => {
        const { guardrail } = await render({ ...BASE, harmFilters: { HATE: { input: "MEDIUM", output: "MEDIUM" }, VIOLENCE: { input: "HIGH", output: "MEDIUM" } } });
        const f = filters(guardrail);
        assert.deepStrictEqual([f.HATE.inputStrength, f.HATE.outputStrength], ["MEDIUM", "MEDIUM"]);
        assert.deepStrictEqual([f.VIOLENCE.inputStrength, f.VIOLENCE.outputStrength], ["HIGH", "MEDIUM"]);
        for (const type of ["SEXUAL", "INSULTS", "MISCONDUCT"]) {
            assert.deepStrictEqual([f[type].inputStrength, f[type].outputStrength], ["HIGH", "HIGH"], type);
        }
        assert.deepStrictEqual(Object.keys(f).sort(), [...HARM_FILTER_TYPES, "PROMPT_ATTACK"].sort());
    });

    it("detects prompt attacks on input at HIGH with output strength NONE, as AWS requires", async () => {
        const { guardrail } = await render({ ...BASE, harmFilters: { HATE: { input: "MEDIUM", output: "MEDIUM" } } });
        const attack = filters(guardrail).PROMPT_ATTACK;
        assert.strictEqual(attack.inputStrength, "HIGH");
        assert.strictEqual(attack.outputStrength, "NONE");
    });

    it("anonymizes or blocks each configured PII entity", async () => {
        const { guardrail } = await render({ ...BASE, piiEntities: { ...REQUIRED_PII_ENTITIES, NAME: "ANONYMIZE", US_PASSPORT_NUMBER: "BLOCK" } });
        const pii = Object.fromEntries(guardrail.inputs.sensitiveInformationPolicyConfig.piiEntitiesConfigs.map((p: any) => [p.type, p.action]));
        assert.deepStrictEqual(pii, { ...REQUIRED_PII_ENTITIES, NAME: "ANONYMIZE", US_PASSPORT_NUMBER: "BLOCK" });
    });

    it("defaults to the required PII entities: EMAIL and PHONE anonymized, SSN, card numbers and AWS keys blocked", async () => {
        const { guardrail } = await render();
        const pii = Object.fromEntries(guardrail.inputs.sensitiveInformationPolicyConfig.piiEntitiesConfigs.map((p: any) => [p.type, p.action]));
        assert.deepStrictEqual(pii, {
            EMAIL: "ANONYMIZE",
            PHONE: "ANONYMIZE",
            US_SOCIAL_SECURITY_NUMBER: "BLOCK",
            CREDIT_DEBIT_CARD_NUMBER: "BLOCK",
            AWS_ACCESS_KEY: "BLOCK",
            AWS_SECRET_KEY: "BLOCK",
        });
    });

    it("denies the configured topics, and financial advice and medical diagnosis by default", async () => {
        const legal = { name: "LegalAdvice", definition: "Advice on a person's legal situation.", examples: ["Can I sue my landlord?"] };
        const tax = { name: "TaxPlanning", definition: "Advice on reducing a person's taxes." };
        const custom = await render({ ...BASE, deniedTopics: [legal, tax] });
        assert.deepStrictEqual(custom.guardrail.inputs.topicPolicyConfig.topicsConfigs, [
            { ...legal, type: "DENY" },
            { ...tax, examples: [], type: "DENY" },
        ]);
        const defaults = await render();
        const topics = defaults.guardrail.inputs.topicPolicyConfig.topicsConfigs;
        assert.deepStrictEqual(topics.map((t: any) => t.name), DEFAULT_DENIED_TOPICS.map((t) => t.name));
        assert.ok(topics.every((t: any) => t.type === "DENY" && t.definition.length > 0 && t.examples.length > 0));
    });

    it("checks contextual grounding and relevance at the configured thresholds", async () => {
        const { guardrail } = await render({ ...BASE, grounding: { grounding: 0.85, relevance: 0.6 } });
        assert.deepStrictEqual(guardrail.inputs.contextualGroundingPolicyConfig.filtersConfigs, [
            { type: "GROUNDING", threshold: 0.85 },
            { type: "RELEVANCE", threshold: 0.6 },
        ]);
    });

    it("filters words with the managed PROFANITY list plus the configured words", async () => {
        const { guardrail } = await render({ ...BASE, blockedWords: ["Project Nightingale", "internal-only"] });
        assert.deepStrictEqual(guardrail.inputs.wordPolicyConfig, {
            managedWordListsConfigs: [{ type: "PROFANITY" }],
            wordsConfigs: [{ text: "Project Nightingale" }, { text: "internal-only" }],
        });
    });

    it("omits the word policy only when the profanity list is off and no words are configured", async () => {
        const { guardrail } = await render({ ...BASE, managedProfanityFilter: false });
        assert.strictEqual(guardrail.inputs.wordPolicyConfig, undefined);
    });

    it("returns clear blocked messages, the defaults or the configured ones", async () => {
        const defaults = await render();
        assert.strictEqual(defaults.guardrail.inputs.blockedInputMessaging, DEFAULT_BLOCKED_INPUT_MESSAGE);
        assert.strictEqual(defaults.guardrail.inputs.blockedOutputsMessaging, DEFAULT_BLOCKED_OUTPUT_MESSAGE);
        const custom = await render({ ...BASE, blockedInputMessage: "Blocked by policy AI-7.", blockedOutputMessage: "Withheld by policy AI-7." });
        assert.strictEqual(custom.guardrail.inputs.blockedInputMessaging, "Blocked by policy AI-7.");
        assert.strictEqual(custom.guardrail.inputs.blockedOutputsMessaging, "Withheld by policy AI-7.");
    });

    it("encrypts the guardrail with a rotating customer-managed key whose policy names only the account", async () => {
        const { resources, guardrail } = await render();
        const key = single(resources, T.kmsKey);
        assert.strictEqual(key.inputs.enableKeyRotation, true);
        assert.strictEqual(key.inputs.deletionWindowInDays, 30);
        assert.strictEqual(guardrail.inputs.kmsKeyArn, key.outputs.arn);
        const policy = policyOf(key);
        // One statement, one principal: this account (administered through its IAM policies).
        assert.deepStrictEqual(
            policy.Statement.map((s) => s.Principal),
            [{ AWS: `arn:aws:iam::${ACCOUNT}:root` }],
        );
    });

    it("uses a given key instead of creating one", async () => {
        const given = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
        const { resources, guardrail, component } = await render({ ...BASE, kmsKeyArn: given });
        assert.strictEqual(byType(resources, T.kmsKey).length, 0);
        assert.strictEqual(guardrail.inputs.kmsKeyArn, given);
        assert.strictEqual(await valueOf(component.kmsKeyArn), given);
    });

    it("publishes a version of this guardrail and exposes ARN, ID, numeric version and the versioned ARN", async () => {
        const { resources, component, guardrail } = await render();
        const version = single(resources, T.guardrailVersion);
        assert.strictEqual(version.inputs.guardrailArn, guardrail.outputs.guardrailArn);
        assert.deepStrictEqual(version.propertyDependencies.guardrailArn, [guardrail.urn]);
        const arn = await valueOf(component.guardrailArn);
        assert.match(arn!, new RegExp(`^arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/[a-z0-9]+$`));
        assert.strictEqual(await valueOf(component.guardrailId), guardrail.outputs.guardrailId);
        const numeric = await valueOf(component.version);
        assert.match(numeric!, /^\d+$/);
        assert.strictEqual(await valueOf(component.versionedArn), `${arn}:${numeric}`);
    });

    it("publishes a new version when the guardrail's content changes (the version description carries a digest)", async () => {
        const a = single((await render()).resources, T.guardrailVersion).inputs.description;
        const same = single((await render()).resources, T.guardrailVersion).inputs.description;
        const changed = single((await render({ ...BASE, harmFilters: { INSULTS: { input: "MEDIUM", output: "MEDIUM" } } })).resources, T.guardrailVersion).inputs.description;
        assert.strictEqual(a, same);
        assert.notStrictEqual(a, changed);
    });

    it("enforces the published version on every call of the account only when asked, comprehensively, leaving out models that cannot take a guardrail", async () => {
        assert.strictEqual(byType((await render()).resources, T.enforcedGuardrailConfiguration).length, 0);
        const { resources, guardrail } = await render({ ...BASE, enforceInAccount: true });
        const enforced = single(resources, T.enforcedGuardrailConfiguration);
        const version = single(resources, T.guardrailVersion);
        assert.strictEqual(enforced.inputs.guardrailIdentifier, guardrail.outputs.guardrailArn);
        assert.strictEqual(enforced.inputs.guardrailVersion, version.outputs.version);
        assert.deepStrictEqual(enforced.inputs.selectiveContentGuarding, { system: "COMPREHENSIVE", messages: "COMPREHENSIVE" });
        assert.deepStrictEqual(enforced.inputs.modelEnforcement, { includedModels: ["ALL"], excludedModels: [...MODEL_IDS_WITHOUT_GUARDRAIL] });
        // Through a Cloud Control provider of the stack's account and Region.
        const provider = single(resources, "pulumi:providers:aws-native");
        assert.strictEqual(provider.inputs.region, "us-east-1");
        assert.strictEqual(provider.inputs.allowedAccountIds, JSON.stringify([ACCOUNT]));
        assert.deepStrictEqual(await runPolicy(bedrockEnforcedGuardrailConfiguration, enforced), []);
    });

    it("passes protect on to every resource it creates", async () => {
        const { resources } = await render(BASE, true);
        assert.ok(resources.length >= 4);
        assert.deepStrictEqual(resources.filter((r) => !r.protect).map((r) => r.type), []);
        const unprotected = await render(BASE, false);
        assert.deepStrictEqual(unprotected.resources.filter((r) => r.protect).map((r) => r.type), []);
    });

    it("refuses, before registering anything, what the stack settings refuse: one line per argument with its value and what is allowed", async () => {
        const cases: [string, Record<string, unknown>, RegExp][] = [
            ["a harm filter below the pack's minimum", { harmFilters: { HATE: { input: "LOW" } } }, /^harmFilters\.HATE\.input = "LOW": below the minimum MEDIUM the policy pack requires; allowed: MEDIUM, HIGH$/],
            ["a weakened required PII entity", { piiEntities: { AWS_SECRET_KEY: "ANONYMIZE" } }, /^piiEntities\.AWS_SECRET_KEY = "ANONYMIZE": AWS_SECRET_KEY is a required entity; allowed: BLOCK$/],
            ["a grounding threshold below 0.5", { grounding: { grounding: 0.2 } }, /^grounding\.grounding = 0\.2: below the minimum 0\.5/],
            ["one denied topic", { deniedTopics: [{ name: "Only", definition: "One topic." }] }, /^deniedTopics = .*: at least 2 denied topics are required/],
            ["an account that is not one", { accountId: "1234" }, /^accountId = "1234": expected a 12-digit AWS account ID/],
            ["a key that is not a KMS ARN", { kmsKeyArn: "alias/aws/bedrock" }, /^kmsKeyArn = "alias\/aws\/bedrock": expected an ARN such as arn:aws:kms:/],
            ["a misspelt argument", { harmFilter: {} }, /^harmFilter = \{\}: unknown key; allowed keys: .*harmFilters/],
        ];
        for (const [label, change, expected] of cases) {
            let resources: unknown[] = [];
            let error: unknown;
            resources = await renderComponent(() => {
                try {
                    new ModelGuardrail("gr", { ...BASE, ...change } as ModelGuardrailArgs);
                } catch (e) {
                    error = e;
                }
            });
            assert.ok(error instanceof ConfigValidationError, `${label}: ${error}`);
            assert.strictEqual(error.problems.length, 1, `${label}: ${error.problems.join(" | ")}`);
            assert.match(error.problems[0], expected, label);
            assert.match(error.message, /^ModelGuardrail gr: invalid arguments \(1 problem\):/);
            assert.deepStrictEqual(resources, [], `${label}: nothing registered`);
        }
    });

    it("keeps deployed stacks in place: an alias from the token of earlier releases", async () => {
        const { resources } = await render();
        const component = single(resources, "ai-guardrails:index:ModelGuardrail");
        assert.ok(component.aliases?.some((a) => a.includes("ai-guardrails:model:ModelGuardrail")), JSON.stringify(component.aliases));
    });
});
