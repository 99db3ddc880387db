import * as assert from "assert";
import { T } from "../../../../policypack/lib/types";
import { bedrockEnforcedGuardrailConfiguration as rule } from "../../../../policypack/rules/model/bedrock-enforced-guardrail-configuration";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";

// AWS::Bedrock::EnforcedGuardrailConfiguration as the CloudFormation reference writes it, in the Cloud Control provider's names.
const compliant = () => ({
    guardrailIdentifier: "arn:aws:bedrock:us-east-1:123456789012:guardrail/a1b2c3d4e5f6",
    guardrailVersion: "2",
    selectiveContentGuarding: { system: "COMPREHENSIVE", messages: "COMPREHENSIVE" },
    modelEnforcement: { includedModels: ["ALL"], excludedModels: ["amazon.titan-embed-text-v2:0", "cohere.embed-english-v3"] },
});
const run = (edit: (p: Record<string, any>) => void = () => undefined, config?: Record<string, unknown>) => {
    const props: Record<string, any> = compliant();
    edit(props);
    return runResourceRule(rule, { type: T.enforcedGuardrailConfiguration, name: "enforced", props }, { config });
};

describe("bedrock-enforced-guardrail-configuration", () => {
    it("passes a pinned, comprehensive configuration on all models that leaves out only embedding models; and one without model enforcement (all models)", async () => {
        assert.deepStrictEqual((await run()).violations, []);
        assert.deepStrictEqual((await run((p) => delete p.modelEnforcement)).violations, []);
    });

    it("flags DRAFT, selective guarding, a narrowed model list and the exclusion of a model that can take a guardrail", async () => {
        assert.match(messages(await run((p) => (p.guardrailVersion = "DRAFT")))[0], /guardrailVersion is "DRAFT": pin a published numeric version/);
        assert.match(messages(await run((p) => (p.selectiveContentGuarding.system = "SELECTIVE")))[0], /system is SELECTIVE: only content inside guard-content tags is evaluated, so untagged system prompts go unguarded/);
        assert.deepStrictEqual((await run((p) => (p.selectiveContentGuarding.system = "SELECTIVE"), { selectiveSystemReason: "all system prompts are tagged" })).violations, []);
        assert.match(messages(await run((p) => (p.selectiveContentGuarding.messages = "SELECTIVE")))[0], /messages is SELECTIVE/);
        assert.match(messages(await run((p) => (p.modelEnforcement.includedModels = ["anthropic.claude-3-haiku-20240307-v1:0"])))[0], /enforce on \["ALL"\]/);
        const excluded = messages(await run((p) => p.modelEnforcement.excludedModels.push("anthropic.claude-3-haiku-20240307-v1:0")));
        assert.deepStrictEqual(excluded, ["modelEnforcement.excludedModels leaves out anthropic.claude-3-haiku-20240307-v1:0, which can take a guardrail: its calls run unguarded"]);
    });

    it("passes during preview when the version and guardrail come from the stack", async () => {
        const outcome = await run((p) => ((p.guardrailVersion = UNKNOWN), (p.guardrailIdentifier = UNKNOWN)));
        assert.deepStrictEqual(outcome.violations, []);
        assert.strictEqual(outcome.previewUnknown, undefined);
    });

    it("reports odd input in one line each", async () => {
        assert.deepStrictEqual(messages(await run((p) => ((p.guardrailVersion = 2), (p.modelEnforcement.includedModels = "ALL")))), [
            "guardrailVersion is 2: pin a published numeric version (DRAFT changes under every call of the account)",
            'modelEnforcement.includedModels is "ALL": enforce on ["ALL"] so no model escapes the guardrail',
        ]);
    });
});
