import { strict as assert } from "assert";
import { agentRolePermissionBoundary } from "../../../../policypack/rules/identity/agent-role-permission-boundary";
import { T } from "../../../../policypack/lib/types";
import { messages, runStackRule, UNKNOWN, urnOf } from "../../../helpers/policy-harness";
import { ACCOUNT, agent, BOUNDARY_ARN, compliantBoundaryDocument, doc, explicitBoundaryDocument, policy, role, roleArn, trust } from "./fixtures";

const compliantBoundary = () => policy("agent-boundary", compliantBoundaryDocument(), BOUNDARY_ARN);
const starBoundary = () => policy("agent-boundary", doc({ Effect: "Allow", Action: "*", Resource: "*" }), BOUNDARY_ARN);

describe("agent-role-permission-boundary (AIG-ID-3)", () => {
    it("passes an agent role whose boundary is an in-stack non-destructive policy", async () => {
        const outcome = await runStackRule(agentRolePermissionBoundary, [compliantBoundary(), role("triage-role"), agent("triage", roleArn("triage-role"))]);
        assert.deepEqual(outcome.violations, []);
    });

    it("passes a boundary ARN from approvedBoundaryArns", async () => {
        const external = `arn:aws:iam::${ACCOUNT}:policy/platform/agent-ceiling`;
        const outcome = await runStackRule(agentRolePermissionBoundary, [role("triage-role", { permissionsBoundary: external })], { config: { approvedBoundaryArns: [external] } });
        assert.deepEqual(outcome.violations, []);
    });

    it("flags an agent role without a boundary, whether used by an agent or marked by path or tag", async () => {
        const used = await runStackRule(agentRolePermissionBoundary, [role("triage-role", { path: "/", arn: roleArn("triage-role", "/"), permissionsBoundary: undefined }), agent("triage", roleArn("triage-role", "/"))]);
        assert.match(messages(used)[0], /agent role triage-role has no permissions boundary/);
        assert.equal(used.violations[0].urn, urnOf(T.iamRole, "triage-role"));
        const onPath = await runStackRule(agentRolePermissionBoundary, [role("spare-role", { permissionsBoundary: "" })]);
        assert.equal(onPath.violations.length, 1);
        const tagged = await runStackRule(agentRolePermissionBoundary, [role("tagged-role", { path: "/", permissionsBoundary: undefined, tags: { "ai-guardrails:agent-identity": "true" } })]);
        assert.equal(tagged.violations.length, 1);
    });

    it("reads the execution role of an AgentCore Code Interpreter or Browser as an agent role: it acts for the agent", async () => {
        for (const type of [T.agentcoreCodeInterpreter, T.agentcoreBrowser]) {
            const tool = { type, name: "tool", props: { name: "tool", executionRoleArn: roleArn("tool-role", "/"), networkConfiguration: { networkMode: "SANDBOX" } } };
            const outcome = await runStackRule(agentRolePermissionBoundary, [role("tool-role", { path: "/", arn: roleArn("tool-role", "/"), permissionsBoundary: undefined }), tool]);
            assert.match(messages(outcome)[0], /agent role tool-role has no permissions boundary/, type);
        }
    });

    it('flags a role whose boundary is a "*"-allow', async () => {
        const outcome = await runStackRule(agentRolePermissionBoundary, [starBoundary(), role("triage-role"), agent("triage", roleArn("triage-role"))]);
        assert.equal(outcome.violations.length, 1);
        assert.match(messages(outcome)[0], /has the boundary agent-boundary, which is not a ceiling: Statement\[0\] allows every action/);
    });

    it("flags a boundary ARN that is neither approved nor in the stack, including an AWS managed policy", async () => {
        for (const arn of [`arn:aws:iam::${ACCOUNT}:policy/someone-elses-boundary`, "arn:aws:iam::aws:policy/AdministratorAccess"]) {
            const outcome = await runStackRule(agentRolePermissionBoundary, [role("triage-role", { permissionsBoundary: arn })]);
            assert.match(messages(outcome)[0], /neither an approved boundary \(approvedBoundaryArns\) nor a policy of this stack/, arn);
        }
    });

    it("applies the configured extra destructive actions to in-stack boundaries", async () => {
        const explicit = policy("agent-boundary", explicitBoundaryDocument(), BOUNDARY_ARN);
        const outcome = await runStackRule(agentRolePermissionBoundary, [explicit, role("triage-role")], { config: { extraDestructiveActions: ["athena:DeleteWorkGroup"] } });
        assert.match(messages(outcome)[0], /athena:DeleteWorkGroup/);
    });

    it("flags a role whose boundary allows an escalation path, naming it", async () => {
        const open = policy("agent-boundary", explicitBoundaryDocument([{ Effect: "Allow", Action: "codebuild:StartBuild", Resource: "*" }]), BOUNDARY_ARN);
        const outcome = await runStackRule(agentRolePermissionBoundary, [open, role("triage-role"), agent("triage", roleArn("triage-role"))]);
        assert.match(messages(outcome)[0], /not a ceiling: .*escalation path codebuild-002/);
    });

    it("ignores roles that are not agent roles", async () => {
        const outcome = await runStackRule(agentRolePermissionBoundary, [
            role("ci", { path: "/", permissionsBoundary: undefined, assumeRolePolicy: trust({ Effect: "Allow", Principal: { Service: "codebuild.amazonaws.com" }, Action: "sts:AssumeRole" }) }),
        ]);
        assert.deepEqual(outcome.violations, []);
    });

    it("follows property dependencies when the boundary ARN is unknown at preview", async () => {
        const preview = (boundary: ReturnType<typeof policy>) => [
            { ...boundary, props: { ...boundary.props, arn: UNKNOWN, id: UNKNOWN } },
            { ...role("triage-role", { arn: UNKNOWN, permissionsBoundary: UNKNOWN }), propertyDependencies: { permissionsBoundary: ["agent-boundary"] } },
            agent("triage", UNKNOWN, { agentResourceRoleArn: ["triage-role"] }),
        ];
        const good = await runStackRule(agentRolePermissionBoundary, preview(compliantBoundary()));
        assert.equal(good.previewUnknown, undefined);
        assert.deepEqual(good.violations, []);
        const bad = await runStackRule(agentRolePermissionBoundary, preview(starBoundary()));
        assert.equal(bad.violations.length, 1);
    });

    it("cannot run at preview when the boundary ARN is unknown and not from this stack", async () => {
        const outcome = await runStackRule(agentRolePermissionBoundary, [role("triage-role", { permissionsBoundary: UNKNOWN })]);
        assert.ok(outcome.previewUnknown);
        assert.deepEqual(outcome.violations, []);
    });

    it("reports odd input instead of crashing", async () => {
        const malformed = await runStackRule(agentRolePermissionBoundary, [policy("agent-boundary", "][", BOUNDARY_ARN), role("triage-role")]);
        assert.match(messages(malformed)[0], /not a ceiling: the document is not valid: not valid JSON/);
        const notString = await runStackRule(agentRolePermissionBoundary, [role("triage-role", { permissionsBoundary: { arn: BOUNDARY_ARN } })]);
        assert.match(messages(notString)[0], /has no permissions boundary/);
    });
});
