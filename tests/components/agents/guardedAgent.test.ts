import * as assert from "assert";
import { GuardedAgent, GuardedAgentArgs } from "../../../components/agents/guardedAgent";
import { parsePolicyDocument } from "../../../policypack/lib/iam/document";
import { T } from "../../../policypack/lib/types";
import { byType, policyOf, renderComponent, single, statement, TEST_CONTEXT } from "../../helpers/mocks";
import { MODEL } from "./fixtures";
import { agentsViolations } from "./packRun";

const { accountId: ACCOUNT, region: REGION, partition: PARTITION } = TEST_CONTEXT;
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/ai-agents/agent-boundary`;
const GUARDRAIL_ARN = `arn:aws:bedrock:${REGION}:${ACCOUNT}:guardrail/abc123def456`;

function args(overrides: Partial<GuardedAgentArgs> = {}): GuardedAgentArgs {
    return {
        agentName: "incident-investigator",
        purpose: "Investigates production incidents: reads logs and resource metadata and opens tickets.",
        foundationModel: MODEL,
        approvedModels: [MODEL],
        instruction: "You investigate production incidents. Read logs and describe resources, then open a ticket with your findings.",
        idleSessionTtlSeconds: 900,
        guardrail: { id: "abc123def456", arn: GUARDRAIL_ARN, version: "3", versionedArn: `${GUARDRAIL_ARN}:3` },
        kmsKeyArn: KEY,
        permissionsBoundaryArn: BOUNDARY,
        accountId: ACCOUNT,
        region: REGION,
        partition: PARTITION,
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
        assert.strictEqual(agent.inputs.customerEncryptionKeyArn, KEY);
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
        assert.deepStrictEqual(await agentsViolations(resources), []);
    });

    it("refuses an unapproved model, a DRAFT guardrail, a long TTL, a short instruction and a bad name, registering nothing", async () => {
        const { resources, error } = await render(
            args({
                agentName: "bad name",
                foundationModel: "anthropic.claude-3-opus-20240229-v1:0",
                instruction: "too short",
                idleSessionTtlSeconds: 3600,
                guardrail: { id: "abc123def456", arn: GUARDRAIL_ARN, version: "DRAFT", versionedArn: `${GUARDRAIL_ARN}:DRAFT` },
            }),
        );
        assert.deepStrictEqual(resources, []);
        const message = error?.message ?? "";
        for (const expected of [/agentName "bad name"/, /not an approved model/, /instruction: 40-20000 characters required, got 9/, /idleSessionTtlSeconds 3600: expected whole seconds from 60 to 1800/, /guardrail.version "DRAFT": pin a published numeric version/]) {
            assert.match(message, expected);
        }
    });
});
