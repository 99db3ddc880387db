/**
 * The invoke class against the action catalogue: the rule reads every action that runs on a caller's
 * input, and what the perimeter is built from (the invoke SCP, the endpoint policies) covers every
 * action the rule finds. A catalogue update that adds an invocation fails here until it is classified
 * and covered.
 */
import { strict as assert } from "assert";
import { invokeViaVpceScp } from "../../../components/organization/serviceControlPolicies";
import { endpointPolicyDocument } from "../../../components/network/privateModelEndpoints";
import { BEDROCK_ENDPOINT_SERVICES, ENDPOINT_SERVICE_IAM_PREFIX } from "../../../policypack/controls/endpoints";
import { INVOKE_CLASS_PATTERNS, MANTLE_INFERENCE_ACTION, NOT_INVOKE_CLASS } from "../../../policypack/controls/invoke-class";
import { statementCoversAction } from "../../../policypack/lib/iam/actions";
import { expandActionPattern } from "../../../policypack/lib/iam/catalog";
import { parsePolicyDocument } from "../../../policypack/lib/iam/document";
import { invokeClassActions, isInvokeClassAction, unclassifiedInvokeCandidates } from "../../../policypack/lib/iam/invoke-class";

const ACCOUNT = "333333333333";

describe("invoke class", () => {
    it("derives the class from the catalogue: every pattern matches real actions, the eight hand-listed ones and the eleven of audit A4 among them", () => {
        for (const pattern of INVOKE_CLASS_PATTERNS) {
            assert.ok(expandActionPattern(pattern).length > 0, pattern);
            assert.doesNotMatch(pattern, /[*?](?!$)/, `${pattern}: SCPs take a trailing wildcard only`);
        }
        const actions = invokeClassActions();
        for (const action of [
            "bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:InvokeAgent", "bedrock:InvokeInlineAgent", "bedrock:InvokeFlow", "bedrock:Retrieve",
            "bedrock:RetrieveAndGenerate", "bedrock-agentcore:InvokeAgentRuntime",
            "bedrock:AgenticRetrieveStream", "bedrock:InvokeTool", "bedrock-mantle:CreateInference", "bedrock-agentcore:InvokeGateway", "bedrock-agentcore:InvokeAgentRuntimeCommand",
            "bedrock-agentcore:InvokeAgentRuntimeCommandShell", "bedrock-agentcore:InvokeAgentRuntimeForUser", "bedrock-agentcore:InvokeAgentRuntimeWithWebSocketStream",
            "bedrock-agentcore:InvokeAgentRuntimeWithWebSocketStreamForUser", "bedrock-agentcore:InvokeCodeInterpreter", "bedrock-agentcore:InvokeHarness",
        ]) {
            assert.ok(actions.includes(action), action);
        }
        assert.ok(!isInvokeClassAction("bedrock:ApplyGuardrail") && !isInvokeClassAction("bedrock:GetFoundationModel"));
    });

    it("leaves no catalogue action that runs on the caller's input unclassified (the tripwire for a catalogue update)", () => {
        assert.deepEqual(unclassifiedInvokeCandidates(), []);
        for (const [pattern, reason] of Object.entries(NOT_INVOKE_CLASS)) {
            const matched = expandActionPattern(pattern);
            assert.ok(matched.length > 0, `${pattern} matches no action: remove it`);
            assert.deepEqual(matched.filter(isInvokeClassAction), [], `${pattern} sets aside an invoke-class action`);
            assert.ok(reason.length > 10, pattern);
        }
    });

    it("the invoke SCP confines every action of the class, and denies Mantle inference unless allowed", () => {
        const scp = parsePolicyDocument(invokeViaVpceScp({ partition: "aws", approvedVpcEndpointIds: ["vpce-0a1b2c3d4e5f60718"], exemptPrincipalArns: [] }));
        const confining = scp.statements.find((s) => s.sid === "DenyBedrockInvokeOutsideApprovedEndpoints")!;
        assert.deepEqual(invokeClassActions().filter((a) => !statementCoversAction(confining, a)), []);
        assert.ok(statementCoversAction(scp.statements.find((s) => s.sid === "DenyMantleInference")!, MANTLE_INFERENCE_ACTION));
        const allowed = parsePolicyDocument(invokeViaVpceScp({ partition: "aws", approvedVpcEndpointIds: ["vpce-0a1b2c3d4e5f60718"], exemptPrincipalArns: [], allowMantleInference: true }));
        assert.deepEqual(allowed.statements.map((s) => s.sid), ["DenyBedrockInvokeOutsideApprovedEndpoints"]);
    });

    it("every action of the class has an endpoint service whose policy admits it for the account's principals only", () => {
        const uncovered: string[] = [];
        for (const action of invokeClassActions()) {
            const prefix = action.split(":")[0];
            const governed = BEDROCK_ENDPOINT_SERVICES.filter((service) => ENDPOINT_SERVICE_IAM_PREFIX[service] === prefix).map((service) => {
                const doc = parsePolicyDocument(endpointPolicyDocument({ service, partition: "aws", region: "us-east-1", accountId: ACCOUNT, approvedModelIds: ["anthropic.claude-3-5-sonnet-20240620-v1:0"] }));
                const allows = doc.statements.filter((s) => s.effect === "Allow" && statementCoversAction(s, action));
                // Each allow names the account's principals, or admits only unsigned (OAuth) callers to the account's own resources.
                const scoped = allows.every(
                    (s) =>
                        s.conditions.some((c) => c.key === "aws:PrincipalAccount" && c.values.includes(ACCOUNT)) ||
                        (s.conditions.some((c) => c.operator === "Null" && c.key === "aws:PrincipalArn") && (s.resources ?? []).every((r) => r.includes(`:${ACCOUNT}:`))),
                );
                return allows.length > 0 && scoped;
            });
            if (!governed.some(Boolean)) {
                uncovered.push(action);
            }
        }
        assert.deepEqual(uncovered, []);
    });
});
