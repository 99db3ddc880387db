import * as assert from "assert";
import { agentcoreCedarValid as rule } from "../../../../policypack/rules/agents/agentcore-cedar-valid";
import { messages, runStackRule, UNKNOWN, urnOf } from "../../../helpers/policy-harness";
import { T } from "../../../../policypack/lib/types";
import { engine, ENGINE_ID, FORBID_DESTRUCTIVE, gateway, GATEWAY_ARN, gatewayStack, lambdaTarget, PERMIT_READ_LOGS, policy } from "./fixtures";

/** The compliant stack with one more policy. */
function withPolicy(statement: unknown, mutate?: (p: Record<string, any>) => unknown) {
    return [...gatewayStack(), policy(statement, mutate, "extra")];
}

const EXTRA_URN = urnOf(T.agentcorePolicy, "extra");

describe("agentcore-cedar-valid", () => {
    it("passes generated-style permits and forbids on a gateway whose tools come from an inline Lambda manifest", async () => {
        const outcome = await runStackRule(rule, gatewayStack());
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("passes a condition on a typed tool argument, with and without a presence test", async () => {
        const optional = `permit (principal is AgentCore::OAuthUser, action == AgentCore::Action::"ops___read_logs", resource == AgentCore::Gateway::"${GATEWAY_ARN}")
when { context.input has minutes && context.input.minutes <= 60 };`;
        assert.deepStrictEqual((await runStackRule(rule, withPolicy(optional))).violations, []);
        const required = `forbid (principal, action == AgentCore::Action::"ops___read_logs", resource == AgentCore::Gateway::"${GATEWAY_ARN}")
when { context.input.logGroup like "/aws/secret*" };`;
        assert.deepStrictEqual((await runStackRule(rule, withPolicy(required))).violations, []);
    });

    it("flags a Cedar policy that does not parse, on the policy's URN", async () => {
        const outcome = await runStackRule(rule, withPolicy(`permit (principal, action == AgentCore::Action::"ops___read_logs", resource == AgentCore::Gateway::"${GATEWAY_ARN}"`));
        assert.strictEqual(outcome.violations.length, 1);
        assert.strictEqual(outcome.violations[0].urn, EXTRA_URN);
        assert.match(messages(outcome)[0], /^the Cedar statement does not parse: /);
    });

    it("flags validation errors: unknown entity types, tools and attributes, type errors", async () => {
        const cases: Array<[string, RegExp]> = [
            [`permit (principal is AgentCore::User, action == AgentCore::Action::"ops___read_logs", resource == AgentCore::Gateway::"${GATEWAY_ARN}");`, /unrecognized entity type `AgentCore::User`/],
            [`forbid (principal, action == AgentCore::Action::"ops___delete_stacks", resource == AgentCore::Gateway::"${GATEWAY_ARN}");`, /unrecognized action `AgentCore::Action::"ops___delete_stacks"`/],
            [`permit (principal is AgentCore::OAuthUser, action == AgentCore::Action::"ops___read_logs", resource == AgentCore::Gateway::"${GATEWAY_ARN}") when { principal.role == "admin" };`, /attribute `role` on entity type `AgentCore::OAuthUser` not found/],
            [`permit (principal is AgentCore::OAuthUser, action == AgentCore::Action::"ops___read_logs", resource == AgentCore::Gateway::"${GATEWAY_ARN}") when { context.input has minutes && context.input.minutes > "5" };`, /unexpected type: expected Long but saw String/],
            [`permit (principal is AgentCore::OAuthUser, action == AgentCore::Action::"ops___read_logs", resource == AgentCore::Gateway::"${GATEWAY_ARN}") when { context.input.region == "x" };`, /attribute `input.region` in context/],
            // A JWT gateway's callers are OAuth users only: its schema has no IAM principals.
            [`forbid (principal is AgentCore::IamEntity, action == AgentCore::Action::"ops___delete_stack", resource == AgentCore::Gateway::"${GATEWAY_ARN}");`, /unrecognized entity type `AgentCore::IamEntity`/],
        ];
        for (const [statement, expected] of cases) {
            const outcome = await runStackRule(rule, withPolicy(statement));
            assert.strictEqual(outcome.violations.length, 1, statement);
            assert.match(messages(outcome)[0], /^the Cedar statement does not validate against the AgentCore schema: /, statement);
            assert.match(messages(outcome)[0], expected, statement);
        }
    });

    it("flags the scopes AgentCore rejects: a wildcard resource, named actions without the gateway's ARN", async () => {
        const wildcard = await runStackRule(rule, withPolicy(`forbid (principal, action == AgentCore::Action::"ops___delete_stack", resource);`));
        assert.match(messages(wildcard)[0], /the resource is unconstrained: AgentCore rejects a wildcard resource/);
        const typeOnly = await runStackRule(rule, withPolicy(`forbid (principal, action == AgentCore::Action::"ops___delete_stack", resource is AgentCore::Gateway);`));
        assert.deepStrictEqual(messages(typeOnly), ['a policy that names specific actions must name a specific gateway: resource == AgentCore::Gateway::"ARN"']);
        const allActions = await runStackRule(rule, withPolicy(`forbid (principal, action, resource == AgentCore::Gateway::"${GATEWAY_ARN}") when { principal.hasTag("contractor") };`));
        assert.deepStrictEqual(messages(allActions), ["a policy with an unconstrained action must use the type test `resource is AgentCore::Gateway`"]);
        const ok = await runStackRule(rule, withPolicy(`forbid (principal, action, resource is AgentCore::Gateway) when { principal.hasTag("contractor") };`));
        assert.deepStrictEqual(ok.violations, []);
    });

    it("flags a policy naming another gateway than the one its engine is attached to", async () => {
        const other = GATEWAY_ARN.replace("ops-tools-a1b2c3d4e5", "billing-b1b2c3d4e5");
        const outcome = await runStackRule(rule, withPolicy(PERMIT_READ_LOGS.replace(GATEWAY_ARN, other)));
        assert.deepStrictEqual(messages(outcome), [`the policy names gateway ${other}, but its policy engine is attached to ${GATEWAY_ARN}: it never applies`]);
    });

    it("flags two statements in one policy, an empty statement and ignored validation findings", async () => {
        const two = await runStackRule(rule, withPolicy(`${PERMIT_READ_LOGS}\n${FORBID_DESTRUCTIVE}`));
        assert.deepStrictEqual(messages(two), ["the statement holds 2 Cedar policies: an AgentCore policy holds exactly one"]);
        const empty = await runStackRule(rule, withPolicy(""));
        assert.deepStrictEqual(messages(empty), ["definition.cedar.statement is empty: the policy has no Cedar statement"]);
        const ignored = await runStackRule(rule, withPolicy(FORBID_DESTRUCTIVE, (p) => (p.validationMode = "IGNORE_ALL_FINDINGS")));
        assert.deepStrictEqual(messages(ignored), ['validationMode is "IGNORE_ALL_FINDINGS": with anything but FAIL_ON_ANY_FINDINGS AgentCore stores policies that fail validation']);
    });

    it("reports a policy that can never apply (a validation warning): a forbid that forbids nothing", async () => {
        const outcome = await runStackRule(rule, withPolicy(`forbid (principal, action == AgentCore::Action::"ops___delete_stack", resource == AgentCore::Gateway::"${GATEWAY_ARN}") when { false };`));
        assert.strictEqual(outcome.violations.length, 1);
        assert.match(messages(outcome)[0], /^the Cedar statement has validation findings: .*policy is impossible/);
    });

    it("does not check the arguments of tools it cannot see (an MCP server target), but still checks everything else", async () => {
        const mcp = lambdaTarget((p) => (p.targetConfiguration = { mcp: { mcpServer: { endpoint: "https://tickets.example.com/mcp" } } }));
        mcp.name = "tickets-target";
        mcp.props.name = "tickets";
        const statement = `permit (principal is AgentCore::OAuthUser, action == AgentCore::Action::"tickets___open_ticket", resource == AgentCore::Gateway::"${GATEWAY_ARN}") when { context.input.priority == "low" };`;
        const outcome = await runStackRule(rule, [...gatewayStack(), mcp, policy(statement, undefined, "extra")]);
        assert.deepStrictEqual(outcome.violations, []);
        const typo = statement.replace("AgentCore::OAuthUser", "AgentCore::OAuthUsr");
        const bad = await runStackRule(rule, [...gatewayStack(), mcp, policy(typo, undefined, "extra")]);
        assert.match(messages(bad)[0], /unrecognized entity type `AgentCore::OAuthUsr`/);
    });

    it("links through propertyDependencies when IDs are not known", async () => {
        const stack = [gateway((p) => delete p.gatewayId), engine((p) => delete p.policyEngineId), lambdaTarget((p) => (p.gatewayIdentifier = "x"))];
        const outcome = await runStackRule(rule, [
            ...stack,
            { ...policy(`forbid (principal, action == AgentCore::Action::"ops___delete_stak", resource == AgentCore::Gateway::"${GATEWAY_ARN}");`, (p) => (p.policyEngineId = "y"), "extra"), propertyDependencies: { policyEngineId: ["ops-tools-engine"] } },
        ].map((r) => (r.type === T.agentcoreGatewayTarget ? { ...r, propertyDependencies: { gatewayIdentifier: ["ops-tools"] } } : r)));
        assert.match(messages(outcome)[0], /unrecognized action `AgentCore::Action::"ops___delete_stak"`/);
    });

    it("cannot decide during preview when a statement is unknown", async () => {
        const outcome = await runStackRule(rule, withPolicy(UNKNOWN));
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.previewUnknown ?? "", /can't run policy 'agentcore-cedar-valid' during preview/);
    });

    it("judges every known policy when another's statement is unknown at preview, then leaves the verdict undecided", async () => {
        const typo = `forbid (principal, action == AgentCore::Action::"ops___delete_stak", resource == AgentCore::Gateway::"${GATEWAY_ARN}");`;
        const outcome = await runStackRule(rule, [...gatewayStack(), policy(UNKNOWN, undefined, "pending"), policy(typo, undefined, "extra")]);
        assert.strictEqual(outcome.violations.length, 1);
        assert.strictEqual(outcome.violations[0].urn, EXTRA_URN);
        assert.match(messages(outcome)[0], /unrecognized action `AgentCore::Action::"ops___delete_stak"`/);
        assert.match(outcome.previewUnknown ?? "", /can't run policy 'agentcore-cedar-valid' during preview/);
    });

    it("gives each of several policies validated together against one schema its own findings", async () => {
        const bad = (tool: string, name: string) => policy(`forbid (principal, action == AgentCore::Action::"${tool}", resource == AgentCore::Gateway::"${GATEWAY_ARN}");`, undefined, name);
        const outcome = await runStackRule(rule, [...gatewayStack(), bad("ops___delete_stak", "first"), bad("ops___read_logs", "fine"), bad("ops___nope", "second")]);
        assert.deepStrictEqual(
            outcome.violations.map((v) => [v.urn, /unrecognized action `AgentCore::Action::"([^"]+)"`/.exec(v.message)?.[1]]),
            [
                [urnOf(T.agentcorePolicy, "first"), "ops___delete_stak"],
                [urnOf(T.agentcorePolicy, "second"), "ops___nope"],
            ],
        );
    });

    it("reports odd input instead of crashing", async () => {
        for (const statement of [42, null, { cedar: "permit" }]) {
            const outcome = await runStackRule(rule, withPolicy(statement));
            assert.deepStrictEqual(messages(outcome), ["definition.cedar.statement is empty: the policy has no Cedar statement"], JSON.stringify(statement));
        }
        const noDefinition = await runStackRule(rule, withPolicy(FORBID_DESTRUCTIVE, (p) => (p.definition = "forbid")));
        assert.deepStrictEqual(messages(noDefinition), ["definition.cedar.statement is empty: the policy has no Cedar statement"]);
        const orphan = await runStackRule(rule, [policy(FORBID_DESTRUCTIVE, (p) => (p.policyEngineId = ENGINE_ID), "orphan")]);
        assert.deepStrictEqual(orphan.violations, [], "a policy whose engine and gateway are outside the stack is checked against the actions it names");
    });
});
