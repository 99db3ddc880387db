import * as assert from "assert";
import { agentcoreGatewayPolicyEngineEnforce as rule } from "../../../../policypack/rules/agents/agentcore-gateway-policy-engine-enforce";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { gateway } from "./fixtures";

describe("agentcore-gateway-policy-engine-enforce", () => {
    it("passes a gateway with its policy engine in ENFORCE mode", async () => {
        assert.deepStrictEqual((await runResourceRule(rule, gateway())).violations, []);
    });

    it("flags a gateway in LOG_ONLY mode", async () => {
        const outcome = await runResourceRule(rule, gateway((p) => (p.policyEngineConfiguration.mode = "LOG_ONLY")));
        assert.deepStrictEqual(messages(outcome), ["policyEngineConfiguration.mode is LOG_ONLY: denials are only logged and every tool call goes through"]);
    });

    it("flags a gateway without a policy engine", async () => {
        const outcome = await runResourceRule(rule, gateway((p) => delete p.policyEngineConfiguration));
        assert.deepStrictEqual(messages(outcome), ["policyEngineConfiguration is not set: no Cedar policy decides which tools a caller may use"]);
    });

    it("flags a missing mode and an ARN that is not a policy engine", async () => {
        const outcome = await runResourceRule(rule, gateway((p) => (p.policyEngineConfiguration = { arn: "arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway/x" })));
        assert.deepStrictEqual(messages(outcome), [
            'policyEngineConfiguration.arn "arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway/x" is not a policy engine ARN',
            "policyEngineConfiguration.mode is undefined: expected ENFORCE",
        ]);
    });

    it("accepts an engine ARN unknown at preview (the stack creates the engine) and cannot decide an unknown mode", async () => {
        const arn = await runResourceRule(rule, gateway((p) => (p.policyEngineConfiguration.arn = UNKNOWN)));
        assert.deepStrictEqual(arn.violations, []);
        assert.strictEqual(arn.previewUnknown, undefined);
        const mode = await runResourceRule(rule, gateway((p) => (p.policyEngineConfiguration.mode = UNKNOWN)));
        assert.deepStrictEqual(mode.violations, []);
        assert.match(mode.previewUnknown ?? "", /during preview/);
    });

    it("reports odd input instead of crashing", async () => {
        const text = await runResourceRule(rule, gateway((p) => (p.policyEngineConfiguration = "ENFORCE")));
        assert.deepStrictEqual(messages(text), ["policyEngineConfiguration is not set: no Cedar policy decides which tools a caller may use"]);
        const lower = await runResourceRule(rule, gateway((p) => (p.policyEngineConfiguration.mode = "enforce")));
        assert.deepStrictEqual(messages(lower), ['policyEngineConfiguration.mode is "enforce": expected ENFORCE']);
    });
});
