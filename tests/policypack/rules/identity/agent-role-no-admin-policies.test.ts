import { strict as assert } from "assert";
import { agentRoleNoAdminPolicies } from "../../../../policypack/rules/identity/agent-role-no-admin-policies";
import { T } from "../../../../policypack/lib/types";
import { FakeResource, messages, runStackRule, UNKNOWN, urnOf } from "../../../helpers/policy-harness";
import { ACCOUNT, agent, doc, lambdaFunction, policy, REGION, role, roleArn, runtime } from "./fixtures";

const readLogs = doc({ Effect: "Allow", Action: ["logs:GetLogEvents", "logs:FilterLogEvents"], Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app/*` });

function rolePolicy(name: string, document: unknown, roleName = "triage-role"): FakeResource {
    return { type: T.iamRolePolicy, name, props: { role: roleName, name, policy: document } };
}

function attachment(name: string, policyArn: string, roleName = "triage-role"): FakeResource {
    return { type: T.iamRolePolicyAttachment, name, props: { role: roleName, policyArn } };
}

const agentStack = (...extra: FakeResource[]) => [role("triage-role"), agent("triage", roleArn("triage-role")), ...extra];

describe("agent-role-no-admin-policies (AIG-ID-5)", () => {
    it("passes an agent role with least-privilege inline and customer managed policies", async () => {
        const outcome = await runStackRule(
            agentRoleNoAdminPolicies,
            agentStack(rolePolicy("read-logs", readLogs), policy("tickets", doc({ Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::${ACCOUNT}:role/ticketing` })), attachment("tickets-att", `arn:aws:iam::${ACCOUNT}:policy/ai-agents/tickets`)),
        );
        assert.deepEqual(outcome.violations, []);
    });

    it("flags AdministratorAccess, PowerUserAccess, IAMFullAccess, AmazonBedrockFullAccess, any other *FullAccess and administrator job functions", async () => {
        for (const name of ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess", "AmazonBedrockFullAccess", "AmazonS3FullAccess", "job-function/SystemAdministrator", "AdministratorAccess-Amplify"]) {
            const arn = `arn:aws:iam::aws:policy/${name}`;
            const outcome = await runStackRule(agentRoleNoAdminPolicies, agentStack(attachment("att", arn)));
            assert.equal(outcome.violations.length, 1, name);
            assert.match(messages(outcome)[0], new RegExp(`the AWS managed policy ${arn.replace(/[/.]/g, "\\$&")} is attached`));
            assert.equal(outcome.violations[0].urn, urnOf(T.iamRole, "triage-role"));
        }
    });

    it("flags forbidden policies in the role's deprecated managedPolicyArns and inlinePolicies", async () => {
        const outcome = await runStackRule(agentRoleNoAdminPolicies, [
            role("triage-role", { managedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"], inlinePolicies: [{ name: "all", policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) }] }),
        ]);
        assert.match(messages(outcome)[0], /PowerUserAccess is attached \(managedPolicyArns\)/);
        assert.match(messages(outcome)[0], /inline policy inlinePolicies\[0\] \("all"\): Statement\[0\] allows every action/);
    });

    it("flags inline grants of *, iam:*, Allow NotAction and iam:PassRole on every role", async () => {
        for (const [statement, expected] of [
            [{ Effect: "Allow", Action: "*", Resource: "*" }, /allows every action \(Action "\*"\)/],
            [{ Effect: "Allow", Action: ["logs:Get*", "iam:*"], Resource: "*" }, /allows iam:\*/],
            [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }, /allows every action \(Allow with NotAction\)/],
            [{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }, /allows iam:PassRole on every role/],
            [{ Effect: "Allow", Action: "iam:Pass*", NotResource: `arn:aws:iam::${ACCOUNT}:role/admin` }, /allows iam:PassRole on every role/],
        ] as const) {
            const outcome = await runStackRule(agentRoleNoAdminPolicies, agentStack(rolePolicy("broad", doc(statement))));
            assert.equal(outcome.violations.length, 1, JSON.stringify(statement));
            assert.match(messages(outcome)[0], expected);
            assert.match(messages(outcome)[0], /role policy broad/);
        }
    });

    it("flags a grant that runs code as another role (pathfinding.cloud's escalation paths), naming the path", async () => {
        for (const [statement, expected] of [
            // Bishop Fox iam-vulnerable: privesc-editExistingLambdaFunctionWithRole, privesc-ssmSendCommand, privesc-updateExistingGlueDevEndpoint.
            [{ Effect: "Allow", Action: ["lambda:UpdateFunctionCode", "lambda:ListFunctions"], Resource: "*" }, /escalation path lambda-003/],
            [{ Effect: "Allow", Action: ["ssm:SendCommand", "ssm:ListCommandInvocations"], Resource: "*" }, /escalation path ssm-002/],
            [{ Effect: "Allow", Action: ["glue:UpdateDevEndpoint", "glue:GetDevEndpoint"], Resource: "*" }, /escalation path glue-002/],
            [{ Effect: "Allow", Action: "lambda:UpdateFunctionConfiguration", Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:*` }, /prowler:lambda:UpdateFunctionConfiguration/],
            [{ Effect: "Allow", Action: "bedrock-agentcore:InvokeAgentRuntimeCommand", Resource: `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT}:runtime/*` }, /escalation path bedrock-004 .*root/],
            [{ Effect: "Allow", Action: ["ec2:ModifyInstanceAttribute", "ec2:StopInstances", "ec2:StartInstances"], Resource: "*" }, /escalation path ec2-002/],
        ] as const) {
            const outcome = await runStackRule(agentRoleNoAdminPolicies, agentStack(rolePolicy("tools", doc(statement))));
            assert.equal(outcome.violations.length, 1, JSON.stringify(statement));
            assert.match(messages(outcome)[0], expected);
        }
        // One action of a two-action path is no path: ec2:StopInstances alone runs nothing.
        assert.deepEqual((await runStackRule(agentRoleNoAdminPolicies, agentStack(rolePolicy("tools", doc({ Effect: "Allow", Action: ["ec2:StopInstances", "ec2:StartInstances"], Resource: "*" }))))).violations, []);
    });

    it("accepts an escalation path's actions on what the role itself runs as: its own function or runtime", async () => {
        const ownFunction = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:triage-tools`;
        const ownRuntime = `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT}:runtime/triage-a1b2c3d4e5`;
        const grants = doc([
            { Effect: "Allow", Action: "lambda:UpdateFunctionCode", Resource: ownFunction },
            { Effect: "Allow", Action: "bedrock-agentcore:InvokeAgentRuntimeCommand", Resource: ownRuntime },
        ]);
        const own = await runStackRule(agentRoleNoAdminPolicies, [
            ...agentStack(rolePolicy("tools", grants), lambdaFunction("triage-tools", roleArn("triage-role"))),
            { ...runtime("triage", roleArn("triage-role")), props: { agentRuntimeName: "triage", roleArn: roleArn("triage-role"), arn: ownRuntime } },
        ]);
        assert.deepEqual(own.violations, []);
        // The function runs as another role: updating its code is running as that role.
        const other = await runStackRule(agentRoleNoAdminPolicies, agentStack(rolePolicy("tools", grants), lambdaFunction("triage-tools", `arn:aws:iam::${ACCOUNT}:role/deployer`)));
        assert.match(messages(other)[0], /escalation path lambda-003/);
        assert.match(messages(other)[0], /escalation path bedrock-004/);
        // At preview, a function's ARN is unknown: it cannot be shown to be the role's own.
        const preview = await runStackRule(agentRoleNoAdminPolicies, agentStack(rolePolicy("tools", grants), { ...lambdaFunction("triage-tools", roleArn("triage-role")), props: { name: "triage-tools", arn: UNKNOWN, role: roleArn("triage-role") } }));
        assert.match(messages(preview)[0], /escalation path lambda-003/);
    });

    it("flags an in-stack customer policy with admin grants attached to the role, through RolePolicyAttachment or PolicyAttachment", async () => {
        const admin = policy("everything", doc({ Effect: "Allow", Action: "*", Resource: "*" }));
        const viaRoleAttachment = await runStackRule(agentRoleNoAdminPolicies, agentStack(admin, attachment("att", String(admin.props.arn))));
        assert.match(messages(viaRoleAttachment)[0], /the attached policy everything: Statement\[0\] allows every action/);
        const viaPolicyAttachment = await runStackRule(
            agentRoleNoAdminPolicies,
            agentStack({ type: T.iamPolicyAttachment, name: "pa", props: { roles: ["other-role", "triage-role"], policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" } }),
        );
        assert.match(messages(viaPolicyAttachment)[0], /AdministratorAccess is attached/);
    });

    it("flags an in-stack customer policy with admin grants listed in the role's managedPolicyArns, by ARN or through property dependencies", async () => {
        const admin = policy("everything", doc({ Effect: "Allow", Action: "*", Resource: "*" }));
        const byArn = await runStackRule(agentRoleNoAdminPolicies, [admin, role("triage-role", { managedPolicyArns: [String(admin.props.arn)] })]);
        assert.equal(byArn.violations.length, 1);
        assert.match(messages(byArn)[0], /the attached policy everything \(managedPolicyArns\): Statement\[0\] allows every action/);
        const atPreview = await runStackRule(agentRoleNoAdminPolicies, [
            policy("everything", doc({ Effect: "Allow", Action: "*", Resource: "*" }), UNKNOWN),
            { ...role("triage-role", { managedPolicyArns: UNKNOWN }), propertyDependencies: { managedPolicyArns: ["everything"] } },
        ]);
        assert.equal(atPreview.previewUnknown, undefined);
        assert.match(messages(atPreview)[0], /the attached policy everything \(managedPolicyArns\)/);
        // A least-privilege customer policy listed the same way passes.
        const tickets = policy("tickets", readLogs);
        assert.deepEqual((await runStackRule(agentRoleNoAdminPolicies, [tickets, role("triage-role", { managedPolicyArns: [String(tickets.props.arn)] })])).violations, []);
    });

    it("cannot run at preview when managedPolicyArns is unknown and comes from no in-stack resource", async () => {
        for (const managedPolicyArns of [UNKNOWN, ["arn:aws:iam::aws:policy/ReadOnlyAccess", UNKNOWN]]) {
            const outcome = await runStackRule(agentRoleNoAdminPolicies, [role("triage-role", { managedPolicyArns })]);
            assert.ok(outcome.previewUnknown, JSON.stringify(managedPolicyArns));
            assert.deepEqual(outcome.violations, []);
        }
    });

    it("flags forbidden and admin policies attached through RolePolicyAttachmentsExclusive", async () => {
        const admin = policy("everything", doc({ Effect: "Allow", Action: "*", Resource: "*" }));
        const exclusive: FakeResource = {
            type: T.iamRolePolicyAttachmentsExclusive,
            name: "exclusive",
            props: { roleName: "triage-role", policyArns: ["arn:aws:iam::aws:policy/AdministratorAccess", String(admin.props.arn)] },
        };
        const outcome = await runStackRule(agentRoleNoAdminPolicies, agentStack(admin, exclusive));
        assert.equal(outcome.violations.length, 1);
        assert.match(messages(outcome)[0], /the AWS managed policy arn:aws:iam::aws:policy\/AdministratorAccess is attached/);
        assert.match(messages(outcome)[0], /the attached policy everything: Statement\[0\] allows every action/);
        const other: FakeResource = { ...exclusive, props: { roleName: "someone-else", policyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] } };
        assert.deepEqual((await runStackRule(agentRoleNoAdminPolicies, agentStack(other))).violations, []);
    });

    it("ignores roles that are not agent roles", async () => {
        const outcome = await runStackRule(agentRoleNoAdminPolicies, [role("ops", { path: "/" }), attachment("att", "arn:aws:iam::aws:policy/AdministratorAccess", "ops")]);
        assert.deepEqual(outcome.violations, []);
    });

    it("follows property dependencies when the role name is unknown at preview", async () => {
        const outcome = await runStackRule(agentRoleNoAdminPolicies, [
            role("triage-role", { name: UNKNOWN, arn: UNKNOWN }),
            agent("triage", UNKNOWN, { agentResourceRoleArn: ["triage-role"] }),
            { ...rolePolicy("broad", doc({ Effect: "Allow", Action: "*", Resource: "*" }), UNKNOWN), propertyDependencies: { role: ["triage-role"] } },
        ]);
        assert.equal(outcome.previewUnknown, undefined);
        assert.equal(outcome.violations.length, 1);
    });

    it("cannot run at preview when a role policy's role is unknown and not from this stack", async () => {
        const outcome = await runStackRule(agentRoleNoAdminPolicies, agentStack(rolePolicy("mystery", readLogs, UNKNOWN)));
        assert.ok(outcome.previewUnknown);
        assert.deepEqual(outcome.violations, []);
    });

    it("reports odd input instead of crashing", async () => {
        const malformed = await runStackRule(agentRoleNoAdminPolicies, agentStack(rolePolicy("broken", "{{")));
        assert.match(messages(malformed)[0], /role policy broken cannot be read \(not valid JSON/);
        // A single statement with a single Action string is valid IAM and is analysed as such.
        const single = await runStackRule(agentRoleNoAdminPolicies, agentStack(rolePolicy("single", JSON.stringify({ Statement: { Effect: "Allow", Action: "iam:PassRole", Resource: "*" } }))));
        assert.match(messages(single)[0], /allows iam:PassRole on every role/);
        const noPolicy = await runStackRule(agentRoleNoAdminPolicies, agentStack(rolePolicy("empty", undefined)));
        assert.match(messages(noPolicy)[0], /role policy empty cannot be read/);
    });
});
