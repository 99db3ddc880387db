import * as assert from "assert";
import { GuardedAgent, GuardedAgentArgs } from "../../../components/agents/guardedAgent";
import { ConfigValidationError } from "../../../components/config";
import { parsePolicyDocument } from "../../../policypack/lib/iam/document";
import { T } from "../../../policypack/lib/types";
import { byType, policyOf, renderComponent, single, statement, valueOf, hasAlias } from "../../helpers/mocks";
import { agentsRules } from "../../../policypack/rules/agents";
import { runPack } from "../../helpers/pack-run";
import { ACCOUNT, GUARDRAIL_ARN, KEY_ARN, MODEL, REGION } from "../../helpers/fixtures";

const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/ai-agents/agent-boundary`;

function args(overrides: Partial<GuardedAgentArgs> = {}): GuardedAgentArgs {
    return {
        name: "incident-investigator",
        purpose: "Investigates production incidents: reads logs and resource metadata and opens tickets.",
        foundationModel: MODEL,
        approvedModels: [MODEL],
        instruction: "You investigate production incidents. Read logs and describe resources, then open a ticket with your findings.",
        idleSessionTtlSeconds: 900,
        guardrail: { arn: GUARDRAIL_ARN, version: "3" },
        kmsKeyArn: KEY_ARN,
        permissionsBoundaryArn: BOUNDARY,
        accountId: ACCOUNT,
        region: REGION,
        ...overrides,
    };
}

async function render(a: GuardedAgentArgs = args()) {
    let error: Error | undefined;
    const resources = await renderComponent(() => {
        try {
            new GuardedAgent("incident-investigator", a);
        } catch (e) {
            error = e as Error;
        }
    });
    return { resources, error };
}

describe("GuardedAgent", () => {
    it("registers an agent with its own role, the pinned guardrail version, the customer key, a bounded TTL and an approved model", async () => {
        const { resources } = await render();
        const agent = single(resources, T.agent);
        const role = single(resources, T.iamRole);
        assert.strictEqual(agent.inputs.agentName, "incident-investigator");
        assert.strictEqual(agent.inputs.agentResourceRoleArn, role.outputs.arn);
        assert.deepStrictEqual(agent.inputs.guardrailConfigurations, [{ guardrailIdentifier: "abc123def456", guardrailVersion: "3" }]);
        assert.strictEqual(agent.inputs.customerEncryptionKeyArn, KEY_ARN);
        assert.strictEqual(agent.inputs.idleSessionTtlInSeconds, 900);
        assert.strictEqual(agent.inputs.foundationModel, MODEL);
        const alias = single(resources, T.agentAlias);
        assert.strictEqual(alias.inputs.agentId, agent.outputs.agentId);
        assert.strictEqual(alias.inputs.agentAliasName, "live");
    });

    it("trusts only Bedrock agents of this account and carries the boundary", async () => {
        const { resources } = await render();
        const role = single(resources, T.iamRole);
        const trust = policyOf(role, "assumeRolePolicy").Statement[0];
        assert.deepStrictEqual(trust.Principal, { Service: "bedrock.amazonaws.com" });
        assert.strictEqual(trust.Condition.StringEquals["aws:SourceAccount"], ACCOUNT);
        assert.strictEqual(trust.Condition.ArnLike["aws:SourceArn"], `arn:aws:bedrock:${REGION}:${ACCOUNT}:agent/*`);
        assert.strictEqual(role.inputs.permissionsBoundary, BOUNDARY);
    });

    it("lets the role invoke its one model, and only with the approved guardrail version", async () => {
        const { resources } = await render();
        const [policy] = byType(resources, T.iamRolePolicy);
        const doc = policyOf(policy);
        assert.deepStrictEqual(parsePolicyDocument(doc).errors, []);
        assert.deepStrictEqual(statement(doc, "InvokeApprovedModelsOnly").Resource, [`arn:aws:bedrock:${REGION}::foundation-model/${MODEL}`]);
        const deny = statement(doc, "DenyInvokeWithoutApprovedGuardrail");
        assert.strictEqual(deny.Effect, "Deny");
        assert.deepStrictEqual(deny.Condition, { StringNotEquals: { "bedrock:GuardrailIdentifier": `${GUARDRAIL_ARN}:3` } });
        assert.strictEqual(statement(doc, "ApplyApprovedGuardrail").Resource, GUARDRAIL_ARN);
    });

    it("is compliant with every agents-and-tools rule", async () => {
        const { resources } = await render();
        assert.deepStrictEqual((await runPack(agentsRules, resources)).violations, []);
    });

    it("refuses, before registering anything, what the stack settings refuse: one line per argument with its value and what is allowed", async () => {
        const cases: [string, Record<string, unknown>, RegExp][] = [
            ["a bad name", { name: "bad name" }, /^name = "bad name": expected an agent name: letters and digits with single _ or -$/],
            ["an unapproved model", { foundationModel: "anthropic.claude-3-opus-20240229-v1:0" }, /^foundationModel = "anthropic\.claude-3-opus-20240229-v1:0": not an approved model; expected one of approvedModels \(anthropic\.claude-3-5-sonnet/],
            ["a short instruction", { instruction: "too short" }, /^instruction = "too short": .*40/],
            ["a long idle session", { idleSessionTtlSeconds: 3600 }, /^idleSessionTtlSeconds = 3600: at most 1800 seconds/],
            ["a DRAFT guardrail", { guardrail: { arn: GUARDRAIL_ARN, version: "DRAFT" } }, /^guardrail\.version = "DRAFT": expected a published numeric version/],
            ["a versioned guardrail ARN", { guardrail: { arn: `${GUARDRAIL_ARN}:3`, version: "3" } }, /^guardrail\.arn = ".*:3": expected a guardrail ARN without version/],
            ["a key that is not a KMS ARN", { kmsKeyArn: "alias/agents" }, /^kmsKeyArn = "alias\/agents": expected an ARN such as arn:aws:kms:/],
            ["a boundary that is not a policy ARN", { permissionsBoundaryArn: "agent-boundary" }, /^permissionsBoundaryArn = "agent-boundary": expected a managed policy ARN/],
            ["tools without a gateway", { tools: ["ops___read_logs"] }, /^tools = \["ops___read_logs"\]: an agent with tools needs gateway and gatewayPrincipal/],
            ["a Region that is not one", { region: "mars-1" }, /^region = "mars-1": expected an AWS Region/],
            ["a misspelt argument", { agentName: "incident-investigator" }, /^agentName = "incident-investigator": unknown key; allowed keys: .*name/],
        ];
        for (const [label, change, expected] of cases) {
            const { resources, error } = await render({ ...args(), ...change } as GuardedAgentArgs);
            assert.ok(error instanceof ConfigValidationError, `${label}: ${error}`);
            assert.strictEqual(error.problems.length, 1, `${label}: ${error.problems.join(" | ")}`);
            assert.match(error.problems[0], expected, label);
            assert.match(error.message, /^GuardedAgent incident-investigator: invalid arguments \(1 problem\):/);
            assert.deepStrictEqual(resources, [], `${label}: nothing registered`);
        }
    });

    it("keeps deployed stacks in place: aliases from the token and the identity's name of earlier releases", async () => {
        const { resources } = await render();
        const component = single(resources, "ai-guardrails:index:GuardedAgent");
        assert.ok(hasAlias(component, { type: "ai-guardrails:agents:GuardedAgent" }), JSON.stringify(component.aliases));
        // Its AgentIdentity was `${name}-identity` (its role `${name}-identity-role`); both are `${name}-role` now.
        const identity = resources.find((r) => !r.custom && r.name === "incident-investigator-role");
        assert.ok(identity, resources.map((r) => r.name).join(", "));
        assert.ok(hasAlias(identity, { name: "incident-investigator-identity" }), JSON.stringify(identity.aliases));
        const role = single(resources, T.iamRole);
        assert.strictEqual(role.name, "incident-investigator-role");
    });

    it("exposes the agent's, the alias's and the role's ARNs", async () => {
        let component!: GuardedAgent;
        const resources = await renderComponent(() => {
            component = new GuardedAgent("incident-investigator", args());
        });
        assert.strictEqual(await valueOf(component.agentArn), single(resources, T.agent).outputs.agentArn);
        assert.strictEqual(await valueOf(component.agentId), single(resources, T.agent).outputs.agentId);
        assert.strictEqual(await valueOf(component.aliasArn), single(resources, T.agentAlias).outputs.agentAliasArn);
        assert.strictEqual(await valueOf(component.roleArn), single(resources, T.iamRole).outputs.arn);
    });
});
