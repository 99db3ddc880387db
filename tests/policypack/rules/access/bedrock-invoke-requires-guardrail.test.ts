import * as assert from "assert";
import { T } from "../../../../policypack/lib/types";
import { bedrockInvokeApprovedModelsOnly } from "../../../../policypack/rules/access/bedrock-invoke-approved-models-only";
import { bedrockInvokeRequiresGuardrail as rule } from "../../../../policypack/rules/access/bedrock-invoke-requires-guardrail";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { allowApproved, compliantInvokePolicy, denyWithoutGuardrail, doc, GUARDRAIL_ARN, GUARDRAIL_VERSIONED_ARN } from "../../fixtures/iam";

const policy = (document: unknown) => ({ type: T.iamPolicy, name: "invoke", props: { policy: document } });
const INVOKE = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"];
const MISSING = "without a Deny that requires the approved guardrail (bedrock:GuardrailIdentifier with StringNotEquals, StringNotEqualsIgnoreCase, StringNotLike, ArnNotEquals, ArnNotLike): calls without a guardrail are allowed";

/** The component's allow, with a guardrail Deny changed by `edit`. */
function withDeny(edit: (deny: Record<string, any>) => void) {
    const deny = structuredClone(denyWithoutGuardrail) as Record<string, any>;
    edit(deny);
    return policy(doc(structuredClone(allowApproved), deny));
}

describe("bedrock-invoke-requires-guardrail", () => {
    it("passes the ModelAccessPolicy document, as an object and as a JSON string", async () => {
        assert.deepStrictEqual((await runResourceRule(rule, policy(compliantInvokePolicy()))).violations, []);
        assert.deepStrictEqual((await runResourceRule(rule, policy(JSON.stringify(compliantInvokePolicy())))).violations, []);
    });

    it("ignores documents that allow no invoke", async () => {
        const outcome = await runResourceRule(rule, policy(doc({ Effect: "Allow", Action: ["s3:GetObject", "bedrock:ApplyGuardrail"], Resource: "*" })));
        assert.deepStrictEqual(outcome.violations, []);
    });

    describe("models that cannot take a guardrail", () => {
        const TITAN = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0";
        const carveOut = (notResource: string[]) => ({ ...structuredClone(denyWithoutGuardrail), Resource: undefined, NotResource: notResource });

        it("does not apply to the knowledge-base role policy of the Bedrock user guide, which invokes only the embedding model", async () => {
            // "Create a service role for Amazon Bedrock Knowledge Bases": the statement that lets the KB embed documents.
            const kbRole = doc({ Sid: "BedrockInvokeModelStatement", Effect: "Allow", Action: ["bedrock:InvokeModel"], Resource: [TITAN] });
            const outcome = await runResourceRule(rule, policy(kbRole));
            assert.deepStrictEqual(outcome.violations, []);
            assert.match(outcome.notApplicable ?? "", /allows invoking only models that cannot take a guardrail/);
        });

        it("passes a guardrail Deny that leaves out only models that cannot take a guardrail, for a grant on them and on approved models", async () => {
            const embeddings = { Sid: "InvokeApprovedModelsWithoutGuardrail", Effect: "Allow", Action: "bedrock:InvokeModel", Resource: TITAN };
            const document = doc(structuredClone(allowApproved), embeddings, carveOut(["arn:aws:bedrock:*::foundation-model/amazon.titan-embed-text-v2:0", "arn:aws:bedrock:*::foundation-model/cohere.rerank-v3-5:0"]));
            assert.deepStrictEqual((await runResourceRule(rule, policy(document))).violations, []);
            // The carve-out takes nothing from the other models, even under a broad grant.
            const broad = doc({ Effect: "Allow", Action: INVOKE, Resource: "*" }, carveOut(["arn:aws:bedrock:*::foundation-model/amazon.titan-embed-text-v2:0"]));
            assert.deepStrictEqual((await runResourceRule(rule, policy(broad))).violations, []);
        });

        it("flags a Deny whose NotResource also leaves out a model that can take a guardrail", async () => {
            const document = doc({ Effect: "Allow", Action: INVOKE, Resource: "*" }, carveOut(["arn:aws:bedrock:*::foundation-model/anthropic.*"]));
            assert.match(messages(await runResourceRule(rule, policy(document)))[0], /does not enforce the guardrail: it does not cover \*, which Statement\[0\] allows/);
        });
    });

    it("flags an invoke allow without any guardrail Deny", async () => {
        const outcome = await runResourceRule(rule, policy(doc(allowApproved)));
        assert.deepStrictEqual(messages(outcome), [`policy allows ${INVOKE.join(", ")} (statement "InvokeApprovedModelsOnly") ${MISSING}`]);
    });

    it("flags bedrock:* on * without a guardrail Deny", async () => {
        const outcome = await runResourceRule(rule, policy(doc({ Effect: "Allow", Action: "bedrock:*", Resource: "*" })));
        assert.deepStrictEqual(messages(outcome), [`policy allows ${INVOKE.join(", ")} (Statement[0]) ${MISSING}`]);
    });

    it("flags a Deny written with bedrock:GuardrailArn as a silent no-op", async () => {
        const outcome = await runResourceRule(
            rule,
            policy(doc(allowApproved, { Sid: "SeedDeny", Effect: "Deny", Action: INVOKE, Resource: "*", Condition: { StringNotEquals: { "bedrock:GuardrailArn": GUARDRAIL_ARN } } })),
        );
        assert.deepStrictEqual(messages(outcome), [
            `policy allows ${INVOKE.join(", ")} (statement "InvokeApprovedModelsOnly") ${MISSING}. ` +
                'statement "SeedDeny" is keyed on bedrock:GuardrailArn, which is not a condition key: that Deny never matches (a silent no-op); use bedrock:GuardrailIdentifier',
        ]);
    });

    it("accepts each negated operator, with or without IfExists", async () => {
        for (const operator of ["StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike", "StringNotEqualsIfExists", "ArnNotLikeIfExists"]) {
            const outcome = await runResourceRule(rule, withDeny((d) => (d.Condition = { [operator]: { "bedrock:GuardrailIdentifier": [GUARDRAIL_VERSIONED_ARN, `${GUARDRAIL_ARN}:2`] } })));
            assert.deepStrictEqual(outcome.violations, [], operator);
        }
    });

    it("flags a positive operator: it denies the approved guardrail and lets calls without one through", async () => {
        const outcome = await runResourceRule(rule, withDeny((d) => (d.Condition = { StringEquals: { "bedrock:GuardrailIdentifier": GUARDRAIL_VERSIONED_ARN } })));
        assert.match(
            messages(outcome)[0],
            /statement "DenyInvokeWithoutApprovedGuardrail" does not enforce the guardrail: its StringEquals condition on bedrock:GuardrailIdentifier does not match calls made without the approved guardrail/,
        );
    });

    it("flags a condition value that is not a specific guardrail", async () => {
        const wildcard = await runResourceRule(rule, withDeny((d) => (d.Condition = { StringNotLike: { "bedrock:GuardrailIdentifier": "arn:aws:bedrock:*:*:guardrail/*" } })));
        assert.match(messages(wildcard)[0], /"arn:aws:bedrock:\*:\*:guardrail\/\*" is not a specific guardrail version .* so any guardrail would pass/);
        const id = await runResourceRule(rule, withDeny((d) => (d.Condition = { StringNotEquals: { "bedrock:GuardrailIdentifier": "a1b2c3d4e5f6" } })));
        assert.match(messages(id)[0], /"a1b2c3d4e5f6" is not a specific guardrail version/);
    });

    it("flags a guardrail ARN without version: IAM matches it only for calls that use the DRAFT, which edits change in place", async () => {
        const outcome = await runResourceRule(rule, withDeny((d) => (d.Condition = { StringNotEquals: { "bedrock:GuardrailIdentifier": GUARDRAIL_ARN } })));
        assert.match(
            messages(outcome)[0],
            new RegExp(`statement "DenyInvokeWithoutApprovedGuardrail" does not enforce the guardrail: ${GUARDRAIL_ARN.replace(/[/.]/g, "\\$&")} has no version, which IAM matches only for calls that use the guardrail's DRAFT`),
        );
        const alsoDraft = await runResourceRule(rule, withDeny((d) => (d.Condition = { StringNotEquals: { "bedrock:GuardrailIdentifier": [GUARDRAIL_VERSIONED_ARN, GUARDRAIL_ARN] } })));
        assert.strictEqual(alsoDraft.violations.length, 1);
    });

    it("flags a version wildcard or a version that is not a number", async () => {
        const anyVersion = await runResourceRule(rule, withDeny((d) => (d.Condition = { ArnNotLike: { "bedrock:GuardrailIdentifier": `${GUARDRAIL_ARN}:*` } })));
        assert.match(messages(anyVersion)[0], /guardrail\/a1b2c3d4e5f6:\*" is not a specific guardrail version .* so any version of that guardrail would pass/);
        const draft = await runResourceRule(rule, withDeny((d) => (d.Condition = { StringNotEquals: { "bedrock:GuardrailIdentifier": `${GUARDRAIL_ARN}:DRAFT` } })));
        assert.match(messages(draft)[0], /does not name a published numeric version \("DRAFT"\)/);
    });

    it("flags a guardrail Deny narrowed by another condition: calls outside it run without the guardrail", async () => {
        const outcome = await runResourceRule(
            rule,
            withDeny((d) => (d.Condition = { ...d.Condition, StringEquals: { "aws:RequestedRegion": "eu-west-1" } })),
        );
        assert.match(
            messages(outcome)[0],
            /does not enforce the guardrail: it also requires StringEquals on aws:RequestedRegion, so calls that do not meet that condition are not denied and run without the guardrail$/,
        );
        const viaService = await runResourceRule(rule, withDeny((d) => (d.Condition = { ...d.Condition, BoolIfExists: { "aws:ViaAWSService": "false" } })));
        assert.match(messages(viaService)[0], /it also requires BoolIfExists on aws:ViaAWSService/);
    });

    it("flags a Deny that leaves one of the allowed invoke actions out", async () => {
        const outcome = await runResourceRule(rule, withDeny((d) => (d.Action = "bedrock:InvokeModel")));
        assert.match(messages(outcome)[0], /^policy allows bedrock:InvokeModelWithResponseStream \(statement "InvokeApprovedModelsOnly"\) without a Deny/);
    });

    it("accepts a Deny whose action wildcard covers the invoke actions", async () => {
        const outcome = await runResourceRule(rule, withDeny((d) => (d.Action = "bedrock:Invoke*")));
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("flags a Deny on fewer resources than the allow", async () => {
        const outcome = await runResourceRule(rule, withDeny((d) => (d.Resource = allowApproved.Resource[0])));
        assert.match(messages(outcome)[0], /does not enforce the guardrail: it does not cover arn:aws:bedrock:.*inference-profile\/us\.anthropic.*, which statement "InvokeApprovedModelsOnly" allows/);
    });

    it("accepts a Deny with NotResource that excludes nothing the allow grants", async () => {
        const outcome = await runResourceRule(rule, withDeny((d) => {
            delete d.Resource;
            d.NotResource = "arn:aws:s3:::*";
        }));
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("checks the condition against configured approved guardrails", async () => {
        const other = await runResourceRule(rule, policy(compliantInvokePolicy()), { config: { approvedGuardrailArns: ["arn:aws:bedrock:us-east-1:123456789012:guardrail/ffffffffffff:*"] } });
        assert.match(messages(other)[0], /arn:aws:bedrock:us-east-1:123456789012:guardrail\/a1b2c3d4e5f6:1 is not one of the approved guardrails/);
        const same = await runResourceRule(rule, policy(compliantInvokePolicy()), { config: { approvedGuardrailArns: [`${GUARDRAIL_ARN}:*`] } });
        assert.deepStrictEqual(same.violations, []);
    });

    it("checks roles' inline policies and every identity-policy type", async () => {
        const bad = JSON.stringify(doc(allowApproved));
        const role = await runResourceRule(rule, { type: T.iamRole, name: "agent", props: { inlinePolicies: [{ name: "invoke", policy: bad }] } });
        assert.match(messages(role)[0], /^inlinePolicies\[0\] \("invoke"\) allows/);
        for (const type of [T.iamRolePolicy, T.iamUserPolicy, T.iamGroupPolicy]) {
            assert.strictEqual((await runResourceRule(rule, { type, name: "p", props: { policy: bad } })).violations.length, 1, type);
        }
    });

    it("cannot run during preview when the document is unknown", async () => {
        const outcome = await runResourceRule(rule, policy(UNKNOWN));
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.previewUnknown ?? "", /can't run policy 'bedrock-invoke-requires-guardrail' during preview/);
    });

    it("reports odd input instead of crashing", async () => {
        const malformed = await runResourceRule(rule, policy("not json"));
        assert.match(messages(malformed)[0], /^policy is not a readable policy document \(not valid JSON: .*\), so its guardrail enforcement cannot be verified$/);
        const single = await runResourceRule(rule, policy({ Statement: { Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" } }));
        assert.match(messages(single)[0], /^policy allows bedrock:InvokeModel \(Statement\[0\]\) without a Deny/);
        const oddCondition = await runResourceRule(rule, withDeny((d) => (d.Condition = { StringNotEquals: { "bedrock:GuardrailIdentifier": [] } })));
        assert.match(messages(oddCondition)[0], /its condition on bedrock:GuardrailIdentifier names no guardrail/);
        const conditionNotObject = await runResourceRule(rule, withDeny((d) => (d.Condition = "StringNotEquals")));
        assert.match(messages(conditionNotObject)[0], /without a Deny that requires the approved guardrail/);
    });
});

describe("bedrock-invoke-requires-guardrail (AIG-MA-2) and bedrock-invoke-approved-models-only (AIG-MA-1): judged only where invocation is allowed", () => {
    it("is not applicable (gives no pass) to a policy that allows no model invocation", async () => {
        const logsOnly = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "logs:PutLogEvents", Resource: "*" }] };
        for (const judge of [bedrockInvokeApprovedModelsOnly, rule]) {
            const outcome = await runResourceRule(judge, { type: T.iamPolicy, name: "logs", props: { policy: JSON.stringify(logsOnly) } });
            assert.deepEqual(outcome.violations, [], judge.name);
            assert.match(outcome.notApplicable ?? "", /allows model invocation/, judge.name);
        }
    });
});
