import * as assert from "assert";
import { computedOutputs } from "../../../cli/mock-runtime";
import { T } from "../../../policypack/lib/types";
import * as pulumi from "@pulumi/pulumi";
import { byType, mockContextFromConfig, loadStackConfigFile, policyOf, RegisteredResource, runStackProgram, single, statement, valueOf } from "../../helpers/mocks";

const ENDPOINTS = "ai-guardrails:index:PrivateModelEndpoints";

function idOf(r: RegisteredResource, stack: string): string {
    return computedOutputs(r.type, r.name, r.inputs, mockContextFromConfig(loadStackConfigFile(stack))).id;
}

describe("AiSecurityBaseline: network path", () => {
    for (const stack of ["dev", "staging", "prod"]) {
        it(`${stack}: endpoints for runtime, agent runtime and AgentCore in the stack's VPC, and the invoke policy tied to the runtime endpoint`, async () => {
            const raw = loadStackConfigFile(stack);
            const network = JSON.parse(raw["ai-guardrails:network"]);
            const { resources, outputs } = await runStackProgram(stack);
            assert.strictEqual(byType(resources, ENDPOINTS).length, 1);
            const endpoints = byType(resources, T.vpcEndpoint);
            assert.deepStrictEqual(
                endpoints.map((e) => e.inputs.serviceName.split(".").slice(3).join(".")),
                ["bedrock-runtime", "bedrock-agent-runtime", "bedrock-agentcore"],
            );
            for (const e of endpoints) {
                assert.strictEqual(e.inputs.vpcId, network.endpoints.vpcId);
                assert.deepStrictEqual(e.inputs.subnetIds, network.endpoints.subnetIds);
            }
            const runtime = endpoints.find((e) => e.inputs.serviceName.endsWith(".bedrock-runtime"))!;
            const access = byType(resources, T.iamPolicy).find((p) => p.name === "ai-model-access")!;
            const deny = statement(policyOf(access), "DenyInvokeOutsideApprovedEndpoints");
            assert.deepStrictEqual(deny.Condition, { StringNotEquals: { "aws:SourceVpce": [idOf(runtime, stack)] }, BoolIfExists: { "aws:ViaAWSService": "false" } });
            assert.deepStrictEqual(await valueOf(outputs.invokeVpcEndpointIds as pulumi.Output<string[]>), [idOf(runtime, stack)]);
            const ids = await valueOf(outputs.vpcEndpointIds as pulumi.Output<Record<string, string>>);
            assert.strictEqual(ids?.["bedrock-agentcore"], idOf(endpoints[2], stack));
        });
    }

    it("without endpoints (enabled: false) creates none and leaves the invoke policy unconditioned on a path", async () => {
        const { resources, outputs } = await runStackProgram("dev", { "ai-guardrails:network": JSON.stringify({ endpoints: { enabled: false } }) });
        assert.strictEqual(byType(resources, T.vpcEndpoint).length, 0);
        assert.strictEqual(byType(resources, ENDPOINTS).length, 0);
        const access = byType(resources, T.iamPolicy).find((p) => p.name === "ai-model-access")!;
        assert.ok(!policyOf(access).Statement.some((s: any) => s.Sid === "DenyInvokeOutsideApprovedEndpoints"));
        assert.strictEqual(outputs.vpcEndpointIds, undefined);
    });

    it("admits the organization's principals when the stack says so", async () => {
        const raw = loadStackConfigFile("prod");
        const network = JSON.parse(raw["ai-guardrails:network"]);
        network.endpoints = { ...network.endpoints, principalScope: "organization", organizationId: "o-a1b2c3d4e5" };
        const { resources } = await runStackProgram("prod", { "ai-guardrails:network": JSON.stringify(network) });
        const runtime = byType(resources, T.vpcEndpoint).find((e) => e.inputs.serviceName.endsWith(".bedrock-runtime"))!;
        assert.deepStrictEqual(statement(policyOf(runtime), "InvokeApprovedModels").Condition, { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } });
        assert.ok(single(resources, "aws:ec2/securityGroup:SecurityGroup"));
    });
});
