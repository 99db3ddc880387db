import * as assert from "assert";
import { scpBedrockInvokeViaVpce } from "../../../../policypack/rules/organization/scp-bedrock-invoke-via-vpce";
import { T } from "../../../../policypack/lib/types";
import { FakeResource, messages, runStackRule, UNKNOWN } from "../../../helpers/policy-harness";
import { detach, orgStack, PROD_OU, seedVpceScp, VPCES, vpceScp } from "./fixtures";

const run = (resources: FakeResource[], config?: Record<string, unknown>) => runStackRule(scpBedrockInvokeViaVpce, resources, { config });
const edited = (edit: (statement: any) => void) => {
    const doc = vpceScp();
    edit(doc.Statement[0]);
    return doc;
};

describe("scp-bedrock-invoke-via-vpce", () => {
    it("passes an attached SCP that denies invoke outside the approved endpoints, with the AWS-service exception inside Condition", async () => {
        const out = await run(orgStack(), { approvedVpcEndpointIds: VPCES });
        assert.deepStrictEqual(out.violations, []);
    });

    it("flags the seed article's SCP: BoolIfExists outside Condition is a grammar error and leaves no service exception", async () => {
        const out = await run(orgStack({ vpce: seedVpceScp() }));
        const text = messages(out).join("\n");
        assert.match(text, /SCP "invoke-via-vpce": grammar: Statement\[0\]: unknown statement element BoolIfExists \(a condition operator belongs inside Condition\)/);
        assert.match(text, /no BoolIfExists aws:ViaAWSService "false" condition inside Condition/);
    });

    it("flags a missing SCP", async () => {
        const out = await run(orgStack({ vpce: null }));
        assert.match(messages(out)[0], /no attached, valid SCP confines these actions to approved VPC endpoints: bedrock-agentcore:InvokeAgentRuntime \| .*bedrock:InvokeModel \| bedrock:InvokeModelWithResponseStream/);
        assert.match(messages(out)[1], /no attached, valid SCP denies bedrock-mantle:CreateInference outright: Mantle inference .* takes no Bedrock guardrail/);
    });

    it("flags a hand list of invoke actions: every invoke-class action it leaves out is named (audit A4)", async () => {
        // The eight actions the baseline confined before the invoke class was derived from the catalogue.
        const handList = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:InvokeAgent", "bedrock:InvokeInlineAgent", "bedrock:InvokeFlow", "bedrock:Retrieve", "bedrock:RetrieveAndGenerate", "bedrock-agentcore:InvokeAgentRuntime"];
        const out = await run(orgStack({ vpce: edited((s) => (s.Action = handList)) }), { approvedVpcEndpointIds: VPCES });
        const text = messages(out)[0];
        for (const open of [
            "bedrock:AgenticRetrieveStream", "bedrock:InvokeTool", "bedrock-agentcore:InvokeGateway", "bedrock-agentcore:InvokeAgentRuntimeCommand",
            "bedrock-agentcore:InvokeAgentRuntimeCommandShell", "bedrock-agentcore:InvokeAgentRuntimeForUser", "bedrock-agentcore:InvokeAgentRuntimeWithWebSocketStream",
            "bedrock-agentcore:InvokeAgentRuntimeWithWebSocketStreamForUser", "bedrock-agentcore:InvokeCodeInterpreter", "bedrock-agentcore:InvokeHarness",
        ]) {
            assert.ok(text.includes(open), open);
        }
        assert.ok(!/\bbedrock:InvokeModel\b/.test(text));
        // Mantle inference is denied outright by the SCP's second statement, which confines it to nowhere.
        assert.ok(!text.includes("bedrock-mantle:CreateInference"));
    });

    it("requires Mantle inference denied outright, and reports it as advisory, naming what it bypasses, when the organization says why", async () => {
        const withoutMantleDeny = edited(() => undefined);
        withoutMantleDeny.Statement.pop();
        const flagged = await run(orgStack({ vpce: withoutMantleDeny }), { approvedVpcEndpointIds: VPCES });
        assert.equal(flagged.violations.length, 1);
        assert.equal(flagged.violations[0].enforcementLevel, "mandatory");
        assert.match(messages(flagged)[0], /denies bedrock-mantle:CreateInference outright: .*no Bedrock guardrail.*invocation logging does not record it.*Deny it, or declare why/);
        const declared = await run(orgStack({ vpce: withoutMantleDeny }), { approvedVpcEndpointIds: VPCES, mantleInferenceReason: "OpenAI-compatible clients of the support bot" });
        assert.equal(declared.violations.length, 1);
        assert.equal(declared.violations[0].enforcementLevel, "advisory");
        assert.match(messages(declared)[0], /\[acknowledged\] Mantle inference is allowed \(OpenAI-compatible clients of the support bot\): .*takes no Bedrock guardrail/);
        // A conditional deny (only in one Region) leaves Mantle open elsewhere.
        const conditional = vpceScp();
        conditional.Statement[1].Condition = { StringEquals: { "aws:RequestedRegion": "us-east-1" } };
        assert.match(messages(await run(orgStack({ vpce: conditional })))[0], /denies bedrock-mantle:CreateInference outright/);
    });

    it("flags an SCP that is not attached", async () => {
        const out = await run(detach(orgStack(), "invoke-via-vpce"));
        assert.match(messages(out)[0], /SCP "invoke-via-vpce": it is not attached to any root, OU or account in this stack/);
    });

    it("flags an SCP that lets an unapproved endpoint through", async () => {
        const out = await run(orgStack({ vpce: edited((s) => s.Condition.StringNotEquals["aws:SourceVpce"].push("vpce-0fffffffffffffff0")) }), { approvedVpcEndpointIds: VPCES });
        assert.match(messages(out)[0], /lets invocations through vpce-0fffffffffffffff0, which is not an approved endpoint/);
    });

    it("flags a deny without aws:SourceVpce, one narrowed by another condition, and an exemption covering administrators", async () => {
        const noVpce = await run(orgStack({ vpce: edited((s) => delete s.Condition.StringNotEquals) }));
        assert.match(messages(noVpce)[0], /no attached, valid SCP confines/);

        const narrowed = await run(orgStack({ vpce: edited((s) => (s.Condition.StringEquals = { "aws:RequestedRegion": "us-east-1" })) }));
        assert.match(messages(narrowed)[0], /is narrowed by StringEquals aws:RequestedRegion/);

        const broad = await run(orgStack({ vpce: edited((s) => (s.Condition.ArnNotLike["aws:PrincipalArn"] = "arn:aws:iam::*:role/*")) }));
        assert.match(messages(broad)[0], /exempts arn:aws:iam::\*:role\/\*, which covers ordinary administrators/);

        const notIds = await run(orgStack({ vpce: edited((s) => (s.Condition.StringNotEquals["aws:SourceVpce"] = ["vpc-123"])) }));
        assert.match(messages(notIds)[0], /must list VPC endpoint IDs/);
    });

    it("flags an SCP over the 5,120-character limit", async () => {
        const big = edited((s) => (s.Sid = `S${"x".repeat(5200)}`));
        const out = await run(orgStack({ vpce: big }));
        assert.match(messages(out).join("\n"), /an SCP may have at most 5120/);
    });

    it("flags a managed organization that does not enable SCPs", async () => {
        const org: FakeResource = { type: T.organization, name: "org", props: { featureSet: "ALL", enabledPolicyTypes: ["BEDROCK_POLICY"] } };
        assert.match(messages(await run([...orgStack(), org]))[0], /does not enable SERVICE_CONTROL_POLICY/);
    });

    it("is not applicable to stacks without Organizations resources that are not named as organization stacks", async () => {
        const workload: FakeResource = { type: T.guardrail, name: "guardrail", props: {} };
        assert.match((await run([workload])).notApplicable ?? "", /not an organization stack/);
        assert.match(messages(await run([workload], { organizationStacks: ["test"] }))[0], /no attached, valid SCP confines/);
    });

    it("follows property dependencies to link an attachment whose policy ID is unknown at preview", async () => {
        const resources = orgStack();
        const attachment = resources.find((r) => r.type === T.orgPolicyAttachment && r.name.startsWith("invoke-via-vpce"))!;
        attachment.props = { policyId: UNKNOWN, targetId: PROD_OU };
        attachment.propertyDependencies = { policyId: ["invoke-via-vpce"] };
        const out = await run(resources);
        assert.deepStrictEqual(out.violations, []);
        assert.strictEqual(out.previewUnknown, undefined);
    });

    it("cannot decide at preview when an attachment's policy ID is unknown and comes from no resource in the stack", async () => {
        const resources = orgStack();
        resources.find((r) => r.type === T.orgPolicyAttachment && r.name.startsWith("invoke-via-vpce"))!.props = { policyId: UNKNOWN, targetId: PROD_OU };
        const out = await run(resources);
        assert.deepStrictEqual(out.violations, [], "not guessed to be unattached");
        assert.match(out.previewUnknown ?? "", /can't run policy 'scp-bedrock-invoke-via-vpce' during preview/);
    });

    it("reports a preview-time unknown SCP content as not runnable, without a violation", async () => {
        const resources = orgStack();
        resources.find((r) => r.name === "invoke-via-vpce")!.props.content = UNKNOWN;
        const out = await run(resources);
        assert.deepStrictEqual(out.violations, []);
        assert.match(out.previewUnknown ?? "", /can't run policy 'scp-bedrock-invoke-via-vpce' during preview/);
    });

    it("reports odd input without crashing: malformed JSON, content as an object, a single Action string", async () => {
        const malformed = await run(orgStack({ vpce: "{not json" }));
        assert.match(messages(malformed)[0], /grammar: not valid JSON/);

        const resources = orgStack({ vpce: edited((s) => (s.Action = "bedrock:InvokeModel")) });
        resources.find((r) => r.name === "invoke-via-vpce")!.props.content = vpceScp();
        assert.deepStrictEqual((await run(resources)).violations, []);

        const single = await run(orgStack({ vpce: edited((s) => (s.Action = "bedrock:InvokeModel")) }));
        assert.match(messages(single)[0], /confines these actions to approved VPC endpoints: .*bedrock:InvokeModelWithResponseStream/);
        assert.ok(!/\| bedrock:InvokeModel \|/.test(messages(single)[0]));
    });
});
