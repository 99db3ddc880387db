import * as assert from "assert";
import { T } from "../../../policypack/lib/types";
import { byType, runStackProgram, valueOf } from "../../helpers/mocks";
import { agentsOutcomes, agentsViolations } from "./packRun";

const STACKS = ["dev", "staging", "prod"] as const;

describe("agents and tools in the stacks' program", () => {
    it("prod: two agents share one gateway, each with its own role under the stack's boundary and the published guardrail version", async () => {
        const run = await runStackProgram("prod");
        const resources = run.resources;
        const outputs: Record<string, any> = {};
        for (const [key, value] of Object.entries(run.outputs)) {
            outputs[key] = await valueOf(value as any);
        }
        const agents = byType(resources, T.agent);
        assert.deepStrictEqual(agents.map((a) => a.inputs.agentName).sort(), ["cost-reporter", "incident-investigator"]);
        assert.strictEqual(byType(resources, T.agentcoreGateway).length, 1);

        const roles = new Map(byType(resources, T.iamRole).map((r) => [r.outputs.arn, r]));
        const agentRoles = agents.map((a) => a.inputs.agentResourceRoleArn);
        assert.strictEqual(new Set(agentRoles).size, agents.length, "one role per agent");
        const guardrailVersion = byType(resources, T.guardrailVersion)[0].outputs.version;
        for (const agent of agents) {
            const role = roles.get(agent.inputs.agentResourceRoleArn);
            assert.ok(role, `role of ${agent.inputs.agentName}`);
            assert.strictEqual(role.inputs.permissionsBoundary, outputs.agentPermissionBoundaryArn);
            assert.deepStrictEqual(agent.inputs.guardrailConfigurations, [{ guardrailIdentifier: outputs.guardrailId, guardrailVersion }]);
            assert.strictEqual(agent.inputs.customerEncryptionKeyArn, outputs.agentsKmsKeyArn);
        }
        const gatewayRole = roles.get(byType(resources, T.agentcoreGateway)[0].inputs.roleArn);
        assert.strictEqual(gatewayRole?.inputs.permissionsBoundary, outputs.agentPermissionBoundaryArn);
        assert.ok(!agentRoles.includes(gatewayRole?.outputs.arn), "the gateway has its own role");
        assert.deepStrictEqual(Object.keys(outputs.agentAliasArns).sort(), ["cost-reporter", "incident-investigator"]);
    });

    it("prod: both agents' tools are permitted to them, the destructive tools forbidden to everyone", async () => {
        const { resources } = await runStackProgram("prod");
        const statements = Object.fromEntries(byType(resources, T.agentcorePolicy).map((p) => [p.inputs.name, p.inputs.definition.cedar.statement as string]));
        assert.match(statements.permit_ops_lambda_describe_resources, /"cost-reporter-prod"[\s\S]*"incident-investigator-prod"/);
        assert.doesNotMatch(statements.permit_ops_lambda_read_logs, /cost-reporter/);
        assert.match(statements.forbid_destructive_tools, /"ops-lambda___delete_stack", AgentCore::Action::"ops-lambda___terminate_instance"/);
    });

    it("prod: protects the gateway's controls (engine, policies, gateway) and the agents' key", async () => {
        const { resources } = await runStackProgram("prod");
        const controls = [T.agentcoreGateway, T.agentcorePolicyEngine, T.agentcorePolicy].flatMap((type) => byType(resources, type));
        const key = byType(resources, T.kmsKey).filter((k) => k.name === "ai-agents-key");
        assert.strictEqual(key.length, 1);
        for (const r of [...controls, ...key]) {
            assert.strictEqual(r.protect, true, r.urn);
        }
    });

    for (const stack of STACKS) {
        it(`${stack}: every agents-and-tools rule passes after up and reports nothing at preview`, async () => {
            const up = await runStackProgram(stack);
            assert.deepStrictEqual(await agentsViolations(up.resources), []);
            const ran = new Set((await agentsOutcomes(up.resources)).filter((o) => !o.outcome.notApplicable && !o.outcome.previewUnknown).map((o) => o.rule));
            for (const rule of ["bedrock-agent-guardrail", "agentcore-gateway-policy-engine-enforce", "agentcore-cedar-valid", "agentcore-cedar-forbids-destructive-tools"]) {
                assert.ok(ran.has(rule), `${rule} ran`);
            }
            const preview = await runStackProgram(stack, {}, { preview: true });
            assert.deepStrictEqual(await agentsViolations(preview.resources, true), []);
        });
    }
});
