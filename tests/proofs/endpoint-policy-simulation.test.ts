/**
 * Proof: the VPC endpoint policies the prod program registers, evaluated by IAM's rules
 * (`@cloud-copilot/iam-simulate`, AGPL: a test-only dev dependency, never imported outside tests/).
 *
 * The principal's identity policy allows all of Bedrock, so each decision below is the endpoint
 * policy's own; a second set adds the prod model-access policy, to show the private path and the
 * policy's `aws:SourceVpce` condition working together.
 */
import { strict as assert } from "assert";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { loadStackConfig, StackConfig } from "../../components/config";
import { INVOKE_ACTIONS, modelResourceArns } from "../../policypack/controls/model-access";
import { T } from "../../policypack/lib/types";
import { computedOutputs } from "../../cli/mock-runtime";
import { loadStackConfigFile, mockContextFromConfig, RegisteredResource, runStackProgram } from "../helpers/mocks";

type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";
type Document = { Version?: string; Statement: any[] };

const OUTSIDE_ACCOUNT = "444455556666";
const BROAD_IDENTITY: Document = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["bedrock:*", "bedrock-agentcore:*"], Resource: "*" }] };

interface Call {
    principal: string;
    action: string;
    resource: string;
    /** Request context beyond the principal's account (derived from its ARN, as AWS does). */
    context?: Record<string, string | string[]>;
    identity?: Document;
    endpoint?: Document;
}

interface Result {
    decision: Decision;
    /** The endpoint policy's own verdict, when one was evaluated. */
    endpoint?: string;
    /** Sids of the identity-policy statements that denied the request. */
    identityDenies: string[];
}

async function simulate(call: Call, resourceAccount: string): Promise<Result> {
    const principalAccount = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(call.principal)![1];
    const response: any = await runSimulation(
        {
            request: {
                principal: call.principal,
                action: call.action,
                resource: { resource: call.resource, accountId: resourceAccount },
                contextVariables: { "aws:PrincipalAccount": principalAccount, ...call.context },
            },
            identityPolicies: [{ name: "identity", policy: call.identity ?? BROAD_IDENTITY }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            vpcEndpointPolicies: call.endpoint ? [{ name: "endpoint", policy: call.endpoint }] : [],
        },
        {},
    );
    assert.equal(response.resultType, "single", `simulation failed: ${JSON.stringify(response.errors ?? response).slice(0, 600)}`);
    const analysis = response.result?.analysis;
    const identityDenies = (analysis?.identityAnalysis?.denyStatements ?? []).map((d: any) => d.statement.sid() ?? "(no Sid)");
    return { decision: response.overallResult, endpoint: analysis?.endpointAnalysis?.result, identityDenies };
}

describe("proof: prod VPC endpoint policies under IAM evaluation", function () {
    this.timeout(120000);
    let config: StackConfig;
    let resources: RegisteredResource[];
    let account: string;
    let region: string;
    const endpoint: Record<string, { id: string; policy: Document }> = {};
    let modelAccess: Document;
    const decisions: string[] = [];

    const insider = () => `arn:aws:iam::${account}:role/ai-app`;
    const outsider = () => `arn:aws:iam::${OUTSIDE_ACCOUNT}:role/ai-app`;

    async function expectDecision(label: string, call: Call, expected: Decision, expectedEndpoint?: string): Promise<Result> {
        const result = await simulate(call, account);
        const why = [result.endpoint ? `endpoint policy: ${result.endpoint}` : "", result.identityDenies.length ? `denied by ${result.identityDenies.join(", ")}` : ""].filter(Boolean);
        decisions.push(`${label}: ${result.decision}${why.length ? ` (${why.join("; ")})` : ""}`);
        assert.equal(result.decision, expected, label);
        if (expectedEndpoint) {
            assert.equal(result.endpoint, expectedEndpoint, `${label}: endpoint policy verdict`);
        }
        return result;
    }

    before(async () => {
        const raw = loadStackConfigFile("prod");
        config = loadStackConfig(raw);
        ({ accountId: account, region } = mockContextFromConfig(raw));
        ({ resources } = await runStackProgram("prod"));
        for (const e of resources.filter((r) => r.type === T.vpcEndpoint)) {
            const service = (e.inputs.serviceName as string).split(".").slice(3).join(".");
            endpoint[service] = { id: computedOutputs(e.type, e.name, e.inputs, mockContextFromConfig(raw)).id, policy: JSON.parse(e.inputs.policy) };
        }
        const access = resources.find((r) => r.type === T.iamPolicy && r.name === "ai-model-access")!;
        modelAccess = JSON.parse(access.inputs.policy);
    });

    after(() => {
        console.log(`      simulated decisions (${decisions.length}):\n${decisions.map((d) => `        ${d}`).join("\n")}`);
    });

    it("the prod program registers the runtime, agent-runtime and AgentCore endpoints with policies", () => {
        assert.deepEqual(Object.keys(endpoint).sort(), ["bedrock-agent-runtime", "bedrock-agentcore", "bedrock-runtime"]);
    });

    it("bedrock-runtime: an account principal may invoke every approved model, by ID and through its inference profile", async () => {
        for (const modelId of config.models.approved) {
            for (const resource of modelResourceArns("aws", region, account, modelId).map((r) => r.replace("bedrock:*:", `bedrock:${region}:`))) {
                for (const action of INVOKE_ACTIONS) {
                    await expectDecision(`${action} ${resource} by ${insider()} via bedrock-runtime`, { principal: insider(), action, resource, endpoint: endpoint["bedrock-runtime"].policy }, "Allowed", "Allowed");
                }
            }
        }
    });

    it("bedrock-runtime: a principal of another account may not invoke even an approved model", async () => {
        const resource = modelResourceArns("aws", region, account, config.models.approved[0])[0];
        for (const action of INVOKE_ACTIONS) {
            await expectDecision(`${action} ${resource} by ${outsider()} via bedrock-runtime`, { principal: outsider(), action, resource, endpoint: endpoint["bedrock-runtime"].policy }, "ImplicitlyDenied", "ImplicitlyDenied");
        }
    });

    it("bedrock-runtime: an account principal may not invoke an unapproved model (denied ones, and any other)", async () => {
        const unapproved = [...config.models.denied, "meta.llama3-70b-instruct-v1:0", "us.amazon.nova-premier-v1:0"];
        for (const modelId of unapproved) {
            const resource = modelResourceArns("aws", region, account, modelId)[0];
            await expectDecision(`InvokeModel ${resource} by ${insider()} via bedrock-runtime`, { principal: insider(), action: "bedrock:InvokeModel", resource, endpoint: endpoint["bedrock-runtime"].policy }, "ExplicitlyDenied", "ExplicitlyDenied");
        }
    });

    it("bedrock-agent-runtime: carries the account's agent calls, never an unapproved model invocation, nothing for outsiders", async () => {
        const alias = `arn:aws:bedrock:${region}:${account}:agent-alias/AGENT12345/ALIAS12345`;
        const policy = endpoint["bedrock-agent-runtime"].policy;
        await expectDecision(`InvokeAgent ${alias} by ${insider()} via bedrock-agent-runtime`, { principal: insider(), action: "bedrock:InvokeAgent", resource: alias, endpoint: policy }, "Allowed", "Allowed");
        await expectDecision(`InvokeAgent ${alias} by ${outsider()} via bedrock-agent-runtime`, { principal: outsider(), action: "bedrock:InvokeAgent", resource: alias, endpoint: policy }, "ImplicitlyDenied", "ImplicitlyDenied");
        const unapproved = modelResourceArns("aws", region, account, config.models.denied[0])[0];
        await expectDecision(`InvokeModel ${unapproved} by ${insider()} via bedrock-agent-runtime`, { principal: insider(), action: "bedrock:InvokeModel", resource: unapproved, endpoint: policy }, "ExplicitlyDenied", "ExplicitlyDenied");
    });

    it("bedrock-agentcore: carries the account's runtime calls, nothing for outsiders", async () => {
        const runtime = `arn:aws:bedrock-agentcore:${region}:${account}:runtime/ops_agent-a1b2c3d4e5`;
        const policy = endpoint["bedrock-agentcore"].policy;
        await expectDecision(`InvokeAgentRuntime ${runtime} by ${insider()} via bedrock-agentcore`, { principal: insider(), action: "bedrock-agentcore:InvokeAgentRuntime", resource: runtime, endpoint: policy }, "Allowed", "Allowed");
        await expectDecision(`InvokeAgentRuntime ${runtime} by ${outsider()} via bedrock-agentcore`, { principal: outsider(), action: "bedrock-agentcore:InvokeAgentRuntime", resource: runtime, endpoint: policy }, "ImplicitlyDenied", "ImplicitlyDenied");
    });

    it("with the prod model-access policy: invoke with the guardrail through the runtime endpoint allowed; outside the endpoint denied", async () => {
        const guardrail = resources.find((r) => r.type === T.guardrailVersion)!;
        const versionedArn = `${guardrail.inputs.guardrailArn}:${guardrail.outputs.version}`;
        const resource = modelResourceArns("aws", region, account, config.models.approved[0])[0];
        const context = { "bedrock:GuardrailIdentifier": versionedArn };
        const viaEndpoint = { "aws:SourceVpce": endpoint["bedrock-runtime"].id, "aws:ViaAWSService": "false" };
        await expectDecision(
            `InvokeModel ${resource} with guardrail ${versionedArn} through ${endpoint["bedrock-runtime"].id} under the model-access policy`,
            { principal: insider(), action: "bedrock:InvokeModel", resource, identity: modelAccess, endpoint: endpoint["bedrock-runtime"].policy, context: { ...context, ...viaEndpoint } },
            "Allowed",
        );
        const direct = await expectDecision(
            `InvokeModel ${resource} with guardrail over the internet (no endpoint) under the model-access policy`,
            { principal: insider(), action: "bedrock:InvokeModel", resource, identity: modelAccess, context: { ...context, "aws:ViaAWSService": "false" } },
            "ExplicitlyDenied",
        );
        assert.deepEqual(direct.identityDenies, ["DenyInvokeOutsideApprovedEndpoints"]);
        const other = await expectDecision(
            `InvokeModel ${resource} with guardrail through another endpoint (vpce-0badbadbadbadbad0) under the model-access policy`,
            { principal: insider(), action: "bedrock:InvokeModel", resource, identity: modelAccess, context: { ...context, "aws:SourceVpce": "vpce-0badbadbadbadbad0", "aws:ViaAWSService": "false" } },
            "ExplicitlyDenied",
        );
        assert.deepEqual(other.identityDenies, ["DenyInvokeOutsideApprovedEndpoints"]);
    });
});
