import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { aiEvidenceSelectors } from "../../policypack/controls/cloudtrail";
import { validateArgs } from "../config/args";
import { auditTrailSchema } from "../config/evidence";
import { AuditTrailSettings } from "../settings/evidence";
import { locationShape, partitionOf, tagsSchema } from "../config/location";
import { DeploymentLocation } from "../settings/location";
import { componentOptions, componentType } from "../shared/component";
import { CustomerManagedKey } from "../shared/customerManagedKey";
import { policyDocumentJson, serviceTrustPolicy } from "../shared/policyDocument";
import { SecureBucket } from "../shared/secureBucket";

const CLOUDTRAIL = "cloudtrail.amazonaws.com";

/** Arguments of AiAuditTrail: the trail settings (as the stack settings' `evidence.trail`), its name, and where it deploys. */
export interface AiAuditTrailArgs extends AuditTrailSettings, DeploymentLocation {
    /**
     * The trail's name (3-128 letters, digits, `.`, `_`, `-`). Defaults to the component name. It is
     * set explicitly so the key and bucket policies can name this trail's ARN before it exists.
     */
    trailName?: string;
    /** Tags on every resource the component creates. */
    tags?: { [key: string]: string };
}

/** CloudTrail trail names: start and end with a letter or digit, no two separators in a row, not an IP address. */
const trailNameSchema = z
    .string()
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9]|[._-](?=[A-Za-z0-9])){2,127}$/, "3-128 letters, digits, \".\", \"_\" or \"-\", starting and ending with a letter or digit, no two separators in a row")
    .refine((n) => !/^\d+\.\d+\.\d+\.\d+$/.test(n), { message: "a trail name cannot look like an IP address" });

/** @internal The arguments as the constructor validates them. */
export const aiAuditTrailArgsSchema = auditTrailSchema.extend({
    ...locationShape,
    trailName: trailNameSchema.optional(),
    tags: tagsSchema.default({}),
});

/**
 * The evidence trail for AI workloads: a multi-Region CloudTrail trail with log-file validation that
 * records all management events (control changes, InvokeModel and Converse calls) and, through
 * advanced event selectors, the Bedrock and AgentCore data events (agent invocations, guardrail
 * evaluations, retrievals, asynchronous and streaming model calls, gateway and runtime traffic).
 *
 * Log files go to a SecureBucket (versioning, SSE-KMS, public access blocked, TLS only) that only
 * this trail may write to, encrypted with a customer-managed key only CloudTrail may use for this
 * trail; a copy goes to an encrypted CloudWatch Logs group, where AiMonitoring's governance alarms run.
 */
export class AiAuditTrail extends pulumi.ComponentResource {
    /** ARN of the trail. */
    public readonly trailArn: pulumi.Output<string>;
    /** Name of the trail. */
    public readonly trailName: pulumi.Output<string>;
    /** ARN of the key that encrypts the log files (and the bucket's default encryption). */
    public readonly kmsKeyArn: pulumi.Output<string>;
    /** Name of the bucket the log files are delivered to. */
    public readonly bucketName: pulumi.Output<string>;
    /** Name of the CloudWatch Logs group that receives a copy of every event (what metric filters attach to). */
    public readonly logGroupName: pulumi.Output<string>;
    /** ARN of that log group. */
    public readonly logGroupArn: pulumi.Output<string>;

    constructor(name: string, args: AiAuditTrailArgs, opts?: pulumi.ComponentResourceOptions) {
        // The trail name defaults to the component's name, and must be a valid trail name either way.
        const a = validateArgs("AiAuditTrail", name, aiAuditTrailArgsSchema, { ...args, trailName: args?.trailName ?? name });
        super(componentType("AiAuditTrail"), name, {}, componentOptions("AiAuditTrail", "evidence", opts));

        const partition = partitionOf(a.region);
        const { accountId, region, tags } = a;
        const trailName = a.trailName ?? name;
        // Known before the trail exists, so the key, bucket and role policies can be scoped to it.
        const trailArn = `arn:${partition}:cloudtrail:${region}:${accountId}:trail/${trailName}`;
        const logGroupName = `/aws/cloudtrail/${trailName}`;
        const logGroupArn = `arn:${partition}:logs:${region}:${accountId}:log-group:${logGroupName}`;

        // "Configure AWS KMS key policies for CloudTrail": encrypt only for this trail (aws:SourceArn)
        // and only with this account's trail encryption context; describe the key for this trail.
        // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
        const key = new CustomerManagedKey(
            `${name}-key`,
            {
                accountId,
                partition,
                description: `Encrypts the log files of CloudTrail trail ${trailName}; only that trail may encrypt with it`,
                aliasName: `alias/${trailName}`,
                serviceGrants: [
                    {
                        sid: "CloudTrailEncryptsThisTrailsLogs",
                        service: CLOUDTRAIL,
                        actions: ["kms:GenerateDataKey*"],
                        condition: {
                            StringEquals: { "aws:SourceArn": trailArn },
                            StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${partition}:cloudtrail:*:${accountId}:trail/*` },
                        },
                    },
                    { sid: "CloudTrailDescribesKey", service: CLOUDTRAIL, actions: ["kms:DescribeKey"], condition: { StringEquals: { "aws:SourceArn": trailArn } } },
                ],
                tags,
            },
            { parent: this },
        );
        this.kmsKeyArn = key.keyArn;

        // "Amazon S3 bucket policy for CloudTrail": the ACL check and the write, both for this trail only;
        // and no one but CloudTrail writes log files.
        const bucket = new SecureBucket(
            `${name}-bucket`,
            {
                partition,
                kmsKeyArn: key.keyArn,
                expirationDays: a.expirationDays,
                noncurrentVersionExpirationDays: a.noncurrentVersionExpirationDays,
                objectLock: a.objectLock,
                policyStatements: (b) => [
                    {
                        Sid: "CloudTrailAclCheck",
                        Effect: "Allow",
                        Principal: { Service: CLOUDTRAIL },
                        Action: "s3:GetBucketAcl",
                        Resource: b.arn,
                        Condition: { StringEquals: { "aws:SourceArn": trailArn } },
                    },
                    {
                        Sid: "CloudTrailWritesThisTrailsLogs",
                        Effect: "Allow",
                        Principal: { Service: CLOUDTRAIL },
                        Action: "s3:PutObject",
                        Resource: pulumi.interpolate`${b.arn}/AWSLogs/${accountId}/*`,
                        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trailArn } },
                    },
                    {
                        // A negated operator matches when the key is absent: every caller that is not
                        // the CloudTrail service principal (users, roles, root) is denied writes.
                        Sid: "DenyWritesExceptCloudTrail",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:PutObject",
                        Resource: pulumi.interpolate`${b.arn}/*`,
                        Condition: { StringNotEquals: { "aws:PrincipalServiceName": CLOUDTRAIL } },
                    },
                ],
                tags,
            },
            { parent: this },
        );
        this.bucketName = bucket.bucketName;

        // The CloudWatch Logs copy, encrypted with its own key: the trail key stays CloudTrail's alone.
        const logsKey = new CustomerManagedKey(
            `${name}-logs-key`,
            {
                accountId,
                partition,
                description: `Encrypts the CloudWatch Logs copy of CloudTrail trail ${trailName}`,
                serviceGrants: [
                    {
                        sid: "CloudWatchLogsEncryptsTrailLogGroup",
                        service: `logs.${region}.amazonaws.com`,
                        actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                        condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupArn } },
                    },
                ],
                tags,
            },
            { parent: this },
        );
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            { name: logGroupName, retentionInDays: a.logRetentionDays, kmsKeyId: logsKey.keyArn, tags },
            { parent: this },
        );
        this.logGroupName = logGroup.name;
        this.logGroupArn = logGroup.arn;

        // CloudTrail writes to CloudWatch Logs through a role only this trail can assume.
        const role = new aws.iam.Role(
            `${name}-logs-role`,
            {
                description: `Lets CloudTrail trail ${trailName} deliver events to ${logGroupName}`,
                path: "/ai-guardrails/",
                assumeRolePolicy: serviceTrustPolicy({ service: CLOUDTRAIL, accountId, sourceArnLike: trailArn }),
                tags,
            },
            { parent: this },
        );
        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-logs-delivery`,
            {
                role: role.name,
                policy: policyDocumentJson([
                    {
                        Sid: "DeliverTrailEventsToLogGroup",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        // Log streams are named ACCOUNT_CloudTrail_REGION, one per Region of a multi-Region trail.
                        Resource: `${logGroupArn}:log-stream:${accountId}_CloudTrail_*`,
                    },
                ]),
            },
            { parent: this },
        );

        const trail = new aws.cloudtrail.Trail(
            name,
            {
                name: trailName,
                s3BucketName: bucket.bucketName,
                kmsKeyId: key.keyArn,
                enableLogging: true,
                enableLogFileValidation: true,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                advancedEventSelectors: aiEvidenceSelectors(a.dataEventTypes),
                cloudWatchLogsGroupArn: pulumi.interpolate`${logGroup.arn}:*`,
                cloudWatchLogsRoleArn: role.arn,
                tags,
            },
            // CloudTrail checks the bucket policy and the role when the trail is created.
            { parent: this, dependsOn: [bucket.bucketPolicy, rolePolicy] },
        );
        this.trailArn = trail.arn;
        this.trailName = trail.name;

        this.registerOutputs({
            trailArn: this.trailArn,
            kmsKeyArn: this.kmsKeyArn,
            bucketName: this.bucketName,
            logGroupName: this.logGroupName,
            logGroupArn: this.logGroupArn,
            trailName: this.trailName,
        });
    }
}
