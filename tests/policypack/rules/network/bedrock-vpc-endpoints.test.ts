import { strict as assert } from "assert";
import { bedrockVpcEndpoints as rule } from "../../../../policypack/rules/network/bedrock-vpc-endpoints";
import { T } from "../../../../policypack/lib/types";
import { FakeResource, messages, runStackRule, UNKNOWN } from "../../../helpers/policy-harness";

const endpoint = (service: string, props: Record<string, unknown> = {}): FakeResource => ({
    type: T.vpcEndpoint,
    name: `vpce-${service}`,
    props: { serviceName: `com.amazonaws.eu-west-1.${service}`, vpcEndpointType: "Interface", privateDnsEnabled: true, vpcId: "vpc-0a1b2c3d", ...props },
});
const guardrail: FakeResource = { type: T.agent, name: "agent", props: {} };
const HINT = "; if another stack or account provides the endpoints, declare it in this policy's providedBy setting";
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
            `no VPC endpoint for bedrock-runtime: calls to it leave the VPC for the public endpoint${HINT}`,
            `no VPC endpoint for bedrock-agent-runtime: calls to it leave the VPC for the public endpoint${HINT}`,
        ]);
        assert.deepEqual(messages(await runStackRule(rule, [guardrail, endpoint("bedrock-runtime")])), [
            `no VPC endpoint for bedrock-agent-runtime: calls to it leave the VPC for the public endpoint${HINT}`,
        ]);
    });

    it("requires bedrock-agentcore when AgentCore resources are deployed", async () => {
        assert.deepEqual(messages(await runStackRule(rule, [gateway, endpoint("bedrock-runtime"), endpoint("bedrock-agent-runtime")])), [
            `no VPC endpoint for bedrock-agentcore: calls to it leave the VPC for the public endpoint${HINT}`,
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
        assert.deepEqual(messages(await runStackRule(rule, odd)), [`no VPC endpoint for bedrock-agent-runtime: calls to it leave the VPC for the public endpoint${HINT}`]);
    });

    it("cannot decide at preview when a service name is unknown", async () => {
        const out = await runStackRule(rule, [guardrail, endpoint("bedrock-runtime", { serviceName: UNKNOWN })]);
        assert.deepEqual(out.violations, []);
        assert.ok(out.previewUnknown);
    });

    describe("where the endpoints live (providedBy)", () => {
        const at = (stack: string, r: FakeResource): FakeResource => ({ ...r, urn: `urn:pulumi:${stack}::platform::${r.type}::${r.name}` });
        const net = (service: string, id: string) => at("network-prod", endpoint(service, { id, arn: `arn:aws:ec2:eu-west-1:333344445555:vpc-endpoint/${id}` }));
        const endpoints = [
            { service: "bedrock-runtime", id: "vpce-0a1b2c3d4e5f60001" },
            { service: "bedrock-agent-runtime", id: "vpce-0a1b2c3d4e5f60002" },
            { service: "bedrock-agentcore", id: "vpce-0a1b2c3d4e5f60003" },
        ];
        const providedBy = { stacks: ["network-*"], accountId: "333344445555", endpoints };
        const app = [at("app-prod", guardrail), at("app-prod", gateway)];

        it("answers not applicable in an app stack the declared endpoints cover, naming the network stack", async () => {
            const out = await runStackRule(rule, app, { config: { providedBy } });
            assert.deepEqual(out.violations, []);
            assert.equal(
                out.notApplicable,
                "private access to Bedrock through VPC endpoints is provided outside this stack, by stack network-* (account 333344445555), as the pack config declares (providedBy)",
            );
        });

        it("flags a service the app needs that no declared endpoint covers", async () => {
            const out = await runStackRule(rule, app, { config: { providedBy: { ...providedBy, endpoints: endpoints.slice(0, 2) } } });
            assert.deepEqual(messages(out), [
                "no VPC endpoint for bedrock-agentcore, in this stack or among the endpoints the pack config declares in stack network-* (account 333344445555) (providedBy): calls to it leave the VPC",
            ]);
        });

        it("checks the endpoint IDs an app's policy names in aws:SourceVpce against the declaration", async () => {
            const policy = (ids: string[]): FakeResource =>
                at("app-prod", {
                    type: T.iamRolePolicy,
                    name: "invoke",
                    props: {
                        policy: JSON.stringify({
                            Version: "2012-10-17",
                            Statement: [{ Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "*", Condition: { StringNotEquals: { "aws:SourceVpce": ids } } }],
                        }),
                    },
                });
            assert.deepEqual((await runStackRule(rule, [...app, policy(["vpce-0a1b2c3d4e5f60001"])], { config: { providedBy } })).violations, []);
            const stale = await runStackRule(rule, [...app, policy(["vpce-0a1b2c3d4e5f6ffff"])], { config: { providedBy } });
            assert.match(messages(stale)[0], /^invoke names vpce-0a1b2c3d4e5f6ffff in aws:SourceVpce, which is neither an endpoint of this stack nor one the pack config declares/);
            assert.equal(stale.violations[0].urn, "urn:pulumi:app-prod::platform::aws:iam/rolePolicy:RolePolicy::invoke");
        });

        it("reads the endpoint IDs named in a role's inline policies, and skips a document not known at preview", async () => {
            const doc = (id: string) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "*", Condition: { StringNotEquals: { "aws:SourceVpce": id } } }],
                });
            const role = (inlinePolicies: unknown[]): FakeResource => at("app-prod", { type: T.iamRole, name: "agent", props: { name: "agent", assumeRolePolicy: "{}", inlinePolicies } });
            const stale = await runStackRule(rule, [...app, role([{ name: "invoke", policy: doc("vpce-0a1b2c3d4e5f6ffff") }])], { config: { providedBy } });
            assert.match(messages(stale)[0], /^agent names vpce-0a1b2c3d4e5f6ffff in aws:SourceVpce, which is neither/);
            assert.equal(stale.violations[0].urn, "urn:pulumi:app-prod::platform::aws:iam/role:Role::agent");
            assert.deepEqual((await runStackRule(rule, [...app, role([{ name: "invoke", policy: doc("vpce-0a1b2c3d4e5f60001") }])], { config: { providedBy } })).violations, []);
            const pending = await runStackRule(rule, [...app, role([{ name: "invoke", policy: UNKNOWN }])], { config: { providedBy } });
            assert.deepEqual([pending.violations, pending.previewUnknown], [[], undefined]);
        });

        it("requires the declared endpoints in the network stack, by ID, and reviews them there without any workload", async () => {
            const all = endpoints.map((d) => net(d.service, d.id));
            assert.deepEqual((await runStackRule(rule, all, { config: { providedBy } })).violations, []);
            const removed = await runStackRule(rule, all.slice(1), { config: { providedBy } });
            assert.deepEqual(messages(removed), [
                "the pack config declares the bedrock-runtime endpoint vpce-0a1b2c3d4e5f60001 in stack network-* (account 333344445555) (providedBy), but this stack has no such endpoint: restore it, or change the declaration",
            ]);
            const gatewayType = await runStackRule(rule, [net("bedrock-runtime", endpoints[0].id), ...all.slice(1)].map((r, i) => (i === 0 ? { ...r, props: { ...r.props, vpcEndpointType: "Gateway" } } : r)), { config: { providedBy } });
            assert.match(messages(gatewayType)[0], /the bedrock-runtime endpoint is not of type Interface/);
        });

        it("accepts a declared endpoint being created at preview (ID unknown) in the network stack", async () => {
            const pending = [net("bedrock-runtime", UNKNOWN), ...endpoints.slice(1).map((d) => net(d.service, d.id))].map((r, i) => (i === 0 ? { ...r, props: { ...r.props, arn: UNKNOWN } } : r));
            const out = await runStackRule(rule, pending, { config: { providedBy } });
            assert.deepEqual(out.violations, []);
            assert.equal(out.previewUnknown, undefined);
        });

        it("reviews a Bedrock endpoint's settings in any stack, workloads or not", async () => {
            const out = await runStackRule(rule, [endpoint("bedrock-runtime", { privateDnsEnabled: false })]);
            assert.deepEqual(messages(out), ["the bedrock-runtime endpoint has private DNS off: SDKs keep resolving the public endpoint"]);
        });
    });
});
