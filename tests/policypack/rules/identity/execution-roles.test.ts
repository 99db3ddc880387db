/**
 * Every execution role the classification names is an agent role: for each Bedrock and AgentCore
 * type that runs as a role (a harness's executionRoleArn, a browser's, a code interpreter's, a
 * memory's memoryExecutionRoleArn, an online evaluation's evaluationExecutionRoleArn, a flow's,
 * a knowledge base's, a model job's), the agent-role rules judge the role it names: dedicated, bounded,
 * no admin policy, a trust pinned to the account (confused deputy) and a boundary that is a ceiling.
 */
import { strict as assert } from "assert";
import { BEDROCK_RESOURCE_TYPES } from "../../../../policypack/controls/bedrock-resources";
import { AGENT_ROLE_CONSUMERS } from "../../../../policypack/lib/agent-roles";
import { T } from "../../../../policypack/lib/types";
import { agentRoleDedicated } from "../../../../policypack/rules/identity/agent-role-dedicated";
import { agentRoleNoAdminPolicies } from "../../../../policypack/rules/identity/agent-role-no-admin-policies";
import { agentRolePermissionBoundary } from "../../../../policypack/rules/identity/agent-role-permission-boundary";
import { agentRoleTrustScoped } from "../../../../policypack/rules/identity/agent-role-trust-scoped";
import { permissionBoundaryNonDestructive } from "../../../../policypack/rules/identity/permission-boundary-non-destructive";
import { FakeResource, messages, runResourceRule, runStackRule } from "../../../helpers/policy-harness";
import { agentTrust, BOUNDARY_ARN, doc, policy, role, roleArn, trust } from "./fixtures";

const consumer = (type: string, name: string, roleArnValue: string, props: Record<string, unknown> = {}): FakeResource => ({
    type,
    name,
    props: { [AGENT_ROLE_CONSUMERS[type]]: roleArnValue, ...props },
});

/** A role on the default path (so only its use marks it as an agent role), trusted by the type's service. */
const plainRole = (name: string, type: string, props: Record<string, unknown> = {}) =>
    role(name, { path: "/", arn: roleArn(name, "/"), assumeRolePolicy: agentTrust(BEDROCK_RESOURCE_TYPES[type].executionRoles[0].service), ...props });

describe("execution roles of every classified Bedrock and AgentCore type", () => {
    const types = Object.keys(AGENT_ROLE_CONSUMERS);

    it("covers the harness, browser, code interpreter, memory, online evaluation, flow, knowledge base and job roles", () => {
        for (const token of [
            "aws:bedrock/agentcoreHarness:AgentcoreHarness",
            "aws:bedrock/agentcoreBrowser:AgentcoreBrowser",
            "aws:bedrock/agentcoreCodeInterpreter:AgentcoreCodeInterpreter",
            "aws:bedrock/agentcoreMemory:AgentcoreMemory",
            "aws:bedrock/agentcoreOnlineEvaluationConfig:AgentcoreOnlineEvaluationConfig",
            "aws:bedrock/agentFlow:AgentFlow",
            "aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase",
            "aws:bedrockmodel/invocationJob:InvocationJob",
        ]) {
            assert.ok(types.includes(token), token);
        }
        assert.equal(AGENT_ROLE_CONSUMERS["aws:bedrock/agentcoreHarness:AgentcoreHarness"], "executionRoleArn");
        assert.equal(AGENT_ROLE_CONSUMERS[T.invocationLogging], undefined, "the log delivery role is not an execution role");
    });

    for (const type of types) {
        const short = type.split(":").pop()!;
        it(`${short}: its role needs a boundary, no admin policy and no other user`, async () => {
            const name = `${short.toLowerCase()}-role`;
            const unbounded = await runStackRule(agentRolePermissionBoundary, [plainRole(name, type, { permissionsBoundary: undefined }), consumer(type, "x", roleArn(name, "/"))]);
            assert.deepEqual(messages(unbounded), [`agent role ${name} has no permissions boundary: its own policies are its only limit`]);

            const admin = await runStackRule(agentRoleNoAdminPolicies, [
                plainRole(name, type, { managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] }),
                consumer(type, "x", roleArn(name, "/")),
            ]);
            assert.equal(admin.violations.length, 1);
            assert.match(messages(admin)[0], /AdministratorAccess is attached/);

            const shared = await runStackRule(agentRoleDedicated, [plainRole(name, type), consumer(type, "x", roleArn(name, "/")), consumer(type, "y", roleArn(name, "/"))]);
            assert.equal(shared.violations.length, 1);
            assert.match(messages(shared)[0], new RegExp(`role ${name} is shared by 2 resources that execute as it`));
        });

        it(`${short}: its role's trust must pin the service to this account, and its boundary must be a ceiling`, async () => {
            const name = `${short.toLowerCase()}-role`;
            const service = BEDROCK_RESOURCE_TYPES[type].executionRoles[0].service;
            const scoped = await runResourceRule(agentRoleTrustScoped, plainRole(name, type));
            assert.deepEqual([scoped.violations, scoped.notApplicable], [[], undefined]);
            // Checkov CKV_AWS_61 / Prowler confused-deputy shape: the service trusted with no condition.
            const open = trust({ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" });
            const unscoped = await runResourceRule(agentRoleTrustScoped, plainRole(name, type, { assumeRolePolicy: open }));
            assert.equal(unscoped.violations.length, 1, `${short}: ${service}`);
            assert.match(messages(unscoped)[0], /without aws:SourceAccount or aws:SourceArn pinned to this account or its agents \(confused deputy\)/);

            const allowAll = await runStackRule(permissionBoundaryNonDestructive, [
                policy("agent-boundary", doc({ Effect: "Allow", Action: "*", Resource: "*" }), BOUNDARY_ARN),
                plainRole(name, type),
                consumer(type, "x", roleArn(name, "/")),
            ]);
            assert.equal(allowAll.violations.length, 1);
            assert.match(messages(allowAll)[0], new RegExp(`policy agent-boundary, the permissions boundary of ${name}: .*allows every action \\("\\*"\\)`));
        });
    }

    it("flags a harness role with Resource * model access and no boundary (the issue's case)", async () => {
        const policy = { type: T.iamRolePolicy, name: "harness-policy", props: { role: "harness-role", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) } };
        const resources = [
            plainRole("harness-role", "aws:bedrock/agentcoreHarness:AgentcoreHarness", { permissionsBoundary: undefined }),
            policy,
            consumer("aws:bedrock/agentcoreHarness:AgentcoreHarness", "support-harness", roleArn("harness-role", "/"), { harnessName: "support", model: {}, systemPrompts: [{ text: "You help." }] }),
        ];
        assert.equal((await runStackRule(agentRolePermissionBoundary, resources)).violations.length, 1);
        assert.match(messages(await runStackRule(agentRoleNoAdminPolicies, resources))[0], /agent role harness-role is not least-privilege: role policy harness-policy/);
    });

    it("lets a memory strategy run as its memory's role (one identity), but not a second memory", async () => {
        const memory = (name: string): FakeResource => ({
            type: "aws:bedrock/agentcoreMemory:AgentcoreMemory",
            name,
            props: { name, arn: `arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/${name}-abc`, memoryExecutionRoleArn: roleArn("memory-role", "/") },
        });
        const strategy: FakeResource = {
            type: "aws:bedrock/agentcoreMemoryStrategy:AgentcoreMemoryStrategy",
            name: "summaries",
            props: { memoryId: "support-memory", memoryExecutionRoleArn: roleArn("memory-role", "/"), type: "SUMMARIZATION" },
            propertyDependencies: { memoryId: ["support-memory"] },
        };
        const base = [plainRole("memory-role", "aws:bedrock/agentcoreMemory:AgentcoreMemory"), memory("support-memory"), strategy];
        assert.deepEqual((await runStackRule(agentRoleDedicated, base)).violations, []);
        assert.match(messages(await runStackRule(agentRoleDedicated, [...base, memory("sales-memory")]))[0], /memory-role is shared by 2 resources/);
    });
});
