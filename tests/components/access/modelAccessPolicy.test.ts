import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { ModelAccessPolicy, ModelAccessPolicyArgs, modelAccessStatements } from "../../../components/access/modelAccessPolicy";
import { ConfigValidationError } from "../../../components/config";
import { GUARDRAIL_CONDITION_KEY, INVOKE_ACTIONS, modelResourceArns } from "../../../policypack/controls/model-access";
import { actionExists, conditionKeyExists } from "../../../policypack/lib/iam/catalog";
import { T } from "../../../policypack/lib/types";
import { byType, policyOf, renderComponent, single, statement, valueOf, hasAlias } from "../../helpers/mocks";
import { ACCOUNT, GUARDRAIL_ARN, MODEL, REGION } from "../../helpers/fixtures";

const GUARDRAIL_V1 = `${GUARDRAIL_ARN}:1`;
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
const PROFILE = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";
const TITAN = "amazon.titan-embed-text-v2:0";
const OPUS = "anthropic.claude-3-opus-20240229-v1:0";

const BASE: ModelAccessPolicyArgs = {
    accountId: ACCOUNT,
    region: REGION,
    models: { approved: [MODEL, PROFILE], approvedWithoutGuardrail: [TITAN], denied: [OPUS] },
    guardrail: { arn: GUARDRAIL_ARN, version: "1", kmsKeyArn: KEY },
};

/** The policy of a role that also needs the embedding model (a knowledge base's role). */
const WITH_EMBEDDINGS: ModelAccessPolicyArgs = { ...BASE, withoutGuardrail: [TITAN] };

async function render(args: ModelAccessPolicyArgs = BASE) {
    let component!: ModelAccessPolicy;
    const resources = await renderComponent(() => {
        component = new ModelAccessPolicy("access", args);
    });
    const policy = single(resources, T.iamPolicy);
    return { resources, component, policy, doc: policyOf(policy) };
}

/** Evaluates one invoke request against the policy as IAM would (same-account caller). */
async function decide(doc: object, action: string, resource: string, guardrail?: string): Promise<string> {
    const result = await runSimulation(
        {
            request: {
                principal: `arn:aws:iam::${ACCOUNT}:role/app`,
                action,
                resource: { resource, accountId: ACCOUNT },
                contextVariables: guardrail === undefined ? {} : { [GUARDRAIL_CONDITION_KEY]: guardrail },
            },
            identityPolicies: [{ name: "model-access", policy: doc }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
        },
        {},
    );
    assert.notStrictEqual(result.resultType, "error", JSON.stringify((result as any).errors));
    return (result as any).overallResult;
}

const modelArn = (id: string, region = REGION) => `arn:aws:bedrock:${region}::foundation-model/${id}`;
const profileArn = (id: string) => `arn:aws:bedrock:${REGION}:${ACCOUNT}:inference-profile/${id}`;

describe("ModelAccessPolicy", () => {
    it("registers one IAM managed policy and exposes its ARN and document", async () => {
        const { resources, component, policy } = await render();
        assert.strictEqual(byType(resources, T.iamPolicy).length, 1);
        assert.strictEqual(policy.inputs.path, "/ai-guardrails/");
        assert.strictEqual(await valueOf(component.policyArn), policy.outputs.arn);
        assert.strictEqual(await valueOf(component.policyDocument), policy.inputs.policy);
    });

    it("allows the two invoke actions only on the approved foundation-model and inference-profile ARNs", async () => {
        const { doc } = await render();
        const allow = statement(doc, "InvokeApprovedModelsOnly");
        assert.strictEqual(allow.Effect, "Allow");
        assert.deepStrictEqual(allow.Action, [...INVOKE_ACTIONS]);
        assert.deepStrictEqual(allow.Resource, [MODEL, PROFILE].flatMap((id) => modelResourceArns("aws", REGION, ACCOUNT, id)));
        assert.ok(allow.Resource.includes(profileArn(PROFILE)));
        assert.ok(allow.Resource.includes("arn:aws:bedrock:*::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0"));
        assert.strictEqual(allow.Condition, undefined);
        const allows = doc.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => [s.Action].flat());
        assert.deepStrictEqual(allows.filter((a) => a.includes("*")), [], "no wildcard action is allowed");
    });

    it("explicitly denies the denied models in every Region", async () => {
        const { doc } = await render({ ...BASE, models: { ...BASE.models, denied: [OPUS, "us.anthropic.claude-3-haiku-20240307-v1:0"] } });
        const deny = statement(doc, "DenyDeniedModels");
        assert.strictEqual(deny.Effect, "Deny");
        assert.deepStrictEqual(deny.Action, [...INVOKE_ACTIONS]);
        assert.deepStrictEqual(deny.Resource, [
            `arn:aws:bedrock:*::foundation-model/${OPUS}`,
            `arn:aws:bedrock:*:${ACCOUNT}:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0`,
        ]);
        const none = await render({ ...BASE, models: { approved: BASE.models.approved } });
        assert.ok(!none.doc.Statement.some((s) => s.Sid === "DenyDeniedModels"));
    });

    it("denies every invoke whose bedrock:GuardrailIdentifier is not the approved versioned guardrail ARN (StringNotEquals)", async () => {
        const { doc } = await render();
        const deny = statement(doc, "DenyInvokeWithoutApprovedGuardrail");
        assert.strictEqual(deny.Effect, "Deny");
        assert.deepStrictEqual(deny.Action, [...INVOKE_ACTIONS]);
        assert.strictEqual(deny.Resource, "*");
        assert.deepStrictEqual(deny.Condition, { StringNotEquals: { "bedrock:GuardrailIdentifier": GUARDRAIL_V1 } });
        assert.ok(await conditionKeyExists("bedrock:GuardrailIdentifier"));
        assert.ok(!JSON.stringify(doc).includes("GuardrailArn"), "never the non-existent bedrock:GuardrailArn key");
    });

    it("grants models that cannot take a guardrail only when asked, and leaves only them out of the guardrail Deny", async () => {
        const { doc } = await render();
        assert.ok(!JSON.stringify(doc).includes(TITAN), "the shared policy does not grant the embedding model");
        const withEmbeddings = (await render(WITH_EMBEDDINGS)).doc;
        const allow = statement(withEmbeddings, "InvokeApprovedModelsWithoutGuardrail");
        assert.deepStrictEqual([allow.Effect, allow.Action, allow.Resource], ["Allow", "bedrock:InvokeModel", [modelArn(TITAN)]]);
        const deny = statement(withEmbeddings, "DenyInvokeWithoutApprovedGuardrail");
        assert.deepStrictEqual([deny.Resource, deny.NotResource], [undefined, [`arn:aws:bedrock:*::foundation-model/${TITAN}`]]);
    });

    it("lets callers apply the guardrail and decrypt its key only through Bedrock", async () => {
        const { doc } = await render();
        const apply = statement(doc, "ApplyApprovedGuardrail");
        assert.deepStrictEqual([apply.Effect, apply.Action, apply.Resource], ["Allow", "bedrock:ApplyGuardrail", GUARDRAIL_ARN]);
        const decrypt = statement(doc, "DecryptGuardrailThroughBedrock");
        assert.deepStrictEqual([decrypt.Action, decrypt.Resource], ["kms:Decrypt", KEY]);
        assert.deepStrictEqual(decrypt.Condition, { StringEquals: { "kms:ViaService": `bedrock.${REGION}.amazonaws.com` } });
        const without = await render({ ...BASE, guardrail: { arn: GUARDRAIL_ARN, version: "1" } });
        assert.ok(!without.doc.Statement.some((s) => s.Sid === "DecryptGuardrailThroughBedrock"));
    });

    it("uses only real actions and condition keys", async () => {
        const { doc } = await render();
        for (const s of doc.Statement) {
            for (const action of [s.Action].flat()) {
                assert.ok(await actionExists(action), action);
            }
            for (const key of Object.values(s.Condition ?? {}).flatMap((block: any) => Object.keys(block))) {
                assert.ok(await conditionKeyExists(key), key);
            }
        }
    });

    describe("as IAM evaluates it", () => {
        it("allows an approved model called with the approved guardrail version", async () => {
            const { doc } = await render();
            assert.strictEqual(await decide(doc, "bedrock:InvokeModel", modelArn(MODEL), GUARDRAIL_V1), "Allowed");
            assert.strictEqual(await decide(doc, "bedrock:InvokeModelWithResponseStream", profileArn(PROFILE), GUARDRAIL_V1), "Allowed");
            // A profile routes to the model in another Region of its geography.
            assert.strictEqual(await decide(doc, "bedrock:InvokeModel", modelArn("anthropic.claude-3-7-sonnet-20250219-v1:0", "us-west-2"), GUARDRAIL_V1), "Allowed");
        });

        it("allows the granted embedding model without a guardrail; the shared policy does not allow it at all", async () => {
            assert.strictEqual(await decide((await render(WITH_EMBEDDINGS)).doc, "bedrock:InvokeModel", modelArn(TITAN)), "Allowed");
            assert.strictEqual(await decide((await render()).doc, "bedrock:InvokeModel", modelArn(TITAN)), "ExplicitlyDenied");
            // Leaving the embedding model out of the Deny leaves every other model in it.
            assert.strictEqual(await decide((await render(WITH_EMBEDDINGS)).doc, "bedrock:InvokeModel", modelArn(MODEL)), "ExplicitlyDenied");
        });

        it("denies explicitly a call that names no guardrail: the key is absent, so StringNotEquals matches", async () => {
            const { doc } = await render();
            assert.strictEqual(await decide(doc, "bedrock:InvokeModel", modelArn(MODEL)), "ExplicitlyDenied");
        });

        it("denies explicitly a call with another guardrail, another version of it, or the unversioned ARN", async () => {
            const { doc } = await render();
            for (const other of [`arn:aws:bedrock:${REGION}:${ACCOUNT}:guardrail/zzz999:1`, `${GUARDRAIL_ARN}:2`, GUARDRAIL_ARN]) {
                assert.strictEqual(await decide(doc, "bedrock:InvokeModel", modelArn(MODEL), other), "ExplicitlyDenied", other);
            }
        });

        it("denies explicitly a denied model even with the guardrail, and never allows an unlisted one", async () => {
            const { doc } = await render();
            assert.strictEqual(await decide(doc, "bedrock:InvokeModel", modelArn(OPUS), GUARDRAIL_V1), "ExplicitlyDenied");
            assert.strictEqual(await decide(doc, "bedrock:InvokeModel", modelArn(OPUS, "eu-west-1"), GUARDRAIL_V1), "ExplicitlyDenied");
            assert.strictEqual(await decide(doc, "bedrock:InvokeModel", modelArn("meta.llama3-70b-instruct-v1:0"), GUARDRAIL_V1), "ImplicitlyDenied");
            // The approved foundation model is approved in the stack's Region only.
            assert.strictEqual(await decide(doc, "bedrock:InvokeModel", modelArn(MODEL, "eu-west-1"), GUARDRAIL_V1), "ImplicitlyDenied");
        });
    });

    it("refuses a guardrail that is not pinned to a published version of the given guardrail, and model IDs that are not Bedrock IDs", () => {
        const input = { partition: "aws", region: REGION, accountId: ACCOUNT, approvedModels: [MODEL], deniedModels: [], guardrailArn: GUARDRAIL_ARN, guardrailVersionedArn: GUARDRAIL_V1 };
        assert.ok(modelAccessStatements(input).length > 0);
        for (const versioned of [GUARDRAIL_ARN, `${GUARDRAIL_ARN}:DRAFT`, `${GUARDRAIL_ARN}:*`, `arn:aws:bedrock:${REGION}:${ACCOUNT}:guardrail/other999:1`, "abc123def456"]) {
            assert.throws(
                () => modelAccessStatements({ ...input, guardrailVersionedArn: versioned }),
                new RegExp(`guardrailVersionedArn must be guardrailArn followed by a published numeric version \\(${GUARDRAIL_ARN.replace(/[/.]/g, "\\$&")}:1\\); got`),
                versioned,
            );
        }
        assert.throws(() => modelAccessStatements({ ...input, approvedModels: [MODEL, "GPT-4o"] }), /"GPT-4o" is not a Bedrock foundation-model ID .* or inference-profile ID/);
        assert.throws(() => modelAccessStatements({ ...input, deniedModels: ["claude opus"] }), /"claude opus" is not a Bedrock foundation-model ID/);
        assert.throws(() => modelAccessStatements({ ...input, approvedModels: [MODEL, TITAN] }), /amazon\.titan-embed-text-v2:0 is in the wrong list/);
        assert.throws(() => modelAccessStatements({ ...input, unguardedModels: [MODEL] }), /is in the wrong list/);
    });

    it("takes the guardrail's ARN and version as outputs of the guardrail resource", async () => {
        const { doc } = await render({ ...BASE, guardrail: { arn: pulumi.output(GUARDRAIL_ARN), version: pulumi.output("3"), kmsKeyArn: pulumi.output(KEY) } });
        assert.deepStrictEqual(statement(doc, "DenyInvokeWithoutApprovedGuardrail").Condition, { StringNotEquals: { "bedrock:GuardrailIdentifier": `${GUARDRAIL_ARN}:3` } });
        assert.strictEqual(statement(doc, "ApplyApprovedGuardrail").Resource, GUARDRAIL_ARN);
    });

    it("allows invokes only through the given VPC endpoints, except calls AWS services make on the caller's behalf", async () => {
        const { doc } = await render({ ...BASE, sourceVpceIds: pulumi.output(["vpce-0123456789abcdef0"]) });
        assert.deepStrictEqual(statement(doc, "DenyInvokeOutsideApprovedEndpoints").Condition, {
            StringNotEquals: { "aws:SourceVpce": ["vpce-0123456789abcdef0"] },
            BoolIfExists: { "aws:ViaAWSService": "false" },
        });
    });

    it("refuses, before registering anything, what the stack settings refuse: one line per argument with its value and what is allowed", async () => {
        const cases: [string, Record<string, unknown>, RegExp][] = [
            ["no approved model", { models: { approved: [] } }, /^models\.approved = \[\]: at least one approved model is required$/],
            ["a model ID that is not one", { models: { approved: ["GPT-4o"] } }, /^models\.approved\[0\] = "GPT-4o": expected a Bedrock foundation-model ID/],
            ["a model both approved and denied", { models: { approved: [MODEL], denied: [MODEL] } }, /^models\.denied\[0\] = ".*": a model cannot be both approved and denied$/],
            [
                "an embedding model approved with the guardrail",
                { models: { approved: [MODEL, TITAN] } },
                /^models\.approved\[1\] = "amazon\.titan-embed-text-v2:0": amazon\.titan-embed-text-v2:0 \(Amazon Titan Text Embeddings V2, text embeddings\) cannot take a guardrail/,
            ],
            ["a guardrail-capable model approved without it", { models: { approved: [MODEL], approvedWithoutGuardrail: [PROFILE] } }, /^models\.approvedWithoutGuardrail\[0\] = ".*": .* can take a guardrail/],
            ["a model granted without the guardrail that the models section does not approve so", { withoutGuardrail: ["cohere.embed-english-v3"] }, /^withoutGuardrail\[0\] = "cohere\.embed-english-v3": not one of models\.approvedWithoutGuardrail \(amazon\.titan-embed-text-v2:0\)$/],
            ["the DRAFT version", { guardrail: { arn: GUARDRAIL_ARN, version: "DRAFT" } }, /^guardrail\.version = "DRAFT": expected a published numeric version/],
            ["a versioned ARN as the guardrail ARN", { guardrail: { arn: GUARDRAIL_V1, version: "1" } }, /^guardrail\.arn = ".*:1": expected a guardrail ARN without version/],
            ["a key that is not a KMS ARN", { guardrail: { arn: GUARDRAIL_ARN, version: "1", kmsKeyArn: "alias/guardrail" } }, /^guardrail\.kmsKeyArn = "alias\/guardrail": expected an ARN such as arn:aws:kms:/],
            ["an endpoint that is not a VPC endpoint ID", { sourceVpceIds: ["vpc-123"] }, /^sourceVpceIds\[0\] = "vpc-123": expected a VPC endpoint ID/],
            ["an IAM path without slashes", { path: "ai" }, /^path = "ai": expected an IAM path/],
            ["the former flat arguments", { approvedModels: [MODEL] }, /^approvedModels = .*: unknown key; allowed keys: .*models/],
        ];
        for (const [label, change, expected] of cases) {
            let error: unknown;
            const resources = await renderComponent(() => {
                try {
                    new ModelAccessPolicy("access", { ...BASE, ...change } as ModelAccessPolicyArgs);
                } catch (e) {
                    error = e;
                }
            });
            assert.ok(error instanceof ConfigValidationError, `${label}: ${error}`);
            assert.strictEqual(error.problems.length, 1, `${label}: ${error.problems.join(" | ")}`);
            assert.match(error.problems[0], expected, label);
            assert.match(error.message, /^ModelAccessPolicy access: invalid arguments \(1 problem\):/);
            assert.deepStrictEqual(resources, [], `${label}: nothing registered`);
        }
    });

    it("keeps deployed stacks in place: an alias from the token of earlier releases", async () => {
        const { resources } = await render();
        const component = single(resources, "ai-guardrails:index:ModelAccessPolicy");
        assert.ok(hasAlias(component, { type: "ai-guardrails:access:ModelAccessPolicy" }), JSON.stringify(component.aliases));
    });
});
