import * as assert from "assert";
import { agentcoreRuntimePrivateNetwork as rule } from "../../../../policypack/rules/agents/agentcore-runtime-private-network";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { runtime } from "./fixtures";

describe("agentcore-runtime-private-network", () => {
    it("passes a runtime in VPC mode with subnets and security groups", async () => {
        assert.deepStrictEqual((await runResourceRule(rule, runtime())).violations, []);
    });

    it("flags a runtime in PUBLIC mode", async () => {
        const outcome = await runResourceRule(rule, runtime((p) => (p.networkConfiguration = { networkMode: "PUBLIC" })));
        assert.deepStrictEqual(messages(outcome), ['networkConfiguration.networkMode is "PUBLIC": expected VPC, so the agent\'s traffic stays on private subnets']);
    });

    it("flags a runtime without network configuration", async () => {
        const outcome = await runResourceRule(rule, runtime((p) => delete p.networkConfiguration));
        assert.deepStrictEqual(messages(outcome), ["networkConfiguration is not set: the runtime's network mode must be VPC"]);
    });

    it("flags VPC mode without subnets or security groups", async () => {
        const outcome = await runResourceRule(rule, runtime((p) => (p.networkConfiguration.networkModeConfig.securityGroups = [])));
        assert.deepStrictEqual(messages(outcome), ["networkConfiguration.networkModeConfig must name the subnets and security groups the runtime uses"]);
    });

    it("cannot decide during preview when the network mode is unknown", async () => {
        const outcome = await runResourceRule(rule, runtime((p) => (p.networkConfiguration.networkMode = UNKNOWN)));
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.previewUnknown ?? "", /during preview/);
    });

    it("reports odd input instead of crashing", async () => {
        const text = await runResourceRule(rule, runtime((p) => (p.networkConfiguration = "VPC")));
        assert.deepStrictEqual(messages(text), ["networkConfiguration is not set: the runtime's network mode must be VPC"]);
        const single = await runResourceRule(rule, runtime((p) => (p.networkConfiguration.networkModeConfig.subnets = "subnet-0a1b2c3d")));
        assert.deepStrictEqual(messages(single), ["networkConfiguration.networkModeConfig must name the subnets and security groups the runtime uses"]);
    });
});
