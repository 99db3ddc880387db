import * as assert from "assert";
import { loadStackConfig } from "../../../components/config";
import { callersOf, cedarString, gatewayCatalogue, gatewayManifest, generateToolPolicies } from "../../../components/agents/cedarPolicies";
import { OAUTH_USER } from "../../../policypack/controls/agentcore";
import { agentCoreCedarSchema } from "../../../policypack/lib/cedar";
import { agentCoreScopeProblems, parseCedar, validateCedar } from "../../../policypack/lib/cedar";
import { rawConfig } from "./fixtures";

const ARN = "arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/ops-tools-a1b2c3d4e5";

function sample() {
    const config = loadStackConfig(rawConfig());
    const gateway = config.agents.gateways[0];
    const catalogue = gatewayCatalogue(gateway, callersOf(gateway.name, config.agents.agents));
    return { gateway, catalogue, policies: generateToolPolicies({ gatewayArn: ARN, groupClaim: gateway.groupClaim, tools: catalogue }) };
}

describe("Cedar policy generation", () => {
    it("permits each callable tool for the agents that list it and the allowed groups", () => {
        const { catalogue } = sample();
        const byAction = Object.fromEntries(catalogue.map((t) => [t.action, t]));
        assert.deepStrictEqual(byAction.ops___read_logs.principals, ["incident-investigator-client"]);
        assert.deepStrictEqual(byAction.ops___read_logs.groups, ["sre"]);
        assert.deepStrictEqual(byAction.ops___describe_resources.principals, ["incident-investigator-client", "cost-reporter-client"]);
        assert.deepStrictEqual(byAction.ops___delete_stack.principals, []);
    });

    it("generates one permit per callable tool and one forbid for every destructive tool", () => {
        const { policies } = sample();
        assert.deepStrictEqual(
            policies.map((p) => [p.name, p.effect, p.actions]),
            [
                ["permit_ops_describe_resources", "permit", ["ops___describe_resources"]],
                ["permit_ops_read_logs", "permit", ["ops___read_logs"]],
                ["permit_tickets_open_ticket", "permit", ["tickets___open_ticket"]],
                ["forbid_destructive_tools", "forbid", ["ops___delete_stack", "ops___terminate_instance"]],
            ],
        );
        const forbid = parseCedar(policies[3].statement).policies[0].json;
        assert.deepStrictEqual(forbid.principal, { op: "All" }, "every caller");
        assert.deepStrictEqual(forbid.conditions, [], "unconditional");
    });

    it("generates statements that parse, meet AgentCore's scope rules and validate against the gateway's schema", () => {
        const { gateway, policies } = sample();
        const schema = agentCoreCedarSchema(gatewayManifest(gateway), [OAUTH_USER]);
        for (const p of policies) {
            const parsed = parseCedar(p.statement);
            assert.deepStrictEqual(parsed.errors, [], p.name);
            assert.strictEqual(parsed.policies.length, 1, p.name);
            assert.deepStrictEqual(agentCoreScopeProblems(parsed.policies[0].json), [], p.name);
            assert.deepStrictEqual(validateCedar(p.statement, schema), { errors: [], warnings: [] }, p.name);
        }
    });

    it("gives no permit to a tool nobody may call (AgentCore denies by default)", () => {
        const policies = generateToolPolicies({ gatewayArn: ARN, groupClaim: "groups", tools: [{ action: "ops___read_logs", access: "read-only", principals: [], groups: [] }] });
        assert.deepStrictEqual(policies, []);
    });

    it("escapes what it quotes and refuses control characters", () => {
        assert.strictEqual(cedarString('a"b\\c'), '"a\\"b\\\\c"');
        assert.throws(() => cedarString("a\nb"), /control characters are not allowed/);
        const [permit] = generateToolPolicies({ gatewayArn: ARN, groupClaim: "groups", tools: [{ action: "ops___read_logs", access: "read-only", principals: [], groups: ["a*b"] }] });
        assert.match(permit.statement, /like "\*\\"a\\\*b\\"\*"/, "a * in a group name is literal, not a wildcard");
    });

    it("keeps policy names valid and unique when tool names are long or collide", () => {
        const tools = [
            { action: `ops___${"x".repeat(60)}`, access: "read-only" as const, principals: ["p"], groups: [] },
            { action: "ops___read-logs", access: "read-only" as const, principals: ["p"], groups: [] },
            { action: "ops___read_logs", access: "read-only" as const, principals: ["p"], groups: [] },
        ];
        const names = generateToolPolicies({ gatewayArn: ARN, groupClaim: "g", tools }).map((p) => p.name);
        assert.strictEqual(new Set(names).size, 3);
        for (const n of names) {
            assert.match(n, /^[A-Za-z][A-Za-z0-9_]{0,47}$/);
        }
    });

    it("refuses a statement longer than AgentCore accepts", () => {
        const principals = Array.from({ length: 400 }, (_, i) => `client-${i}-${"x".repeat(20)}`);
        assert.throws(() => generateToolPolicies({ gatewayArn: ARN, groupClaim: "g", tools: [{ action: "ops___read_logs", access: "read-only", principals, groups: [] }] }), /at most 10000/);
    });
});
