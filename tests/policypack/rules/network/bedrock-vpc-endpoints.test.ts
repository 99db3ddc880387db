import { strict as assert } from "assert";
import { bedrockVpcEndpoints as rule } from "../../../../policypack/rules/network/bedrock-vpc-endpoints";
import { T } from "../../../../policypack/lib/types";
import { FakeResource, messages, runStackRule, UNKNOWN } from "../../../helpers/policy-harness";

const endpoint = (service: string, props: Record<string, unknown> = {}): FakeResource => ({
    type: T.vpcEndpoint,
    name: `vpce-${service}`,
    props: { serviceName: `com.amazonaws.eu-west-1.${service}`, vpcEndpointType: "Interface", privateDnsEnabled: true, vpcId: "vpc-0a1b2c3d", ...props },
});
const guardrail: FakeResource = { type: T.guardrail, name: "guardrail", props: {} };
const gateway: FakeResource = { type: T.agentcoreGateway, name: "gateway", props: {} };

describe("bedrock-vpc-endpoints", () => {
    it("passes runtime and agent-runtime interface endpoints with private DNS", async () => {
        assert.deepEqual((await runStackRule(rule, [guardrail, endpoint("bedrock-runtime"), endpoint("bedrock-agent-runtime")])).violations, []);
    });

    it("passes with AgentCore when the bedrock-agentcore endpoint exists", async () => {
        const out = await runStackRule(rule, [gateway, endpoint("bedrock-runtime"), endpoint("bedrock-agent-runtime"), endpoint("bedrock-agentcore")]);
        assert.deepEqual(out.violations, []);
    });

    it("flags each missing endpoint", async () => {
        assert.deepEqual(messages(await runStackRule(rule, [guardrail])), [
            "no VPC endpoint for bedrock-runtime: calls to it leave the VPC for the public endpoint",
            "no VPC endpoint for bedrock-agent-runtime: calls to it leave the VPC for the public endpoint",
        ]);
        assert.deepEqual(messages(await runStackRule(rule, [guardrail, endpoint("bedrock-runtime")])), [
            "no VPC endpoint for bedrock-agent-runtime: calls to it leave the VPC for the public endpoint",
        ]);
    });

    it("requires bedrock-agentcore when AgentCore resources are deployed", async () => {
        assert.deepEqual(messages(await runStackRule(rule, [gateway, endpoint("bedrock-runtime"), endpoint("bedrock-agent-runtime")])), [
            "no VPC endpoint for bedrock-agentcore: calls to it leave the VPC for the public endpoint",
        ]);
    });

    it("does not count a similarly named service (bedrock-agent is not bedrock-agent-runtime)", async () => {
        assert.equal(messages(await runStackRule(rule, [guardrail, endpoint("bedrock-runtime"), endpoint("bedrock-agent")])).length, 1);
    });

    it("flags an endpoint that is not of type Interface (the provider defaults to Gateway)", async () => {
        const m = messages(await runStackRule(rule, [guardrail, endpoint("bedrock-runtime", { vpcEndpointType: undefined }), endpoint("bedrock-agent-runtime")]));
        assert.deepEqual(m, ["the bedrock-runtime endpoint is not of type Interface (vpcEndpointType = null, the provider defaults to Gateway)"]);
    });

    it("flags private DNS off, unless the config allows it", async () => {
        const resources = [guardrail, endpoint("bedrock-runtime", { privateDnsEnabled: false }), endpoint("bedrock-agent-runtime")];
        assert.deepEqual(messages(await runStackRule(rule, resources)), ["the bedrock-runtime endpoint has private DNS off: SDKs keep resolving the public endpoint"]);
        assert.deepEqual((await runStackRule(rule, resources, { config: { requirePrivateDns: false } })).violations, []);
    });

    it("accepts FIPS and China-Region service names", async () => {
        const resources = [
            guardrail,
            endpoint("bedrock-runtime", { serviceName: "com.amazonaws.us-gov-west-1.bedrock-runtime-fips" }),
            endpoint("bedrock-agent-runtime", { serviceName: "cn.com.amazonaws.cn-north-1.bedrock-agent-runtime" }),
        ];
        assert.deepEqual((await runStackRule(rule, resources)).violations, []);
    });

    it("does not apply where endpoints are not required (dev) or where no Bedrock workload is deployed", async () => {
        const notRequired = await runStackRule(rule, [guardrail], { config: { required: false } });
        assert.deepEqual(notRequired.violations, []);
        assert.equal(notRequired.notApplicable, "endpoints are not required in this environment (required: false)");
        const noWorkload = await runStackRule(rule, [{ type: T.s3Bucket, name: "b", props: {} }]);
        assert.deepEqual(noWorkload.violations, []);
        assert.equal(noWorkload.notApplicable, "no Bedrock or AgentCore workload in the stack");
    });

    it("does not apply to exempt stacks (by default the org stack, the management account)", async () => {
        const inStack = (stack: string, r: FakeResource): FakeResource => ({ ...r, urn: `urn:pulumi:${stack}::ai-guardrails::${r.type}::${r.name}` });
        const org = await runStackRule(rule, [inStack("org", guardrail)]);
        assert.deepStrictEqual(org.violations, []);
        assert.equal(org.notApplicable, "stack org runs no model workloads (exemptStacks)");
        assert.equal((await runStackRule(rule, [inStack("prod", guardrail)])).violations.length, 2);
        assert.equal((await runStackRule(rule, [inStack("org", guardrail)], { config: { exemptStacks: [] } })).violations.length, 2);
        assert.deepStrictEqual((await runStackRule(rule, [inStack("sandbox-42", guardrail)], { config: { exemptStacks: ["org", "sandbox-*"] } })).violations, []);
    });

    it("ignores endpoints whose service name is odd (not a string, another service)", async () => {
        const odd = [guardrail, endpoint("bedrock-runtime"), endpoint("bedrock-agent-runtime", { serviceName: 42 }), endpoint("s3", { serviceName: "com.amazonaws.eu-west-1.s3" })];
        assert.deepEqual(messages(await runStackRule(rule, odd)), ["no VPC endpoint for bedrock-agent-runtime: calls to it leave the VPC for the public endpoint"]);
    });

    it("cannot decide at preview when a service name is unknown", async () => {
        const out = await runStackRule(rule, [guardrail, endpoint("bedrock-runtime", { serviceName: UNKNOWN })]);
        assert.deepEqual(out.violations, []);
        assert.ok(out.previewUnknown);
    });
});
