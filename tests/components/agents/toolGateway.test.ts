import * as assert from "assert";
import { callersOf, gatewayManifest } from "../../../components/agents/cedarPolicies";
import { ToolGateway, ToolGatewayArgs } from "../../../components/agents/toolGateway";
import { ConfigValidationError, loadStackConfig } from "../../../components/config";
import { OAUTH_USER } from "../../../policypack/controls/agentcore";
import { agentCoreCedarSchema } from "../../../policypack/lib/cedar";
import { validateCedar } from "../../../policypack/lib/cedar";
import { patternCovers } from "../../../policypack/lib/iam/patterns";
import { T } from "../../../policypack/lib/types";
import { byType, policyOf, renderComponent, single, statement, valueOf, hasAlias } from "../../helpers/mocks";
import { agentsWithCredentialTargets, CREDENTIAL_PROVIDERS, rawConfig, sampleAgents } from "./fixtures";
import { agentsRules } from "../../../policypack/rules/agents";
import { packOutcomes, runPack } from "../../helpers/pack-run";
import { ACCOUNT, KEY_ARN, REGION } from "../../helpers/fixtures";

const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/ai-agents/agent-boundary`;

/** The sample gateway's settings as written (not parsed: the component fills in the defaults), with its agents as callers. */
function args(): ToolGatewayArgs {
    const config = loadStackConfig(rawConfig());
    return { ...sampleAgents().gateways[0], callers: callersOf("ops-tools", config.agents.agents), kmsKeyArn: KEY_ARN, permissionsBoundaryArn: BOUNDARY, accountId: ACCOUNT, region: REGION };
}

async function render(a: ToolGatewayArgs = args(), preview = false) {
    let component!: ToolGateway;
    const resources = await renderComponent(() => {
        component = new ToolGateway("ops-tools", a);
    }, { preview });
    return { resources, component };
}

describe("ToolGateway", () => {
    it("registers an MCP gateway with the JWT authorizer from config, the customer key and the engine in ENFORCE mode", async () => {
        const { resources } = await render();
        const gateway = single(resources, T.agentcoreGateway);
        const engine = single(resources, T.agentcorePolicyEngine);
        const role = single(resources, T.iamRole);
        assert.strictEqual(gateway.inputs.name, "ops-tools");
        assert.strictEqual(gateway.inputs.protocolType, "MCP");
        assert.strictEqual(gateway.inputs.authorizerType, "CUSTOM_JWT");
        assert.deepStrictEqual(gateway.inputs.authorizerConfiguration, {
            customJwtAuthorizer: {
                discoveryUrl: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example/.well-known/openid-configuration",
                allowedClients: ["incident-investigator-client", "cost-reporter-client"],
            },
        });
        assert.strictEqual(gateway.inputs.kmsKeyArn, KEY_ARN);
        assert.deepStrictEqual(gateway.inputs.policyEngineConfiguration, { arn: engine.outputs.policyEngineArn, mode: "ENFORCE" });
        assert.strictEqual(gateway.inputs.roleArn, role.outputs.arn);
        assert.strictEqual(engine.inputs.encryptionKeyArn, KEY_ARN);
        assert.match(engine.inputs.name, /^[A-Za-z][A-Za-z0-9_]{0,47}$/);
    });

    it("gives the gateway a dedicated AgentCore role with exactly what the policy engine and its Lambda target need", async () => {
        const { resources } = await render();
        const role = single(resources, T.iamRole);
        const engine = single(resources, T.agentcorePolicyEngine);
        const trust = policyOf(role, "assumeRolePolicy").Statement[0];
        assert.deepStrictEqual(trust.Principal, { Service: "bedrock-agentcore.amazonaws.com" });
        assert.strictEqual(trust.Condition.ArnLike["aws:SourceArn"], `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT}:gateway/ops-tools-*`);
        assert.strictEqual(role.inputs.permissionsBoundary, BOUNDARY);
        const policies = byType(resources, T.iamRolePolicy).map((p) => [p.inputs.name, policyOf(p)] as const);
        assert.deepStrictEqual(policies.map(([n]) => n).sort(), ["invoke-lambda-targets", "policy-engine"]);
        const engineDoc = policies.find(([n]) => n === "policy-engine")![1];
        // The engine's ID is assigned at creation: the role names it by a pattern of its name and ten
        // characters, known at the first preview, that matches the engine's ARN and nothing broader.
        const enginePattern = `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT}:policy-engine/ops_tools_tools-??????????`;
        assert.ok(patternCovers(enginePattern, engine.outputs.policyEngineArn));
        assert.deepStrictEqual(statement(engineDoc, "AuthorizeToolCalls"), {
            Sid: "AuthorizeToolCalls",
            Effect: "Allow",
            Action: ["bedrock-agentcore:AuthorizeAction", "bedrock-agentcore:PartiallyAuthorizeActions"],
            Resource: [enginePattern, `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT}:gateway/ops-tools-*`],
        });
        assert.deepStrictEqual(statement(engineDoc, "ReadPolicyEngine"), { Sid: "ReadPolicyEngine", Effect: "Allow", Action: ["bedrock-agentcore:GetPolicyEngine"], Resource: enginePattern });
        assert.strictEqual(engineDoc.Statement.length, 2);
        const lambdaDoc = policies.find(([n]) => n === "invoke-lambda-targets")![1];
        assert.deepStrictEqual(lambdaDoc.Statement, [{ Sid: "InvokeLambdaTargets", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: ["arn:aws:lambda:us-east-1:111111111111:function:ops-tools"] }]);
    });

    it("lets the role fetch its targets' outbound credentials: workload token, OAuth token, API key and their AgentCore Identity secrets", async () => {
        const config = loadStackConfig(rawConfig(agentsWithCredentialTargets()));
        const { resources } = await render({ ...args(), ...config.agents.gateways[0] });
        const doc = policyOf(byType(resources, T.iamRolePolicy).find((p) => p.inputs.name === "target-credentials")!);
        const directory = `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT}:workload-identity-directory/default`;
        const workload = [directory, `${directory}/workload-identity/ops-tools-*`];
        const vault = `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT}:token-vault/default`;
        assert.deepStrictEqual(doc.Statement, [
            { Sid: "GetWorkloadAccessToken", Effect: "Allow", Action: "bedrock-agentcore:GetWorkloadAccessToken", Resource: workload },
            { Sid: "GetTargetApiKeys", Effect: "Allow", Action: "bedrock-agentcore:GetResourceApiKey", Resource: [CREDENTIAL_PROVIDERS.apiKey, vault, ...workload] },
            { Sid: "GetTargetOAuthTokens", Effect: "Allow", Action: "bedrock-agentcore:GetResourceOauth2Token", Resource: [CREDENTIAL_PROVIDERS.oauth, vault, ...workload] },
            {
                Sid: "ReadTargetCredentialSecrets",
                Effect: "Allow",
                Action: "secretsmanager:GetSecretValue",
                Resource: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:bedrock-agentcore-identity!*`,
            },
        ]);
        const targets = Object.fromEntries(byType(resources, T.agentcoreGatewayTarget).map((t) => [t.inputs.name, t.inputs]));
        assert.deepStrictEqual(targets.tickets.credentialProviderConfiguration, { oauth: { providerArn: CREDENTIAL_PROVIDERS.oauth, scopes: ["tickets.write"] } });
        assert.deepStrictEqual(targets.crm.credentialProviderConfiguration, { apiKey: { providerArn: CREDENTIAL_PROVIDERS.apiKey, credentialLocation: "HEADER", credentialParameterName: "x-api-key" } });
    });

    it("registers the targets from config: the Lambda's inline tool schema and the MCP server endpoint", async () => {
        const { resources } = await render();
        const gateway = single(resources, T.agentcoreGateway);
        const targets = Object.fromEntries(byType(resources, T.agentcoreGatewayTarget).map((t) => [t.inputs.name, t.inputs]));
        assert.deepStrictEqual(Object.keys(targets).sort(), ["ops", "tickets"]);
        assert.strictEqual(targets.ops.gatewayIdentifier, gateway.outputs.gatewayId);
        assert.deepStrictEqual(targets.ops.credentialProviderConfiguration, { gatewayIamRole: {} });
        const lambda = targets.ops.targetConfiguration.mcp.lambda;
        assert.strictEqual(lambda.lambdaArn, "arn:aws:lambda:us-east-1:111111111111:function:ops-tools");
        assert.deepStrictEqual(lambda.toolSchema.inlinePayloads.map((p: any) => p.name), ["read_logs", "describe_resources", "delete_stack", "terminate_instance"]);
        assert.deepStrictEqual(lambda.toolSchema.inlinePayloads[0].inputSchema, {
            type: "object",
            properties: [
                { name: "logGroup", type: "string", required: true },
                { name: "minutes", type: "integer", required: false },
            ],
        });
        assert.deepStrictEqual(targets.tickets.targetConfiguration, { mcp: { mcpServer: { endpoint: "https://tickets.example.com/mcp" } } });
        assert.strictEqual(targets.tickets.credentialProviderConfiguration, undefined);
    });

    it("registers the generated Cedar policies on the engine, for this gateway's ARN, after the targets, failing on any finding", async () => {
        const { resources, component } = await render();
        const gateway = single(resources, T.agentcoreGateway);
        const engine = single(resources, T.agentcorePolicyEngine);
        const targetUrns = byType(resources, T.agentcoreGatewayTarget).map((t) => t.urn);
        const policies = byType(resources, T.agentcorePolicy);
        assert.deepStrictEqual(policies.map((p) => p.inputs.name).sort(), ["forbid_destructive_tools", "permit_ops_describe_resources", "permit_ops_read_logs", "permit_tickets_open_ticket"]);
        const schema = agentCoreCedarSchema(gatewayManifest(loadStackConfig(rawConfig()).agents.gateways[0]), [OAUTH_USER]);
        for (const p of policies) {
            assert.strictEqual(p.inputs.policyEngineId, engine.outputs.policyEngineId);
            assert.strictEqual(p.inputs.validationMode, "FAIL_ON_ANY_FINDINGS");
            const text: string = p.inputs.definition.cedar.statement;
            assert.ok(text.includes(`AgentCore::Gateway::"${gateway.outputs.gatewayArn}"`), p.inputs.name);
            assert.deepStrictEqual(validateCedar(text, schema), { errors: [], warnings: [] }, p.inputs.name);
            for (const urn of targetUrns) {
                assert.ok(p.dependencies.includes(urn), `${p.inputs.name} waits for ${urn}`);
            }
        }
        const forbid = policies.find((p) => p.inputs.name === "forbid_destructive_tools")!;
        assert.match(forbid.inputs.definition.cedar.statement, /action in \[AgentCore::Action::"ops___delete_stack", AgentCore::Action::"ops___terminate_instance"\]/);
        assert.deepStrictEqual(await valueOf(component.cedarPolicies), Object.fromEntries(policies.map((p) => [p.inputs.name, p.inputs.definition.cedar.statement])));
    });

    it("is compliant with every agents-and-tools rule after `up`", async () => {
        const { resources } = await render();
        assert.deepStrictEqual((await runPack(agentsRules, resources)).violations, []);
        const ran = (await packOutcomes(agentsRules, resources)).map((o) => o.rule);
        for (const rule of ["agentcore-gateway-authorizer", "agentcore-gateway-policy-engine-enforce", "agentcore-gateway-customer-key", "agentcore-cedar-valid", "agentcore-cedar-forbids-destructive-tools"]) {
            assert.ok(ran.includes(rule), rule);
        }
    });

    it("shows no violation at preview, where the statements wait for the gateway's ARN", async () => {
        const { resources } = await render(args(), true);
        assert.deepStrictEqual((await runPack(agentsRules, resources, { preview: true })).violations, []);
        const cedar = (await packOutcomes(agentsRules, resources, { preview: true })).find((o) => o.rule === "agentcore-cedar-valid")!;
        assert.match(cedar.outcome.previewUnknown ?? "", /during preview/);
    });

    it("refuses, before registering anything, what the stack settings refuse: one line per argument with its value and what is allowed", async () => {
        const gateway = sampleAgents().gateways[0];
        const caller = { name: "rogue", principal: "rogue-client" };
        const withTool = (change: (t: any) => void) => {
            const targets = structuredClone(gateway.targets);
            change(targets[0].tools[0]);
            return { targets };
        };
        const cases: [string, Record<string, unknown>, RegExp][] = [
            ["a caller with a destructive tool", { callers: [{ ...caller, tools: ["ops___delete_stack"] }] }, /^callers\[0\]\.tools\[0\] = "ops___delete_stack": ops___delete_stack is destructive: destructive tools are forbidden for every caller$/],
            ["a caller with an unknown tool", { callers: [{ ...caller, tools: ["ops___nope"] }] }, /^callers\[0\]\.tools\[0\] = "ops___nope": gateway ops-tools has no tool ops___nope; expected one of ops___read_logs/],
            ["an uppercase name", { name: "Ops-Tools" }, /^name = "Ops-Tools": use lowercase letters$/],
            ["an authorizer open to any token", { authorizer: { discoveryUrl: gateway.authorizer.discoveryUrl } }, /^authorizer = .*: restrict allowedAudiences or allowedClients/],
            ["an unknown access", withTool((t) => (t.access = "admin")), /^targets\[0\]\.tools\[0\]\.access = "admin": .*read-only.*write.*destructive/],
            ["a destructive tool with principals", { ...withTool((t) => (t.access = "destructive")), callers: [] }, /^targets\[0\]\.tools\[0\]\.access = "destructive": a destructive tool is forbidden for everyone; remove allowedPrincipals and allowedGroups$/],
            ["an unknown input type", withTool((t) => (t.inputs.minutes.type = "date")), /^targets\[0\]\.tools\[0\]\.inputs\.minutes\.type = "date": .*string.*integer.*number.*boolean/],
            ["a key that is not a KMS ARN", { kmsKeyArn: "alias/agents" }, /^kmsKeyArn = "alias\/agents": expected an ARN such as arn:aws:kms:/],
            ["an account that is not one", { accountId: "1234" }, /^accountId = "1234": expected a 12-digit AWS account ID/],
            ["a misspelt argument", { gateway }, /^gateway = .*: unknown key; allowed keys: .*targets/],
        ];
        for (const [label, change, expected] of cases) {
            let error: unknown;
            const resources = await renderComponent(() => {
                try {
                    new ToolGateway("ops-tools", { ...args(), ...change } as ToolGatewayArgs);
                } catch (e) {
                    error = e;
                }
            });
            assert.ok(error instanceof ConfigValidationError, `${label}: ${error}`);
            assert.strictEqual(error.problems.length, 1, `${label}: ${error.problems.join(" | ")}`);
            assert.match(error.problems[0], expected, label);
            assert.match(error.message, /^ToolGateway ops-tools: invalid arguments \(1 problem\):/);
            assert.deepStrictEqual(resources, [], `${label}: nothing registered`);
        }
    });

    it("keeps deployed stacks in place: aliases from the token, the role's and the targets' names of earlier releases", async () => {
        const { resources } = await render();
        const component = single(resources, "ai-guardrails:index:ToolGateway");
        assert.ok(hasAlias(component, { type: "ai-guardrails:agents:ToolGateway" }), JSON.stringify(component.aliases));
        // The execution role's AgentIdentity keeps its name `ops-tools-role`; its role, `ops-tools-role-role` before, takes that name.
        const role = single(resources, T.iamRole);
        assert.strictEqual(role.name, "ops-tools-role");
        assert.ok(hasAlias(role, { name: "ops-tools-role-role" }), JSON.stringify(role.aliases));
        const targets = byType(resources, T.agentcoreGatewayTarget);
        assert.deepStrictEqual(targets.map((t) => t.name).sort(), ["ops-tools-target-ops", "ops-tools-target-tickets"]);
        for (const target of targets) {
            assert.ok(hasAlias(target, { name: target.name.replace("-target-", "-") }), `${target.name}: ${JSON.stringify(target.aliases)}`);
        }
    });

    it("exposes ARNs, IDs, the URL and each target's ID by name", async () => {
        const { resources, component } = await render();
        const gateway = single(resources, T.agentcoreGateway);
        assert.strictEqual(await valueOf(component.gatewayArn), gateway.outputs.gatewayArn);
        assert.strictEqual(await valueOf(component.gatewayId), gateway.outputs.gatewayId);
        assert.strictEqual(await valueOf(component.gatewayUrl), gateway.outputs.gatewayUrl);
        assert.strictEqual(await valueOf(component.policyEngineArn), single(resources, T.agentcorePolicyEngine).outputs.policyEngineArn);
        assert.strictEqual(await valueOf(component.roleArn), single(resources, T.iamRole).outputs.arn);
        const targetIds = Object.fromEntries(byType(resources, T.agentcoreGatewayTarget).map((t) => [t.inputs.name, t.outputs.targetId]));
        assert.deepStrictEqual(await valueOf(component.targetIds), targetIds);
    });
});
