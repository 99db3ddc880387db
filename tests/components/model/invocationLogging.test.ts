import * as assert from "assert";
import { ConfigValidationError } from "../../../components/config";
import { INVOCATION_LOG_STREAM, InvocationLogging, InvocationLoggingArgs } from "../../../components/model/invocationLogging";
import { actionExists, conditionKeyExists } from "../../../policypack/lib/iam/catalog";
import { T } from "../../../policypack/lib/types";
import { policyOf, renderComponent, single, statement, valueOf, hasAlias } from "../../helpers/mocks";
import { ACCOUNT, REGION } from "../../helpers/fixtures";

const BASE: InvocationLoggingArgs = { accountId: ACCOUNT, region: REGION, logRetentionDays: 90, s3ExpirationDays: 400 };
const BEDROCK_SOURCE = { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:bedrock:${REGION}:${ACCOUNT}:*` } };

async function render(args: InvocationLoggingArgs = BASE) {
    const resources = await renderComponent(() => new InvocationLogging("logs", args));
    const key = single(resources, T.kmsKey);
    const bucket = single(resources, T.s3Bucket);
    const logGroup = single(resources, T.logGroup);
    const role = single(resources, T.iamRole);
    const rolePolicy = single(resources, T.iamRolePolicy);
    const bucketPolicy = single(resources, T.s3BucketPolicy);
    const configuration = single(resources, T.invocationLogging);
    return { resources, key, bucket, logGroup, role, rolePolicy, bucketPolicy, configuration };
}

describe("InvocationLogging", () => {
    it("delivers text and the configured modalities to the bucket and the log group", async () => {
        const { configuration, bucket, logGroup, role } = await render({ ...BASE, image: true });
        const config = configuration.inputs.loggingConfig;
        assert.strictEqual(config.textDataDeliveryEnabled, true);
        assert.strictEqual(config.imageDataDeliveryEnabled, true);
        assert.strictEqual(config.embeddingDataDeliveryEnabled, false);
        assert.strictEqual(config.videoDataDeliveryEnabled, false);
        assert.deepStrictEqual(config.s3Config, { bucketName: bucket.outputs.bucket, keyPrefix: "model-invocations" });
        assert.strictEqual(config.cloudwatchConfig.logGroupName, logGroup.outputs.name);
        assert.strictEqual(config.cloudwatchConfig.roleArn, role.outputs.arn);
        assert.strictEqual(config.cloudwatchConfig.largeDataDeliveryS3Config.bucketName, bucket.outputs.bucket);
    });

    it("turns on only the modalities asked for", async () => {
        const { configuration } = await render({ ...BASE, embedding: true, video: true });
        const config = configuration.inputs.loggingConfig;
        assert.deepStrictEqual(
            [config.textDataDeliveryEnabled, config.imageDataDeliveryEnabled, config.embeddingDataDeliveryEnabled, config.videoDataDeliveryEnabled],
            [true, false, true, true],
        );
    });

    it("is put only after the bucket policy and the delivery role's permissions exist", async () => {
        const { configuration, bucketPolicy, rolePolicy } = await render();
        assert.ok(configuration.dependencies.includes(bucketPolicy.urn));
        assert.ok(configuration.dependencies.includes(rolePolicy.urn));
    });

    it("encrypts the log group with the customer-managed key and keeps it for the configured retention", async () => {
        const { logGroup, key } = await render();
        assert.strictEqual(logGroup.inputs.kmsKeyId, key.outputs.arn);
        assert.strictEqual(logGroup.inputs.retentionInDays, 90);
    });

    it("hardens the bucket: versioning, SSE-KMS with the key, all public access blocked, ACLs off, lifecycle from config", async () => {
        const { resources, key, bucket } = await render({ ...BASE, s3ExpirationDays: 2557 });
        const bucketName = bucket.outputs.bucket;
        const versioning = single(resources, "aws:s3/bucketVersioning:BucketVersioning");
        assert.strictEqual(versioning.inputs.bucket, bucketName);
        assert.strictEqual(versioning.inputs.versioningConfiguration.status, "Enabled");
        const sse = single(resources, T.s3Encryption);
        assert.deepStrictEqual(sse.inputs.rules, [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.outputs.arn }, bucketKeyEnabled: true }]);
        const block = single(resources, T.s3PublicAccessBlock);
        assert.deepStrictEqual(
            [block.inputs.blockPublicAcls, block.inputs.blockPublicPolicy, block.inputs.ignorePublicAcls, block.inputs.restrictPublicBuckets],
            [true, true, true, true],
        );
        const ownership = single(resources, "aws:s3/bucketOwnershipControls:BucketOwnershipControls");
        assert.strictEqual(ownership.inputs.rule.objectOwnership, "BucketOwnerEnforced");
        const lifecycle = single(resources, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
        const [rule] = lifecycle.inputs.rules;
        assert.strictEqual(rule.status, "Enabled");
        assert.strictEqual(rule.expiration.days, 2557);
        assert.ok(rule.noncurrentVersionExpiration.noncurrentDays > 0);
        assert.strictEqual(bucket.inputs.forceDestroy, false);
    });

    it("denies any request without TLS in the bucket policy", async () => {
        const { bucketPolicy, bucket } = await render();
        const tls = statement(policyOf(bucketPolicy), "DenyInsecureTransport");
        assert.strictEqual(tls.Effect, "Deny");
        assert.strictEqual(tls.Principal, "*");
        assert.strictEqual(tls.Action, "s3:*");
        assert.deepStrictEqual(tls.Resource, [bucket.outputs.arn, `${bucket.outputs.arn}/*`]);
        assert.deepStrictEqual(tls.Condition, { Bool: { "aws:SecureTransport": "false" } });
    });

    it("lets Bedrock's log delivery write only its records and large payloads, under the configured prefixes, only for this account", async () => {
        const { bucketPolicy, bucket, configuration } = await render({ ...BASE, keyPrefix: "audit" });
        const write = statement(policyOf(bucketPolicy), "AmazonBedrockLogsWrite");
        assert.strictEqual(write.Effect, "Allow");
        assert.deepStrictEqual(write.Principal, { Service: "bedrock.amazonaws.com" });
        assert.strictEqual(write.Action, "s3:PutObject");
        const config = configuration.inputs.loggingConfig;
        const prefixes = [config.s3Config.keyPrefix, config.cloudwatchConfig.largeDataDeliveryS3Config.keyPrefix];
        assert.deepStrictEqual(prefixes, ["audit", "audit-large-payloads"]);
        assert.deepStrictEqual(
            write.Resource,
            prefixes.map((prefix) => `${bucket.outputs.arn}/${prefix}/AWSLogs/${ACCOUNT}/BedrockModelInvocationLogs/*`),
        );
        assert.deepStrictEqual(write.Condition, BEDROCK_SOURCE);
    });

    it("lets CloudWatch Logs use the key for this log group only, and Bedrock for this account only", async () => {
        const { key, logGroup } = await render();
        const policy = policyOf(key);
        const logs = statement(policy, "CloudWatchLogsEncryptsTheInvocationLogGroup");
        assert.deepStrictEqual(logs.Principal, { Service: `logs.${REGION}.amazonaws.com` });
        assert.deepStrictEqual(logs.Condition, { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${logGroup.outputs.name}` } });
        assert.strictEqual(logGroup.outputs.arn, `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${logGroup.outputs.name}`);
        const bedrock = statement(policy, "BedrockEncryptsDeliveredInvocationLogs");
        assert.deepStrictEqual(bedrock.Principal, { Service: "bedrock.amazonaws.com" });
        assert.deepStrictEqual(bedrock.Action, ["kms:GenerateDataKey"]);
        assert.deepStrictEqual(bedrock.Condition, BEDROCK_SOURCE);
        assert.strictEqual(key.inputs.enableKeyRotation, true);
    });

    it("has a delivery role trusted only by Bedrock, for this account's Bedrock resources (confused deputy)", async () => {
        const { role } = await render();
        const trust = policyOf(role, "assumeRolePolicy");
        assert.strictEqual(trust.Statement.length, 1);
        const [s] = trust.Statement;
        assert.strictEqual(s.Effect, "Allow");
        assert.deepStrictEqual(s.Principal, { Service: "bedrock.amazonaws.com" });
        assert.strictEqual(s.Action, "sts:AssumeRole");
        assert.deepStrictEqual(s.Condition, BEDROCK_SOURCE);
    });

    it("lets the delivery role write only to the log stream, the large-payload prefix and the key through S3", async () => {
        const { resources, rolePolicy, role, logGroup, bucket, key } = await render();
        assert.strictEqual(rolePolicy.inputs.role, role.outputs.name);
        const policy = policyOf(rolePolicy);
        assert.deepStrictEqual(
            policy.Statement.map((s) => [s.Effect, s.Action, s.Resource]),
            [
                ["Allow", ["logs:CreateLogStream", "logs:PutLogEvents"], `${logGroup.outputs.arn}:log-stream:${INVOCATION_LOG_STREAM}`],
                ["Allow", "s3:PutObject", `${bucket.outputs.arn}/model-invocations-large-payloads/*`],
                ["Allow", "kms:GenerateDataKey", `arn:aws:kms:${REGION}:${ACCOUNT}:key/*`],
            ],
        );
        // The key is named by its alias (its ID is assigned by KMS), so the statement is known at the first preview.
        const alias = single(resources, "aws:kms/alias:Alias");
        assert.strictEqual(alias.inputs.targetKeyId, key.outputs.keyId);
        assert.deepStrictEqual(statement(policy, "EncryptLargePayloadsThroughS3").Condition, {
            StringEquals: { "kms:ViaService": `s3.${REGION}.amazonaws.com` },
            "ForAnyValue:StringEquals": { "kms:ResourceAliases": alias.inputs.name },
        });
    });

    it("uses only real IAM actions and condition keys in its IAM documents", async () => {
        const { role, rolePolicy, bucketPolicy } = await render();
        const docs = [policyOf(role, "assumeRolePolicy"), policyOf(rolePolicy), policyOf(bucketPolicy)];
        for (const s of docs.flatMap((d) => d.Statement)) {
            for (const action of [s.Action].flat()) {
                assert.ok(await actionExists(action), `${action} exists`);
            }
            for (const key of Object.values(s.Condition ?? {}).flatMap((block: any) => Object.keys(block))) {
                assert.ok(await conditionKeyExists(key), `${key} exists`);
            }
        }
    });

    it("exposes the destinations' names and ARNs, the key and the delivery role", async () => {
        let component!: InvocationLogging;
        const resources = await renderComponent(() => {
            component = new InvocationLogging("logs", BASE);
        });
        const [bucket, logGroup, key, role] = [T.s3Bucket, T.logGroup, T.kmsKey, T.iamRole].map((t) => single(resources, t));
        assert.strictEqual(await valueOf(component.bucketName), bucket.outputs.bucket);
        assert.strictEqual(await valueOf(component.bucketArn), bucket.outputs.arn);
        assert.strictEqual(await valueOf(component.logGroupName), "/ai-guardrails/bedrock/model-invocations");
        assert.strictEqual(await valueOf(component.logGroupArn), logGroup.outputs.arn);
        assert.strictEqual(await valueOf(component.kmsKeyArn), key.outputs.arn);
        assert.strictEqual(await valueOf(component.deliveryRoleArn), role.outputs.arn);
    });

    it("refuses, before registering anything, what the stack settings refuse: one line per argument with its value and what is allowed", async () => {
        const cases: [string, Record<string, unknown>, RegExp][] = [
            ["text delivery off", { text: false }, /^text = false: text delivery must stay on/],
            ["a retention CloudWatch does not offer", { logRetentionDays: 100 }, /^logRetentionDays = 100: expected one of CloudWatch's retention periods: 1, 3, 5/],
            ["no expiry", { s3ExpirationDays: 0 }, /^s3ExpirationDays = 0: /],
            ["a Region that is not one", { region: "useast1" }, /^region = "useast1": expected an AWS Region such as us-east-1$/],
            ["a key prefix with a wildcard", { keyPrefix: "logs/*" }, /^keyPrefix = "logs\/\*": expected a key prefix such as model-invocations/],
            ["a log group name with a space", { logGroupName: "my logs" }, /^logGroupName = "my logs": expected a log group name/],
            ["the partition, which follows from the Region", { partition: "aws" }, /^partition = "aws": unknown key; allowed keys: .*region/],
        ];
        for (const [label, change, expected] of cases) {
            let error: unknown;
            const resources = await renderComponent(() => {
                try {
                    new InvocationLogging("logs", { ...BASE, ...change } as InvocationLoggingArgs);
                } catch (e) {
                    error = e;
                }
            });
            assert.ok(error instanceof ConfigValidationError, `${label}: ${error}`);
            assert.strictEqual(error.problems.length, 1, `${label}: ${error.problems.join(" | ")}`);
            assert.match(error.problems[0], expected, label);
            assert.match(error.message, /^InvocationLogging logs: invalid arguments \(1 problem\):/);
            assert.deepStrictEqual(resources, [], `${label}: nothing registered`);
        }
    });

    it("keeps deployed stacks in place: an alias from the token of earlier releases", async () => {
        const resources = await renderComponent(() => new InvocationLogging("logs", BASE));
        const component = single(resources, "ai-guardrails:index:InvocationLogging");
        assert.ok(hasAlias(component, { type: "ai-guardrails:model:InvocationLogging" }), JSON.stringify(component.aliases));
    });
});
