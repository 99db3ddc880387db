import * as assert from "assert";
import { ConfigValidationError } from "../../../components/config";
import { EndpointService } from "../../../components/settings/network";
import { endpointPolicyDocument, PrivateModelEndpoints, PrivateModelEndpointsArgs } from "../../../components/network/privateModelEndpoints";
import { BEDROCK_ENDPOINT_SERVICES } from "../../../policypack/controls/endpoints";
import { modelResourceArns } from "../../../policypack/controls/model-access";
import { accessRules } from "../../../policypack/rules/access";
import { networkRules } from "../../../policypack/rules/network";
import { T } from "../../../policypack/lib/types";
import { computedOutputs } from "../../../cli/mock-runtime";
import { byType, policyOf, RegisteredResource, renderComponent, single, statement, TEST_CONTEXT, valueOf } from "../../helpers/mocks";
import { runPack } from "../../helpers/pack-run";

const ACCOUNT = "333333333333";
const REGION = "eu-west-1";
const MODELS = ["us.anthropic.claude-3-7-sonnet-20250219-v1:0", "anthropic.claude-3-5-sonnet-20240620-v1:0"];
const args: PrivateModelEndpointsArgs = {
    accountId: ACCOUNT,
    region: REGION,
    vpcId: "vpc-0a1b2c3d4e5f67890",
    vpcCidr: "10.40.0.0/16",
    subnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
    approvedModelIds: MODELS,
};
const APPROVED_ARNS = [...new Set(MODELS.flatMap((m) => modelResourceArns("aws", REGION, ACCOUNT, m)))];

async function render(overrides: Partial<PrivateModelEndpointsArgs> = {}, preview = false) {
    let component!: PrivateModelEndpoints;
    const resources = await renderComponent(() => {
        component = new PrivateModelEndpoints("ai-endpoints", { ...args, ...overrides });
    }, { preview });
    return { resources, component };
}

const endpointFor = (resources: RegisteredResource[], service: string) => {
    const found = byType(resources, T.vpcEndpoint).find((e) => e.inputs.serviceName === `com.amazonaws.${REGION}.${service}`);
    assert.ok(found, `no endpoint for ${service}`);
    return found;
};

describe("PrivateModelEndpoints", () => {
    it("creates an interface endpoint with private DNS in the given subnets for each default service", async () => {
        const { resources } = await render();
        const sg = single(resources, "aws:ec2/securityGroup:SecurityGroup");
        const sgId = computedOutputs(sg.type, sg.name, sg.inputs, TEST_CONTEXT).id;
        assert.match(sgId, /^sg-/);
        const endpoints = byType(resources, T.vpcEndpoint);
        assert.deepStrictEqual(
            endpoints.map((e) => e.inputs.serviceName),
            ["bedrock-runtime", "bedrock-agent-runtime", "bedrock-agentcore"].map((s) => `com.amazonaws.${REGION}.${s}`),
        );
        for (const e of endpoints) {
            assert.strictEqual(e.inputs.vpcEndpointType, "Interface");
            assert.strictEqual(e.inputs.privateDnsEnabled, true);
            assert.strictEqual(e.inputs.vpcId, args.vpcId);
            assert.deepStrictEqual(e.inputs.subnetIds, args.subnetIds);
            assert.deepStrictEqual(e.inputs.securityGroupIds, [sgId]);
        }
    });

    it("creates the configured services, including the dotted AgentCore gateway service", async () => {
        const { resources } = await render({ services: ["bedrock-runtime", "bedrock-agent-runtime", "bedrock-agentcore.gateway"] });
        assert.ok(endpointFor(resources, "bedrock-agentcore.gateway"));
        assert.strictEqual(byType(resources, T.vpcEndpoint).length, 3);
    });

    it("admits HTTPS from the VPC's CIDR only, with no egress", async () => {
        const sg = single((await render()).resources, "aws:ec2/securityGroup:SecurityGroup");
        assert.deepStrictEqual(sg.inputs.ingress.map((r: any) => [r.protocol, r.fromPort, r.toPort, r.cidrBlocks]), [["tcp", 443, 443, ["10.40.0.0/16"]]]);
        assert.deepStrictEqual(sg.inputs.egress, []);
        assert.strictEqual(sg.inputs.vpcId, args.vpcId);
    });

    it("lets the runtime endpoint carry only this account's invocations of approved models", async () => {
        const policy = policyOf(endpointFor((await render()).resources, "bedrock-runtime"));
        const invoke = statement(policy, "InvokeApprovedModels");
        assert.deepStrictEqual([invoke.Effect, invoke.Principal], ["Allow", "*"]);
        assert.deepStrictEqual(invoke.Action, ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]);
        assert.deepStrictEqual(invoke.Resource, APPROVED_ARNS);
        assert.deepStrictEqual(invoke.Condition, { StringEquals: { "aws:PrincipalAccount": ACCOUNT } });
        assert.deepStrictEqual(statement(policy, "ApplyGuardrails").Condition, { StringEquals: { "aws:PrincipalAccount": ACCOUNT } });
        const deny = statement(policy, "DenyInvokeOfUnapprovedModels");
        assert.deepStrictEqual([deny.Effect, deny.NotResource], ["Deny", APPROVED_ARNS]);
        assert.deepStrictEqual(policy.Statement.map((s: any) => s.Sid), ["InvokeApprovedModels", "ApplyGuardrails", "DenyInvokeOfUnapprovedModels"]);
    });

    it("lets the other Bedrock endpoints carry their APIs for this account, never an unapproved model invocation", async () => {
        const policy = policyOf(endpointFor((await render()).resources, "bedrock-agent-runtime"));
        const use = statement(policy, "UseServiceApis");
        assert.deepStrictEqual([use.Action, use.Resource, use.Condition], ["bedrock:*", "*", { StringEquals: { "aws:PrincipalAccount": ACCOUNT } }]);
        assert.deepStrictEqual(statement(policy, "DenyInvokeOfUnapprovedModels").NotResource, APPROVED_ARNS);
    });

    it("lets the AgentCore endpoint carry AgentCore APIs for this account, and OAuth callers to this account's runtimes only (audit A1)", async () => {
        const policy = policyOf(endpointFor((await render()).resources, "bedrock-agentcore"));
        const runtimes = `arn:aws:bedrock-agentcore:eu-west-1:${ACCOUNT}:runtime/*`;
        assert.deepStrictEqual(policy.Statement, [
            { Sid: "UseServiceApis", Effect: "Allow", Principal: "*", Action: "bedrock-agentcore:*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } },
            {
                Sid: "AllowOAuthCallersToOwnResources",
                Effect: "Allow",
                Principal: "*",
                Action: ["bedrock-agentcore:InvokeAgentRuntime", "bedrock-agentcore:InvokeAgentRuntimeWithWebSocketStream"],
                Resource: [runtimes],
                Condition: { Null: { "aws:PrincipalArn": "true" } },
            },
            { Sid: "DenyInvokeOfOtherAccountsResources", Effect: "Deny", Principal: "*", Action: ["bedrock-agentcore:InvokeAgentRuntime*"], NotResource: [runtimes] },
        ]);
    });

    it("lets OAuth callers invoke this account's gateways through the gateway endpoint, and no other account's", async () => {
        const policy = policyOf(endpointFor((await render({ services: ["bedrock-runtime", "bedrock-agent-runtime", "bedrock-agentcore.gateway"] })).resources, "bedrock-agentcore.gateway"));
        const gateways = [`arn:aws:bedrock-agentcore:eu-west-1:${ACCOUNT}:gateway/*`];
        assert.deepStrictEqual(statement(policy, "AllowOAuthCallersToOwnResources").Resource, gateways);
        assert.deepStrictEqual(statement(policy, "AllowOAuthCallersToOwnResources").Action, ["bedrock-agentcore:InvokeGateway"]);
        assert.deepStrictEqual(statement(policy, "DenyInvokeOfOtherAccountsResources").NotResource, gateways);
    });

    it("creates the Mantle endpoint only with the stack's reason, carried as a tag", async () => {
        const services: PrivateModelEndpointsArgs["services"] = ["bedrock-runtime", "bedrock-agent-runtime", "bedrock-mantle"];
        await assert.rejects(render({ services }), /mantleInferenceReason = \(not set\): required with the bedrock-mantle endpoint: Mantle inference takes no guardrail/);
        const reason = "OpenAI-compatible client of the support bot, reviewed by security";
        const mantle = endpointFor((await render({ services, mantleInferenceReason: reason })).resources, "bedrock-mantle");
        assert.strictEqual(mantle.inputs.tags["ai-guardrails:mantle-inference-reason"], reason);
    });

    it("admits the organization's principals when the principal scope is the organization", async () => {
        const policy = policyOf(endpointFor((await render({ principalScope: "organization", organizationId: "o-a1b2c3d4e5" })).resources, "bedrock-runtime"));
        assert.deepStrictEqual(statement(policy, "InvokeApprovedModels").Condition, { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } });
        // The scope decides: an organization ID alone leaves the endpoints to this account.
        const account = policyOf(endpointFor((await render({ organizationId: "o-a1b2c3d4e5" })).resources, "bedrock-runtime"));
        assert.deepStrictEqual(statement(account, "InvokeApprovedModels").Condition, { StringEquals: { "aws:PrincipalAccount": ACCOUNT } });
    });

    it("writes endpoint policies that are known at the first preview", async () => {
        const { resources, component } = await render({}, true);
        for (const e of byType(resources, T.vpcEndpoint)) {
            assert.strictEqual(typeof e.inputs.policy, "string");
            assert.ok(policyOf(e).Statement.length > 0);
        }
        const policies = await valueOf(component.policies);
        assert.deepStrictEqual(Object.keys(policies ?? {}), ["bedrock-runtime", "bedrock-agent-runtime", "bedrock-agentcore"]);
    });

    it("exposes the endpoint IDs by service and the invoke endpoint for aws:SourceVpce", async () => {
        const { resources, component } = await render();
        const ids = await valueOf(component.endpointIds);
        assert.deepStrictEqual(Object.keys(ids ?? {}), ["bedrock-runtime", "bedrock-agent-runtime", "bedrock-agentcore"]);
        const runtime = endpointFor(resources, "bedrock-runtime");
        assert.strictEqual(ids?.["bedrock-runtime"], computedOutputs(runtime.type, runtime.name, runtime.inputs, TEST_CONTEXT).id);
        assert.match(ids!["bedrock-runtime"], /^vpce-/);
        assert.deepStrictEqual(await valueOf(component.invokeEndpointIds), [ids!["bedrock-runtime"]]);
    });

    it("satisfies the network rules and names only real actions and condition keys, after deployment and at preview", async () => {
        const realNames = accessRules.filter((r) => r.name === "iam-policy-real-actions-and-keys");
        assert.strictEqual(realNames.length, 1);
        const workload: RegisteredResource = { urn: "urn:pulumi:test::ai-guardrails::aws:bedrock/guardrail:Guardrail::g", type: T.guardrail, name: "g", custom: true, protect: false, dependencies: [], propertyDependencies: {}, inputs: {}, outputs: {}, aliases: [] };
        for (const preview of [false, true]) {
            const { resources } = await render({}, preview);
            assert.deepStrictEqual(await runPack([...networkRules, ...realNames], [...resources, workload], { preview }), { violations: [], undecided: [] });
        }
    });

    it("builds policies the endpoint rule would flag if the principal condition were dropped", () => {
        const doc = endpointPolicyDocument({ service: "bedrock-runtime", partition: "aws", region: REGION, accountId: ACCOUNT, approvedModelIds: MODELS });
        assert.ok(doc.Statement.filter((s) => s.Effect === "Allow").every((s) => s.Principal === "*" && s.Condition));
    });

    it("refuses, before registering anything, what the stack settings refuse: one line per argument with its value and what is allowed", async () => {
        const cases: [string, Record<string, unknown>, RegExp][] = [
            ["a missing required service", { services: ["bedrock-runtime"] }, /^services = \["bedrock-runtime"\]: must include bedrock-agent-runtime$/],
            ["a service that is not Bedrock's", { services: ["bedrock-runtime", "bedrock-agent-runtime", "sagemaker-runtime"] }, /^services\[2\] = "sagemaker-runtime": /],
            ["a service listed twice", { services: ["bedrock-runtime", "bedrock-agent-runtime", "bedrock-runtime"] }, /^services = .*: lists a service more than once$/],
            ["no subnet", { subnetIds: [] }, /^subnetIds = \[\]: at least one subnet is required$/],
            ["a CIDR without prefix", { vpcCidr: "10.40.0.0" }, /^vpcCidr = "10\.40\.0\.0": expected an IPv4 CIDR block/],
            ["a VPC ID that is not one", { vpcId: "vpc-XYZ" }, /^vpcId = "vpc-XYZ": expected a VPC ID/],
            ["no model", { approvedModelIds: [] }, /^approvedModelIds = \[\]: at least one model is required/],
            ["a model that is not Bedrock's", { approvedModelIds: ["gpt-4"] }, /^approvedModelIds\[0\] = "gpt-4": expected a Bedrock foundation-model ID/],
            ["the organization scope without an organization", { principalScope: "organization" }, /^organizationId = \(not set\): required when principalScope is organization$/],
            ["a Region that is not one", { region: "europe" }, /^region = "europe": expected an AWS Region/],
            ["the partition argument of earlier releases", { partition: "aws" }, /^partition = "aws": unknown key; allowed keys: /],
        ];
        for (const [label, change, expected] of cases) {
            let error: unknown;
            const resources = await renderComponent(() => {
                try {
                    new PrivateModelEndpoints("e", { ...args, ...change } as PrivateModelEndpointsArgs);
                } catch (e) {
                    error = e;
                }
            });
            assert.ok(error instanceof ConfigValidationError, `${label}: ${error}`);
            assert.strictEqual(error.problems.length, 1, `${label}: ${error.problems.join(" | ")}`);
            assert.match(error.problems[0], expected, label);
            assert.match(error.message, /^PrivateModelEndpoints e: invalid arguments \(1 problem\):/);
            assert.deepStrictEqual(resources, [], `${label}: nothing registered`);
        }
    });

    it("keeps deployed stacks in place: aliases from the token of earlier releases and from the security group's former name", async () => {
        const { resources } = await render();
        const component = single(resources, "ai-guardrails:index:PrivateModelEndpoints");
        assert.ok(component.aliases.some((a) => a.endsWith("ai-guardrails:network:PrivateModelEndpoints::ai-endpoints")), JSON.stringify(component.aliases));
        const sg = single(resources, "aws:ec2/securityGroup:SecurityGroup");
        assert.strictEqual(sg.name, "ai-endpoints-security-group");
        assert.ok(sg.aliases.some((a) => a.endsWith("aws:ec2/securityGroup:SecurityGroup::ai-endpoints-endpoints")), JSON.stringify(sg.aliases));
    });

    it("offers every endpoint service of the controls as an enum value", () => {
        assert.deepStrictEqual(Object.values(EndpointService), [...BEDROCK_ENDPOINT_SERVICES]);
    });
});
