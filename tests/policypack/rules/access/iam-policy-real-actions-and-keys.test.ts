import * as assert from "assert";
import { T } from "../../../../policypack/lib/types";
import { iamPolicyRealActionsAndKeys as rule } from "../../../../policypack/rules/access/iam-policy-real-actions-and-keys";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { compliantInvokePolicy, doc, GUARDRAIL_ARN } from "../../fixtures/iam";

const policy = (document: unknown) => ({ type: T.iamPolicy, name: "p", props: { policy: document } });

const trust = {
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { Service: "bedrock.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:bedrock:us-east-1:123456789012:agent/*" } },
        },
    ],
};

describe("iam-policy-real-actions-and-keys", () => {
    it("passes real documents of every kind: identity, trust, SCP, bucket and endpoint policies", async () => {
        assert.deepStrictEqual((await runResourceRule(rule, policy(JSON.stringify(compliantInvokePolicy())))).violations, []);
        assert.deepStrictEqual((await runResourceRule(rule, { type: T.iamRole, name: "r", props: { assumeRolePolicy: JSON.stringify(trust) } })).violations, []);
        const scp = doc({
            Effect: "Deny",
            Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
            Resource: "*",
            Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-0123456789abcdef0" }, BoolIfExists: { "aws:ViaAWSService": "false" } },
        });
        assert.deepStrictEqual((await runResourceRule(rule, { type: T.orgPolicy, name: "scp", props: { type: "SERVICE_CONTROL_POLICY", content: JSON.stringify(scp) } })).violations, []);
        const bucket = doc({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } });
        assert.deepStrictEqual((await runResourceRule(rule, { type: T.s3BucketPolicy, name: "bp", props: { bucket: "b", policy: bucket } })).violations, []);
        const endpoint = doc({ Effect: "Allow", Principal: { AWS: "123456789012" }, Action: "bedrock:InvokeModel*", Resource: "*" });
        assert.deepStrictEqual((await runResourceRule(rule, { type: T.vpcEndpoint, name: "e", props: { policy: JSON.stringify(endpoint) } })).violations, []);
    });

    it("flags bedrock:Converse with the reason", async () => {
        const outcome = await runResourceRule(rule, policy(doc({ Sid: "Chat", Effect: "Allow", Action: ["bedrock:Converse", "bedrock:ConverseStream"], Resource: "*" })));
        assert.deepStrictEqual(messages(outcome), [
            'policy: statement "Chat": bedrock:Converse is not an IAM action; Converse is authorized by bedrock:InvokeModel.; ' +
                'statement "Chat": bedrock:ConverseStream is not an IAM action; it is authorized by bedrock:InvokeModelWithResponseStream.',
        ]);
    });

    it("flags a condition on bedrock:GuardrailArn with the reason", async () => {
        const outcome = await runResourceRule(
            rule,
            policy(doc({ Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "*", Condition: { StringNotEquals: { "bedrock:GuardrailArn": GUARDRAIL_ARN } } })),
        );
        assert.deepStrictEqual(messages(outcome), ["policy: Statement[0]: bedrock:GuardrailArn is not a condition key; a condition on it never matches. Use bedrock:GuardrailIdentifier."]);
    });

    it("flags misspelt actions, unknown services and wildcards that match nothing", async () => {
        const outcome = await runResourceRule(rule, policy(doc({ Effect: "Allow", Action: ["s3:GetObjcet", "bedrok:InvokeModel", "s3:Fly*", "InvokeModel"], Resource: "*" })));
        assert.deepStrictEqual(messages(outcome), [
            "policy: Statement[0]: s3:GetObjcet is not an action of s3; " +
                "Statement[0]: bedrok:InvokeModel: there is no service with the prefix bedrok; " +
                "Statement[0]: s3:Fly* matches no action; " +
                'Statement[0]: "InvokeModel" is not an action: expected service:ActionName',
        ]);
    });

    it("checks NotAction entries too", async () => {
        const outcome = await runResourceRule(rule, policy(doc({ Effect: "Deny", NotAction: ["bedrock:Converse"], Resource: "*" })));
        assert.match(messages(outcome)[0], /bedrock:Converse is not an IAM action/);
    });

    it("flags a condition key that does not exist", async () => {
        const outcome = await runResourceRule(rule, policy(doc({ Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { StringNotEquals: { "aws:SourceVpcEndpoint": "vpce-1" } } })));
        assert.deepStrictEqual(messages(outcome), [
            "policy: Statement[0]: aws:SourceVpcEndpoint is not a condition key: it is never in a request, so a condition on it never matches (or, negated, always does)",
        ]);
    });

    it("matches actions and keys case-insensitively, as IAM does, and accepts keys with a tag or context suffix", async () => {
        const outcome = await runResourceRule(
            rule,
            policy(doc({ Effect: "Allow", Action: ["BEDROCK:invokemodel", "KMS:decrypt"], Resource: "*", Condition: { StringEquals: { "AWS:PrincipalTag/team": "ai", "kms:EncryptionContext:aws:logs:arn": "x" } } })),
        );
        assert.deepStrictEqual(outcome.violations, []);
    });

    describe("service condition keys on actions that support none of them", () => {
        const bucket = "arn:aws:s3:::bucket-name";
        const statement = (action: unknown, condition: Record<string, unknown>) => policy(doc({ Effect: "Allow", Action: action, Resource: bucket, Condition: condition }));

        it("passes a key one of the statement's actions supports: Parliament's s3:prefix on s3:listbucket, a bucket-tag key, global keys", async () => {
            for (const [action, condition] of [
                ["s3:listbucket", { StringEquals: { "s3:prefix": ["home/${aws:username}/*"] } }],
                [["s3:GetObject", "s3:ListBucket"], { StringLike: { "s3:prefix": "reports/*" } }],
                ["s3:ListBucket", { StringEquals: { "s3:BucketTag/team": "ai" } }],
                ["s3:ListBucket", { StringEquals: { "aws:SourceVpce": "vpce-0a1b2c3d4e5f67890", "aws:ResourceTag/team": "ai" } }],
                ["s3:Get*", { StringEquals: { "s3:ExistingObjectTag/classification": "public" } }],
            ] as const) {
                assert.deepStrictEqual((await runResourceRule(rule, statement(action, condition))).violations, [], JSON.stringify(condition));
            }
        });

        it("flags a real key that applies to none of the actions: Parliament's s3:x-amz-storage-class and an object tag on s3:ListBucket", async () => {
            const storageClass = messages(await runResourceRule(rule, statement("s3:listbucket", { StringEquals: { "s3:x-amz-storage-class": "STANDARD_IA" } })));
            assert.deepStrictEqual(storageClass, [
                "policy: Statement[0]: s3:x-amz-storage-class applies to none of the statement's actions (s3:ListBucket): it is never in their requests, so a condition on it never matches (or, negated, always does)",
            ]);
            const objectTag = messages(await runResourceRule(rule, statement("s3:ListBucket", { StringEquals: { "s3:ExistingObjectTag/classification": "public" } })));
            assert.match(objectTag[0], /s3:ExistingObjectTag\/classification applies to none of the statement's actions \(s3:ListBucket\)/);
            // A guardrail condition on an action that does not carry it: only InvokeModel and InvokeModelWithResponseStream do.
            const guardrail = messages(await runResourceRule(rule, policy(doc({ Effect: "Deny", Action: "bedrock:ApplyGuardrail", Resource: "*", Condition: { StringNotEquals: { "bedrock:GuardrailIdentifier": "arn:aws:bedrock:us-east-1:123456789012:guardrail/a1b2c3d4e5f6:1" } } }))));
            assert.match(guardrail[0], /bedrock:GuardrailIdentifier applies to none of the statement's actions \(bedrock:ApplyGuardrail\)/);
        });

        it("leaves NotAction and all-action statements alone: they may reach any action", async () => {
            for (const action of [{ NotAction: "iam:*" }, { Action: "*" }, { Action: "s*:ListBucket" }]) {
                const outcome = await runResourceRule(rule, policy(doc({ Effect: "Deny", ...action, Resource: "*", Condition: { StringNotEquals: { "s3:x-amz-storage-class": "STANDARD" } } })));
                assert.deepStrictEqual(outcome.violations, [], JSON.stringify(action));
            }
        });
    });

    it("flags an operator outside Condition (the seed's SCP error) as an invalid document", async () => {
        const seed = doc({
            Effect: "Deny",
            Action: "bedrock:InvokeModel",
            Resource: "*",
            Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-1" } },
            BoolIfExists: { "aws:ViaAWSService": "false" },
        });
        const outcome = await runResourceRule(rule, { type: T.orgPolicy, name: "scp", props: { content: JSON.stringify(seed) } });
        assert.deepStrictEqual(messages(outcome), [
            "content: not a valid policy document: Statement[0]: unknown statement element BoolIfExists (a condition operator belongs inside Condition)",
        ]);
    });

    it("checks a role's trust policy and its inline policies", async () => {
        const outcome = await runResourceRule(rule, {
            type: T.iamRole,
            name: "r",
            props: { assumeRolePolicy: trust, inlinePolicies: [{ name: "chat", policy: JSON.stringify(doc({ Effect: "Allow", Action: "bedrock:Converse", Resource: "*" })) }] },
        });
        assert.deepStrictEqual(messages(outcome), ['inlinePolicies[0] ("chat"): Statement[0]: bedrock:Converse is not an IAM action; Converse is authorized by bedrock:InvokeModel.']);
    });

    it("accepts the claims of an OIDC identity provider in a trust policy (GitHub Actions, EKS), and flags a claim IAM does not evaluate", async () => {
        const oidcTrust = (condition: Record<string, Record<string, string>>) =>
            doc({
                Effect: "Allow",
                Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: condition,
            });
        const github = oidcTrust({
            StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
            StringLike: { "token.actions.githubusercontent.com:sub": "repo:example-org/ai-platform:ref:refs/heads/main" },
        });
        const eks = oidcTrust({ StringEquals: { "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:ai:agent" } });
        for (const trustPolicy of [github, eks]) {
            assert.deepStrictEqual((await runResourceRule(rule, { type: T.iamRole, name: "ci", props: { assumeRolePolicy: JSON.stringify(trustPolicy) } })).violations, []);
        }
        const typo = oidcTrust({ StringLike: { "token.actions.githubusercontent.com:subject": "repo:example-org/*" } });
        assert.deepStrictEqual(messages(await runResourceRule(rule, { type: T.iamRole, name: "ci", props: { assumeRolePolicy: JSON.stringify(typo) } })), [
            "assumeRolePolicy: Statement[0]: token.actions.githubusercontent.com:subject is not a condition key: it is never in a request, so a condition on it never matches (or, negated, always does)",
        ]);
    });

    it("leaves Organizations policies that are not IAM grammar alone (BEDROCK_POLICY)", async () => {
        const bedrockPolicy = { bedrock: { guardrail_inference: { "us-east-1": { baseline: { identifier: { "@@assign": `${GUARDRAIL_ARN}:1` } } } } } };
        const outcome = await runResourceRule(rule, { type: T.orgPolicy, name: "bp", props: { type: "BEDROCK_POLICY", content: JSON.stringify(bedrockPolicy) } });
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("does not apply to resources without policy documents", async () => {
        assert.ok((await runResourceRule(rule, { type: T.guardrail, name: "g", props: {} })).notApplicable);
    });

    it("cannot run during preview when a document is unknown", async () => {
        const outcome = await runResourceRule(rule, policy(UNKNOWN));
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.previewUnknown ?? "", /can't run policy 'iam-policy-real-actions-and-keys' during preview/);
        const orgType = await runResourceRule(rule, { type: T.orgPolicy, name: "scp", props: { type: UNKNOWN, content: "{}" } });
        assert.ok(orgType.previewUnknown);
    });

    it("reports malformed documents instead of crashing", async () => {
        const cases: Array<[unknown, RegExp]> = [
            ['{"Version": "2012-10-17", "Statement": [', /^policy: not a valid policy document: not valid JSON/],
            ["", /^policy: not a valid policy document: not valid JSON/],
            ["[]", /^policy: not a valid policy document: a policy document must be a JSON object$/],
            [42, /^policy: not a valid policy document: a policy document must be a JSON object$/],
            [{ Version: "2012-10-17" }, /^policy: not a valid policy document: the document has no Statement$/],
            [doc("Allow"), /Statement\[0\]: a statement must be an object/],
            [doc({ Effect: "allow", Action: "s3:GetObject", Resource: "*" }), /Effect must be "Allow" or "Deny", got "allow"/],
            [doc({ Effect: "Allow", Action: 5, Resource: "*" }), /Action must be a string or a list of strings, got 5/],
            [doc({ Effect: "Allow", Action: "s3:GetObject", NotAction: "s3:PutObject", Resource: "*" }), /exactly one of Action or NotAction is required/],
            [doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: ["aws:SourceVpce"] }), /Condition must be an object of operators/],
            [doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { StringEqualz: { "aws:SourceVpce": "v" } } }), /unknown condition operator StringEqualz/],
        ];
        for (const [document, expected] of cases) {
            const outcome = await runResourceRule(rule, policy(document));
            assert.strictEqual(outcome.violations.length, 1, JSON.stringify(document));
            assert.match(messages(outcome)[0], expected);
        }
    });
});
