import { strict as assert } from "assert";
import { agentRoleTrustScoped } from "../../../../policypack/rules/identity/agent-role-trust-scoped";
import { T } from "../../../../policypack/lib/types";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { ACCOUNT, agentTrust, REGION, trust } from "./fixtures";

const run = (props: Record<string, unknown>) => runResourceRule(agentRoleTrustScoped, { type: T.iamRole, name: "agent-role", props: { path: "/ai-agents/", ...props } });

const bedrockStatement = (extra: Record<string, unknown> = {}) => ({
    Effect: "Allow",
    Principal: { Service: "bedrock.amazonaws.com" },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
    ...extra,
});

describe("agent-role-trust-scoped (AIG-ID-2)", () => {
    it("passes the trust policy AgentIdentity writes, for Bedrock and for AgentCore", async () => {
        assert.deepEqual((await run({ assumeRolePolicy: agentTrust() })).violations, []);
        const agentcore = agentTrust("bedrock-agentcore.amazonaws.com", `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT}:*`);
        assert.deepEqual((await run({ assumeRolePolicy: agentcore })).violations, []);
    });

    it("passes a trust policy given as an object, with only aws:SourceArn", async () => {
        const outcome = await run({
            assumeRolePolicy: {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: ["bedrock.amazonaws.com"] }, Action: ["sts:AssumeRole"], Condition: { ArnLike: { "aws:SourceArn": `arn:aws:bedrock:${REGION}:${ACCOUNT}:agent/*` } } }],
            },
        });
        assert.deepEqual(outcome.violations, []);
    });

    it('flags "AWS": "*" next to the service', async () => {
        const outcome = await run({ assumeRolePolicy: trust([bedrockStatement(), { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }]) });
        assert.match(messages(outcome)[0], /anyone \("AWS": "\*"\) can assume the role/);
    });

    it("flags a human's role and the account principal", async () => {
        const human = await run({ assumeRolePolicy: trust([bedrockStatement(), { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/Admin` }, Action: "sts:AssumeRole" }]) });
        assert.match(messages(human)[0], /the AWS principal arn:aws:iam::111122223333:role\/Admin can assume the role/);
        const account = await run({ assumeRolePolicy: trust([bedrockStatement(), { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" }]) });
        assert.match(messages(account)[0], /the account principal arn:aws:iam::111122223333:root/);
    });

    it('flags Principal "*", NotPrincipal, federated identities and other services', async () => {
        assert.match(messages(await run({ assumeRolePolicy: trust([bedrockStatement(), { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }]) }))[0], /Principal "\*" lets anyone/);
        assert.match(
            messages(await run({ assumeRolePolicy: trust([bedrockStatement(), { Effect: "Allow", NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" }]) }))[0],
            /NotPrincipal with Allow/,
        );
        assert.match(
            messages(await run({ assumeRolePolicy: trust([bedrockStatement(), { Effect: "Allow", Principal: { Federated: "cognito-identity.amazonaws.com" }, Action: "sts:AssumeRoleWithWebIdentity" }]) }))[0],
            /the Federated principal cognito-identity.amazonaws.com/,
        );
        assert.match(
            messages(await run({ assumeRolePolicy: trust(bedrockStatement({ Principal: { Service: ["bedrock.amazonaws.com", "lambda.amazonaws.com"] } })) }))[0],
            /service lambda.amazonaws.com is not an agent service/,
        );
    });

    it("flags a service trust without aws:SourceAccount or aws:SourceArn, or with a condition that does not pin them", async () => {
        const none = await run({ assumeRolePolicy: trust(bedrockStatement({ Condition: undefined })) });
        assert.match(messages(none)[0], /without aws:SourceAccount or aws:SourceArn pinned/);
        for (const condition of [
            { StringNotEquals: { "aws:SourceAccount": ACCOUNT } },
            { StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT } },
            { StringLike: { "aws:SourceAccount": "*" } },
            { StringLike: { "aws:SourceAccount": "1111*" } },
            { StringEquals: { "aws:PrincipalAccount": ACCOUNT } },
            // An ARN pattern with a wildcard account lets an agent in any account use the role.
            { ArnLike: { "aws:SourceArn": "arn:aws:bedrock:*:*:agent/*" } },
            { ArnLike: { "aws:SourceArn": `arn:aws:bedrock:${REGION}:*:agent/*` } },
            { ArnLike: { "aws:SourceArn": [`arn:aws:bedrock:${REGION}:${ACCOUNT}:agent/*`, "arn:aws:bedrock:*:*:agent/*"] } },
            { ArnLike: { "aws:SourceArn": "*" } },
        ]) {
            const outcome = await run({ assumeRolePolicy: trust(bedrockStatement({ Condition: condition })) });
            assert.equal(outcome.violations.length, 1, JSON.stringify(condition));
            assert.match(messages(outcome)[0], /confused deputy/);
        }
    });

    it("flags a role on the agent path that does not trust an agent service", async () => {
        const outcome = await run({ assumeRolePolicy: trust({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }) });
        assert.match(messages(outcome)[0], /sits on the agent path or carries the agent tag but does not trust/);
        const tagged = await runResourceRule(agentRoleTrustScoped, {
            type: T.iamRole,
            name: "tagged",
            props: { path: "/", tags: { "ai-guardrails:agent-identity": "true" }, assumeRolePolicy: trust({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" }) },
        });
        assert.equal(tagged.violations.length, 1);
    });

    it("is not applicable (gives no pass) to roles that neither trust an agent service nor are marked as agents", async () => {
        const outcome = await runResourceRule(agentRoleTrustScoped, {
            type: T.iamRole,
            name: "ci",
            props: { path: "/", assumeRolePolicy: trust({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" }) },
        });
        assert.deepEqual(outcome.violations, []);
        assert.match(outcome.notApplicable ?? "", /not an agent role/);
    });

    it("does not apply to other resource types", async () => {
        const outcome = await runResourceRule(agentRoleTrustScoped, { type: T.iamPolicy, name: "p", props: {} });
        assert.match(outcome.notApplicable ?? "", /aws:iam\/role:Role/);
    });

    it("cannot run at preview when the trust policy is unknown", async () => {
        const outcome = await run({ assumeRolePolicy: UNKNOWN });
        assert.ok(outcome.previewUnknown);
        assert.deepEqual(outcome.violations, []);
    });

    it("reports odd input on an agent-path role instead of crashing", async () => {
        assert.match(messages(await run({ assumeRolePolicy: "{not json" }))[0], /cannot be read \(not valid JSON/);
        assert.match(messages(await run({ assumeRolePolicy: JSON.stringify({ Version: "2012-10-17" }) }))[0], /cannot be read \(the document has no Statement\)/);
        assert.match(messages(await run({}))[0], /cannot be read/);
        // A single statement object and a single Action string are valid IAM.
        assert.deepEqual((await run({ assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: bedrockStatement() }) })).violations, []);
    });
});
