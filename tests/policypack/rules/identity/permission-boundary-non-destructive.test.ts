import { strict as assert } from "assert";
import { permissionBoundaryNonDestructive } from "../../../../policypack/rules/identity/permission-boundary-non-destructive";
import { expandActionPatterns } from "../../../../policypack/lib/iam/catalog";
import { DESTRUCTIVE_ACTIONS } from "../../../../policypack/controls/destructive-actions";
import { T } from "../../../../policypack/lib/types";
import { messages, runStackRule, UNKNOWN, urnOf } from "../../../helpers/policy-harness";
import { ACCOUNT, BOUNDARY_ARN, compliantBoundaryDocument, doc, explicitBoundaryDocument, lambdaFunction, policy, REGION, role, roleArn } from "./fixtures";

const boundary = (document: unknown) => policy("agent-boundary", document, BOUNDARY_ARN);
const run = (document: unknown, config?: Record<string, unknown>) => runStackRule(permissionBoundaryNonDestructive, [boundary(document), role("triage-role")], { config });

/** The hand-written compliant document (one Deny per catalogue class) with some statements changed. */
function edited(change: (statements: any[]) => any[]): string {
    const parsed = JSON.parse(explicitBoundaryDocument());
    return JSON.stringify({ ...parsed, Statement: change(parsed.Statement) });
}

describe("permission-boundary-non-destructive (AIG-ID-4)", () => {
    it("passes the boundary AgentPermissionBoundary generates, with and without allowed PassRole roles, and a hand-written one", async () => {
        assert.deepEqual((await run(compliantBoundaryDocument())).violations, []);
        assert.deepEqual((await run(explicitBoundaryDocument())).violations, []);
        const allowed = [`arn:aws:iam::${ACCOUNT}:role/ai-agents/reporting-runtime`];
        const passRole = compliantBoundaryDocument({ allowedPassRoleArns: allowed });
        assert.deepEqual((await run(passRole, { allowedPassRoleArns: allowed })).violations, []);
    });

    it("flags a PassRole deny that exempts a role the policy does not approve", async () => {
        const admin = `arn:aws:iam::${ACCOUNT}:role/Admin`;
        const unapproved = await run(compliantBoundaryDocument({ allowedPassRoleArns: [admin] }));
        assert.equal(unapproved.violations.length, 1);
        assert.match(messages(unapproved)[0], /the iam:PassRole deny exempts arn:aws:iam::111122223333:role\/Admin, which is not in allowedPassRoleArns/);
        assert.match(messages(unapproved)[0], /does not deny 1 of \d+ .*: iam:PassRole$/);
        // Approving one role does not approve another.
        const other = await run(compliantBoundaryDocument({ allowedPassRoleArns: [admin] }), { allowedPassRoleArns: [`arn:aws:iam::${ACCOUNT}:role/ai-agents/reporting-runtime`] });
        assert.match(messages(other)[0], /exempts arn:aws:iam::111122223333:role\/Admin/);
    });

    it('flags a boundary that allows "*" and denies nothing', async () => {
        const outcome = await run(doc({ Effect: "Allow", Action: "*", Resource: "*" }));
        assert.equal(outcome.violations.length, 1);
        const total = (await expandActionPatterns(DESTRUCTIVE_ACTIONS)).length;
        assert.match(messages(outcome)[0], /Statement\[0\] allows every action \("\*"\)/);
        assert.match(messages(outcome)[0], new RegExp(`does not deny ${total} of ${total} destructive actions`));
        assert.equal(outcome.violations[0].urn, urnOf(T.iamPolicy, "agent-boundary"));
    });

    it("flags a boundary that allows iam:* or uses Allow NotAction, even with every deny in place", async () => {
        const iamStar = await run(edited((s) => [{ Effect: "Allow", Action: "iam:*", Resource: "*" }, ...s]));
        assert.match(messages(iamStar)[0], /allows iam:\*/);
        const notAction = await run(edited((s) => [{ Effect: "Allow", NotAction: "s3:*", Resource: "*" }, ...s]));
        assert.match(messages(notAction)[0], /allows every action \(Allow with NotAction\)/);
    });

    it("flags each destructive action a wildcard deny no longer covers", async () => {
        const outcome = await run(edited((s) => s.map((st: any) => (st.Sid === "DenyDataAndInfrastructureDeletion" ? { ...st, Action: st.Action.filter((a: string) => a !== "ec2:Terminate*") } : st))));
        assert.match(messages(outcome)[0], /does not deny 2 of \d+ destructive actions unconditionally on every resource: ec2:TerminateClientVpnConnections, ec2:TerminateInstances/);
    });

    it("does not count a conditional deny, a deny limited by Resource or NotResource, or a PassRole exemption by wildcard", async () => {
        const conditional = await run(edited((s) => s.map((st: any) => (st.Sid === "DenyKeyDestruction" ? { ...st, Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } } : st))));
        assert.match(messages(conditional)[0], /does not deny 4 of .*kms:DeleteImportedKeyMaterial, kms:DisableKey, kms:PutKeyPolicy, kms:ScheduleKeyDeletion/);
        const scoped = await run(edited((s) => s.map((st: any) => (st.Sid === "DenyRoleChaining" ? { ...st, Resource: `arn:aws:iam::${ACCOUNT}:role/admin` } : st))));
        assert.match(messages(scoped)[0], /does not deny 2 of \d+ .*: sts:AssumeRole, sts:AssumeRoot$/);
        const notResource = await run(edited((s) => s.map((st: any) => (st.Sid === "DenyRoleChaining" ? { Sid: st.Sid, Effect: "Deny", Action: st.Action, NotResource: `arn:aws:iam::${ACCOUNT}:role/x` } : st))));
        assert.match(messages(notResource)[0], /sts:AssumeRole, sts:AssumeRoot$/);
        const passRole = await run(edited((s) => s.map((st: any) => (st.Sid === "DenyPassRole" ? { Sid: st.Sid, Effect: "Deny", Action: st.Action, NotResource: `arn:aws:iam::${ACCOUNT}:role/*` } : st))));
        assert.match(messages(passRole)[0], /does not deny 1 of \d+ .*: iam:PassRole$/);
    });

    it("expands wildcards on the deny side too: Deny NotAction or Deny * covers the catalogue", async () => {
        assert.deepEqual((await run(doc([{ Effect: "Allow", Action: "logs:Get*", Resource: "*" }, { Effect: "Deny", NotAction: ["logs:Get*", "logs:Describe*"], Resource: "*" }]))).violations, []);
        assert.deepEqual((await run(doc({ Effect: "Deny", Action: "*", Resource: "*" }))).violations, []);
    });

    it("requires the configured extra destructive actions to be denied", async () => {
        const outcome = await run(explicitBoundaryDocument(), { extraDestructiveActions: ["athena:DeleteWorkGroup"] });
        assert.match(messages(outcome)[0], /does not deny 1 of \d+ .*: athena:DeleteWorkGroup$/);
        assert.deepEqual((await run(compliantBoundaryDocument({ extraDestructiveActions: ["athena:DeleteWorkGroup"] }), { extraDestructiveActions: ["athena:DeleteWorkGroup"] })).violations, []);
        // The generated boundary denies everything outside its ceiling, the extra included.
        assert.deepEqual((await run(compliantBoundaryDocument(), { extraDestructiveActions: ["athena:DeleteWorkGroup"] })).violations, []);
    });

    it("flags a boundary that denies the catalogue but allows running code as another role, naming each path", async () => {
        // iam-vulnerable's "editExistingLambdaFunctionWithRole" grant, and AgentCore's root shell through a service wildcard.
        const lambda = await run(explicitBoundaryDocument([{ Sid: "Tools", Effect: "Allow", Action: ["lambda:UpdateFunctionCode", "lambda:InvokeFunction", "lambda:ListFunctions"], Resource: "*" }]));
        assert.equal(lambda.violations.length, 1);
        assert.match(messages(lambda)[0], /statement "Tools" opens escalation path lambda-003 \(lambda:UpdateFunctionCode\): it would let the agent replace an existing function's code/);
        const agentcore = await run(explicitBoundaryDocument([{ Effect: "Allow", Action: "bedrock-agentcore:*", Resource: "*" }]));
        for (const id of ["bedrock-004", "bedrock-002", "bedrock-007"]) {
            assert.match(messages(agentcore)[0], new RegExp(`escalation path ${id} `), id);
        }
        const ssm = await run(explicitBoundaryDocument([{ Effect: "Allow", Action: ["ssm:SendCommand", "glue:UpdateDevEndpoint"], Resource: "*" }]));
        assert.match(messages(ssm)[0], /escalation path glue-002 .*escalation path ssm-002 /);
    });

    it("accepts an escalation path's actions on the built-in sandboxes, on what the bounded roles run as, or closed by a deny", async () => {
        const builtIn = `arn:aws:bedrock-agentcore:${REGION}:aws:code-interpreter/aws.codeinterpreter.v1`;
        const sandbox = explicitBoundaryDocument([{ Effect: "Allow", Action: ["bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter"], Resource: builtIn }]);
        assert.deepEqual((await run(sandbox)).violations, []);
        const own = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:triage-tools`;
        const ownCode = explicitBoundaryDocument([{ Effect: "Allow", Action: "lambda:UpdateFunctionCode", Resource: own }]);
        const withOwnFunction = await runStackRule(permissionBoundaryNonDestructive, [boundary(ownCode), role("triage-role"), lambdaFunction("triage-tools", roleArn("triage-role"))]);
        assert.deepEqual(withOwnFunction.violations, []);
        // The same function running as a role outside the boundary is an escalation.
        const foreign = await runStackRule(permissionBoundaryNonDestructive, [boundary(ownCode), role("triage-role"), lambdaFunction("triage-tools", `arn:aws:iam::${ACCOUNT}:role/Admin`)]);
        assert.match(messages(foreign)[0], /escalation path lambda-003/);
        const closed = explicitBoundaryDocument([
            { Effect: "Allow", Action: "ssm:*", Resource: "*" },
            { Effect: "Deny", Action: ["ssm:SendCommand", "ssm:StartSession"], Resource: "*" },
        ]);
        assert.deepEqual((await run(closed)).violations, []);
    });

    it("checks only policies some role uses as its boundary", async () => {
        const outcome = await runStackRule(permissionBoundaryNonDestructive, [policy("admin", doc({ Effect: "Allow", Action: "*", Resource: "*" })), role("triage-role", { permissionsBoundary: undefined })]);
        assert.deepEqual(outcome.violations, []);
    });

    it("follows an unknown boundary ARN to the in-stack policy at preview", async () => {
        const outcome = await runStackRule(permissionBoundaryNonDestructive, [
            policy("agent-boundary", doc({ Effect: "Allow", Action: "*", Resource: "*" }), UNKNOWN),
            role("triage-role", { permissionsBoundary: UNKNOWN }),
        ].map((r) => (r.type === T.iamRole ? { ...r, propertyDependencies: { permissionsBoundary: ["agent-boundary"] } } : r)));
        assert.equal(outcome.previewUnknown, undefined);
        assert.equal(outcome.violations.length, 1);
    });

    it("cannot run at preview when the boundary's document is unknown", async () => {
        const outcome = await run(UNKNOWN);
        assert.ok(outcome.previewUnknown);
        assert.deepEqual(outcome.violations, []);
    });

    describe("a boundary partly unknown at preview (a document passed as structured data, with unknown ARNs)", () => {
        /** The hand-written compliant boundary (one Deny per class) as an object, with some statements changed. */
        const structured = (change: (statements: any[]) => any[]) => {
            const parsed = JSON.parse(explicitBoundaryDocument());
            return { ...parsed, Statement: change(parsed.Statement) };
        };

        it("still flags a boundary that allows iam:* or a destructive action, whatever its unknown resources", async () => {
            const iamStar = await run(structured((s) => [{ Effect: "Allow", Action: "iam:*", Resource: [UNKNOWN] }, ...s.map((st: any) => ({ ...st, Resource: [UNKNOWN] }))]));
            assert.equal(iamStar.previewUnknown, undefined);
            assert.match(messages(iamStar)[0], /Statement\[0\] allows iam:\*/);
            // A destructive action no Deny names is not denied, whatever the unknown resources are.
            const missing = await run(structured((s) => s.map((st: any) => (st.Sid === "DenyKeyDestruction" ? { ...st, Action: ["kms:DisableKey"], Resource: UNKNOWN } : st))));
            assert.equal(missing.previewUnknown, undefined);
            assert.match(messages(missing)[0], /does not deny 3 of \d+ .*kms:DeleteImportedKeyMaterial, kms:PutKeyPolicy, kms:ScheduleKeyDeletion$/);
        });

        it("leaves the verdict undecided, naming the resource and the statements, when only an unknown Resource decides it", async () => {
            const outcome = await run(structured((s) => s.map((st: any) => (st.Sid === "DenyKeyDestruction" ? { ...st, Resource: [UNKNOWN] } : st))));
            assert.deepEqual(outcome.violations, []);
            assert.match(outcome.previewUnknown ?? "", /agent-boundary\.policy can't be known during preview: whether it denies 4 destructive actions on every resource depends on statement "DenyKeyDestruction"\.Resource/);
        });

        it("reads an unknown Action or Condition as the SDK does: undecided, naming the path", async () => {
            const action = await run(structured((s) => s.map((st: any, i: number) => (i === 1 ? { ...st, Action: [UNKNOWN] } : st))));
            assert.match(action.previewUnknown ?? "", /\.agent-boundary\.policy\.Statement\.1\.Action\.0 can't be known during preview/);
        });
    });

    it("reports odd input instead of crashing", async () => {
        assert.match(messages(await run("{ nope"))[0], /the document is not valid: not valid JSON/);
        assert.match(messages(await run(JSON.stringify({ Statement: [{ Effect: "Deny", Resource: "*" }] })))[0], /exactly one of Action or NotAction is required/);
        // A single statement object with a single Action string is valid IAM, but denies one action only.
        assert.match(messages(await run(JSON.stringify({ Statement: { Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*" } })))[0], /does not deny \d+ of/);
        assert.match(messages(await run(undefined))[0], /the document is not valid/);
    });
});
