import * as assert from "assert";
import { T } from "../../../../policypack/lib/types";
import { bedrockModelInvocationLogging as rule } from "../../../../policypack/rules/model/bedrock-model-invocation-logging";
import { FakeResource, messages, runStackRule, UNKNOWN, urnOf } from "../../../helpers/policy-harness";
import { compliantGuardrailProps, KEY_ARN } from "../../fixtures/guardrail";

const BUCKET = "invocation-logs-3f9a1c2";
const LOG_GROUP = "/ai-guardrails/bedrock/model-invocations";

/** The resources the InvocationLogging component registers (those the rule reads), plus a guardrail and an agent. */
function stack(): FakeResource[] {
    return [
        { type: T.guardrail, name: "baseline", props: compliantGuardrailProps() },
        { type: T.agent, name: "triage", props: {} },
        { type: T.kmsKey, name: "logs-key", props: { arn: KEY_ARN, enableKeyRotation: true } },
        { type: T.s3Bucket, name: "logs-bucket", props: { bucket: BUCKET } },
        {
            type: T.s3Encryption,
            name: "logs-bucket-encryption",
            props: { bucket: BUCKET, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true }] },
            propertyDependencies: { bucket: ["logs-bucket"] },
        },
        { type: T.logGroup, name: "logs", props: { name: LOG_GROUP, kmsKeyId: KEY_ARN, retentionInDays: 365 } },
        {
            type: T.invocationLogging,
            name: "logging",
            props: {
                loggingConfig: {
                    textDataDeliveryEnabled: true,
                    imageDataDeliveryEnabled: false,
                    s3Config: { bucketName: BUCKET, keyPrefix: "model-invocations" },
                    cloudwatchConfig: {
                        logGroupName: LOG_GROUP,
                        roleArn: "arn:aws:iam::123456789012:role/delivery",
                        largeDataDeliveryS3Config: { bucketName: BUCKET, keyPrefix: "model-invocations-large-payloads" },
                    },
                },
            },
            propertyDependencies: { loggingConfig: ["logs-bucket", "logs"] },
        },
    ];
}

function edit(resources: FakeResource[], name: string, change: (r: FakeResource) => void): FakeResource[] {
    const r = resources.find((x) => x.name === name);
    if (!r) {
        throw new Error(`no ${name}`);
    }
    change(r);
    return resources;
}

const logging = (r: FakeResource) => r.props.loggingConfig as Record<string, any>;
const LOGGING_URN = urnOf(T.invocationLogging, "logging");

describe("bedrock-model-invocation-logging", () => {
    it("passes a stack whose invocation logging delivers text to an SSE-KMS bucket and a KMS-encrypted log group", async () => {
        const outcome = await runStackRule(rule, stack());
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("passes a stack without Bedrock workloads and without logging", async () => {
        const outcome = await runStackRule(rule, [{ type: T.s3Bucket, name: "b", props: { bucket: "x" } }]);
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("flags Bedrock workloads without any invocation logging, naming them", async () => {
        const resources = stack().filter((r) => r.type !== T.invocationLogging);
        resources.push({ type: "aws:bedrock/agentcoreHarness:AgentcoreHarness", name: "investigator", props: {} });
        const outcome = await runStackRule(rule, resources);
        assert.deepStrictEqual(messages(outcome), [
            "the stack deploys Bedrock workloads (triage, investigator) but no model invocation logging (aws.bedrockmodel.InvocationLoggingConfiguration): " +
                "prompts and responses are not recorded; if another stack or account provides model invocation logging, declare it in this policy's providedBy setting",
        ]);
        assert.strictEqual(outcome.violations[0].urn, undefined);
    });

    it("counts every classified workload, not a hand list: flows, prompts, jobs, custom models, throughput, evaluators", async () => {
        for (const type of [
            "aws:bedrock/agentFlow:AgentFlow",
            "aws:bedrock/agentPrompt:AgentPrompt",
            "aws:bedrockmodel/invocationJob:InvocationJob",
            "aws:bedrock/evaluationJob:EvaluationJob",
            "aws:bedrock/customModel:CustomModel",
            "aws:bedrock/provisionedModelThroughput:ProvisionedModelThroughput",
            "aws:bedrock/agentcoreEvaluator:AgentcoreEvaluator",
        ]) {
            assert.strictEqual((await runStackRule(rule, [{ type, name: "w", props: {} }])).violations.length, 1, type);
        }
        const onlyGuardrail = await runStackRule(rule, [{ type: T.guardrail, name: "g", props: compliantGuardrailProps() }]);
        assert.ok(onlyGuardrail.notApplicable, "a guardrail is a control, not a workload");
    });

    describe("where the control lives (providedBy)", () => {
        const providedBy = { stacks: ["security-*"], accountId: "222233334444", description: "the audit stack" };
        const app = (stackName: string): FakeResource[] => [{ type: T.agent, name: "triage", props: {}, urn: `urn:pulumi:${stackName}::payments::${T.agent}::triage` }];

        it("answers not applicable in a stack without logging, naming the declared stack and account", async () => {
            const outcome = await runStackRule(rule, app("app-prod"), { config: { providedBy } });
            assert.deepStrictEqual(outcome.violations, []);
            assert.strictEqual(
                outcome.notApplicable,
                "model invocation logging is provided outside this stack, by stack security-* (account 222233334444: the audit stack), as the pack config declares (providedBy)",
            );
        });

        it("requires the logging in a stack the declaration names, even with no workload beside it", async () => {
            const outcome = await runStackRule(rule, [{ type: T.s3Bucket, name: "b", props: { bucket: "x" }, urn: `urn:pulumi:security-prod::audit::${T.s3Bucket}::b` }], { config: { providedBy } });
            assert.deepStrictEqual(messages(outcome), [
                "the pack config declares that stack security-* (account 222233334444: the audit stack) provides model invocation logging (providedBy), but this stack has none: restore it, or change the declaration",
            ]);
        });

        it("matches project/stack as well as the stack name", async () => {
            const outcome = await runStackRule(rule, app("prod"), { config: { providedBy: { stacks: ["audit/prod"] } } });
            assert.deepStrictEqual(outcome.violations, []);
            assert.match(outcome.notApplicable ?? "", /provided outside this stack/);
            const home = await runStackRule(rule, app("prod"), { config: { providedBy: { stacks: ["payments/prod"] } } });
            assert.match(messages(home)[0], /provides model invocation logging \(providedBy\), but this stack has none/);
        });

        it("still reviews a logging configuration in any stack on its own content", async () => {
            const resources = edit(stack(), "logs-bucket-encryption", (r) => ((r.props.rules as any[])[0].applyServerSideEncryptionByDefault.sseAlgorithm = "AES256")).filter((r) => r.type !== T.agent && r.type !== T.guardrail);
            const outcome = await runStackRule(rule, resources, { config: { providedBy } });
            assert.match(messages(outcome)[0], /the s3Config bucket logs-bucket is not encrypted with SSE-KMS/);
        });
    });

    it("flags text delivery switched off", async () => {
        const outcome = await runStackRule(rule, edit(stack(), "logging", (r) => (logging(r).textDataDeliveryEnabled = false)));
        assert.deepStrictEqual(messages(outcome), ["invocation logging logging: textDataDeliveryEnabled is false: text inputs and outputs are not recorded"]);
        assert.strictEqual(outcome.violations[0].urn, LOGGING_URN);
    });

    it("treats an unset delivery flag as on (the provider's default)", async () => {
        const outcome = await runStackRule(rule, edit(stack(), "logging", (r) => delete logging(r).textDataDeliveryEnabled));
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("checks the configured deliveries", async () => {
        const outcome = await runStackRule(rule, stack(), { config: { requiredDeliveries: ["text", "image"] } });
        assert.deepStrictEqual(messages(outcome), ["invocation logging logging: imageDataDeliveryEnabled is false: image inputs and outputs are not recorded"]);
    });

    it("flags a configuration without loggingConfig, or without any destination", async () => {
        const none = await runStackRule(rule, edit(stack(), "logging", (r) => delete r.props.loggingConfig));
        assert.deepStrictEqual(messages(none), ["invocation logging logging: it has no loggingConfig, so nothing is delivered"]);
        const noDestination = await runStackRule(rule, edit(stack(), "logging", (r) => (r.props.loggingConfig = { textDataDeliveryEnabled: true })));
        assert.deepStrictEqual(messages(noDestination), ["invocation logging logging: it has no destination: neither s3Config nor cloudwatchConfig is set"]);
    });

    it("flags a destination bucket encrypted with SSE-S3 only", async () => {
        const resources = edit(stack(), "logs-bucket-encryption", (r) => (r.props.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]));
        const outcome = await runStackRule(rule, resources);
        assert.deepStrictEqual(messages(outcome), [
            "invocation logging logging: the s3Config bucket logs-bucket is not encrypted with SSE-KMS (its default encryption is AES256): prompts and responses are stored without a customer-controlled key",
        ]);
    });

    it("flags a destination bucket without any default-encryption configuration", async () => {
        const outcome = await runStackRule(rule, stack().filter((r) => r.type !== T.s3Encryption));
        assert.deepStrictEqual(messages(outcome), [
            "invocation logging logging: the s3Config bucket logs-bucket is not encrypted with SSE-KMS (it has no default-encryption configuration): prompts and responses are stored without a customer-controlled key",
        ]);
    });

    it("accepts SSE-KMS declared on the bucket itself (Bucket and legacy BucketV2) or by the V2 configuration resource", async () => {
        const inline = stack().filter((r) => r.type !== T.s3Encryption);
        edit(inline, "logs-bucket", (r) => (r.props.serverSideEncryptionConfiguration = { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } } }));
        assert.deepStrictEqual((await runStackRule(rule, inline)).violations, []);

        const legacy = stack().filter((r) => r.type !== T.s3Encryption);
        edit(legacy, "logs-bucket", (r) => {
            r.type = T.s3BucketV2;
            r.props.serverSideEncryptionConfigurations = [{ rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "aws:kms:dsse" }] }] }];
        });
        assert.deepStrictEqual((await runStackRule(rule, legacy)).violations, []);

        const v2 = edit(stack(), "logs-bucket-encryption", (r) => (r.type = T.s3EncryptionV2));
        assert.deepStrictEqual((await runStackRule(rule, v2)).violations, []);
    });

    it("flags a log group without kmsKeyId", async () => {
        const outcome = await runStackRule(rule, edit(stack(), "logs", (r) => delete r.props.kmsKeyId));
        assert.deepStrictEqual(messages(outcome), [
            `invocation logging logging: the CloudWatch log group logs has no kmsKeyId: prompts and responses are stored without a customer-controlled key`,
        ]);
    });

    it("flags destinations it cannot find in the stack, because their encryption cannot be verified", async () => {
        const resources = edit(stack(), "logging", (r) => {
            r.props.loggingConfig = { s3Config: { bucketName: "central-logs" }, cloudwatchConfig: { logGroupName: "/central", roleArn: "arn:aws:iam::1:role/r" } };
            r.propertyDependencies = {};
        });
        const outcome = await runStackRule(rule, resources);
        assert.deepStrictEqual(messages(outcome), [
            'invocation logging logging: the s3Config bucket "central-logs" is not a bucket in this stack, so its SSE-KMS encryption cannot be verified; ' +
                'the CloudWatch log group "/central" is not a log group in this stack, so its KMS encryption cannot be verified',
        ]);
    });

    it("reports every problem of a configuration in one message", async () => {
        const resources = edit(stack(), "logs", (r) => delete r.props.kmsKeyId);
        edit(resources, "logging", (r) => (logging(r).textDataDeliveryEnabled = false));
        const [message] = messages(await runStackRule(rule, resources));
        assert.match(message, /textDataDeliveryEnabled is false.*; the CloudWatch log group logs has no kmsKeyId/);
    });

    describe("at preview", () => {
        /** As at the first preview: generated names and key ARNs are unknown. */
        function previewStack(): FakeResource[] {
            const resources = stack();
            edit(resources, "logs-bucket", (r) => (r.props.bucket = UNKNOWN));
            edit(resources, "logs-bucket-encryption", (r) => {
                r.props.bucket = UNKNOWN;
                (r.props.rules as any[])[0].applyServerSideEncryptionByDefault.kmsMasterKeyId = UNKNOWN;
            });
            edit(resources, "logs", (r) => (r.props.kmsKeyId = UNKNOWN));
            edit(resources, "logging", (r) => {
                logging(r).s3Config.bucketName = UNKNOWN;
                logging(r).cloudwatchConfig.largeDataDeliveryS3Config.bucketName = UNKNOWN;
            });
            return resources;
        }

        it("follows property dependencies to the bucket when its name is unknown, and passes", async () => {
            const outcome = await runStackRule(rule, previewStack());
            assert.deepStrictEqual(outcome.violations, []);
            assert.strictEqual(outcome.previewUnknown, undefined);
        });

        it("still catches an unencrypted bucket reached through property dependencies", async () => {
            const outcome = await runStackRule(rule, edit(previewStack(), "logs-bucket-encryption", (r) => ((r.props.rules as any[])[0].applyServerSideEncryptionByDefault.sseAlgorithm = "AES256")));
            assert.match(messages(outcome)[0], /the s3Config bucket logs-bucket is not encrypted with SSE-KMS \(its default encryption is AES256\)/);
        });

        it("cannot decide when an unknown bucket name comes from no in-stack resource", async () => {
            const outcome = await runStackRule(rule, edit(previewStack(), "logging", (r) => (r.propertyDependencies = { loggingConfig: ["logs"] })));
            assert.deepStrictEqual(outcome.violations, []);
            assert.match(outcome.previewUnknown ?? "", /can't run policy 'bedrock-model-invocation-logging' during preview: .*loggingConfig\.s3Config\.bucketName/);
        });

        it("cannot run when the whole logging configuration is unknown", async () => {
            const outcome = await runStackRule(rule, edit(stack(), "logging", (r) => (r.props.loggingConfig = UNKNOWN)));
            assert.deepStrictEqual(outcome.violations, []);
            assert.match(outcome.previewUnknown ?? "", /can't run policy 'bedrock-model-invocation-logging' during preview/);
        });
    });

    it("reports odd input instead of crashing", async () => {
        const text = await runStackRule(rule, edit(stack(), "logging", (r) => (r.props.loggingConfig = "enabled")));
        assert.deepStrictEqual(messages(text), ['invocation logging logging: loggingConfig must be an object, got "enabled", so what it delivers cannot be verified']);
        const lists = await runStackRule(rule, edit(stack(), "logging", (r) => (r.props.loggingConfig = { s3Config: [BUCKET], cloudwatchConfig: 7 })));
        assert.deepStrictEqual(messages(lists), [
            `invocation logging logging: s3Config must be an object, got ["${BUCKET}"]; cloudwatchConfig must be an object, got 7; it has no destination: neither s3Config nor cloudwatchConfig is set`,
        ]);
        const wrapped = await runStackRule(rule, edit(stack(), "logging", (r) => (r.props.loggingConfig = [r.props.loggingConfig])));
        assert.deepStrictEqual(wrapped.violations, [], "a block given as a one-element list, as some tools write it, is read");
        const badLarge = await runStackRule(rule, edit(stack(), "logging", (r) => (logging(r).cloudwatchConfig.largeDataDeliveryS3Config = "bucket")));
        assert.deepStrictEqual(messages(badLarge), ['invocation logging logging: largeDataDeliveryS3Config must be an object, got "bucket"']);
        const oddRules = await runStackRule(rule, edit(stack(), "logs-bucket-encryption", (r) => (r.props.rules = "aws:kms")));
        assert.match(messages(oddRules)[0], /not encrypted with SSE-KMS \(it has no default-encryption configuration\)/);
    });

    it("lets an active exemption on the logging configuration turn its violation into an advisory", async () => {
        const resources = edit(stack(), "logs", (r) => delete r.props.kmsKeyId);
        const exemptions = [{ resource: "logging", reason: "log group encrypted by the central account", approver: "security@example.com", expires: "2099-12-31" }];
        const outcome = await runStackRule(rule, resources, { config: { exemptions } });
        assert.strictEqual(outcome.violations.length, 1);
        assert.strictEqual(outcome.violations[0].enforcementLevel, "advisory");
        assert.match(outcome.violations[0].message, /\[exempt\] invocation logging logging: .*exempted: log group encrypted by the central account; approved by security@example.com; expires 2099-12-31/);
    });
});
