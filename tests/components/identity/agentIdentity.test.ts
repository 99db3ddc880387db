import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ConfigValidationError } from "../../../components/config";
import { AgentIdentity, AgentIdentityArgs } from "../../../components/identity/agentIdentity";
import { AgentPermissionBoundary } from "../../../components/identity/agentPermissionBoundary";
import { identitySchema } from "../../../components/config/identity";
import { actionExists, conditionKeyExists } from "../../../policypack/lib/iam/catalog";
import { parsePolicyDocument } from "../../../policypack/lib/iam/document";
import { identityRules } from "../../../policypack/rules/identity";
import { T } from "../../../policypack/lib/types";
import { runPack } from "../../helpers/pack-run";
import { byType, policyOf, renderComponent, single, valueOf, hasAlias } from "../../helpers/mocks";
import { ACCOUNT, GUARDRAIL_ARN, MODEL, REGION } from "../../helpers/fixtures";

const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/ai-agents/agent-boundary`;

const readLogs = {
    Version: "2012-10-17",
    Statement: [{ Sid: "ReadAppLogs", Effect: "Allow", Action: ["logs:GetLogEvents", "logs:FilterLogEvents"], Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/app/*` }],
};

function args(overrides: Partial<AgentIdentityArgs> = {}): AgentIdentityArgs {
    return {
        purpose: "Investigates incidents: reads logs and metadata, opens tickets",
        trustedService: "bedrock",
        accountId: ACCOUNT,
        region: REGION,
        permissionsBoundaryArn: BOUNDARY,
        policies: [{ name: "read-logs", document: readLogs }],
        ...overrides,
    };
}

async function render(a: AgentIdentityArgs = args()) {
    let component!: AgentIdentity;
    const resources = await renderComponent(() => {
        component = new AgentIdentity("triage", a);
    });
    return { resources, component, role: single(resources, T.iamRole) };
}

describe("AgentIdentity", () => {
    it("registers a role trusted only by Bedrock, for this account's agents only", async () => {
        const { role, component } = await render();
        const trust = policyOf(role, "assumeRolePolicy");
        assert.equal(trust.Statement.length, 1);
        const [s] = trust.Statement;
        assert.deepEqual(s.Principal, { Service: "bedrock.amazonaws.com" });
        assert.equal(s.Action, "sts:AssumeRole");
        assert.equal(s.Effect, "Allow");
        assert.deepEqual(s.Condition, {
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            ArnLike: { "aws:SourceArn": `arn:aws:bedrock:${REGION}:${ACCOUNT}:agent/*` },
        });
        assert.equal(await valueOf(component.trustPolicy), role.inputs.assumeRolePolicy);
    });

    it("carries the boundary, the agent path, the agent tags, the purpose and a one-hour session", async () => {
        const { role, component } = await render(args({ tags: { team: "sre" } }));
        assert.equal(role.inputs.permissionsBoundary, BOUNDARY);
        assert.equal(role.inputs.path, "/ai-agents/");
        assert.deepEqual(role.inputs.tags, { team: "sre", "ai-guardrails:agent-identity": "true", "ai-guardrails:trusted-service": "bedrock" });
        assert.equal(role.inputs.description, "Investigates incidents: reads logs and metadata, opens tickets");
        assert.equal(role.inputs.maxSessionDuration, 3600);
        assert.match((await valueOf(component.roleArn)) ?? "", new RegExp(`^arn:aws:iam::${ACCOUNT}:role/ai-agents/triage-`));
        assert.equal(await valueOf(component.roleName), role.outputs.name);
    });

    it("trusts AgentCore for runtimes and gateways, with the default or a given source ARN", async () => {
        const byDefault = await render(args({ trustedService: "bedrock-agentcore" }));
        const s = policyOf(byDefault.role, "assumeRolePolicy").Statement[0];
        assert.deepEqual(s.Principal, { Service: "bedrock-agentcore.amazonaws.com" });
        assert.equal(s.Condition.ArnLike["aws:SourceArn"], `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT}:*`);
        assert.equal(byDefault.role.inputs.tags["ai-guardrails:trusted-service"], "bedrock-agentcore");
        const gatewayArn = `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT}:gateway/tools-*`;
        const given = await render(args({ trustedService: "bedrock-agentcore", sourceArn: pulumi.output(gatewayArn) }));
        assert.equal(policyOf(given.role, "assumeRolePolicy").Statement[0].Condition.ArnLike["aws:SourceArn"], gatewayArn);
    });

    it("attaches each least-privilege policy inline and each managed policy by ARN, as children of the component", async () => {
        const ticketTopic = pulumi.output(`arn:aws:sns:${REGION}:${ACCOUNT}:tickets`);
        const tickets = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sns:Publish", Resource: ticketTopic }] };
        const managed = `arn:aws:iam::${ACCOUNT}:policy/ai-guardrails/model-access`;
        const { resources, role } = await render(args({ policies: [{ name: "read-logs", document: readLogs }, { name: "open-tickets", document: tickets }], managedPolicyArns: [managed] }));
        const inline = byType(resources, T.iamRolePolicy);
        assert.deepEqual(inline.map((p) => p.inputs.name).sort(), ["open-tickets", "read-logs"]);
        for (const p of inline) {
            assert.equal(p.inputs.role, role.outputs.name);
        }
        assert.deepEqual(policyOf(inline.find((p) => p.inputs.name === "read-logs")!), readLogs);
        assert.equal(policyOf(inline.find((p) => p.inputs.name === "open-tickets")!).Statement[0].Resource, `arn:aws:sns:${REGION}:${ACCOUNT}:tickets`);
        const attachment = single(resources, T.iamRolePolicyAttachment);
        assert.equal(attachment.inputs.policyArn, managed);
        assert.equal(attachment.inputs.role, role.outputs.name);
        const component = single(resources, "ai-guardrails:index:AgentIdentity");
        for (const child of [role, attachment, ...inline]) {
            assert.equal(child.parent, component.urn);
        }
    });

    it("refuses, before registering anything, what it cannot build safely: one line per argument with its value and what is allowed", async () => {
        const cases: [string, Partial<AgentIdentityArgs> & Record<string, unknown>, RegExp][] = [
            ["no boundary", { permissionsBoundaryArn: "" }, /^permissionsBoundaryArn = "": an agent role must carry a permissions boundary/],
            ["an unknown trusted service", { trustedService: "ec2" as any }, /^trustedService = "ec2": allowed: bedrock, bedrock-agentcore$/],
            ["no purpose", { purpose: " " }, /^purpose = " ": a sentence of 1-1000 printable characters is required/],
            ["no policies", { policies: [] }, /^policies = \[\]: at least one least-privilege policy is required/],
            ["a bad path", { rolePath: "ai-agents" }, /^rolePath = "ai-agents": expected an IAM path/],
            ["a duplicate policy name", { policies: [{ name: "p", document: readLogs }, { name: "p", document: readLogs }] }, /^policies\[1\]\.name = "p": duplicate policy name/],
            ["a bad policy name", { policies: [{ name: "read logs!", document: readLogs }] }, /^policies\[0\]\.name = "read logs!": expected 1-128 letters/],
            ["an Allow of *", { policies: [{ name: "all", document: { Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }] }, /^policies\[0\]\.document = .*allows every action.*least privilege only$/],
            ["iam:PassRole on *", { policies: [{ name: "pass", document: { Statement: [{ Effect: "Allow", Action: ["iam:PassRole"], Resource: "*" }] } }] }, /^policies\[0\]\.document = .*allows iam:PassRole on every role/],
            [
                "an escalation path",
                { policies: [{ name: "deploy", document: { Statement: [{ Effect: "Allow", Action: ["lambda:UpdateFunctionCode"], Resource: "*" }] } }] },
                /^policies\[0\]\.document = .*opens escalation path lambda-003 .*; the permission boundary denies it$/,
            ],
            ["a malformed statement", { policies: [{ name: "bad", document: { Statement: [{ Effect: "Permit", Action: "s3:GetObject" }] } }] }, /^policies\[0\]\.document = .*Effect must be "Allow" or "Deny"/],
            ["a document that is not JSON", { policies: [{ name: "text", document: "Allow everything" }] }, /^policies\[0\]\.document = "Allow everything": expected a policy document/],
            ["AdministratorAccess", { managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] }, /^managedPolicyArns\[0\] = .*administrative and \*FullAccess AWS managed policies are not allowed/],
            ["AmazonBedrockFullAccess", { managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonBedrockFullAccess"] }, /^managedPolicyArns\[0\] = ".*AmazonBedrockFullAccess"/],
            ["the partition, which follows from the Region", { partition: "aws" }, /^partition = "aws": unknown key/],
        ];
        for (const [label, overrides, expected] of cases) {
            let error: unknown;
            const resources = await renderComponent(() => {
                try {
                    new AgentIdentity("bad", args(overrides));
                } catch (e) {
                    error = e;
                }
            });
            assert.ok(error instanceof ConfigValidationError, `${label}: ${error}`);
            assert.equal(error.problems.length, 1, `${label}: ${error.problems.join(" | ")}`);
            assert.match(error.problems[0], expected, label);
            assert.match(error.message, /^AgentIdentity bad: invalid arguments \(1 problem\):/);
            assert.deepEqual(resources, [], `${label}: nothing registered`);
        }
    });

    it("takes a policy document as JSON text, as the other languages may pass it", async () => {
        const { resources } = await render(args({ policies: [{ name: "read-logs", document: JSON.stringify(readLogs) }] }));
        assert.deepEqual(policyOf(single(resources, T.iamRolePolicy)), readLogs);
    });

    it("names its role after itself and keys attachments by policy name, with aliases from the names of earlier releases", async () => {
        const managed = `arn:aws:iam::${ACCOUNT}:policy/ai-guardrails/model-access`;
        const { resources, role } = await render(args({ managedPolicyArns: [managed] }));
        assert.equal(role.name, "triage");
        assert.ok(hasAlias(role, { name: "triage-role" }), JSON.stringify(role.aliases));
        const attachment = single(resources, T.iamRolePolicyAttachment);
        assert.equal(attachment.name, "triage-managed-ai-guardrails-model-access");
        assert.ok(hasAlias(attachment, { name: "triage-managed-0" }), JSON.stringify(attachment.aliases));
        const component = single(resources, "ai-guardrails:index:AgentIdentity");
        assert.ok(hasAlias(component, { type: "ai-guardrails:identity:AgentIdentity" }), JSON.stringify(component.aliases));
    });

    it("refuses administrative grants known only once an output resolves: that policy or attachment is never registered", async () => {
        const resources = await renderComponent(() => {
            new AgentIdentity("late", args({
                policies: [
                    { name: "read-logs", document: readLogs },
                    { name: "all", document: pulumi.output({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) },
                    { name: "pass", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: pulumi.output("iam:PassRole"), Resource: "*" }] } },
                ],
                managedPolicyArns: [pulumi.output("arn:aws:iam::aws:policy/AdministratorAccess")],
            }));
        });
        assert.deepEqual(byType(resources, T.iamRolePolicy).map((p) => p.inputs.name), ["read-logs"]);
        assert.deepEqual(byType(resources, T.iamRolePolicyAttachment), []);
    });

    it("names only real actions and condition keys in its trust policy", async () => {
        const { role } = await render();
        const doc = parsePolicyDocument(role.inputs.assumeRolePolicy);
        assert.deepEqual(doc.errors, []);
        for (const s of doc.statements) {
            for (const a of s.actions ?? []) {
                assert.ok(await actionExists(a), a);
            }
            for (const c of s.conditions) {
                assert.ok(await conditionKeyExists(c.key), c.key);
            }
        }
    });

    it("builds, with the stack's AgentPermissionBoundary, agent roles that pass every identity rule", async () => {
        const ceiling = identitySchema.parse({});
        const resources = await renderComponent(() => {
            const boundary = new AgentPermissionBoundary("ceiling", {
                ...ceiling,
                accountId: ACCOUNT,
                region: REGION,
                approvedModels: [MODEL],
                guardrail: { arn: GUARDRAIL_ARN, version: "1" },
            });
            for (const [name, service] of [["triage", "bedrock"], ["tools-gateway", "bedrock-agentcore"]] as const) {
                new AgentIdentity(name, args({ trustedService: service, permissionsBoundaryArn: boundary.policyArn }));
            }
        });
        assert.equal(resources.filter((r) => r.custom && r.type === T.iamRole).length, 2);
        // Logical names, as the engine gives them: the identity rules name roles and policies in their messages.
        for (const rule of identityRules) {
            assert.deepEqual((await runPack([rule], resources, { names: "name" })).violations, [], rule.name);
        }
    });
});
