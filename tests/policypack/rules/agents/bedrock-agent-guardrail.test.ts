import * as assert from "assert";
import { bedrockAgentGuardrail as rule } from "../../../../policypack/rules/agents/bedrock-agent-guardrail";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { agent } from "./fixtures";

describe("bedrock-agent-guardrail", () => {
    it("passes an agent with a guardrail pinned to a published version", async () => {
        const outcome = await runResourceRule(rule, agent());
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("does not apply to other resource types", async () => {
        const outcome = await runResourceRule(rule, { type: "aws:s3/bucket:Bucket", name: "b", props: {} });
        assert.match(outcome.notApplicable ?? "", /agentAgent/);
    });

    it("flags an agent without guardrailConfigurations", async () => {
        for (const value of [undefined, []]) {
            const outcome = await runResourceRule(rule, agent((p) => (p.guardrailConfigurations = value)));
            assert.deepStrictEqual(messages(outcome), ["guardrailConfigurations is not set: the agent's conversations and tool results pass no guardrail"]);
        }
    });

    it("flags an agent whose guardrail is DRAFT", async () => {
        const outcome = await runResourceRule(rule, agent((p) => (p.guardrailConfigurations[0].guardrailVersion = "DRAFT")));
        assert.deepStrictEqual(messages(outcome), [
            'guardrailConfigurations.guardrailVersion is "DRAFT": pin a published numeric version, not DRAFT, so the guardrail cannot change under the agent',
        ]);
    });

    it("flags a missing version and an empty identifier", async () => {
        const outcome = await runResourceRule(rule, agent((p) => (p.guardrailConfigurations = [{ guardrailIdentifier: "" }])));
        assert.deepStrictEqual(messages(outcome), [
            "guardrailConfigurations.guardrailIdentifier is empty: the agent names no guardrail",
            "guardrailConfigurations.guardrailVersion is not set: pin a published version",
        ]);
    });

    it("flags a guardrail that is not approved, matching IDs and ARNs alike", async () => {
        const config = { approvedGuardrails: ["arn:aws:bedrock:us-east-1:123456789012:guardrail/approved1234"] };
        const outcome = await runResourceRule(rule, agent(), { config });
        assert.match(messages(outcome)[0], /guardrailIdentifier abc123def456 is not an approved guardrail/);
        const approved = await runResourceRule(rule, agent((p) => (p.guardrailConfigurations[0].guardrailIdentifier = "approved1234")), { config });
        assert.deepStrictEqual(approved.violations, []);
    });

    it("accepts an identifier unknown at preview (a guardrail the stack creates) but cannot decide an unknown version", async () => {
        const id = await runResourceRule(rule, agent((p) => (p.guardrailConfigurations[0].guardrailIdentifier = UNKNOWN)));
        assert.deepStrictEqual(id.violations, []);
        assert.strictEqual(id.previewUnknown, undefined);
        const version = await runResourceRule(rule, agent((p) => (p.guardrailConfigurations[0].guardrailVersion = UNKNOWN)));
        assert.deepStrictEqual(version.violations, []);
        assert.match(version.previewUnknown ?? "", /can't run policy 'bedrock-agent-guardrail' during preview/);
    });

    it("reports odd input instead of crashing", async () => {
        const single = await runResourceRule(rule, agent((p) => (p.guardrailConfigurations = { guardrailIdentifier: "abc123def456", guardrailVersion: 2 })));
        assert.deepStrictEqual(single.violations, [], "a single object instead of a list, with a numeric version");
        const garbage = await runResourceRule(rule, agent((p) => (p.guardrailConfigurations = ["abc", null])));
        assert.deepStrictEqual(messages(garbage), [
            "guardrailConfigurations[0] is not a {guardrailIdentifier, guardrailVersion} object",
            "guardrailConfigurations[1] is not a {guardrailIdentifier, guardrailVersion} object",
        ]);
        const text = await runResourceRule(rule, agent((p) => (p.guardrailConfigurations = "abc:1")));
        assert.strictEqual(messages(text).length, 1);
    });
});
