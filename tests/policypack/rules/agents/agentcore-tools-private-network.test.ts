import * as assert from "assert";
import { T } from "../../../../policypack/lib/types";
import { agentcoreToolsPrivateNetwork as rule } from "../../../../policypack/rules/agents/agentcore-tools-private-network";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";

const VPC = { networkMode: "VPC", vpcConfig: { subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0a1b2c3d"] } };
const tool = (type: string, networkConfiguration: unknown, config?: Record<string, unknown>) =>
    runResourceRule(rule, { type, name: "tool", props: { name: "ops_tool", executionRoleArn: "arn:aws:iam::123456789012:role/ai-agents/tool", networkConfiguration } }, { config });

describe("agentcore-tools-private-network", () => {
    it("passes a code interpreter in VPC or SANDBOX mode and a browser in VPC mode, from either provider", async () => {
        for (const type of [T.agentcoreCodeInterpreter, T.nativeAgentcoreCodeInterpreter]) {
            assert.deepStrictEqual((await tool(type, VPC)).violations, []);
            assert.deepStrictEqual((await tool(type, { networkMode: "SANDBOX" })).violations, []);
        }
        for (const type of [T.agentcoreBrowser, T.nativeAgentcoreBrowser]) {
            assert.deepStrictEqual((await tool(type, VPC)).violations, []);
        }
    });

    it("flags PUBLIC mode, as in the AgentCore guide's CDK example (CodeInterpreterNetworkConfiguration.usingPublicNetwork()) and AWS Config's checks", async () => {
        assert.deepStrictEqual(messages(await tool(T.agentcoreCodeInterpreter, { networkMode: "PUBLIC" })), [
            'networkConfiguration.networkMode is "PUBLIC": the code interpreter reaches the internet directly, outside the VPC\'s egress controls; expected VPC or SANDBOX',
        ]);
        assert.match(messages(await tool(T.nativeAgentcoreBrowser, { networkMode: "PUBLIC" }))[0], /the browser reaches the internet directly.*; expected VPC$/);
    });

    it("flags SANDBOX where the config follows AWS Config (VPC only), and VPC mode without subnets or security groups", async () => {
        assert.match(messages(await tool(T.agentcoreCodeInterpreter, { networkMode: "SANDBOX" }, { codeInterpreterNetworkModes: ["VPC"] }))[0], /"SANDBOX"; expected VPC$/);
        assert.deepStrictEqual(messages(await tool(T.agentcoreBrowser, { networkMode: "VPC", vpcConfig: { subnets: [] } })), [
            "networkConfiguration.vpcConfig must name the subnets and security groups the browser uses",
        ]);
    });

    it("cannot decide during preview when the network mode is unknown", async () => {
        const outcome = await tool(T.agentcoreBrowser, { networkMode: UNKNOWN });
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.previewUnknown ?? "", /during preview/);
    });

    it("reports odd input in one line", async () => {
        assert.deepStrictEqual(messages(await tool(T.agentcoreBrowser, "VPC")), ["networkConfiguration is not set: the browser's network mode must be one of VPC"]);
        assert.match(messages(await tool(T.agentcoreCodeInterpreter, { networkMode: 3 }))[0], /networkMode is 3; expected VPC or SANDBOX/);
    });
});
