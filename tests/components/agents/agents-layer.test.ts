import * as assert from "assert";
import { ToolGateway } from "../../../components/agents/toolGateway";
import { loadStackConfig } from "../../../components/config";
import { ceilingNeeds } from "../../../components/config/agentsChecks";
import { GATEWAY_TARGET_ROLE_ACTIONS } from "../../../policypack/controls/agentcore";
import { INVOKE_ACTIONS } from "../../../policypack/controls/model-access";
import { AGENT_ROLE_CONSUMERS } from "../../../policypack/lib/agent-roles";
import { T } from "../../../policypack/lib/types";
import { byType, loadStackConfigFile, policyOf, RegisteredResource, renderComponent, runStackProgram, valueOf } from "../../helpers/mocks";
import { agentsWithCredentialTargets, rawConfig } from "./fixtures";
import { agentsRules } from "../../../policypack/rules/agents";
import { packOutcomes, runPack } from "../../helpers/pack-run";

/**
 * The actions the roles of agents and gateways are given, other than model invocation and the
 * credential secrets (the boundary allows both in statements of their own).
 */
function roleActions(resources: readonly RegisteredResource[]): string[] {
    const used = new Set(resources.filter((r) => AGENT_ROLE_CONSUMERS[r.type]).map((r) => r.inputs[AGENT_ROLE_CONSUMERS[r.type]]));
    const roleNames = new Set(byType(resources, T.iamRole).filter((r) => used.has(r.outputs.arn)).map((r) => r.outputs.name));
    const actions = byType(resources, T.iamRolePolicy)
        .filter((p) => roleNames.has(p.inputs.role))
        .flatMap((p) => policyOf(p).Statement.filter((s: any) => s.Effect === "Allow").flatMap((s: any) => [s.Action].flat()));
    const separate = new Set<string>([...INVOKE_ACTIONS, GATEWAY_TARGET_ROLE_ACTIONS.credentialSecret]);
    return [...new Set<string>(actions)].filter((a) => !separate.has(a)).sort();
}

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

    it("the ceiling check knows every action the components give agent and gateway roles, so it cannot miss one", async () => {
        for (const stack of STACKS) {
            const needed = new Set(ceilingNeeds(loadStackConfig(loadStackConfigFile(stack)).agents).map((n) => n.action));
            const given = roleActions((await runStackProgram(stack)).resources);
            assert.ok(given.length > 0, stack);
            assert.deepStrictEqual(given.filter((a) => !needed.has(a)), [], stack);
        }
        const gateway = loadStackConfig(rawConfig(agentsWithCredentialTargets())).agents;
        const resources = await renderComponent(() => {
            const { accountId, region } = loadStackConfig(loadStackConfigFile("prod"));
            new ToolGateway("ops-tools", { ...gateway.gateways[0], kmsKeyArn: `arn:aws:kms:${region}:${accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, permissionsBoundaryArn: `arn:aws:iam::${accountId}:policy/b`, accountId, region });
        });
        const needed = new Set(ceilingNeeds(gateway).map((n) => n.action));
        assert.deepStrictEqual(roleActions(resources).filter((a) => !needed.has(a)), []);
    });

    it("a gateway with OAuth and API-key targets puts their token vault under the agents' key, so the vault-key rule passes", async () => {
        const agents = { "ai-guardrails:agents": JSON.stringify(agentsWithCredentialTargets()) };
        const up = await runStackProgram("prod", agents);
        const vaults = byType(up.resources, T.agentcoreTokenVaultCmk);
        assert.deepStrictEqual(
            vaults.map((v) => v.inputs),
            [{ tokenVaultId: "default", kmsConfiguration: { keyType: "CustomerManagedKey", kmsKeyArn: await valueOf(up.outputs.agentsKmsKeyArn as any) } }],
        );
        const vaultRule = (await packOutcomes(agentsRules, up.resources)).find((o) => o.rule === "agentcore-token-vault-customer-key")!;
        assert.deepStrictEqual([vaultRule.outcome.violations, vaultRule.outcome.notApplicable], [[], undefined]);
        assert.deepStrictEqual((await runPack(agentsRules, up.resources)).violations, []);
        const preview = await runStackProgram("prod", agents, { preview: true });
        assert.deepStrictEqual((await runPack(agentsRules, preview.resources, { preview: true })).violations, []);
        // Left to another stack of the account: none here, and the rule asks for it (or its providedBy declaration).
        const elsewhere = await runStackProgram("prod", { "ai-guardrails:agents": JSON.stringify({ ...agentsWithCredentialTargets(), tokenVaultKey: false }) });
        assert.deepStrictEqual(byType(elsewhere.resources, T.agentcoreTokenVaultCmk), []);
        assert.deepStrictEqual(
            (await runPack(agentsRules, elsewhere.resources)).violations.map((m) => m.split(":")[0]),
            ["agentcore-token-vault-customer-key"],
        );
    });

    it("lets AgentCore Identity use the agents' key for this account's token vaults only, through its own endpoint", async () => {
        const keyPolicy = (resources: readonly RegisteredResource[]) =>
            JSON.parse(String(byType(resources, "aws:kms/key:Key").find((k) => k.name.endsWith("-agents-key"))!.inputs.policy)) as { Statement: Record<string, any>[] };
        const up = await runStackProgram("prod", { "ai-guardrails:agents": JSON.stringify(agentsWithCredentialTargets()) });
        const grants = keyPolicy(up.resources).Statement.filter((s) => String(s.Sid).startsWith("AgentCoreIdentity"));
        const { accountId, region } = loadStackConfig(loadStackConfigFile("prod"));
        assert.deepStrictEqual(grants, [
            {
                Sid: "AgentCoreIdentityTokenVaultsOfThisAccount",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKeyWithoutPlaintext"],
                Resource: "*",
                Condition: {
                    ArnLike: { "kms:EncryptionContext:aws-crypto-ec:aws:bedrock-agentcore-identity:token-vault-arn": `arn:aws:bedrock-agentcore:${region}:${accountId}:token-vault/*` },
                    StringEquals: { "aws:PrincipalAccount": accountId, "kms:ViaService": `bedrock-agentcore-identity.${region}.amazonaws.com` },
                },
            },
            {
                Sid: "AgentCoreIdentityDescribesTheKey",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: ["kms:DescribeKey"],
                Resource: "*",
                Condition: { StringEquals: { "aws:PrincipalAccount": accountId, "kms:ViaService": `bedrock-agentcore-identity.${region}.amazonaws.com` } },
            },
        ]);
        // Without token vaults to encrypt, or with the vault key left to another stack, the key grants AgentCore Identity nothing.
        for (const overrides of [{} as Record<string, string>, { "ai-guardrails:agents": JSON.stringify({ ...agentsWithCredentialTargets(), tokenVaultKey: false }) }]) {
            const { resources } = await runStackProgram("prod", overrides);
            assert.deepStrictEqual(keyPolicy(resources).Statement.filter((s) => String(s.Sid).startsWith("AgentCoreIdentity")), []);
        }
    });

    it("a stack without credentialed targets sets no vault key", async () => {
        const { resources } = await runStackProgram("prod");
        assert.deepStrictEqual(byType(resources, T.agentcoreTokenVaultCmk), []);
    });

    for (const stack of STACKS) {
        it(`${stack}: every agents-and-tools rule passes after up and reports nothing at preview`, async () => {
            const up = await runStackProgram(stack);
            assert.deepStrictEqual((await runPack(agentsRules, up.resources)).violations, []);
            const ran = new Set((await packOutcomes(agentsRules, up.resources)).filter((o) => !o.outcome.notApplicable && !o.outcome.previewUnknown).map((o) => o.rule));
            for (const rule of ["bedrock-agent-guardrail", "agentcore-gateway-policy-engine-enforce", "agentcore-cedar-valid", "agentcore-cedar-forbids-destructive-tools"]) {
                assert.ok(ran.has(rule), `${rule} ran`);
            }
            const preview = await runStackProgram(stack, {}, { preview: true });
            assert.deepStrictEqual((await runPack(agentsRules, preview.resources, { preview: true })).violations, []);
        });
    }
});
