import * as assert from "assert";
import { scpGovernanceProtection } from "../../../../policypack/rules/integrity/scp-governance-protection";
import { T } from "../../../../policypack/lib/types";
import { FakeResource, messages, runStackRule, UNKNOWN } from "../../../helpers/policy-harness";
import { AUTOMATION_ROLE, detach, governanceScp, orgStack } from "../organization/fixtures";

const run = (resources: FakeResource[], config?: Record<string, unknown>) => runStackRule(scpGovernanceProtection, resources, { config });
const edited = (edit: (doc: any) => void) => {
    const doc = governanceScp();
    edit(doc);
    return doc;
};
const statement = (doc: any, sid: string) => doc.Statement.find((s: any) => s.Sid === sid);

describe("scp-governance-protection", () => {
    it("passes an attached SCP denying every governance change except to the security automation role", async () => {
        const out = await run(orgStack(), { securityAutomationRoleArns: [AUTOMATION_ROLE] });
        assert.deepStrictEqual(out.violations, []);
    });

    it("flags a missing SCP, listing the open actions", async () => {
        const out = await run(orgStack({ governance: null }));
        const text = messages(out).join("\n");
        // The agent ceiling denies the same actions (the catalogue's AI-control and boundary classes), but only to agents: that does not protect them.
        assert.match(text, /governance actions open to every administrator of the member accounts: .*bedrock:PutEnforcedGuardrailConfiguration.*iam:DeletePolicy \(/);
        assert.match(text, /bedrock:DeleteGuardrail.* \(SCP "agent-ceiling" statement "DenyDestructiveActionsToAgents" applies only to principals matching arn:aws:iam::\*:role\/ai-agents\/\*\)/);
    });

    it("flags an SCP that is not attached", async () => {
        const out = await run(detach(orgStack(), "governance-protection"));
        assert.match(messages(out)[0], /SCP "governance-protection": it is not attached/);
    });

    it("flags an exemption that covers ordinary administrators", async () => {
        const doc = edited((d) => (statement(d, "ProtectTrails").Condition.ArnNotLike["aws:PrincipalArn"] = ["arn:aws:iam::*:role/*"]));
        const out = await run(orgStack({ governance: doc }));
        assert.strictEqual(out.violations.length, 1);
        assert.match(messages(out)[0], /cloudtrail:StopLogging, cloudtrail:DeleteTrail, cloudtrail:UpdateTrail, cloudtrail:PutEventSelectors \(SCP "governance-protection" statement "ProtectTrails" exempts arn:aws:iam::\*:role\/\*, which covers ordinary administrators\)/);
    });

    it("flags an exemption of a role other than the configured automation role", async () => {
        const doc = edited((d) => statement(d, "ProtectGuardrails").Condition.ArnNotLike["aws:PrincipalArn"].push("arn:aws:iam::*:role/team-a-deployer"));
        const out = await run(orgStack({ governance: doc }), { securityAutomationRoleArns: [AUTOMATION_ROLE] });
        assert.match(messages(out)[0], /exempts arn:aws:iam::\*:role\/team-a-deployer, which is not the security automation role/);
    });

    it("flags a Deny narrowed by another condition, and agent-role actions scoped away from the agent path", async () => {
        const narrowed = edited((d) => (statement(d, "ProtectInvocationLogging").Condition.StringEquals = { "aws:RequestedRegion": "us-east-1" }));
        assert.match(messages(await run(orgStack({ governance: narrowed })))[0], /bedrock:PutModelInvocationLoggingConfiguration.*narrowed by StringEquals aws:RequestedRegion/);

        const wrongPath = edited((d) => (statement(d, "ProtectAgentBoundaries").Resource = "arn:aws:iam::*:role/other/*"));
        assert.match(messages(await run(orgStack({ governance: wrongPath })))[0], /iam:DeleteRolePermissionsBoundary, iam:PutRolePermissionsBoundary \(SCP "agent-ceiling" .* applies only to principals matching/);
        assert.match(messages(await run(orgStack({ governance: wrongPath, ceiling: null })))[0], /iam:DeleteRolePermissionsBoundary, iam:PutRolePermissionsBoundary \(no SCP denies it\)/);
    });

    it("flags a grammar error in the SCP", async () => {
        const doc = edited((d) => (statement(d, "ProtectTrails").Effect = "deny"));
        const text = messages(await run(orgStack({ governance: doc }))).join("\n");
        assert.match(text, /grammar: Statement\[2\]: Effect must be "Allow" or "Deny", got "deny"/);
        assert.match(text, /cloudtrail:StopLogging/);
    });

    it("is not applicable outside organization stacks", async () => {
        assert.match((await run([{ type: T.trail, name: "trail", props: {} }])).notApplicable ?? "", /not an organization stack/);
    });

    it("reports a preview-time unknown SCP content as not runnable, without a violation", async () => {
        const resources = orgStack();
        resources.find((r) => r.name === "governance-protection")!.props.content = UNKNOWN;
        const out = await run(resources);
        assert.deepStrictEqual(out.violations, []);
        assert.match(out.previewUnknown ?? "", /can't run policy 'scp-governance-protection' during preview/);
    });

    it("reports odd input without crashing: malformed JSON, no Statement, single values", async () => {
        assert.match(messages(await run(orgStack({ governance: "[1,2" })))[0], /SCP "governance-protection": grammar: not valid JSON/);
        assert.match(messages(await run(orgStack({ governance: { Version: "2012-10-17" } })))[0], /grammar: the document has no Statement/);
        const single = edited((d) => {
            d.Statement = d.Statement.map((s: any) => ({ ...s, Condition: { ArnNotLike: { "aws:PrincipalArn": AUTOMATION_ROLE } } }));
        });
        assert.deepStrictEqual((await run(orgStack({ governance: single }))).violations, []);
    });
});
