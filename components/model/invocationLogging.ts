import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { validateArgs } from "../config/args";
import { locationShape, partitionOf, tagsSchema } from "../config/location";
import { DeploymentLocation } from "../settings/location";
import { invocationLoggingSchema } from "../config/model";
import { InvocationLoggingSettings } from "../settings/model";
import { componentOptions, componentType } from "../shared/component";
import { CustomerManagedKey, keyArnPattern } from "../shared/customerManagedKey";
import { policyDocumentJson, serviceTrustPolicy } from "../shared/policyDocument";
import { SecureBucket } from "../shared/secureBucket";

/** The log stream Bedrock writes invocation records to inside the configured log group. */
export const INVOCATION_LOG_STREAM = "aws/bedrock/modelinvocations";

/** Arguments of InvocationLogging: the stack settings' `invocationLogging` section, where it deploys, and the destinations' names. */
export interface InvocationLoggingArgs extends InvocationLoggingSettings, DeploymentLocation {
    /** Name of the log group. Defaults to `/ai-guardrails/bedrock/model-invocations`. */
    logGroupName?: string;
    /** S3 key prefix of the delivered records (no leading or trailing `/`). Defaults to `model-invocations`. */
    keyPrefix?: string;
    /** Tags on every resource the component creates. */
    tags?: { [key: string]: string };
}

/** CloudWatch Logs group names: 1-512 of letters, digits and `._-/#`. */
const logGroupName = z.string().regex(/^[\w./#-]{1,512}$/, "expected a log group name of 1-512 letters, digits or ._-/#");
/** Path segments of safe S3 key characters; no `*`, which would be a wildcard in the bucket policy. */
const keyPrefix = z
    .string()
    .max(200)
    .regex(/^[\w!.'()-]+(\/[\w!.'()-]+)*$/, "expected a key prefix such as model-invocations: letters, digits and !_.'()- in /-separated segments, no leading or trailing /");

/** @internal The arguments as the constructor validates them. */
export const invocationLoggingArgsSchema = invocationLoggingSchema.extend({
    ...locationShape,
    logGroupName: logGroupName.default("/ai-guardrails/bedrock/model-invocations"),
    keyPrefix: keyPrefix.default("model-invocations"),
    tags: tagsSchema.default({}),
});

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
    /** Name of the bucket holding the invocation records. */
    public readonly bucketName: pulumi.Output<string>;
    /** ARN of the bucket holding the invocation records. */
    public readonly bucketArn: pulumi.Output<string>;
    /** Name of the log group holding the invocation records. */
    public readonly logGroupName: pulumi.Output<string>;
    /** ARN of the log group. */
    public readonly logGroupArn: pulumi.Output<string>;
    /** ARN of the customer-managed key that encrypts both destinations. */
    public readonly kmsKeyArn: pulumi.Output<string>;
    /** ARN of the role Bedrock assumes to write to the log group (and large payloads to the bucket). */
    public readonly deliveryRoleArn: pulumi.Output<string>;

    constructor(name: string, args: InvocationLoggingArgs, opts?: pulumi.ComponentResourceOptions) {
        const a = validateArgs("InvocationLogging", name, invocationLoggingArgsSchema, args);
        super(componentType("InvocationLogging"), name, {}, componentOptions("InvocationLogging", "model", opts));

        const partition = partitionOf(a.region);
        const largePayloadPrefix = `${a.keyPrefix}-large-payloads`;
        // The log group's ARN is known before it exists, so the key policy can name it.
        const expectedLogGroupArn = `arn:${partition}:logs:${a.region}:${a.accountId}:log-group:${a.logGroupName}`;
        const bedrockSourceArn = `arn:${partition}:bedrock:${a.region}:${a.accountId}:*`;
        const keyAlias = `alias/${name}`;
        // Bedrock acting for this account's resources in this Region only (confused deputy).
        const fromThisAccountsBedrock = { StringEquals: { "aws:SourceAccount": a.accountId }, ArnLike: { "aws:SourceArn": bedrockSourceArn } };

        const key = new CustomerManagedKey(
            `${name}-key`,
            {
                accountId: a.accountId,
                partition,
                description: "Encrypts Bedrock model invocation logs (S3 bucket and CloudWatch log group)",
                aliasName: keyAlias,
                tags: a.tags,
                serviceGrants: [
                    {
                        // CloudWatch Logs sends the log group's ARN as encryption context, not aws:SourceAccount.
                        sid: "CloudWatchLogsEncryptsTheInvocationLogGroup",
                        service: `logs.${a.region}.amazonaws.com`,
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

        const logGroup = new aws.cloudwatch.LogGroup(
            name,
            { name: a.logGroupName, retentionInDays: a.logRetentionDays, kmsKeyId: key.keyArn, tags: a.tags },
            { parent: this },
        );

        const bucket = new SecureBucket(
            `${name}-bucket`,
            {
                partition,
                kmsKeyArn: key.keyArn,
                expirationDays: a.s3ExpirationDays,
                tags: a.tags,
                policyStatements: (b) => [
                    {
                        // Bedrock writes under PREFIX/AWSLogs/ACCOUNT/BedrockModelInvocationLogs/, for the
                        // records (s3Config) and for the large payloads of the CloudWatch destination
                        // (largeDataDeliveryS3Config), each under its own prefix. The large-payload path
                        // follows the same layout; not confirmed on a primary page.
                        Sid: "AmazonBedrockLogsWrite",
                        Effect: "Allow",
                        Principal: { Service: "bedrock.amazonaws.com" },
                        Action: "s3:PutObject",
                        Resource: [a.keyPrefix, largePayloadPrefix].map((prefix) => pulumi.interpolate`${b.arn}/${prefix}/AWSLogs/${a.accountId}/BedrockModelInvocationLogs/*`),
                        Condition: fromThisAccountsBedrock,
                    },
                ],
            },
            { parent: this },
        );

        const deliveryRole = new aws.iam.Role(
            `${name}-delivery-role`,
            {
                description: "Assumed by Amazon Bedrock to deliver model invocation logs to CloudWatch Logs",
                assumeRolePolicy: serviceTrustPolicy({ service: "bedrock.amazonaws.com", accountId: a.accountId, sourceArnLike: bedrockSourceArn }),
                tags: a.tags,
            },
            { parent: this },
        );

        const deliveryPolicy = new aws.iam.RolePolicy(
            `${name}-delivery`,
            {
                role: deliveryRole.name,
                policy: policyDocumentJson([
                    {
                        Sid: "WriteInvocationLogStream",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: `${expectedLogGroupArn}:log-stream:${INVOCATION_LOG_STREAM}`,
                    },
                    {
                        // Records too large for CloudWatch Logs (and binary payloads) go to the bucket.
                        Sid: "WriteLargePayloads",
                        Effect: "Allow",
                        Action: "s3:PutObject",
                        Resource: pulumi.interpolate`${bucket.bucketArn}/${largePayloadPrefix}/*`,
                    },
                    {
                        // The key's ID is assigned by KMS, so the key is named by its alias (known
                        // now): the statement stays readable at the first preview.
                        Sid: "EncryptLargePayloadsThroughS3",
                        Effect: "Allow",
                        Action: "kms:GenerateDataKey",
                        Resource: keyArnPattern(partition, a.region, a.accountId),
                        Condition: { StringEquals: { "kms:ViaService": `s3.${a.region}.amazonaws.com` }, "ForAnyValue:StringEquals": { "kms:ResourceAliases": keyAlias } },
                    },
                ]),
            },
            { parent: this },
        );

        new aws.bedrockmodel.InvocationLoggingConfiguration(
            name,
            {
                loggingConfig: {
                    textDataDeliveryEnabled: a.text,
                    imageDataDeliveryEnabled: a.image,
                    embeddingDataDeliveryEnabled: a.embedding,
                    videoDataDeliveryEnabled: a.video,
                    s3Config: { bucketName: bucket.bucketName, keyPrefix: a.keyPrefix },
                    cloudwatchConfig: {
                        logGroupName: logGroup.name,
                        roleArn: deliveryRole.arn,
                        largeDataDeliveryS3Config: { bucketName: bucket.bucketName, keyPrefix: largePayloadPrefix },
                    },
                },
            },
            // Bedrock checks that it can write to both destinations when the configuration is put.
            { parent: this, dependsOn: [bucket.bucketPolicy, deliveryPolicy] },
        );

        this.bucketName = bucket.bucketName;
        this.bucketArn = bucket.bucketArn;
        this.logGroupName = logGroup.name;
        this.logGroupArn = logGroup.arn;
        this.kmsKeyArn = key.keyArn;
        this.deliveryRoleArn = deliveryRole.arn;

        this.registerOutputs({
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            logGroupName: this.logGroupName,
            logGroupArn: this.logGroupArn,
            kmsKeyArn: this.kmsKeyArn,
            deliveryRoleArn: this.deliveryRoleArn,
        });
    }
}
