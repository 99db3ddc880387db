import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { CustomerManagedKey } from "../../../components/shared/customerManagedKey";
import { SecureBucket } from "../../../components/shared/secureBucket";
import { T } from "../../../policypack/lib/types";
import { byType, policyOf, renderComponent, single, statement } from "../../helpers/mocks";
import { ACCOUNT } from "../../helpers/fixtures";

const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;

describe("CustomerManagedKey", () => {
    it("rotates, waits 30 days before deletion, and is administered only by its own account", async () => {
        const resources = await renderComponent(() => new CustomerManagedKey("k", { accountId: ACCOUNT, partition: "aws", description: "test key" }));
        const key = single(resources, T.kmsKey);
        assert.strictEqual(key.inputs.enableKeyRotation, true);
        assert.strictEqual(key.inputs.rotationPeriodInDays, 365);
        assert.strictEqual(key.inputs.deletionWindowInDays, 30);
        assert.strictEqual(key.inputs.keyUsage, "ENCRYPT_DECRYPT");
        const admin = statement(policyOf(key), "AccountAdministersKeyThroughIam");
        assert.deepStrictEqual(admin.Principal, { AWS: `arn:aws:iam::${ACCOUNT}:root` });
        assert.strictEqual(byType(resources, "aws:kms/alias:Alias").length, 0);
    });

    it("lets a named service use the key only for this account unless the grant gives its own condition", async () => {
        const resources = await renderComponent(
            () =>
                new CustomerManagedKey("k", {
                    accountId: ACCOUNT,
                    partition: "aws-us-gov",
                    description: "test key",
                    aliasName: "alias/test",
                    serviceGrants: [
                        { sid: "SnsUsesKey", service: "sns.amazonaws.com", actions: ["kms:GenerateDataKey*", "kms:Decrypt"] },
                        { sid: "TrailUsesKey", service: "cloudtrail.amazonaws.com", actions: ["kms:GenerateDataKey*"], condition: { StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws-us-gov:cloudtrail:*:${ACCOUNT}:trail/*` } } },
                    ],
                }),
        );
        const key = single(resources, T.kmsKey);
        const policy = policyOf(key);
        assert.deepStrictEqual(statement(policy, "AccountAdministersKeyThroughIam").Principal, { AWS: `arn:aws-us-gov:iam::${ACCOUNT}:root` });
        const sns = statement(policy, "SnsUsesKey");
        assert.deepStrictEqual(sns.Principal, { Service: "sns.amazonaws.com" });
        assert.deepStrictEqual(sns.Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT } });
        assert.deepStrictEqual(statement(policy, "TrailUsesKey").Condition, { StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws-us-gov:cloudtrail:*:${ACCOUNT}:trail/*` } });
        const alias = single(resources, "aws:kms/alias:Alias");
        assert.strictEqual(alias.inputs.name, "alias/test");
        assert.strictEqual(alias.inputs.targetKeyId, key.outputs.keyId);
    });
});

describe("SecureBucket", () => {
    it("appends caller statements that name the bucket after the TLS denies", async () => {
        const resources = await renderComponent(
            () =>
                new SecureBucket("b", {
                    partition: "aws",
                    kmsKeyArn: KEY_ARN,
                    policyStatements: (bucket) => [
                        { Sid: "TrailAclCheck", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: bucket.arn },
                        { Sid: "TrailWrite", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject", Resource: pulumi.interpolate`${bucket.arn}/AWSLogs/${ACCOUNT}/*` },
                    ],
                }),
        );
        const bucket = single(resources, T.s3Bucket);
        const policy = policyOf(single(resources, T.s3BucketPolicy));
        assert.deepStrictEqual(policy.Statement.map((s) => s.Sid), ["DenyInsecureTransport", "DenyTlsOlderThan12", "TrailAclCheck", "TrailWrite"]);
        assert.strictEqual(statement(policy, "TrailAclCheck").Resource, bucket.outputs.arn);
        assert.strictEqual(statement(policy, "TrailWrite").Resource, `${bucket.outputs.arn}/AWSLogs/${ACCOUNT}/*`);
        assert.deepStrictEqual(statement(policy, "DenyTlsOlderThan12").Condition, { NumericLessThan: { "s3:TlsVersion": "1.2" } });
    });

    it("writes a policy that is known at the first preview: the ARN comes from the name the provider gives the bucket", async () => {
        const resources = await renderComponent(() => new SecureBucket("b", { partition: "aws", kmsKeyArn: KEY_ARN }), { preview: true });
        const bucket = single(resources, T.s3Bucket);
        const policy = policyOf(single(resources, T.s3BucketPolicy));
        assert.deepStrictEqual(statement(policy, "DenyInsecureTransport").Resource, [`arn:aws:s3:::${bucket.inputs.bucket}`, `arn:aws:s3:::${bucket.inputs.bucket}/*`]);
    });

    it("keeps current objects when no expiration is given, but still expires old versions", async () => {
        const resources = await renderComponent(() => new SecureBucket("b", { partition: "aws", kmsKeyArn: KEY_ARN, noncurrentVersionExpirationDays: 90 }));
        const [rule] = single(resources, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules;
        assert.strictEqual(rule.expiration, undefined);
        assert.strictEqual(rule.noncurrentVersionExpiration.noncurrentDays, 90);
        assert.strictEqual(rule.abortIncompleteMultipartUpload.daysAfterInitiation, 7);
    });

    it("turns object lock on at creation with the requested default retention", async () => {
        const resources = await renderComponent(() => new SecureBucket("b", { partition: "aws", kmsKeyArn: KEY_ARN, objectLock: { mode: "COMPLIANCE", days: 365 } }));
        assert.strictEqual(single(resources, T.s3Bucket).inputs.objectLockEnabled, true);
        const lock = single(resources, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration");
        assert.deepStrictEqual(lock.inputs.rule, { defaultRetention: { mode: "COMPLIANCE", days: 365 } });
        const without = await renderComponent(() => new SecureBucket("b", { partition: "aws", kmsKeyArn: KEY_ARN }));
        assert.strictEqual(byType(without, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration").length, 0);
    });

    it("applies the bucket policy only after the public access block", async () => {
        const resources = await renderComponent(() => new SecureBucket("b", { partition: "aws", kmsKeyArn: KEY_ARN }));
        assert.ok(single(resources, T.s3BucketPolicy).dependencies.includes(single(resources, T.s3PublicAccessBlock).urn));
    });
});
