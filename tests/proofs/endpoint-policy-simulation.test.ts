/**
 * Proof: the VPC endpoint policies the prod program registers, evaluated by IAM's rules
 * (`@cloud-copilot/iam-simulate`, AGPL: a test-only dev dependency, never imported outside tests/).
 *
 * The principal's identity policy allows all of Bedrock, so each decision below is the endpoint
 * policy's own; a second set adds the prod model-access policy, to show the private path and the
 * policy's `aws:SourceVpce` condition working together.
 */
import { strict as assert } from "assert";
import { anonymousPrincipal, runSimulation } from "@cloud-copilot/iam-simulate";
import { endpointPolicyDocument } from "../../components/network/privateModelEndpoints";
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
    /** Request context beyond the principal's ARN and account (derived from it, as AWS does). */
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
                // A signed request always carries its principal's ARN and account (IAM global condition keys).
                contextVariables: { "aws:PrincipalArn": call.principal, "aws:PrincipalAccount": principalAccount, ...call.context },
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

/**
 * The endpoint policy's verdict on an unauthenticated request, as an OAuth (JWT) call reaches the
 * endpoint: no IAM principal, no identity policy. Whether the call succeeds is then the gateway's
 * or runtime's JWT authorizer's decision, which IAM does not model.
 */
async function endpointVerdictForOAuth(action: string, resource: string, resourceAccount: string, endpoint: Document): Promise<string | undefined> {
    const response: any = await runSimulation(
        {
            request: { principal: anonymousPrincipal, action, resource: { resource, accountId: resourceAccount }, contextVariables: {} },
            identityPolicies: [],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            vpcEndpointPolicies: [{ name: "endpoint", policy: endpoint }],
        },
        {},
    );
    assert.equal(response.resultType, "single", `simulation failed: ${JSON.stringify(response.errors ?? response).slice(0, 600)}`);
    return response.result?.analysis?.endpointAnalysis?.result;
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

    it("AgentCore endpoints: an OAuth (JWT) request, with no IAM principal, reaches the account's gateway and runtime; a SigV4 request from another account does not (audit A1)", async () => {
        // The gateway endpoint as the component writes it for prod's account and Region (prod's ToolGateway authorizes with CUSTOM_JWT).
        const gatewayPolicy = endpointPolicyDocument({ service: "bedrock-agentcore.gateway", partition: "aws", region, accountId: account, approvedModelIds: config.models.approved }) as Document;
        const gateway = `arn:aws:bedrock-agentcore:${region}:${account}:gateway/ops-tools-a1b2c3d4e5`;
        const foreignGateway = `arn:aws:bedrock-agentcore:${region}:${OUTSIDE_ACCOUNT}:gateway/exfil-a1b2c3d4e5`;
        const jwt = await endpointVerdictForOAuth("bedrock-agentcore:InvokeGateway", gateway, account, gatewayPolicy);
        decisions.push(`InvokeGateway ${gateway} by an OAuth caller (no IAM principal) via bedrock-agentcore.gateway: endpoint policy ${jwt}`);
        assert.equal(jwt, "Allowed");
        const jwtElsewhere = await endpointVerdictForOAuth("bedrock-agentcore:InvokeGateway", foreignGateway, OUTSIDE_ACCOUNT, gatewayPolicy);
        decisions.push(`InvokeGateway ${foreignGateway} by an OAuth caller via bedrock-agentcore.gateway: endpoint policy ${jwtElsewhere}`);
        assert.equal(jwtElsewhere, "ExplicitlyDenied");
        await expectDecision(`InvokeGateway ${gateway} by ${outsider()} (SigV4) via bedrock-agentcore.gateway`, { principal: outsider(), action: "bedrock-agentcore:InvokeGateway", resource: gateway, endpoint: gatewayPolicy }, "ImplicitlyDenied", "ImplicitlyDenied");
        await expectDecision(`InvokeGateway ${gateway} by ${insider()} (SigV4) via bedrock-agentcore.gateway`, { principal: insider(), action: "bedrock-agentcore:InvokeGateway", resource: gateway, endpoint: gatewayPolicy }, "Allowed", "Allowed");
        await expectDecision(
            `InvokeGateway ${foreignGateway} by ${insider()} (SigV4) via bedrock-agentcore.gateway`,
            { principal: insider(), action: "bedrock-agentcore:InvokeGateway", resource: foreignGateway, endpoint: gatewayPolicy },
            "ExplicitlyDenied",
            "ExplicitlyDenied",
        );
        // The runtime endpoint prod registers: JWT-authorized InvokeAgentRuntime on the account's runtime passes it.
        const runtime = `arn:aws:bedrock-agentcore:${region}:${account}:runtime/ops_agent-a1b2c3d4e5`;
        const jwtRuntime = await endpointVerdictForOAuth("bedrock-agentcore:InvokeAgentRuntime", runtime, account, endpoint["bedrock-agentcore"].policy);
        decisions.push(`InvokeAgentRuntime ${runtime} by an OAuth caller via bedrock-agentcore: endpoint policy ${jwtRuntime}`);
        assert.equal(jwtRuntime, "Allowed");
        // An unauthenticated caller gets nothing else: not the runtime's command shell, not memory.
        assert.notEqual(await endpointVerdictForOAuth("bedrock-agentcore:InvokeAgentRuntimeCommand", runtime, account, endpoint["bedrock-agentcore"].policy), "Allowed");
        assert.notEqual(await endpointVerdictForOAuth("bedrock-agentcore:RetrieveMemoryRecords", `arn:aws:bedrock-agentcore:${region}:${account}:memory/m-a1b2c3d4e5`, account, endpoint["bedrock-agentcore"].policy), "Allowed");
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
