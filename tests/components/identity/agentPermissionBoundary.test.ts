import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ConfigValidationError } from "../../../components/config";
import {
    AgentPermissionBoundary,
    AgentPermissionBoundaryArgs,
    agentBoundaryDocument,
    BoundaryDocumentInput,
    readOnlyActionPatterns,
} from "../../../components/identity/agentPermissionBoundary";
import { identitySchema } from "../../../components/config/identity";
import { DEFAULT_READ_ONLY_SERVICES, MANAGED_POLICY_MAX_CHARACTERS, READ_CEILING_EXCLUSIONS } from "../../../policypack/controls/agent-identity";
import { DESTRUCTIVE_ACTIONS } from "../../../policypack/controls/destructive-actions";
import { ESCALATION_PIVOTS } from "../../../policypack/controls/escalation-paths";
import { GUARDRAIL_CONDITION_KEY, INVOKE_ACTIONS, modelResourceArns } from "../../../policypack/controls/model-access";
import { actionMatches, statementCoversAction } from "../../../policypack/lib/iam/actions";
import { actionExists, actionsOfService, conditionKeyExists, expandActionPattern, expandActionPatterns } from "../../../policypack/lib/iam/catalog";
import { parsePolicyDocument } from "../../../policypack/lib/iam/document";
import { analyzeBoundary } from "../../../policypack/lib/iam/boundary";
import { T } from "../../../policypack/lib/types";
import { policyOf, renderComponent, single, statement, valueOf, hasAlias } from "../../helpers/mocks";
import { ACCOUNT, GUARDRAIL_ARN, MODEL, PARTITION, REGION } from "../../helpers/fixtures";

const PROFILE = "us.anthropic.claude-3-5-haiku-20241022-v1:0";
const GUARDRAIL_V1 = `${GUARDRAIL_ARN}:1`;
const CEILING = identitySchema.parse({});

function args(overrides: Partial<AgentPermissionBoundaryArgs> = {}): AgentPermissionBoundaryArgs {
    return {
        accountId: ACCOUNT,
        region: REGION,
        approvedModels: [MODEL, PROFILE],
        guardrail: { arn: GUARDRAIL_ARN, version: "1" },
        readOnlyServices: CEILING.readOnlyServices,
        toolActions: CEILING.toolActions,
        ...overrides,
    };
}

async function render(a: AgentPermissionBoundaryArgs = args()) {
    let component!: AgentPermissionBoundary;
    const resources = await renderComponent(() => {
        component = new AgentPermissionBoundary("ceiling", a);
    });
    const policy = single(resources, T.iamPolicy);
    return { resources, component, policy, doc: policyOf(policy) };
}

function input(overrides: Partial<BoundaryDocumentInput> = {}): BoundaryDocumentInput {
    return {
        partition: PARTITION,
        region: REGION,
        accountId: ACCOUNT,
        approvedModels: [MODEL],
        guardrailVersionedArn: GUARDRAIL_V1,
        readOnlyServices: CEILING.readOnlyServices,
        toolActions: CEILING.toolActions,
        extraDestructiveActions: [],
        allowedPassRoleArns: [],
        ...overrides,
    };
}

describe("AgentPermissionBoundary", () => {
    it("registers one managed policy on the agent path, tagged as the boundary, whose document the component exposes", async () => {
        const { resources, component, policy } = await render(args({ tags: { team: "platform" } }));
        assert.equal(resources.filter((r) => r.custom).length, 1);
        assert.equal(policy.inputs.path, "/ai-agents/");
        assert.deepEqual(policy.inputs.tags, { team: "platform", "ai-guardrails:permission-boundary": "true" });
        assert.equal(await valueOf(component.document), policy.inputs.policy);
        assert.equal(await valueOf(component.policyArn), policy.outputs.arn);
        assert.equal(policy.parent, single(resources, "ai-guardrails:index:AgentPermissionBoundary").urn);
    });

    it("allows invoking the approved models only, and denies any call without the approved guardrail version", async () => {
        const { doc } = await render();
        const allow = statement(doc, "AllowInvokeApprovedModelsOnly");
        assert.deepEqual(allow.Action, [...INVOKE_ACTIONS]);
        assert.deepEqual(allow.Resource, [...modelResourceArns(PARTITION, REGION, ACCOUNT, MODEL), ...modelResourceArns(PARTITION, REGION, ACCOUNT, PROFILE)]);
        const deny = statement(doc, "DenyInvokeWithoutApprovedGuardrail");
        assert.equal(deny.Effect, "Deny");
        assert.deepEqual(deny.Action, [...INVOKE_ACTIONS]);
        assert.equal(deny.Resource, "*");
        assert.deepEqual(deny.Condition, { StringNotEquals: { [GUARDRAIL_CONDITION_KEY]: GUARDRAIL_V1 } });
    });

    it("keeps model invocation and secret-returning reads out of the read-only ceiling", async () => {
        // logs (logs:Unmask) and the services of the other exclusions; ec2 would not fit IAM's size limit.
        const { doc } = await render(args({ readOnlyServices: ["logs", "bedrock", "secretsmanager", "ssm"] }));
        const readOnly: string[] = statement(doc, "AllowReadOnlyCeiling").Action;
        for (const forbidden of [...INVOKE_ACTIONS, ...READ_CEILING_EXCLUSIONS]) {
            assert.ok(!readOnly.some((p) => actionMatches(p, forbidden)), `${forbidden} is in the read-only ceiling`);
        }
        assert.ok(readOnly.includes("bedrock:Get*"));
    });

    it("allows the configured tool actions, and nothing else beyond reads, invocation and the credential secrets of gateway targets", async () => {
        const { doc } = await render();
        assert.deepEqual(statement(doc, "AllowAgentTools").Action, CEILING.toolActions);
        assert.deepEqual(
            doc.Statement.filter((s: any) => s.Effect === "Allow").map((s: any) => s.Sid),
            ["AllowReadOnlyCeiling", "AllowInvokeApprovedModelsOnly", "AllowAgentTools", "AllowAgentCoreIdentitySecrets"],
        );
        // Only the secrets AgentCore Identity keeps for credential providers, never every secret.
        assert.deepEqual(statement(doc, "AllowAgentCoreIdentitySecrets"), {
            Sid: "AllowAgentCoreIdentitySecrets",
            Effect: "Allow",
            Action: "secretsmanager:GetSecretValue",
            Resource: `arn:${PARTITION}:secretsmanager:${REGION}:${ACCOUNT}:secret:bedrock-agentcore-identity!*`,
        });
    });

    it("denies everything outside its Allow statements, unconditionally on every resource: the catalogue, the escalation paths and API keys included", async () => {
        const { doc } = await render();
        const allowed = doc.Statement.filter((s: any) => s.Effect === "Allow").flatMap((s: any) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
        const outside = statement(doc, "DenyEverythingOutsideTheCeiling");
        assert.deepEqual(outside, { Sid: "DenyEverythingOutsideTheCeiling", Effect: "Deny", NotAction: [...new Set(allowed)], Resource: "*" });
        const parsed = parsePolicyDocument(doc).statements.find((s) => s.sid === "DenyEverythingOutsideTheCeiling")!;
        for (const action of [...(await expandActionPatterns(DESTRUCTIVE_ACTIONS)), ...ESCALATION_PIVOTS.map((p) => p.action)]) {
            assert.ok(statementCoversAction(parsed, action), action);
        }
        assert.deepEqual(statement(doc, "DenyPassRole"), { Sid: "DenyPassRole", Effect: "Deny", Action: "iam:PassRole", Resource: "*" });
    });

    it("denies sessions on custom AgentCore sandboxes, whose execution role could be any role, and only on those", async () => {
        const { doc } = await render();
        assert.deepEqual(statement(doc, "DenyEscalationThroughCustomSandboxes"), {
            Sid: "DenyEscalationThroughCustomSandboxes",
            Effect: "Deny",
            Action: ["bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter", "bedrock-agentcore:StartBrowserSession"],
            Resource: [`arn:${PARTITION}:bedrock-agentcore:*:*:code-interpreter-custom/*`, `arn:${PARTITION}:bedrock-agentcore:*:*:browser-custom/*`],
        });
    });

    it("refuses an escalation pivot as a tool action, naming the path, and keeps the built-in code interpreter usable", async () => {
        assert.throws(() => identitySchema.parse({ toolActions: ["lambda:UpdateFunctionCode"] }), /escalation path lambda-003/);
        assert.throws(() => identitySchema.parse({ toolActions: ["bedrock-agentcore:InvokeAgentRuntimeCommand"] }), /escalation path bedrock-004/);
        const { doc } = await render(args({ toolActions: [...CEILING.toolActions, "bedrock-agentcore:InvokeCodeInterpreter"] }));
        assert.ok(statement(doc, "AllowAgentTools").Action.includes("bedrock-agentcore:InvokeCodeInterpreter"));
        assert.ok(statement(doc, "DenyEscalationThroughCustomSandboxes").Action.includes("bedrock-agentcore:InvokeCodeInterpreter"));
    });

    it("allows passing only the configured roles and denies every other, and denies the configured extras", async () => {
        const allowed = `arn:aws:iam::${ACCOUNT}:role/ai-agents/report-runtime`;
        const { doc } = await render(args({ allowedPassRoleArns: [allowed], extraDestructiveActions: ["glue:Delete*"] }));
        assert.deepEqual(statement(doc, "AllowPassApprovedRolesOnly").Resource, [allowed]);
        assert.deepEqual(statement(doc, "DenyPassRoleOutsideApprovedRoles").NotResource, [allowed]);
        assert.deepEqual(statement(doc, "DenyConfiguredDestructiveActions").Action, ["glue:Delete*"]);
    });

    it("passes its own rule: the document denies every expanded destructive action and allows no * or iam:*", async () => {
        const { doc } = await render();
        const analysis = await analyzeBoundary(parsePolicyDocument(doc));
        assert.deepEqual(analysis.findings, []);
        assert.equal(analysis.destructiveActionCount, (await expandActionPatterns(DESTRUCTIVE_ACTIONS)).length);
    });

    it("names only real actions (every pattern expands to at least one) and real condition keys", async () => {
        const { doc } = await render(args({ allowedPassRoleArns: [`arn:aws:iam::${ACCOUNT}:role/x`], extraDestructiveActions: ["glue:Delete*"] }));
        const parsed = parsePolicyDocument(doc);
        assert.deepEqual(parsed.errors, []);
        for (const s of parsed.statements) {
            for (const a of s.actions ?? []) {
                assert.ok(await actionExists(a), `${a} names no real action`);
            }
            for (const c of s.conditions) {
                assert.ok(await conditionKeyExists(c.key), c.key);
            }
        }
    });

    it("every pattern of the destructive catalogue expands to at least one real action", async () => {
        for (const pattern of DESTRUCTIVE_ACTIONS) {
            assert.ok((await expandActionPattern(pattern)).length > 0, pattern);
        }
    });

    it("compacts a service's Read and List actions into patterns that match exactly those actions", async () => {
        for (const service of [...DEFAULT_READ_ONLY_SERVICES, "bedrock", "bedrock-agentcore", "ec2", "s3", "iam"]) {
            const patterns = readOnlyActionPatterns(service);
            for (const a of actionsOfService(service)) {
                const name = a.action;
                const readable =
                    (a.accessLevel === "Read" || a.accessLevel === "List") &&
                    ![...INVOKE_ACTIONS, ...READ_CEILING_EXCLUSIONS].some((x) => x.toLowerCase() === name.toLowerCase()) &&
                    !DESTRUCTIVE_ACTIONS.some((d) => actionMatches(d, name));
                assert.equal(patterns.some((p) => actionMatches(p, name)), readable, `${name} (${a.accessLevel})`);
            }
        }
    });

    it("stays within IAM's size limit with the default ceiling, and refuses a ceiling that does not fit", () => {
        assert.ok(agentBoundaryDocument(input()).length <= MANAGED_POLICY_MAX_CHARACTERS);
        assert.throws(() => agentBoundaryDocument(input({ readOnlyServices: ["ec2", "s3", "iam", "bedrock", "bedrock-agentcore", "sagemaker", "glue", "rds"] })), /over IAM's 6144: list fewer/);
    });

    it("refuses, before registering anything, what the stack settings refuse: one line per argument with its value and what is allowed", async () => {
        const cases: [string, Partial<AgentPermissionBoundaryArgs> & Record<string, unknown>, RegExp][] = [
            ["no approved model", { approvedModels: [] }, /^approvedModels = \[\]: at least one approved model is required$/],
            ["a model ID that is not one", { approvedModels: ["claude"] }, /^approvedModels\[0\] = "claude": expected a Bedrock foundation-model ID/],
            ["an unpublished guardrail", { guardrail: { arn: GUARDRAIL_ARN, version: "DRAFT" } }, /^guardrail\.version = "DRAFT": expected a published numeric version/],
            ["an unknown service", { readOnlyServices: ["logz"] }, /^readOnlyServices\[0\] = "logz": expected an IAM service prefix/],
            ["a destructive tool action", { toolActions: ["s3:DeleteBucket"] }, /^toolActions\[0\] = "s3:DeleteBucket": is in the destructive-action catalogue/],
            ["a wildcard tool action", { toolActions: ["lambda:Invoke*"] }, /name one action per entry, without wildcards/],
            ["invocation as a tool action", { toolActions: ["bedrock:InvokeModel"] }, /model invocation is allowed only on the approved models/],
            ["an extra pattern that matches nothing", { extraDestructiveActions: ["s3:Obliterate*"] }, /^extraDestructiveActions\[0\] = "s3:Obliterate\*": expected an IAM action/],
            ["a wildcard PassRole role", { allowedPassRoleArns: ["arn:aws:iam::111111111111:role/*"] }, /^allowedPassRoleArns\[0\] = .*expected a role ARN without wildcards/],
            ["a bad role path", { rolePath: "ai-agents" }, /^rolePath = "ai-agents": expected an IAM path/],
            [
                "a ceiling over IAM's size limit, even with the guardrail still unknown",
                { guardrail: { arn: pulumi.output(GUARDRAIL_ARN), version: pulumi.output("1") }, readOnlyServices: ["ec2", "s3", "iam", "bedrock", "bedrock-agentcore", "sagemaker", "glue", "rds"] },
                /^readOnlyServices = .*: the permissions boundary document is \d+ characters, over IAM's 6144: list fewer readOnlyServices or toolActions$/,
            ],
        ];
        for (const [label, overrides, expected] of cases) {
            let error: unknown;
            const resources = await renderComponent(() => {
                try {
                    new AgentPermissionBoundary("bad", args(overrides));
                } catch (e) {
                    error = e;
                }
            });
            assert.ok(error instanceof ConfigValidationError, `${label}: ${error}`);
            assert.equal(error.problems.length, 1, `${label}: ${error.problems.join(" | ")}`);
            assert.match(error.problems[0], expected, label);
            assert.match(error.message, /^AgentPermissionBoundary bad: invalid arguments \(1 problem\):/);
            assert.deepEqual(resources, [], `${label}: nothing registered`);
        }
    });

    it("takes the stack settings' identity section whole, and the guardrail's outputs", async () => {
        const { doc, policy } = await render({ ...identitySchema.parse({ rolePath: "/agents/" }), accountId: ACCOUNT, region: REGION, approvedModels: [MODEL], guardrail: { arn: pulumi.output(GUARDRAIL_ARN), version: pulumi.output("2") } });
        assert.equal(policy.inputs.path, "/agents/");
        assert.deepEqual(statement(doc, "DenyInvokeWithoutApprovedGuardrail").Condition, { StringNotEquals: { [GUARDRAIL_CONDITION_KEY]: `${GUARDRAIL_ARN}:2` } });
    });

    it("exposes the destructive patterns it denies", async () => {
        const { component } = await render(args({ extraDestructiveActions: ["glue:Delete*"] }));
        const denied = (await valueOf(component.deniedActionPatterns)) ?? [];
        assert.ok(denied.includes("glue:Delete*"));
        assert.ok(DESTRUCTIVE_ACTIONS.every((p) => denied.includes(p)));
    });

    it("keeps deployed stacks in place: an alias from the token of earlier releases", async () => {
        const { resources } = await render();
        const component = single(resources, "ai-guardrails:index:AgentPermissionBoundary");
        assert.ok(hasAlias(component, { type: "ai-guardrails:identity:AgentPermissionBoundary" }), JSON.stringify(component.aliases));
    });
});
