import * as assert from "assert";
import { T } from "../../../../policypack/lib/types";
import { bedrockInvokeApprovedModelsOnly as rule } from "../../../../policypack/rules/access/bedrock-invoke-approved-models-only";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { ACCOUNT, allowApproved, compliantInvokePolicy, doc, MODEL, REGION } from "../../fixtures/iam";

const policy = (document: unknown) => ({ type: T.iamPolicy, name: "invoke", props: { policy: document } });
const INVOKE = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"];
const OPUS = `arn:aws:bedrock:${REGION}::foundation-model/anthropic.claude-3-opus-20240229-v1:0`;

describe("bedrock-invoke-approved-models-only", () => {
    it("passes the ModelAccessPolicy document, as an object and as a JSON string", async () => {
        assert.deepStrictEqual((await runResourceRule(rule, policy(compliantInvokePolicy()))).violations, []);
        assert.deepStrictEqual((await runResourceRule(rule, policy(JSON.stringify(compliantInvokePolicy())))).violations, []);
    });

    it("applies to every identity-policy type, roles' inline policies and VPC endpoint policies, not to other types", async () => {
        const bad = JSON.stringify(doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" }));
        for (const type of [T.iamPolicy, T.iamRolePolicy, T.iamUserPolicy, T.iamGroupPolicy]) {
            const outcome = await runResourceRule(rule, { type, name: "p", props: { policy: bad } });
            assert.strictEqual(outcome.violations.length, 1, type);
        }
        const role = await runResourceRule(rule, {
            type: T.iamRole,
            name: "agent",
            props: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "ok", policy: JSON.stringify(compliantInvokePolicy()) }, { name: "invoke-all", policy: bad }] },
        });
        assert.deepStrictEqual(messages(role), [
            'inlinePolicies[1] ("invoke-all"), Statement[0], allows bedrock:InvokeModel (through bedrock:InvokeModel) on * (a wildcard reaching unapproved models): invocation is not limited to approved models and inference profiles',
        ]);
        for (const type of [T.vpcEndpoint, T.vpcEndpointPolicy]) {
            assert.strictEqual((await runResourceRule(rule, { type, name: "e", props: { policy: bad } })).violations.length, 1, type);
        }
        for (const type of [T.orgPolicy, T.s3BucketPolicy]) {
            assert.ok((await runResourceRule(rule, { type, name: "x", props: { policy: bad, content: bad } })).notApplicable, type);
        }
    });

    it("accepts a broad Allow confined by an unconditional Deny on everything but approved models", async () => {
        const approvedArns = allowApproved.Resource;
        const confined = doc(
            { Sid: "UseServiceApis", Effect: "Allow", Principal: "*", Action: "bedrock:*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } },
            { Sid: "DenyInvokeOfUnapprovedModels", Effect: "Deny", Principal: "*", Action: INVOKE, NotResource: approvedArns },
        );
        assert.deepStrictEqual((await runResourceRule(rule, { type: T.vpcEndpoint, name: "agent-runtime", props: { policy: JSON.stringify(confined) } })).violations, []);
        assert.deepStrictEqual((await runResourceRule(rule, policy(confined))).violations, []);
        const denyAll = doc({ Effect: "Allow", Action: "bedrock:*", Resource: "*" }, { Effect: "Deny", Action: "bedrock:Invoke*", Resource: "*" });
        assert.deepStrictEqual((await runResourceRule(rule, policy(denyAll))).violations, []);
    });

    it("does not count a Deny that confines only sometimes, or to unapproved models too", async () => {
        const conditional = doc({ Effect: "Allow", Action: "bedrock:*", Resource: "*" }, { Effect: "Deny", Action: INVOKE, NotResource: allowApproved.Resource, Condition: { Bool: { "aws:ViaAWSService": "false" } } });
        assert.strictEqual((await runResourceRule(rule, policy(conditional))).violations.length, 1);
        const leaky = doc({ Effect: "Allow", Action: "bedrock:*", Resource: "*" }, { Effect: "Deny", Action: INVOKE, NotResource: [...allowApproved.Resource, OPUS] });
        assert.strictEqual((await runResourceRule(rule, policy(leaky))).violations.length, 1);
        const partial = doc({ Effect: "Allow", Action: "bedrock:*", Resource: "*" }, { Effect: "Deny", Action: "bedrock:InvokeModel", NotResource: allowApproved.Resource });
        assert.strictEqual((await runResourceRule(rule, policy(partial))).violations.length, 1, "InvokeModelWithResponseStream stays open");
    });

    it("flags an endpoint policy that lets any model through, and leaves an endpoint without a policy to the network rules", async () => {
        const open = await runResourceRule(rule, { type: T.vpcEndpoint, name: "runtime", props: { policy: doc({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }) } });
        assert.match(messages(open)[0], /^policy, Statement\[0\], allows .* \(through \*\) on \* \(a wildcard reaching unapproved models\)/);
        assert.deepStrictEqual((await runResourceRule(rule, { type: T.vpcEndpoint, name: "runtime", props: { serviceName: "com.amazonaws.us-east-1.bedrock-runtime" } })).violations, []);
    });

    it("judges an endpoint created without a policy the same in the provider's state, which shows AWS's default policy", async () => {
        const awsDefault = JSON.stringify({ Statement: [{ Action: "*", Effect: "Allow", Principal: "*", Resource: "*" }] });
        const state = await runResourceRule(rule, { type: T.vpcEndpoint, name: "runtime", props: { serviceName: "com.amazonaws.us-east-1.bedrock-runtime", policy: awsDefault } });
        assert.deepStrictEqual(state.violations, []);
        assert.ok(state.notApplicable);
    });

    it("flags bedrock:* on *", async () => {
        const outcome = await runResourceRule(rule, policy(doc({ Sid: "All", Effect: "Allow", Action: "bedrock:*", Resource: "*" })));
        assert.deepStrictEqual(messages(outcome), [
            `policy, statement "All", allows ${INVOKE.join(", ")} (through bedrock:*) on * (a wildcard reaching unapproved models): invocation is not limited to approved models and inference profiles`,
        ]);
    });

    it("flags bedrock:Invoke* and * as actions", async () => {
        const prefix = await runResourceRule(rule, policy(doc({ Effect: "Allow", Action: ["bedrock:Invoke*"], Resource: `arn:aws:bedrock:${REGION}::foundation-model/*` })));
        assert.match(messages(prefix)[0], /through bedrock:Invoke\*\) on arn:aws:bedrock:us-east-1::foundation-model\/\* \(a wildcard reaching unapproved models\)/);
        const admin = await runResourceRule(rule, policy(doc({ Effect: "Allow", Action: "*", Resource: "*" })));
        assert.match(messages(admin)[0], /through \*\) on \*/);
    });

    it("flags NotAction, which allows invoke by not excluding it", async () => {
        const outcome = await runResourceRule(rule, policy(doc({ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" })));
        assert.match(messages(outcome)[0], /allows bedrock:InvokeModel, bedrock:InvokeModelWithResponseStream \(through NotAction \[iam:\*, organizations:\*\]\) on \*/);
    });

    it("flags NotResource, which reaches every model it does not name", async () => {
        const outcome = await runResourceRule(rule, policy(doc({ Effect: "Allow", Action: INVOKE, NotResource: OPUS })));
        assert.match(messages(outcome)[0], /on every resource except NotResource \[.*opus.*\]: that reaches every model, not only approved ones/);
    });

    it("flags a specific model that is not approved, and only that one", async () => {
        const outcome = await runResourceRule(rule, policy(doc({ ...allowApproved, Resource: [...allowApproved.Resource, OPUS] })));
        assert.deepStrictEqual(messages(outcome), [
            `policy, statement "InvokeApprovedModelsOnly", allows ${INVOKE.join(", ")} (through ${INVOKE.join(", ")}) on ${OPUS} (not an approved model): invocation is not limited to approved models and inference profiles`,
        ]);
    });

    it("flags a model wildcard broader than one model", async () => {
        const outcome = await runResourceRule(rule, policy(doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: `arn:aws:bedrock:*::foundation-model/anthropic.*` })));
        assert.match(messages(outcome)[0], /foundation-model\/anthropic\.\* \(a wildcard reaching unapproved models\)/);
    });

    it("flags a wildcard over every Bedrock resource type", async () => {
        const outcome = await runResourceRule(rule, policy(doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: `arn:aws:bedrock:${REGION}:${ACCOUNT}:*` })));
        assert.strictEqual(outcome.violations.length, 1);
    });

    it("accepts an approved model in any Region, and the foundation model behind an approved inference profile", async () => {
        const outcome = await runResourceRule(
            rule,
            policy(
                doc({
                    Effect: "Allow",
                    Action: "bedrock:InvokeModel",
                    Resource: [
                        `arn:aws:bedrock:eu-west-1::foundation-model/${MODEL}`,
                        `arn:aws:bedrock:*::foundation-model/${MODEL}`,
                        `arn:aws:bedrock:us-west-2:${ACCOUNT}:inference-profile/us.${MODEL}`,
                    ],
                }),
            ),
        );
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("does not approve a geographic profile for a model approved only as a foundation model", async () => {
        const outcome = await runResourceRule(rule, policy(doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: `arn:aws:bedrock:${REGION}:${ACCOUNT}:inference-profile/eu.${MODEL}` })), {
            config: { approvedModelIds: [MODEL] },
        });
        assert.match(messages(outcome)[0], /inference-profile\/eu\.anthropic.* \(not an approved model\)/);
    });

    it("ignores statements that cannot reach a model: other actions, other services' resources, and Deny", async () => {
        const outcome = await runResourceRule(
            rule,
            policy(
                doc(
                    { Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
                    { Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::logs-bucket/*" },
                    { Effect: "Allow", Action: "bedrock:*", Resource: `arn:aws:bedrock:${REGION}:${ACCOUNT}:guardrail/a1b2c3d4e5f6` },
                    { Effect: "Deny", Action: "bedrock:*", Resource: "*" },
                ),
            ),
        );
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("takes further ARN patterns and a narrower model list from config", async () => {
        const appProfile = `arn:aws:bedrock:${REGION}:${ACCOUNT}:application-inference-profile/team-a`;
        const withArn = await runResourceRule(rule, policy(doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: appProfile })), {
            config: { approvedModelArns: [`arn:aws:bedrock:*:${ACCOUNT}:application-inference-profile/team-*`] },
        });
        assert.deepStrictEqual(withArn.violations, []);
        const narrower = await runResourceRule(rule, policy(compliantInvokePolicy()), { config: { approvedModelIds: ["amazon.nova-pro-v1:0"] } });
        assert.strictEqual(narrower.violations.length, 1);
        assert.match(messages(narrower)[0], /foundation-model\/anthropic\.claude-3-5-sonnet-20240620-v1:0 \(not an approved model\)/);
    });

    it("treats a policy variable in a Resource as a wildcard", async () => {
        const outcome = await runResourceRule(rule, policy(doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "arn:aws:bedrock:*::foundation-model/${aws:PrincipalTag/model}" })));
        assert.match(messages(outcome)[0], /a wildcard reaching unapproved models/);
    });

    it("cannot run during preview when the document is unknown", async () => {
        const outcome = await runResourceRule(rule, policy(UNKNOWN));
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.previewUnknown ?? "", /can't run policy 'bedrock-invoke-approved-models-only' during preview/);
        const inline = await runResourceRule(rule, { type: T.iamRole, name: "r", props: { inlinePolicies: [{ name: "x", policy: UNKNOWN }] } });
        assert.ok(inline.previewUnknown);
    });

    it("judges a document partly unknown at preview on what is known: an unapproved model is flagged whatever the unknown ARN is", async () => {
        const approvedArn = allowApproved.Resource[0];
        const flagged = await runResourceRule(rule, policy(doc({ Effect: "Allow", Action: INVOKE, Resource: [OPUS, UNKNOWN] })));
        assert.strictEqual(flagged.previewUnknown, undefined);
        assert.match(messages(flagged)[0], /claude-3-opus-20240229-v1:0 \(not an approved model\)/);
        // Only the unknown ARN could make it wrong: undecided, naming where.
        const pending = await runResourceRule(rule, policy(doc({ Effect: "Allow", Action: INVOKE, Resource: [approvedArn, UNKNOWN] })));
        assert.deepStrictEqual(pending.violations, []);
        assert.match(pending.previewUnknown ?? "", /at \.policy can't be known during preview: whether it allows model invocation on approved models only depends on Statement\[0\]\.Resource/);
        // An unknown Action decides what the statement allows: undecided, as the SDK reads it.
        const action = await runResourceRule(rule, policy(doc({ Effect: "Allow", Action: UNKNOWN, Resource: OPUS })));
        assert.match(action.previewUnknown ?? "", /\.policy\.Statement\.0\.Action can't be known during preview/);
    });

    it("reports odd input instead of crashing", async () => {
        const malformed = await runResourceRule(rule, policy('{"Statement": [}'));
        assert.match(messages(malformed)[0], /^policy is not a readable policy document \(not valid JSON: .*\), so its model access cannot be verified$/);
        const list = await runResourceRule(rule, policy([{ Effect: "Allow" }]));
        assert.match(messages(list)[0], /a policy document must be a JSON object/);
        const single = await runResourceRule(rule, policy({ Statement: { Effect: "Allow", Action: "bedrock:InvokeModel", Resource: OPUS } }));
        assert.match(messages(single)[0], /not an approved model/);
        const noResource = await runResourceRule(rule, policy(doc({ Effect: "Allow", Action: "bedrock:InvokeModel" })));
        assert.match(messages(noResource)[0], /on every resource \(no Resource element\)/);
        const oddRole = await runResourceRule(rule, { type: T.iamRole, name: "r", props: { inlinePolicies: [null, { name: "empty" }] } });
        assert.deepStrictEqual(messages(oddRole), ["inlinePolicies[0] is not a readable policy document (a policy document must be a JSON object), so its model access cannot be verified"]);
        const numbers = await runResourceRule(rule, policy(doc({ Effect: "Allow", Action: 7, Resource: 8 })));
        assert.deepStrictEqual(numbers.violations, []);
    });
});
