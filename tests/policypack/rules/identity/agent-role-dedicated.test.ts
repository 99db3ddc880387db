import { strict as assert } from "assert";
import { agentRoleDedicated } from "../../../../policypack/rules/identity/agent-role-dedicated";
import { messages, runStackRule, UNKNOWN, urnOf } from "../../../helpers/policy-harness";
import { T } from "../../../../policypack/lib/types";
import { ACCOUNT, agent, gateway, role, roleArn, runtime, trust } from "./fixtures";

describe("agent-role-dedicated (AIG-ID-1)", () => {
    it("passes one role per agent, runtime and gateway, matched by ARN", async () => {
        const outcome = await runStackRule(agentRoleDedicated, [
            role("triage-role"),
            role("reporting-role"),
            role("gateway-role"),
            agent("triage", roleArn("triage-role")),
            runtime("reporting", roleArn("reporting-role")),
            gateway("tools", roleArn("gateway-role")),
        ]);
        assert.deepEqual(outcome.violations, []);
    });

    it("flags a role shared by two agents", async () => {
        const outcome = await runStackRule(agentRoleDedicated, [role("shared-role"), agent("triage", roleArn("shared-role")), agent("reporting", roleArn("shared-role"))]);
        assert.equal(outcome.violations.length, 1);
        assert.match(messages(outcome)[0], /role shared-role is shared by 2 resources that execute as it \(triage \(AgentAgent\)\.agentResourceRoleArn, reporting \(AgentAgent\)\.agentResourceRoleArn\)/);
        assert.equal(outcome.violations[0].urn, urnOf(T.iamRole, "shared-role"));
    });

    it("flags a role shared by an agent and a gateway at preview, through property dependencies", async () => {
        const outcome = await runStackRule(agentRoleDedicated, [
            role("shared-role", { arn: UNKNOWN }),
            agent("triage", UNKNOWN, { agentResourceRoleArn: ["shared-role"] }),
            gateway("tools", UNKNOWN, { roleArn: ["shared-role"] }),
        ]);
        assert.equal(outcome.previewUnknown, undefined);
        assert.match(messages(outcome)[0], /shared by 2/);
    });

    it("flags two agents sharing a role that is not in the stack, by its ARN", async () => {
        const external = `arn:aws:iam::${ACCOUNT}:role/service-role/AmazonBedrockExecutionRoleForAgents_shared`;
        const outcome = await runStackRule(agentRoleDedicated, [agent("a", external), runtime("b", external)]);
        assert.match(messages(outcome)[0], new RegExp(`role ${external.replace(/[/.]/g, "\\$&")} is shared by 2`));
    });

    it('flags an agent role that a human role, the account or "AWS": "*" can assume', async () => {
        const withPrincipal = (aws: string) =>
            trust([
                { Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } },
                { Effect: "Allow", Principal: { AWS: aws }, Action: "sts:AssumeRole" },
            ]);
        for (const [principal, expected] of [
            [`arn:aws:iam::${ACCOUNT}:role/Developer`, /the AWS principal arn:aws:iam::111122223333:role\/Developer/],
            [ACCOUNT, /the account principal 111122223333/],
            ["*", /anyone \("AWS": "\*"\)/],
        ] as const) {
            const outcome = await runStackRule(agentRoleDedicated, [role("triage-role", { assumeRolePolicy: withPrincipal(principal) }), agent("triage", roleArn("triage-role"))]);
            assert.equal(outcome.violations.length, 1, principal);
            assert.match(messages(outcome)[0], expected);
        }
    });

    it("checks roles marked as agent identities even when nothing uses them yet", async () => {
        const outcome = await runStackRule(agentRoleDedicated, [
            role("spare-role", { path: "/", tags: { "ai-guardrails:agent-identity": "true" }, assumeRolePolicy: trust({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }) }),
        ]);
        assert.equal(outcome.violations.length, 1);
    });

    it("ignores roles that are not agent roles", async () => {
        const outcome = await runStackRule(agentRoleDedicated, [
            role("ci", { path: "/", assumeRolePolicy: trust({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" }) }),
        ]);
        assert.deepEqual(outcome.violations, []);
    });

    it("cannot run at preview when an agent's role is unknown and not from this stack", async () => {
        const outcome = await runStackRule(agentRoleDedicated, [role("triage-role"), agent("triage", UNKNOWN)]);
        assert.ok(outcome.previewUnknown);
        assert.deepEqual(outcome.violations, []);
    });

    it("reports odd input instead of crashing", async () => {
        const malformed = await runStackRule(agentRoleDedicated, [role("triage-role", { assumeRolePolicy: "{oops" }), agent("triage", roleArn("triage-role"))]);
        assert.match(messages(malformed)[0], /trust policy cannot be read \(not valid JSON/);
        // An agent without a role property, and a role property that is not a string, are not shared roles.
        const odd = await runStackRule(agentRoleDedicated, [{ type: T.agent, name: "a", props: {} }, { type: T.agent, name: "b", props: { agentResourceRoleArn: 42 } }]);
        assert.deepEqual(odd.violations, []);
    });
});
