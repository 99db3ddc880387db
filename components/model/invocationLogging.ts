import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CustomerManagedKey } from "../shared/customerManagedKey";
import { policyDocumentJson, serviceTrustPolicy } from "../shared/policyDocument";
import { SecureBucket } from "../shared/secureBucket";

/** The log stream Bedrock writes invocation records to inside the configured log group. */
export const INVOCATION_LOG_STREAM = "aws/bedrock/modelinvocations";

export interface InvocationLoggingArgs {
    accountId: pulumi.Input<string>;
    region: pulumi.Input<string>;
    /** AWS partition. Defaults to `aws`. */
    partition?: pulumi.Input<string>;
    /** CloudWatch Logs retention of the log group. Defaults to 365 days. */
    logRetentionDays?: pulumi.Input<number>;
    /** Days after which invocation records in S3 expire. Defaults to 400. */
    s3ExpirationDays?: pulumi.Input<number>;
    /** Deliver prompts and responses. Defaults to true. */
    textDataDelivery?: pulumi.Input<boolean>;
    /** Deliver image inputs and outputs. Defaults to false. */
    imageDataDelivery?: pulumi.Input<boolean>;
    /** Deliver embeddings. Defaults to false. */
    embeddingDataDelivery?: pulumi.Input<boolean>;
    /** Deliver video inputs and outputs. Defaults to false. */
    videoDataDelivery?: pulumi.Input<boolean>;
    /** Name of the log group. Defaults to `/ai-guardrails/bedrock/model-invocations`. */
    logGroupName?: pulumi.Input<string>;
    /** S3 key prefix of the delivered records. Defaults to `model-invocations`. */
    keyPrefix?: pulumi.Input<string>;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * Bedrock model invocation logging: every model call's request, response and metadata delivered
 * to a hardened, KMS-encrypted S3 bucket and a KMS-encrypted CloudWatch log group with retention.
 * Bedrock writes to CloudWatch through a delivery role that can write only to that log stream and
 * the bucket's large-payload prefix. Bedrock keeps ONE logging configuration per account and
 * Region: deploy this component once per account and Region.
 *
 * Bucket policy, key policy and role permissions follow "Monitor model invocation using CloudWatch
 * Logs and Amazon S3", https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html
 */
export class InvocationLogging extends pulumi.ComponentResource {
    /** The customer-managed key that encrypts the bucket and the log group. */
    public readonly key: CustomerManagedKey;
    /** The hardened bucket receiving the invocation records. */
    public readonly bucket: SecureBucket;
    /** The encrypted log group receiving the invocation records. */
    public readonly logGroup: aws.cloudwatch.LogGroup;
    /** The role Bedrock assumes to write to the log group (and large payloads to the bucket). */
    public readonly deliveryRole: aws.iam.Role;
    /** The account-and-Region-wide logging configuration. */
    public readonly configuration: aws.bedrockmodel.InvocationLoggingConfiguration;
    /** Name of the bucket holding the invocation records. */
    public readonly bucketName: pulumi.Output<string>;
    /** Name of the log group holding the invocation records. */
    public readonly logGroupName: pulumi.Output<string>;
    /** ARN of the log group. */
    public readonly logGroupArn: pulumi.Output<string>;
    /** ARN of the customer-managed key used for both destinations. */
    public readonly kmsKeyArn: pulumi.Output<string>;
    /** ARN of the delivery role. */
    public readonly deliveryRoleArn: pulumi.Output<string>;

    constructor(name: string, args: InvocationLoggingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ai-guardrails:model:InvocationLogging", name, {}, opts);

        const partition = args.partition ?? "aws";
        const logGroupName = pulumi.output(args.logGroupName ?? "/ai-guardrails/bedrock/model-invocations");
        const keyPrefix = pulumi.output(args.keyPrefix ?? "model-invocations");
        const largePayloadPrefix = pulumi.interpolate`${keyPrefix}-large-payloads`;
        // The log group's ARN is known before it exists, so the key policy can name it.
        const expectedLogGroupArn = pulumi.interpolate`arn:${partition}:logs:${args.region}:${args.accountId}:log-group:${logGroupName}`;
        const bedrockSourceArn = pulumi.interpolate`arn:${partition}:bedrock:${args.region}:${args.accountId}:*`;
        // Bedrock acting for this account's resources in this Region only (confused deputy).
        const fromThisAccountsBedrock = { StringEquals: { "aws:SourceAccount": args.accountId }, ArnLike: { "aws:SourceArn": bedrockSourceArn } };

        this.key = new CustomerManagedKey(
            `${name}-key`,
            {
                accountId: args.accountId,
                partition,
                description: "Encrypts Bedrock model invocation logs (S3 bucket and CloudWatch log group)",
                aliasName: `alias/${name}`,
                tags: args.tags,
                serviceGrants: [
                    {
                        // CloudWatch Logs sends the log group's ARN as encryption context, not aws:SourceAccount.
                        sid: "CloudWatchLogsEncryptsTheInvocationLogGroup",
                        service: pulumi.interpolate`logs.${args.region}.amazonaws.com`,
                        actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                        condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": expectedLogGroupArn } },
                    },
                    {
                        // Needed for Bedrock to write to a bucket whose default encryption is SSE-KMS.
                        sid: "BedrockEncryptsDeliveredInvocationLogs",
                        service: "bedrock.amazonaws.com",
                        actions: ["kms:GenerateDataKey"],
                        condition: fromThisAccountsBedrock,
                    },
                ],
            },
            { parent: this },
        );
        this.kmsKeyArn = this.key.keyArn;

        this.logGroup = new aws.cloudwatch.LogGroup(
            name,
            { name: logGroupName, retentionInDays: args.logRetentionDays ?? 365, kmsKeyId: this.key.keyArn, tags: args.tags },
            { parent: this },
        );

        this.bucket = new SecureBucket(
            `${name}-bucket`,
            {
                kmsKeyArn: this.key.keyArn,
                expirationDays: args.s3ExpirationDays ?? 400,
                tags: args.tags,
                policyStatements: (bucket) => [
                    {
                        // Bedrock writes under PREFIX/AWSLogs/ACCOUNT/BedrockModelInvocationLogs/, for the
                        // records (s3Config) and for the large payloads of the CloudWatch destination
                        // (largeDataDeliveryS3Config), each under its own prefix. The large-payload path
                        // follows the same layout; not confirmed on a primary page.
                        Sid: "AmazonBedrockLogsWrite",
                        Effect: "Allow",
                        Principal: { Service: "bedrock.amazonaws.com" },
                        Action: "s3:PutObject",
                        Resource: [keyPrefix, largePayloadPrefix].map(
                            (prefix) => pulumi.interpolate`${bucket.arn}/${prefix}/AWSLogs/${args.accountId}/BedrockModelInvocationLogs/*`,
                        ),
                        Condition: fromThisAccountsBedrock,
                    },
                ],
            },
            { parent: this },
        );
        this.bucketName = this.bucket.bucketName;

        this.deliveryRole = new aws.iam.Role(
            `${name}-delivery-role`,
            {
                description: "Assumed by Amazon Bedrock to deliver model invocation logs to CloudWatch Logs",
                assumeRolePolicy: serviceTrustPolicy({ service: "bedrock.amazonaws.com", accountId: args.accountId, sourceArnLike: bedrockSourceArn }),
                tags: args.tags,
            },
            { parent: this },
        );

        const deliveryPolicy = new aws.iam.RolePolicy(
            `${name}-delivery`,
            {
                role: this.deliveryRole.name,
                policy: policyDocumentJson([
                    {
                        Sid: "WriteInvocationLogStream",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: pulumi.interpolate`${this.logGroup.arn}:log-stream:${INVOCATION_LOG_STREAM}`,
                    },
                    {
                        // Records too large for CloudWatch Logs (and binary payloads) go to the bucket.
                        Sid: "WriteLargePayloads",
                        Effect: "Allow",
                        Action: "s3:PutObject",
                        Resource: pulumi.interpolate`${this.bucket.bucketArn}/${largePayloadPrefix}/*`,
                    },
                    {
                        Sid: "EncryptLargePayloadsThroughS3",
                        Effect: "Allow",
                        Action: "kms:GenerateDataKey",
                        Resource: this.key.keyArn,
                        Condition: { StringEquals: { "kms:ViaService": pulumi.interpolate`s3.${args.region}.amazonaws.com` } },
                    },
                ]),
            },
            { parent: this },
        );

        this.configuration = new aws.bedrockmodel.InvocationLoggingConfiguration(
            name,
            {
                loggingConfig: {
                    textDataDeliveryEnabled: args.textDataDelivery ?? true,
                    imageDataDeliveryEnabled: args.imageDataDelivery ?? false,
                    embeddingDataDeliveryEnabled: args.embeddingDataDelivery ?? false,
                    videoDataDeliveryEnabled: args.videoDataDelivery ?? false,
                    s3Config: { bucketName: this.bucket.bucketName, keyPrefix },
                    cloudwatchConfig: {
                        logGroupName: this.logGroup.name,
                        roleArn: this.deliveryRole.arn,
                        largeDataDeliveryS3Config: { bucketName: this.bucket.bucketName, keyPrefix: largePayloadPrefix },
                    },
                },
            },
            // Bedrock checks that it can write to both destinations when the configuration is put.
            { parent: this, dependsOn: [this.bucket.bucketPolicy, deliveryPolicy] },
        );

        this.logGroupName = this.logGroup.name;
        this.logGroupArn = this.logGroup.arn;
        this.deliveryRoleArn = this.deliveryRole.arn;

        this.registerOutputs({
            bucketName: this.bucketName,
            logGroupName: this.logGroupName,
            logGroupArn: this.logGroupArn,
            kmsKeyArn: this.kmsKeyArn,
            deliveryRoleArn: this.deliveryRoleArn,
        });
    }
}
