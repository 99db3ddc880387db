import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocumentJson, PolicyStatement } from "./policyDocument";

/** The bucket's name and ARN, for statements that must name the bucket they are attached to. */
export interface BucketRef {
    name: pulumi.Output<string>;
    arn: pulumi.Output<string>;
}

export interface SecureBucketArgs {
    /** AWS partition (\`partitionOf(region)\`): the bucket's ARN is computed from it and the bucket's name. */
    partition: string;
    /** Customer-managed KMS key for default SSE-KMS encryption. */
    kmsKeyArn: pulumi.Input<string>;
    /** Days after which current objects expire; kept forever when omitted. */
    expirationDays?: pulumi.Input<number>;
    /** Days a replaced or deleted object version is kept before it is removed. Defaults to 30. */
    noncurrentVersionExpirationDays?: pulumi.Input<number>;
    /**
     * Statements added to the bucket policy after the TLS-only denies, for example the writes a
     * service such as Bedrock or CloudTrail delivers. A function, because they name this bucket.
     */
    policyStatements?: (bucket: BucketRef) => pulumi.Input<PolicyStatement>[];
    /**
     * Write-once retention for every new object version (object lock). Can only be turned on when
     * the bucket is created.
     */
    objectLock?: { mode: "GOVERNANCE" | "COMPLIANCE"; days: pulumi.Input<number> };
    /** Let `pulumi destroy` delete a non-empty bucket. Defaults to false: evidence is not thrown away. */
    forceDestroy?: pulumi.Input<boolean>;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * An S3 bucket for logs and evidence: versioning, default SSE-KMS with a customer-managed key
 * (bucket key on), every public-access block on, ACLs disabled, a bucket policy that denies any
 * request without TLS 1.2 or later, and a lifecycle that expires old data.
 */
export class SecureBucket extends pulumi.ComponentResource {
    /** Name of the bucket. */
    public readonly bucketName: pulumi.Output<string>;
    /** ARN of the bucket. */
    public readonly bucketArn: pulumi.Output<string>;
    /** The bucket policy resource: what a delivery configuration that needs the policy in place depends on. */
    public readonly bucketPolicy: aws.s3.BucketPolicy;
    /** The bucket policy document (JSON). */
    public readonly policyDocument: pulumi.Output<string>;

    constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ai-guardrails:shared:SecureBucket", name, {}, opts);

        const bucket = new aws.s3.Bucket(
            name,
            {
                forceDestroy: args.forceDestroy ?? false,
                objectLockEnabled: args.objectLock ? true : undefined,
                tags: args.tags,
            },
            { parent: this },
        );
        // The provider names the bucket when it checks the inputs, so the name is known at preview and
        // so is an ARN computed from it (\`bucket.arn\` would stay unknown until the bucket exists).
        this.bucketName = bucket.bucket;
        this.bucketArn = pulumi.interpolate`arn:${args.partition}:s3:::${bucket.bucket}`;
        const bucketId = bucket.bucket;

        const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access`,
            { bucket: bucketId, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            { parent: this },
        );

        // ACLs off: the bucket owner owns every object, whoever delivers it.
        new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucketId, rule: { objectOwnership: "BucketOwnerEnforced" } }, { parent: this });

        const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucketId, versioningConfiguration: { status: "Enabled" } }, { parent: this });

        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket: bucketId,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true }],
            },
            { parent: this },
        );

        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket: bucketId,
                rules: [
                    {
                        id: "expire-old-data",
                        status: "Enabled",
                        filter: {},
                        expiration: args.expirationDays === undefined ? undefined : { days: args.expirationDays },
                        noncurrentVersionExpiration: { noncurrentDays: args.noncurrentVersionExpirationDays ?? 30 },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
            // Noncurrent-version rules act on versions, so versioning goes first.
            { parent: this, dependsOn: [versioning] },
        );

        if (args.objectLock) {
            new aws.s3.BucketObjectLockConfiguration(
                `${name}-object-lock`,
                { bucket: bucketId, rule: { defaultRetention: { mode: args.objectLock.mode, days: args.objectLock.days } } },
                { parent: this, dependsOn: [versioning] },
            );
        }

        const ref: BucketRef = { name: this.bucketName, arn: this.bucketArn };
        const objects = pulumi.interpolate`${this.bucketArn}/*`;
        this.policyDocument = policyDocumentJson([
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [this.bucketArn, objects],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            {
                Sid: "DenyTlsOlderThan12",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [this.bucketArn, objects],
                Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
            },
            ...(args.policyStatements ? args.policyStatements(ref) : []),
        ]);

        this.bucketPolicy = new aws.s3.BucketPolicy(
            `${name}-policy`,
            { bucket: bucketId, policy: this.policyDocument },
            // S3 rejects concurrent configuration calls on one bucket; the policy waits for the block.
            { parent: this, dependsOn: [publicAccessBlock] },
        );

        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn, policyDocument: this.policyDocument });
    }
}
