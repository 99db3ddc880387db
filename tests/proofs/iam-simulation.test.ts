/**
 * Proof by IAM simulation that agent roles live under a real ceiling: built from the resources the
 * components and every stack's program register under mocks, each agent role's identity policies
 * plus its permissions boundary are evaluated by @cloud-copilot/iam-simulate.
 *
 * - Every action of the destructive catalogue, expanded against the real action catalogue, is
 *   explicitly denied, even when the role's own policies are widened to `"Action": "*"`; so is every
 *   pivot of the escalation paths (running code as another role), on the resources it needs.
 * - Every action the role's own policies grant for its purpose is allowed.
 * - Invoking an unapproved model, or invoking without the approved guardrail, is denied.
 */
import { strict as assert } from "assert";
import { ModelAccessPolicy } from "../../components/access/modelAccessPolicy";
import { ToolGateway } from "../../components/agents/toolGateway";
import { loadStackConfig } from "../../components/config";
import { identitySchema } from "../../components/config/identity";
import { AgentIdentity } from "../../components/identity/agentIdentity";
import { AgentPermissionBoundary } from "../../components/identity/agentPermissionBoundary";
import { DESTRUCTIVE_ACTIONS } from "../../policypack/controls/destructive-actions";
import { GUARDRAIL_CONDITION_KEY, INVOKE_ACTIONS } from "../../policypack/controls/model-access";
import { AGENT_ROLE_CONSUMERS } from "../../policypack/lib/agent-roles";
import { wildcardToRegExp } from "../../policypack/lib/wildcards";
import { expandActionPatterns } from "../../policypack/lib/iam/catalog";
import { T } from "../../policypack/lib/types";
import { availableStacks, loadStackConfigFile, renderComponent, RegisteredResource, runStackProgram } from "../helpers/mocks";
import {
    agentRolesOf,
    ALLOW_EVERYTHING,
    approvedContext,
    asList,
    decide,
    Decision,
    defaultKeyPolicy,
    escalationNotDenied,
    keyPoliciesOf,
    NamedPolicy,
    SimulatedRole,
    statementContext,
} from "./agent-role-simulation";
import { agentsWithCredentialTargets, rawConfig } from "../components/agents/fixtures";
import { ACCOUNT, GUARDRAIL_ARN, KEY_ARN, MODEL, PARTITION, REGION } from "../helpers/fixtures";

const PROFILE = "us.anthropic.claude-3-5-haiku-20241022-v1:0";
const UNAPPROVED = "anthropic.claude-3-opus-20240229-v1:0";
const GUARDRAIL_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;

let destructive: string[] = [];

before(async () => {
    destructive = await expandActionPatterns(DESTRUCTIVE_ACTIONS);
});

/** Every destructive action, with the role's identity widened to "*": the decisions that are not an explicit deny. */
async function destructiveNotDenied(role: SimulatedRole): Promise<string[]> {
    const leaks: string[] = [];
    for (const action of destructive) {
        const decision = await decide(role, { action, resource: "*" }, [ALLOW_EVERYTHING]);
        if (decision !== "ExplicitlyDenied") {
            leaks.push(`${action}: ${decision}`);
        }
    }
    return leaks;
}

/** Every action the role's own Allow statements grant, on each resource they name, made the approved way. */
async function purposeDecisions(role: SimulatedRole, keyPolicies: ReadonlyMap<string, unknown>): Promise<{ allowed: number; refused: string[]; grantsDestructive: string[] }> {
    const base = approvedContext([...role.identityPolicies, ...(role.boundary ? [role.boundary] : [])]);
    const destructiveSet = new Set(destructive.map((a) => a.toLowerCase()));
    let allowed = 0;
    const refused: string[] = [];
    const grantsDestructive: string[] = [];
    for (const policy of role.identityPolicies) {
        for (const statement of policy.policy.Statement.filter((s: any) => s.Effect === "Allow")) {
            const context = { ...base, ...statementContext(statement) };
            for (const action of await expandActionPatterns(asList<string>(statement.Action))) {
                if (destructiveSet.has(action.toLowerCase())) {
                    grantsDestructive.push(`${policy.name}: ${action}`);
                    continue;
                }
                for (const resource of asList<string>(statement.Resource)) {
                    // KMS also asks the key policy: the program's own, else AWS's default (the account delegates to IAM).
                    const resourcePolicy = action.startsWith("kms:") ? keyPolicies.get(resource) ?? defaultKeyPolicy(role.accountId) : undefined;
                    const decision = await decide(role, { action, resource, context, resourcePolicy });
                    if (decision === "Allowed") {
                        allowed++;
                    } else {
                        refused.push(`${policy.name}: ${action} on ${resource}: ${decision}`);
                    }
                }
            }
        }
    }
    return { allowed, refused, grantsDestructive };
}

/** The model and inference-profile ARNs a role's own policies allow invoking, concrete ones first. */
function invokableModelArns(role: SimulatedRole): string[] {
    const arns: string[] = role.identityPolicies.flatMap((p) =>
        p.policy.Statement.filter((s: any) => s.Effect === "Allow" && asList<string>(s.Action).some((a) => (INVOKE_ACTIONS as readonly string[]).includes(a))).flatMap((s: any) =>
            asList<string>(s.Resource).filter((r) => /:(foundation-model|inference-profile)\//.test(r)),
        ),
    );
    return [...arns.filter((r) => !r.includes("*")), ...arns.filter((r) => r.includes("*"))];
}

/** The guardrail version the role's boundary requires on every model call. */
function requiredGuardrail(role: SimulatedRole): string {
    const deny = role.boundary?.policy.Statement.find((s: any) => s.Effect === "Deny" && s.Condition?.StringNotEquals?.[GUARDRAIL_CONDITION_KEY]);
    assert.ok(deny, `${role.name}: the boundary does not require a guardrail on model calls`);
    return asList<string>(deny.Condition.StringNotEquals[GUARDRAIL_CONDITION_KEY])[0];
}

type Expectation = "Allowed" | "ExplicitlyDenied" | "not Allowed";

/** Invocation checks: approved model with the guardrail allowed; without it, with another version, or an unapproved model: denied. */
async function invocationChecks(role: SimulatedRole, unapprovedModelArn: string): Promise<{ label: string; decision: Decision; expected: Expectation }[]> {
    const context = approvedContext([...role.identityPolicies, ...(role.boundary ? [role.boundary] : [])]);
    const guardrail = requiredGuardrail(role);
    const [model] = invokableModelArns(role);
    assert.ok(model, `${role.name}: its policies allow invoking no model`);
    const guarded = { ...context, [GUARDRAIL_CONDITION_KEY]: guardrail };
    const unguarded = { ...context };
    delete unguarded[GUARDRAIL_CONDITION_KEY];
    const otherVersion = { ...context, [GUARDRAIL_CONDITION_KEY]: guardrail.replace(/:\d+$/, ":99") };
    const checks: { label: string; decision: Decision; expected: Expectation }[] = [];
    for (const action of INVOKE_ACTIONS) {
        const check = async (label: string, resource: string, ctx: Record<string, string>, expected: Expectation, extra: NamedPolicy[] = []) =>
            checks.push({ label: `${action}: ${label}`, decision: await decide(role, { action, resource, context: ctx }, extra), expected });
        await check("approved model with the guardrail", model, guarded, "Allowed");
        await check("approved model without a guardrail", model, unguarded, "ExplicitlyDenied");
        await check("approved model without a guardrail, identity widened to *", model, unguarded, "ExplicitlyDenied", [ALLOW_EVERYTHING]);
        await check("approved model with another guardrail version", model, otherVersion, "ExplicitlyDenied");
        await check("unapproved model with the guardrail", unapprovedModelArn, guarded, "not Allowed");
        await check("unapproved model with the guardrail, identity widened to *", unapprovedModelArn, guarded, "not Allowed", [ALLOW_EVERYTHING]);
    }
    return checks;
}

function assertExpectations(checks: { label: string; decision: Decision; expected: Expectation }[]) {
    for (const { label, decision, expected } of checks) {
        if (expected === "not Allowed") {
            assert.notEqual(decision, "Allowed", label);
        } else {
            assert.equal(decision, expected, label);
        }
    }
}

/** A foundation model the boundary does not approve, in the boundary's Region. */
function unapprovedModelArn(boundary: NamedPolicy): string {
    const approved: string[] = asList<string>(boundary.policy.Statement.find((s: any) => s.Sid === "AllowInvokeApprovedModelsOnly").Resource);
    const model = approved.find((r) => r.includes(":foundation-model/"))!;
    const region = /^arn:[^:]+:bedrock:([^:]+)::/.exec(model)![1];
    const candidates = [UNAPPROVED, "meta.llama3-70b-instruct-v1:0", "mistral.mistral-large-2402-v1:0"].map((id) => `arn:aws:bedrock:${region}::foundation-model/${id}`);
    const unapproved = candidates.find((c) => !approved.some((p) => wildcardToRegExp(p).test(c)));
    assert.ok(unapproved, "every candidate model is approved");
    return unapproved;
}

/** Runs every check on one role and prints its counts. */
async function proveRole(label: string, role: SimulatedRole, unapprovedModelArn: string, invokes: boolean, keyPolicies: ReadonlyMap<string, unknown> = new Map()): Promise<number> {
    assert.deepEqual(role.unresolved, [], `${role.name}: policies outside the program cannot be simulated`);
    assert.ok(role.boundary, `${role.name} has no permissions boundary`);
    const leaks = await destructiveNotDenied(role);
    assert.deepEqual(leaks, [], `${role.name}: destructive actions not explicitly denied`);
    const escalation = await escalationNotDenied(role);
    assert.deepEqual(escalation.leaks, [], `${role.name}: escalation paths not explicitly denied`);
    const purpose = await purposeDecisions(role, keyPolicies);
    assert.deepEqual(purpose.grantsDestructive, [], `${role.name}: its own policies grant destructive actions`);
    assert.deepEqual(purpose.refused, [], `${role.name}: actions its purpose needs are refused`);
    assert.ok(purpose.allowed > 0, `${role.name}: no purpose action was checked`);
    if (invokes) {
        assertExpectations(await invocationChecks(role, unapprovedModelArn));
    }
    console.log(
        `      [${label}] ${role.name}: ${destructive.length}/${destructive.length} destructive actions and ${escalation.checked}/${escalation.checked} escalation pivots explicitly denied (identity widened to "*"); ` +
            `${purpose.allowed} purpose requests allowed${invokes ? "; unapproved model and missing guardrail denied" : ""}`,
    );
    return destructive.length;
}

describe("IAM simulation: agent roles under the permission boundary", () => {
    describe("roles built by AgentIdentity under AgentPermissionBoundary", () => {
        let resources: RegisteredResource[] = [];
        let roles: SimulatedRole[] = [];
        const unapproved = `arn:${PARTITION}:bedrock:${REGION}::foundation-model/${UNAPPROVED}`;

        before(async () => {
            const ceiling = identitySchema.parse({});
            resources = await renderComponent(() => {
                const access = new ModelAccessPolicy("model-access", {
                    accountId: ACCOUNT,
                    region: REGION,
                    models: { approved: [MODEL, PROFILE] },
                    guardrail: { arn: GUARDRAIL_ARN, version: "1", kmsKeyArn: GUARDRAIL_KEY },
                });
                const boundary = new AgentPermissionBoundary("ceiling", {
                    ...ceiling,
                    accountId: ACCOUNT,
                    region: REGION,
                    approvedModels: [MODEL, PROFILE],
                    guardrail: { arn: GUARDRAIL_ARN, version: "1" },
                });
                new AgentIdentity("investigator", {
                    purpose: "Investigates incidents: reads logs, metrics and the audit trail, opens tickets through the tool gateway",
                    trustedService: "bedrock",
                    accountId: ACCOUNT,
                    region: REGION,
                    permissionsBoundaryArn: boundary.policyArn,
                    policies: [
                        {
                            name: "read-logs",
                            document: {
                                Version: "2012-10-17",
                                Statement: [
                                    {
                                        Effect: "Allow",
                                        Action: ["logs:GetLogEvents", "logs:FilterLogEvents", "logs:DescribeLogStreams", "logs:StartQuery"],
                                        Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*`,
                                    },
                                ],
                            },
                        },
                        {
                            name: "read-metadata",
                            document: {
                                Version: "2012-10-17",
                                Statement: [{ Effect: "Allow", Action: ["cloudwatch:GetMetricData", "cloudwatch:DescribeAlarms", "cloudtrail:LookupEvents", "logs:DescribeLogGroups", "logs:GetQueryResults"], Resource: "*" }],
                            },
                        },
                        {
                            name: "open-tickets",
                            document: {
                                Version: "2012-10-17",
                                Statement: [{ Effect: "Allow", Action: "bedrock-agentcore:InvokeGateway", Resource: `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT}:gateway/tickets-*` }],
                            },
                        },
                    ],
                    managedPolicyArns: [access.policyArn],
                });
                new AgentIdentity("tool-gateway", {
                    purpose: "Executes tool calls for the ticketing gateway after the Cedar policy engine authorizes them",
                    trustedService: "bedrock-agentcore",
                    accountId: ACCOUNT,
                    region: REGION,
                    permissionsBoundaryArn: boundary.policyArn,
                    policies: [
                        {
                            name: "policy-engine",
                            document: {
                                Version: "2012-10-17",
                                Statement: [
                                    {
                                        Effect: "Allow",
                                        Action: ["bedrock-agentcore:AuthorizeAction", "bedrock-agentcore:PartiallyAuthorizeActions", "bedrock-agentcore:GetPolicyEngine"],
                                        Resource: `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT}:policy-engine/tickets-*`,
                                    },
                                ],
                            },
                        },
                        {
                            name: "targets",
                            document: {
                                Version: "2012-10-17",
                                Statement: [{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:ticketing-tool` }],
                            },
                        },
                    ],
                });
            });
            roles = agentRolesOf(resources);
        });

        it("finds both agent roles, each with its boundary and its in-program policies", () => {
            assert.equal(resources.filter((r) => r.type === T.iamRole).length, 2);
            assert.deepEqual(roles.map((r) => r.name.replace(/-[0-9a-f]+$/, "")).sort(), ["investigator", "tool-gateway"]);
            for (const role of roles) {
                assert.ok(role.boundary);
                assert.deepEqual(role.unresolved, []);
            }
        });

        it("explicitly denies every destructive action, allows every purpose action, and denies unapproved or unguarded invocation", async () => {
            for (const role of roles) {
                await proveRole("components", role, unapproved, role.name.startsWith("investigator"));
            }
        });

        it("denies sts:AssumeRole into another role, passing a role, and removing the boundary, even with identity widened to *", async () => {
            const [role] = roles;
            for (const [action, resource] of [
                ["sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/Admin`],
                ["iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/Admin`],
                ["iam:DeleteRolePermissionsBoundary", role.arn],
                ["iam:PutRolePermissionsBoundary", role.arn],
                ["iam:CreatePolicyVersion", role.boundary ? `arn:aws:iam::${ACCOUNT}:policy/ai-agents/ceiling` : "*"],
            ]) {
                assert.equal(await decide(role, { action, resource }, [ALLOW_EVERYTHING]), "ExplicitlyDenied", action);
            }
        });

        it("is not vacuous: without the boundary, a role widened to * would be allowed the destructive actions", async () => {
            const [role] = roles;
            const unbounded: SimulatedRole = { ...role, boundary: undefined };
            assert.equal(await decide(unbounded, { action: "ec2:TerminateInstances", resource: "*" }, [ALLOW_EVERYTHING]), "Allowed");
            assert.equal(await decide(unbounded, { action: "iam:PutRolePermissionsBoundary", resource: role.arn }, [ALLOW_EVERYTHING]), "Allowed");
            assert.equal(await decide(unbounded, { action: "lambda:UpdateFunctionCode", resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:deployer` }, [ALLOW_EVERYTHING]), "Allowed");
        });
    });

    it("a gateway whose targets need outbound credentials gets them under the boundary: workload token, OAuth token, API key and their secrets", async () => {
        const gateway = loadStackConfig(rawConfig(agentsWithCredentialTargets())).agents.gateways[0];
        const ceiling = identitySchema.parse({});
        const resources = await renderComponent(() => {
            const boundary = new AgentPermissionBoundary("ceiling", {
                ...ceiling,
                accountId: ACCOUNT,
                region: REGION,
                approvedModels: [MODEL],
                guardrail: { arn: GUARDRAIL_ARN, version: "1" },
            });
            new ToolGateway("ops-tools", {
                ...gateway,
                kmsKeyArn: KEY_ARN,
                permissionsBoundaryArn: boundary.policyArn,
                accountId: ACCOUNT,
                region: REGION,
            });
        });
        const [role] = agentRolesOf(resources);
        assert.ok(role.identityPolicies.some((p) => p.name === "target-credentials"), "the role has its credential policy");
        await proveRole("credentials", role, `arn:${PARTITION}:bedrock:${REGION}::foundation-model/${UNAPPROVED}`, false);
        // The boundary opens AgentCore Identity's secrets only, not every secret, even to a role widened to *.
        const other = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prod/db-password-AbCdEf`;
        assert.notEqual(await decide(role, { action: "secretsmanager:GetSecretValue", resource: other }, [ALLOW_EVERYTHING]), "Allowed");
    });

    describe("every stack's agent roles", () => {
        for (const stack of availableStacks()) {
            it(`${stack}: the stack's boundary and every agent role deny the destructive catalogue, allow their purpose, and deny unapproved or unguarded invocation`, async () => {
                const { resources } = await runStackProgram(stack);
                const boundaries = resources.filter((r) => r.type === T.iamPolicy && r.outputs.tags?.["ai-guardrails:permission-boundary"] === "true");
                if (loadStackConfigFile(stack)["ai-guardrails:environment"] === "org" && boundaries.length === 0) {
                    // The management account's stack runs no agents: nothing to bound.
                    assert.deepEqual(agentRolesOf(resources), [], `${stack}: agent roles without a boundary`);
                    console.log(`      [${stack}] no agents and no boundary in the organization stack`);
                    return;
                }
                assert.equal(boundaries.length, 1, `${stack}: expected one agent permission boundary`);
                const boundaryPolicy: NamedPolicy = { name: boundaries[0].outputs.name, policy: JSON.parse(boundaries[0].outputs.policy) };
                // The ceiling on its own: any role under it, whatever its own policies say.
                const accountId = /^arn:[^:]+:iam::(\d{12}):/.exec(boundaries[0].outputs.arn)![1];
                const wouldBe: SimulatedRole = {
                    name: "any-role-under-the-boundary",
                    arn: `arn:aws:iam::${accountId}:role/ai-agents/any`,
                    accountId,
                    identityPolicies: [],
                    boundary: boundaryPolicy,
                    unresolved: [],
                };
                assert.deepEqual(await destructiveNotDenied(wouldBe), [], `${stack}: the boundary lets destructive actions through`);
                const escalation = await escalationNotDenied(wouldBe);
                assert.deepEqual(escalation.leaks, [], `${stack}: the boundary lets escalation paths through`);
                console.log(
                    `      [${stack}] boundary ${boundaryPolicy.name}: ${destructive.length}/${destructive.length} destructive actions and ${escalation.checked}/${escalation.checked} escalation pivots explicitly denied`,
                );

                const unapproved = unapprovedModelArn(boundaryPolicy);
                const consumers = resources.filter((r) => AGENT_ROLE_CONSUMERS[r.type] !== undefined);
                const roles = agentRolesOf(resources);
                // Every role an agent, runtime or gateway uses is among the simulated roles.
                for (const consumer of consumers) {
                    const arn = consumer.outputs[AGENT_ROLE_CONSUMERS[consumer.type]];
                    assert.ok(roles.some((r) => r.arn === arn), `${stack}: the role of ${consumer.name} (${arn}) was not simulated`);
                }
                console.log(`      [${stack}] ${roles.length} agent role(s) for ${consumers.length} agent(s), runtime(s) and gateway(s)`);
                for (const role of roles) {
                    await proveRole(stack, role, unapproved, invokableModelArns(role).length > 0, keyPoliciesOf(resources));
                }
            });
        }
    });
});
