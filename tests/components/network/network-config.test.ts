import * as assert from "assert";
import { loadStackConfig } from "../../../components/config";
import { endpointsEnabled } from "../../../components/config/network";
import { configProblems, stackConfigWith } from "../../helpers/config";

function load(stack: string, overrides: Record<string, unknown>) {
    return loadStackConfig(stackConfigWith(stack, overrides));
}

function problemsOf(stack: string, overrides: Record<string, unknown>): string[] {
    return configProblems(stackConfigWith(stack, overrides));
}

describe("ai-guardrails:network config", () => {
    it("reads each workload stack's VPC, CIDR and subnets; endpoints are on", () => {
        for (const stack of ["dev", "staging", "prod"]) {
            const c = load(stack, {});
            assert.strictEqual(endpointsEnabled(c), true, stack);
            assert.match(c.network.endpoints.vpcId ?? "", /^vpc-/);
            assert.ok((c.network.endpoints.subnetIds ?? []).length >= 2, stack);
        }
        assert.deepStrictEqual(load("prod", {}).network.endpoints.services, ["bedrock-runtime", "bedrock-agent-runtime", "bedrock-agentcore"]);
    });

    it("turns endpoints on by default, so a workload stack without a VPC fails with the keys to set", () => {
        const problems = problemsOf("prod", { "ai-guardrails:network": undefined });
        assert.deepStrictEqual(
            problems.map((p) => p.split(" = ")[0]),
            ["ai-guardrails:network.endpoints.vpcId", "ai-guardrails:network.endpoints.vpcCidr", "ai-guardrails:network.endpoints.subnetIds"],
        );
        assert.match(problems[0], /required when endpoints are enabled \(set enabled: false to run without private endpoints, e\.g\. in dev\)/);
    });

    it("lets a stack opt out explicitly", () => {
        const c = load("dev", { "ai-guardrails:network": { endpoints: { enabled: false } } });
        assert.strictEqual(endpointsEnabled(c), false);
    });

    it("keeps endpoints off by default in the org stack (the management account runs no workloads)", () => {
        assert.strictEqual(endpointsEnabled({ environment: "org", network: { endpoints: { services: [], principalScope: "account" } } }), false);
        assert.strictEqual(endpointsEnabled({ environment: "org", network: { endpoints: { enabled: true, services: [], principalScope: "account" } } }), true);
    });

    it("refuses malformed IDs, a CIDR without prefix and unknown services", () => {
        const problems = problemsOf("prod", {
            "ai-guardrails:network": { endpoints: { vpcId: "vpc-XYZ", vpcCidr: "10.30.0.0", subnetIds: ["subnet-1"], services: ["bedrock-runtime", "bedrock-agent-runtime", "sagemaker"] } },
        });
        for (const key of ["vpcId", "vpcCidr", "subnetIds[0]", "services[2]"]) {
            assert.ok(problems.some((p) => p.startsWith(`ai-guardrails:network.endpoints.${key}`)), `${key}:\n${problems.join("\n")}`);
        }
    });

    it("refuses a subnet listed twice", () => {
        const endpoints = { ...load("prod", {}).network.endpoints, subnetIds: ["subnet-0a7f3c9e1d5b20a01", "subnet-0a7f3c9e1d5b20a01"] };
        assert.match(problemsOf("prod", { "ai-guardrails:network": { endpoints } })[0], /^ai-guardrails:network\.endpoints\.subnetIds = .*: lists a subnet more than once/);
    });

    it("requires the runtime and agent-runtime services", () => {
        const problems = problemsOf("prod", { "ai-guardrails:network": { endpoints: { ...load("prod", {}).network.endpoints, services: ["bedrock-runtime"] } } });
        assert.deepStrictEqual(problems, ['ai-guardrails:network.endpoints.services = ["bedrock-runtime"]: must include bedrock-agent-runtime']);
    });

    it("requires an organization ID for the organization scope", () => {
        const endpoints = { ...load("prod", {}).network.endpoints, principalScope: "organization" };
        assert.match(problemsOf("prod", { "ai-guardrails:network": { endpoints } })[0], /^ai-guardrails:network\.endpoints\.organizationId = \(not set\): required when principalScope is organization/);
        assert.strictEqual(load("prod", { "ai-guardrails:network": { endpoints: { ...endpoints, organizationId: "o-a1b2c3d4e5" } } }).network.endpoints.organizationId, "o-a1b2c3d4e5");
    });
});
