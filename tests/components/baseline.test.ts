import * as assert from "assert";
import { AiSecurityBaseline } from "../../components/baseline";
import { loadStackConfig } from "../../components/config";
import { T } from "../../policypack/lib/types";
import { byType, descendantsOf, loadStackConfigFile, mockContextFromConfig, policyOf, RegisteredResource, renderComponent, runStackProgram, single, statement, valueOf } from "../helpers/mocks";

/** Renders the baseline alone from a stack's settings file (with keys overridden). */
async function renderBaseline(stack: string, overrides: Record<string, string> = {}) {
    const raw = { ...loadStackConfigFile(stack), ...overrides };
    const config = loadStackConfig(raw);
    let baseline!: AiSecurityBaseline;
    const resources = await renderComponent(() => {
        baseline = new AiSecurityBaseline("ai", config);
    }, { stack, ...mockContextFromConfig(raw) });
    return { resources, baseline, config };
}

/** Every resource below the one component of a given type token, at any depth. */
function within(resources: RegisteredResource[], componentType: string): RegisteredResource[] {
    return descendantsOf(resources, single(resources, componentType));
}

/** The one resource of a type inside a component type (other layers may hold resources of the same type). */
function singleWithin(resources: RegisteredResource[], componentType: string, type: string): RegisteredResource {
    return single(within(resources, componentType), type);
}

const MODEL_COMPONENTS = ["ai-guardrails:index:ModelGuardrail", "ai-guardrails:index:InvocationLogging", "ai-guardrails:index:ModelAccessPolicy"];
const ACCESS = "ai-guardrails:index:ModelAccessPolicy";
const GUARDRAIL = "ai-guardrails:index:ModelGuardrail";
const LOGGING = "ai-guardrails:index:InvocationLogging";

const GOVERNANCE_TYPES = [T.guardrail, T.guardrailVersion, T.invocationLogging, T.kmsKey, T.logGroup, T.s3Bucket, T.s3BucketPolicy];

describe("AiSecurityBaseline", () => {
    it("composes the model layer: guardrail with version, invocation logging and the model-access policy", async () => {
        const { resources, baseline } = await renderBaseline("prod");
        const root = single(resources, "ai-guardrails:index:AiSecurityBaseline");
        for (const token of MODEL_COMPONENTS) {
            assert.strictEqual(single(resources, token).parent, root.urn, token);
        }
        assert.strictEqual(within(resources, GUARDRAIL).filter((r) => r.type === T.guardrail).length, 1);
        assert.strictEqual(within(resources, GUARDRAIL).filter((r) => r.type === T.guardrailVersion).length, 1);
        assert.strictEqual(within(resources, LOGGING).filter((r) => r.type === T.invocationLogging).length, 1);
        assert.strictEqual(within(resources, ACCESS).filter((r) => r.type === T.iamPolicy).length, 1);
        assert.ok(baseline.guardrailArn && baseline.invocationLogBucket && baseline.modelAccessPolicyArn);
    });

    it("protects every governance resource when protectGovernance is true (prod)", async () => {
        const { resources } = await renderBaseline("prod");
        const governance = [...within(resources, GUARDRAIL), ...within(resources, LOGGING)];
        for (const type of GOVERNANCE_TYPES) {
            assert.ok(governance.some((r) => r.type === type), `${type} present`);
        }
        assert.deepStrictEqual(governance.filter((r) => !r.protect).map((r) => `${r.type} ${r.name}`), []);
        // The access policy is a permission grant, not a control: it may be replaced freely.
        assert.strictEqual(singleWithin(resources, ACCESS, T.iamPolicy).protect, false);
    });

    it("leaves governance resources unprotected when protectGovernance is false (dev), and protects them when dev turns it on", async () => {
        const dev = await renderBaseline("dev");
        const model = MODEL_COMPONENTS.flatMap((c) => [single(dev.resources, c), ...within(dev.resources, c)]);
        assert.deepStrictEqual(model.filter((r) => r.protect).map((r) => r.type), []);
        const devProtected = await renderBaseline("dev", { "ai-guardrails:protectGovernance": "true" });
        assert.strictEqual(singleWithin(devProtected.resources, GUARDRAIL, T.guardrail).protect, true);
        assert.strictEqual(singleWithin(devProtected.resources, LOGGING, T.invocationLogging).protect, true);
    });

    it("builds the guardrail, logging and access policy from the stack's configuration", async () => {
        const { resources, config } = await renderBaseline("prod");
        const guardrail = singleWithin(resources, GUARDRAIL, T.guardrail);
        const hate = guardrail.inputs.contentPolicyConfig.filtersConfigs.find((f: any) => f.type === "HATE");
        assert.deepStrictEqual([hate.inputStrength, hate.outputStrength], [config.guardrail.harmFilters.HATE.input, config.guardrail.harmFilters.HATE.output]);
        assert.strictEqual(guardrail.inputs.sensitiveInformationPolicyConfig.piiEntitiesConfigs.length, Object.keys(config.guardrail.piiEntities).length);
        assert.strictEqual(singleWithin(resources, LOGGING, T.logGroup).inputs.retentionInDays, config.invocationLogging.logRetentionDays);
        const lifecycle = singleWithin(resources, LOGGING, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
        assert.strictEqual(lifecycle.inputs.rules[0].expiration.days, config.invocationLogging.s3ExpirationDays);
        assert.strictEqual(singleWithin(resources, LOGGING, T.invocationLogging).inputs.loggingConfig.imageDataDeliveryEnabled, config.invocationLogging.image);
    });

    it("conditions the access policy on the guardrail's published version", async () => {
        const { resources, baseline } = await renderBaseline("staging");
        const guardrail = singleWithin(resources, GUARDRAIL, T.guardrail);
        const version = singleWithin(resources, GUARDRAIL, T.guardrailVersion);
        const deny = statement(policyOf(singleWithin(resources, ACCESS, T.iamPolicy)), "DenyInvokeWithoutApprovedGuardrail");
        const expected = `${guardrail.outputs.guardrailArn}:${version.outputs.version}`;
        assert.deepStrictEqual(deny.Condition, { StringNotEquals: { "bedrock:GuardrailIdentifier": expected } });
        assert.strictEqual(await valueOf(baseline.guardrailVersionedArn), expected);
    });

    it("tags every taggable resource of the model layer with the environment and the layer", async () => {
        const { resources } = await renderBaseline("staging");
        const tagged = MODEL_COMPONENTS.flatMap((c) => within(resources, c)).filter((r) => r.custom && r.inputs.tags);
        assert.ok(tagged.length >= 6);
        for (const r of tagged) {
            assert.strictEqual(r.inputs.tags["ai-guardrails:environment"], "staging", r.name);
            assert.strictEqual(r.inputs.tags["ai-guardrails:layer"], "model", r.name);
            assert.strictEqual(r.inputs.tags.Owner, "platform-security", r.name);
        }
    });

    it("exports the guardrail, logging and access outputs", async () => {
        const { baseline } = await renderBaseline("prod");
        const values = Object.fromEntries(await Promise.all(Object.entries(baseline.stackOutputs()).map(async ([k, v]) => [k, await valueOf(v)])));
        assert.match(values.guardrailArn, /^arn:aws:bedrock:us-east-1:333333333333:guardrail\/[a-z0-9]+$/);
        assert.strictEqual(values.guardrailVersion, "1");
        assert.strictEqual(values.guardrailVersionedArn, `${values.guardrailArn}:1`);
        assert.match(values.modelAccessPolicyArn, /^arn:aws:iam::333333333333:policy\/ai-guardrails\//);
        assert.strictEqual(values.invocationLogGroup, "/ai-guardrails/bedrock/model-invocations");
        assert.ok(values.invocationLogBucket && values.guardrailId && values.guardrailKmsKeyArn);
    });
});

describe("stack program (stacks/index.ts)", () => {
    for (const stack of ["dev", "staging", "prod"]) {
        it(`${stack}: runs under mocks, pins the AWS provider to the stack's account, and exports the model layer`, async () => {
            const { resources, outputs } = await runStackProgram(stack);
            const provider = single(resources, "pulumi:providers:aws");
            const raw = loadStackConfigFile(stack);
            assert.strictEqual(provider.inputs.region, raw["aws:region"]);
            assert.deepStrictEqual(JSON.parse(provider.inputs.allowedAccountIds), [raw["ai-guardrails:accountId"]]);
            const aws = resources.filter((r) => r.custom && r.type.startsWith("aws:"));
            assert.ok(aws.length > 10);
            assert.ok(aws.every((r) => r.provider?.startsWith(provider.urn)), "every AWS resource uses the pinned provider");
            assert.strictEqual(byType(resources, T.guardrail).length, 1);
            assert.ok(["guardrailArn", "guardrailVersion", "guardrailVersionedArn", "modelAccessPolicyArn", "invocationLogBucket"].every((k) => k in outputs));
        });
    }
});
