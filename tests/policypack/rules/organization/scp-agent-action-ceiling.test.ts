import * as assert from "assert";
import { scpAgentActionCeiling } from "../../../../policypack/rules/organization/scp-agent-action-ceiling";
import { T } from "../../../../policypack/lib/types";
import { FakeResource, messages, runStackRule, UNKNOWN } from "../../../helpers/policy-harness";
import { agentCeilingScp, detach, orgStack } from "./fixtures";

const run = (resources: FakeResource[], config?: Record<string, unknown>) => runStackRule(scpAgentActionCeiling, resources, { config });
const edited = (edit: (s: any) => void, every = false) => {
    const doc = agentCeilingScp();
    (every ? doc.Statement : [doc.Statement[0]]).forEach(edit);
    return doc;
};

describe("scp-agent-action-ceiling", () => {
    it("passes an attached SCP denying the destructive catalogue to roles on the agent path", async () => {
        assert.deepStrictEqual((await run(orgStack())).violations, []);
    });

    it("flags a missing SCP", async () => {
        const out = await run(orgStack({ ceiling: null }));
        assert.match(messages(out)[0], /destructive actions not denied to roles on \/ai-agents\/ by an SCP: s3:DeleteBucket\*, .* \(no SCP denies it\)/);
        assert.ok(messages(out).some((m) => /escalation path lambda-003 is open to roles on \/ai-agents\/: no attached, valid SCP denies lambda:UpdateFunctionCode/.test(m)));
    });

    it("flags an unattached SCP", async () => {
        assert.match(messages(await run(detach(orgStack(), "agent-ceiling")))[0], /SCP "agent-ceiling": it is not attached/);
    });

    it("flags an SCP keyed on another path, and one narrowed by another condition", async () => {
        const otherPath = await run(orgStack({ ceiling: edited((s) => (s.Condition.ArnLike["aws:PrincipalArn"] = "arn:aws:iam::*:role/bots/*")) }));
        assert.match(messages(otherPath)[0], /applies to arn:aws:iam::\*:role\/bots\/\*, which does not cover roles on the agent path/);
        assert.deepStrictEqual((await run(orgStack({ ceiling: edited((s) => (s.Condition.ArnLike["aws:PrincipalArn"] = "arn:aws:iam::*:role/bots/*"), true) }), { agentRolePath: "/bots/" })).violations, []);

        const narrowed = await run(orgStack({ ceiling: edited((s) => (s.Condition.StringEquals = { "aws:RequestedRegion": "eu-west-1" })) }));
        assert.match(messages(narrowed)[0], /narrowed by StringEquals aws:RequestedRegion/);
    });

    it("flags catalogue entries the SCP leaves out, and extra configured actions", async () => {
        const partial = await run(orgStack({ ceiling: edited((s) => (s.Action = s.Action.filter((a: string) => !a.startsWith("kms:")))) }));
        assert.match(messages(partial)[0], /kms:ScheduleKeyDeletion, kms:DisableKey, kms:DeleteImportedKeyMaterial, kms:PutKeyPolicy, kms:CreateGrant, kms:DisableKeyRotation \(no SCP denies it\)/);
        assert.match(messages(await run(orgStack(), { extraActions: ["athena:DeleteWorkGroup"] }))[0], /athena:DeleteWorkGroup/);
    });

    it("flags each escalation path no SCP closes, and accepts one closed by any of its pivots", async () => {
        const noSandbox = agentCeilingScp();
        noSandbox.Statement.pop();
        const out = await run(orgStack({ ceiling: noSandbox }));
        assert.deepStrictEqual(messages(out).map((m) => /escalation path (\S+)/.exec(m)?.[1]), ["bedrock-002", "bedrock-007"]);
        // A sandbox deny on every resource closes the path too (it also denies the built-in sandboxes).
        const broad = agentCeilingScp();
        broad.Statement[1].Resource = "*";
        assert.deepStrictEqual((await run(orgStack({ ceiling: broad }))).violations, []);
        // cloudformation-005 needs CreateChangeSet and ExecuteChangeSet: denying one closes it.
        const oneOfTwo = edited((s) => (s.Action = s.Action.filter((a: string) => a !== "cloudformation:CreateChangeSet")));
        assert.deepStrictEqual((await run(orgStack({ ceiling: oneOfTwo }))).violations, []);
    });

    it("is not applicable outside organization stacks", async () => {
        assert.match((await run([{ type: T.iamRole, name: "agent", props: { path: "/ai-agents/" } }])).notApplicable ?? "", /not an organization stack/);
    });

    it("reports a preview-time unknown SCP content as not runnable, without a violation", async () => {
        const resources = orgStack();
        resources.find((r) => r.name === "agent-ceiling")!.props.content = UNKNOWN;
        const out = await run(resources);
        assert.deepStrictEqual(out.violations, []);
        assert.ok(out.previewUnknown);
    });

    it("reports odd input without crashing: malformed JSON and a statement that is not an object", async () => {
        assert.match(messages(await run(orgStack({ ceiling: "nope" })))[0], /SCP "agent-ceiling": grammar: not valid JSON/);
        assert.match(messages(await run(orgStack({ ceiling: { Statement: ["x"] } })))[0], /grammar: Statement\[0\]: a statement must be an object/);
    });
});
