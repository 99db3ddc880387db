import * as assert from "assert";
import { agentcoreCedarForbidsDestructiveTools as rule } from "../../../../policypack/rules/agents/agentcore-cedar-forbids-destructive-tools";
import { T } from "../../../../policypack/lib/types";
import { messages, runStackRule, UNKNOWN, urnOf } from "../../../helpers/policy-harness";
import { engine, FORBID_DESTRUCTIVE, gateway, GATEWAY_ARN, lambdaTarget, PERMIT_READ_LOGS, policy } from "./fixtures";

const GATEWAY_URN = urnOf(T.agentcoreGateway, "ops-tools");

function stackWith(...statements: unknown[]) {
    return [gateway(), engine(), lambdaTarget(), ...statements.map((s, i) => policy(s, undefined, `p${i}`))];
}

const forbid = (actions: string, resource = `resource == AgentCore::Gateway::"${GATEWAY_ARN}"`, principal = "principal", when = "") =>
    `forbid (${principal}, action ${actions}, ${resource})${when};`;

describe("agentcore-cedar-forbids-destructive-tools", () => {
    it("passes a gateway whose engine forbids every destructive tool it exposes", async () => {
        const outcome = await runStackRule(rule, stackWith(PERMIT_READ_LOGS, FORBID_DESTRUCTIVE));
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("accepts forbids one tool at a time, and a forbid on every tool", async () => {
        const each = await runStackRule(rule, stackWith(forbid('== AgentCore::Action::"ops___delete_stack"'), forbid('== AgentCore::Action::"ops___terminate_instance"')));
        assert.deepStrictEqual(each.violations, []);
        const all = await runStackRule(rule, stackWith("forbid (principal, action, resource is AgentCore::Gateway);"));
        assert.deepStrictEqual(all.violations, []);
    });

    it("flags a gateway whose destructive tool is only not permitted, on the gateway's URN", async () => {
        const outcome = await runStackRule(rule, stackWith(PERMIT_READ_LOGS, forbid('== AgentCore::Action::"ops___delete_stack"')));
        assert.deepStrictEqual(messages(outcome), ["no unconditional forbid in the gateway's policy engine covers the destructive tool ops___terminate_instance"]);
        assert.strictEqual(outcome.violations[0].urn, GATEWAY_URN);
    });

    it("does not count a conditional forbid, a forbid for some callers, or one on another gateway", async () => {
        const other = GATEWAY_ARN.replace("ops-tools", "billing");
        for (const statement of [
            forbid('in [AgentCore::Action::"ops___delete_stack", AgentCore::Action::"ops___terminate_instance"]', undefined, "principal", ' when { principal.hasTag("contractor") }'),
            forbid('in [AgentCore::Action::"ops___delete_stack", AgentCore::Action::"ops___terminate_instance"]', undefined, 'principal == AgentCore::OAuthUser::"intern"'),
            forbid('in [AgentCore::Action::"ops___delete_stack", AgentCore::Action::"ops___terminate_instance"]', `resource == AgentCore::Gateway::"${other}"`),
        ]) {
            const outcome = await runStackRule(rule, stackWith(statement));
            assert.deepStrictEqual(messages(outcome), ["no unconditional forbid in the gateway's policy engine covers the destructive tools ops___delete_stack, ops___terminate_instance"], statement);
        }
    });

    it("accepts a forbid scoped to OAuth users on a JWT gateway (every caller is one), not on an IAM gateway", async () => {
        const statement = forbid('in [AgentCore::Action::"ops___delete_stack", AgentCore::Action::"ops___terminate_instance"]', undefined, "principal is AgentCore::OAuthUser");
        assert.deepStrictEqual((await runStackRule(rule, stackWith(statement))).violations, []);
        const iam = [gateway((p) => (p.authorizerType = "AWS_IAM")), engine(), lambdaTarget(), policy(statement, undefined, "p0")];
        assert.strictEqual((await runStackRule(rule, iam)).violations.length, 1);
    });

    it("flags a gateway with destructive tools and no policy engine", async () => {
        const outcome = await runStackRule(rule, [gateway((p) => delete p.policyEngineConfiguration), lambdaTarget()]);
        assert.deepStrictEqual(messages(outcome), ["the gateway exposes destructive tools (ops___delete_stack, ops___terminate_instance) and has no policy engine: nothing forbids them"]);
    });

    it("flags a gateway whose policy engine is outside the stack", async () => {
        const outcome = await runStackRule(rule, [gateway(), lambdaTarget()]);
        assert.match(messages(outcome)[0], /policy-engine\/ops_tools_policies-f6g7h8i9j0 is not in this stack: cannot show that ops___delete_stack, ops___terminate_instance are forbidden/);
    });

    it("finds destructive tools named in policies too (a target the stack cannot see into) and applies configured patterns", async () => {
        const permitWipe = PERMIT_READ_LOGS.replace("ops___read_logs", "tickets___wipe_queue");
        const outcome = await runStackRule(rule, [gateway(), engine(), policy(permitWipe, undefined, "p0")]);
        assert.deepStrictEqual(messages(outcome), ["no unconditional forbid in the gateway's policy engine covers the destructive tool tickets___wipe_queue"]);
        const custom = await runStackRule(rule, stackWith(FORBID_DESTRUCTIVE), { config: { destructiveTools: ["ops___read_*"] } });
        assert.deepStrictEqual(messages(custom), ["no unconditional forbid in the gateway's policy engine covers the destructive tool ops___read_logs"]);
    });

    it("passes a gateway without destructive tools", async () => {
        const target = lambdaTarget((p) => p.targetConfiguration.mcp.lambda.toolSchema.inlinePayloads.splice(1));
        assert.deepStrictEqual((await runStackRule(rule, [gateway(), engine(), target, policy(PERMIT_READ_LOGS)])).violations, []);
    });

    it("cannot decide during preview when a statement is unknown", async () => {
        const outcome = await runStackRule(rule, stackWith(PERMIT_READ_LOGS, UNKNOWN));
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.previewUnknown ?? "", /can't run policy 'agentcore-cedar-forbids-destructive-tools' during preview/);
    });

    it("reports odd input instead of crashing: unparsable and non-string statements forbid nothing", async () => {
        const outcome = await runStackRule(rule, stackWith("forbid (principal, action", 42, null));
        assert.deepStrictEqual(messages(outcome), ["no unconditional forbid in the gateway's policy engine covers the destructive tools ops___delete_stack, ops___terminate_instance"]);
        const badTarget = lambdaTarget((p) => (p.targetConfiguration.mcp.lambda.toolSchema.inlinePayloads = [{ name: 5 }, "delete_all"]));
        assert.deepStrictEqual((await runStackRule(rule, [gateway(), engine(), badTarget])).violations, []);
    });
});
