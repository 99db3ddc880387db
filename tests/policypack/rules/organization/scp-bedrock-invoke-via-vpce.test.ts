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
        assert.match(messages(out)[0], /no attached, valid SCP confines these actions to approved VPC endpoints: bedrock:InvokeModel \| bedrock:InvokeModelWithResponseStream/);
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
        assert.match(messages(single)[0], /confines these actions to approved VPC endpoints: bedrock:InvokeModelWithResponseStream$/);
    });
});
