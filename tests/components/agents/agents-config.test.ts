import * as assert from "assert";
import { loadStackConfig } from "../../../components/config";
import { ToolInputType } from "../../../components/settings/agents";
import { ceilingNeeds } from "../../../components/config/agentsChecks";
import { TOOL_INPUT_TYPES } from "../../../policypack/controls/agentcore";
import { MODEL } from "../../helpers/fixtures";
import { agentsWithCredentialTargets, rawConfig, sampleAgents } from "./fixtures";
import { configProblems } from "../../helpers/config";

function problems(agents: unknown, overrides: Record<string, string> = {}): string[] {
    return configProblems({ ...rawConfig(agents), ...overrides });
}

function mutated(change: (a: any) => void): any {
    const agents = sampleAgents();
    change(agents);
    return agents;
}

describe("ai-guardrails:agents configuration", () => {
    it("offers exactly the tool input types the Cedar schema builder maps", () => {
        assert.deepStrictEqual(Object.values(ToolInputType).sort(), [...TOOL_INPUT_TYPES].sort());
    });

    it("accepts agents sharing a gateway and fills in secure defaults", () => {
        const config = loadStackConfig(rawConfig());
        const [investigator, reporter] = config.agents.agents;
        assert.strictEqual(investigator.idleSessionTtlSeconds, 900);
        assert.strictEqual(reporter.idleSessionTtlSeconds, 600, "default TTL");
        const gateway = config.agents.gateways[0];
        assert.strictEqual(gateway.groupClaim, "cognito:groups");
        assert.deepStrictEqual(gateway.targets[0].tools[0].inputs.minutes, { type: "integer", required: false });
    });

    it("defaults to no agents and no gateways, with the token vault key on", () => {
        const raw = rawConfig();
        delete raw["ai-guardrails:agents"];
        assert.deepStrictEqual(loadStackConfig(raw).agents, { agents: [], gateways: [], tokenVaultKey: true });
    });

    it("refuses an agent whose foundation model is not approved, naming the key and the approved models", () => {
        const found = problems(mutated((a) => (a.agents[1].foundationModel = "anthropic.claude-3-opus-20240229-v1:0")));
        assert.deepStrictEqual(found, [
            'ai-guardrails:agents.agents[1].foundationModel = "anthropic.claude-3-opus-20240229-v1:0": not an approved model; expected one of ai-guardrails:models.approved (anthropic.claude-3-5-sonnet-20240620-v1:0)',
        ]);
    });

    it("refuses an idle session TTL over the maximum", () => {
        const [problem] = problems(mutated((a) => (a.agents[0].idleSessionTtlSeconds = 3600)));
        assert.match(problem, /^ai-guardrails:agents\.agents\[0\]\.idleSessionTtlSeconds = 3600: at most 1800 seconds/);
    });

    it("refuses a tool named like a destructive action unless it is marked destructive", () => {
        const [problem] = problems(mutated((a) => (a.gateways[0].targets[0].tools[2].access = "read-only")));
        assert.match(problem, /^ai-guardrails:agents\.gateways\[0\]\.targets\[0\]\.tools\[2\]\.access = "read-only": the tool's MCP name ops___delete_stack matches a destructive pattern/);
    });

    it("refuses a non-destructive tool whose target name matches a destructive pattern, as the rule reads the whole MCP name", () => {
        const [problem] = problems(mutated((a) => (a.gateways[0].targets[1].name = "purge-queue")));
        assert.match(problem, /^ai-guardrails:agents\.gateways\[0\]\.targets\[1\]\.tools\[0\]\.access = "write": the tool's MCP name purge-queue___open_ticket matches a destructive pattern/);
    });

    it("refuses a permission ceiling that does not allow what the agents and gateways need, naming the action and who needs it", () => {
        const narrowed = { "ai-guardrails:identity": JSON.stringify({ toolActions: ["bedrock-agentcore:InvokeGateway", "bedrock:ApplyGuardrail", "kms:Decrypt"] }) };
        const found = problems(sampleAgents(), narrowed);
        const needed = ["bedrock-agentcore:AuthorizeAction", "bedrock-agentcore:PartiallyAuthorizeActions", "bedrock-agentcore:GetPolicyEngine", "lambda:InvokeFunction"];
        assert.deepStrictEqual(found.map((p) => /: (\S+) is needed by/.exec(p)?.[1]), needed);
        for (const p of found) {
            assert.match(p, /^ai-guardrails:identity\.toolActions = .*is needed by gateways\[0\] \(ops-tools\) in ai-guardrails:agents: add it, or the permission boundary denies it/);
        }
        const agentsOnly = problems(sampleAgents(), { "ai-guardrails:identity": JSON.stringify({ toolActions: ["bedrock-agentcore:InvokeGateway"], readOnlyServices: ["logs", "bedrock-agentcore"] }) });
        assert.match(agentsOnly[0], /bedrock:ApplyGuardrail is needed by agents\[0\] \(incident-investigator\), agents\[1\] \(cost-reporter\)/);
        // GetPolicyEngine is a Read action: listing bedrock-agentcore as a read-only service allows it.
        assert.ok(!agentsOnly.some((p) => p.includes("GetPolicyEngine")), agentsOnly.join("\n"));
    });

    it("requires the credential actions only for gateways whose targets use outbound credentials", () => {
        const actions = (agents: any) => [...new Set(ceilingNeeds(loadStackConfig(rawConfig(agents)).agents).map((n) => n.action))].sort();
        assert.ok(!actions(sampleAgents()).some((a) => a.includes("GetResource")));
        assert.deepStrictEqual(
            actions(agentsWithCredentialTargets()).filter((a) => a.startsWith("bedrock-agentcore:Get")),
            ["bedrock-agentcore:GetPolicyEngine", "bedrock-agentcore:GetResourceApiKey", "bedrock-agentcore:GetResourceOauth2Token", "bedrock-agentcore:GetWorkloadAccessToken"],
        );
        const profile = sampleAgents();
        profile.agents[1].foundationModel = `us.${MODEL}`;
        const withProfile = ceilingNeeds(loadStackConfig({ ...rawConfig(profile), "ai-guardrails:models": JSON.stringify({ approved: [MODEL, profile.agents[1].foundationModel] }) }).agents);
        assert.deepStrictEqual(withProfile.filter((n) => n.action === "bedrock:GetInferenceProfile").map((n) => n.by), ["agents[1] (cost-reporter)"]);
    });

    it("refuses principals or groups on a destructive tool, and an agent that lists one", () => {
        assert.match(problems(mutated((a) => (a.gateways[0].targets[0].tools[2].allowedGroups = ["sre"])))[0], /a destructive tool is forbidden for everyone/);
        assert.match(problems(mutated((a) => a.agents[0].tools.push("ops___delete_stack")))[0], /ops___delete_stack is destructive/);
    });

    it("refuses an agent that names an unknown gateway or tool", () => {
        assert.match(problems(mutated((a) => (a.agents[0].gateway = "billing")))[0], /agents\.agents\[0\]\.gateway = "billing": no gateway named billing/);
        assert.match(problems(mutated((a) => (a.agents[0].tools[0] = "ops___read_log")))[0], /gateway ops-tools has no tool ops___read_log; expected one of ops___read_logs/);
        assert.match(problems(mutated((a) => delete a.agents[0].gatewayPrincipal))[0], /gatewayPrincipal/);
    });

    it("refuses a JWT authorizer that accepts any audience and client, and a non-https discovery URL", () => {
        assert.match(problems(mutated((a) => (a.gateways[0].authorizer.allowedClients = [])))[0], /restrict allowedAudiences or allowedClients/);
        assert.match(problems(mutated((a) => (a.gateways[0].authorizer.discoveryUrl = "http://idp.example.com/.well-known/openid-configuration")))[0], /discoveryUrl/);
    });

    it("refuses values that could change a generated Cedar policy", () => {
        const found = problems(mutated((a) => (a.gateways[0].targets[0].tools[0].allowedPrincipals = ['x" || true || "'])));
        assert.match(found[0], /allowedPrincipals\[0\] = .*expected a JWT subject/);
        assert.match(problems(mutated((a) => (a.gateways[0].targets[0].tools[0].allowedGroups = ["*"])))[0], /expected a group name/);
    });

    it("refuses a target that is not exactly one of lambda, mcpServer or openApi, and duplicate names", () => {
        assert.match(problems(mutated((a) => (a.gateways[0].targets[1].lambda = { arn: "arn:aws:lambda:us-east-1:111111111111:function:x" })))[0], /exactly one of lambda, mcpServer or openApi/);
        assert.match(problems(mutated((a) => (a.gateways[0].targets[1].name = "ops")))[0], /duplicate target name ops/);
        assert.match(problems(mutated((a) => a.agents.push({ ...a.agents[1] })))[0], /duplicate agent name cost-reporter/);
        assert.match(problems(mutated((a) => (a.gateways[0].targets[0].name = "ops_tools")))[0], /expected a target name/);
    });

    it("refuses unknown keys and an OpenAPI target without exactly one credential", () => {
        assert.match(problems(mutated((a) => (a.agents[0].model = "x")))[0], /agents\.agents\[0\]\.model = "x": unknown key; allowed keys: name, purpose/);
        const openApi = { name: "inventory", openApi: { schemaS3Uri: "s3://specs/inventory.json" }, tools: [{ name: "list_items", description: "List items", access: "read-only" }] };
        assert.match(problems(mutated((a) => a.gateways[0].targets.push(openApi)))[0], /exactly one credential: apiKey or oauth/);
    });
});
