import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AI_DATA_EVENT_TYPES, aiEvidenceSelectors, DEFAULT_DATA_EVENT_TYPES, REQUIRED_DATA_EVENT_TYPES } from "../../policypack/controls/cloudtrail";
import { CustomerManagedKey } from "../shared/customerManagedKey";
import { policyDocumentJson, serviceTrustPolicy } from "../shared/policyDocument";
import { SecureBucket } from "../shared/secureBucket";

const CLOUDTRAIL = "cloudtrail.amazonaws.com";

export interface AiAuditTrailArgs {
    accountId: pulumi.Input<string>;
    region: pulumi.Input<string>;
    /** AWS partition. Defaults to `aws`. */
    partition?: pulumi.Input<string>;
    /**
     * The trail's name (3-128 letters, digits, `.`, `_`, `-`). Defaults to the component name. It is
     * set explicitly so the key and bucket policies can name this trail's ARN before it exists.
     */
    trailName?: string;
    /** Bedrock and AgentCore data-event types to log; must include the required ones. Defaults to every AI type. */
    dataEventTypes?: readonly string[];
    /** Retention of the CloudWatch Logs copy the governance alarms read. Defaults to 365 days. */
    logRetentionDays?: pulumi.Input<number>;
    /** Days until log files in the bucket expire. Defaults to 2557 (7 years). */
    expirationDays?: pulumi.Input<number>;
    /** Days a replaced or deleted log-file version is kept. Defaults to 365. */
    noncurrentVersionExpirationDays?: pulumi.Input<number>;
    /** Write-once retention of log files (S3 Object Lock); only on a new bucket. */
    objectLock?: { mode: "GOVERNANCE" | "COMPLIANCE"; days: pulumi.Input<number> };
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** CloudTrail trail names: start and end with a letter or digit, no two separators in a row. */
const TRAIL_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9]|[._-](?=[A-Za-z0-9])){2,127}$/;

/** Problems with the arguments, one line each; empty when they are valid. */
export function aiAuditTrailProblems(name: string, args: AiAuditTrailArgs): string[] {
    const problems: string[] = [];
    const trailName = args.trailName ?? name;
    if (!TRAIL_NAME.test(trailName) || /^\d+\.\d+\.\d+\.\d+$/.test(trailName)) {
        problems.push(`trailName ${JSON.stringify(trailName)}: 3-128 letters, digits, ".", "_" or "-", starting and ending with a letter or digit, no two separators in a row`);
    }
    const types = args.dataEventTypes ?? DEFAULT_DATA_EVENT_TYPES;
    const unknown = types.filter((t) => !(AI_DATA_EVENT_TYPES as readonly string[]).includes(t));
    if (unknown.length > 0) {
        problems.push(`dataEventTypes: ${unknown.join(", ")} ${unknown.length === 1 ? "is not a" : "are not"} Bedrock or AgentCore data-event type (expected among ${AI_DATA_EVENT_TYPES.join(", ")})`);
    }
    const missing = REQUIRED_DATA_EVENT_TYPES.filter((t) => !types.includes(t));
    if (missing.length > 0) {
        problems.push(`dataEventTypes: the required types ${missing.join(", ")} are missing`);
    }
    return problems;
}

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
    /** The trail. */
    public readonly trail: aws.cloudtrail.Trail;
    /** ARN of the trail. */
    public readonly trailArn: pulumi.Output<string>;
    /** Name of the trail. */
    public readonly trailName: string;
    /** The key that encrypts the log files (and the bucket's default encryption). */
    public readonly key: CustomerManagedKey;
    /** ARN of the log-file key. */
    public readonly kmsKeyArn: pulumi.Output<string>;
    /** The bucket the log files are delivered to. */
    public readonly bucket: SecureBucket;
    /** Name of the log-file bucket. */
    public readonly bucketName: pulumi.Output<string>;
    /** The CloudWatch Logs group that receives a copy of every event. */
    public readonly logGroup: aws.cloudwatch.LogGroup;
    /** Name of that log group (what metric filters attach to). */
    public readonly logGroupName: pulumi.Output<string>;

    constructor(name: string, args: AiAuditTrailArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems = aiAuditTrailProblems(name, args);
        if (problems.length > 0) {
            throw new Error(`AiAuditTrail ${name}: invalid arguments:\n  - ${problems.join("\n  - ")}`);
        }
        super("ai-guardrails:evidence:AiAuditTrail", name, {}, opts);

        const partition = args.partition ?? "aws";
        const trailName = args.trailName ?? name;
        this.trailName = trailName;
        // Known before the trail exists, so the key, bucket and role policies can be scoped to it.
        const trailArn = pulumi.interpolate`arn:${partition}:cloudtrail:${args.region}:${args.accountId}:trail/${trailName}`;
        const logGroupName = `/aws/cloudtrail/${trailName}`;
        const logGroupArn = pulumi.interpolate`arn:${partition}:logs:${args.region}:${args.accountId}:log-group:${logGroupName}`;

        // "Configure AWS KMS key policies for CloudTrail": encrypt only for this trail (aws:SourceArn)
        // and only with this account's trail encryption context; describe the key for this trail.
        // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
        this.key = new CustomerManagedKey(
            `${name}-key`,
            {
                accountId: args.accountId,
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
                            StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": pulumi.interpolate`arn:${partition}:cloudtrail:*:${args.accountId}:trail/*` },
                        },
                    },
                    { sid: "CloudTrailDescribesKey", service: CLOUDTRAIL, actions: ["kms:DescribeKey"], condition: { StringEquals: { "aws:SourceArn": trailArn } } },
                ],
                tags: args.tags,
            },
            { parent: this },
        );
        this.kmsKeyArn = this.key.keyArn;

        // "Amazon S3 bucket policy for CloudTrail": the ACL check and the write, both for this trail only;
        // and no one but CloudTrail writes log files.
        this.bucket = new SecureBucket(
            `${name}-bucket`,
            {
                kmsKeyArn: this.key.keyArn,
                expirationDays: args.expirationDays ?? 2557,
                noncurrentVersionExpirationDays: args.noncurrentVersionExpirationDays ?? 365,
                objectLock: args.objectLock,
                policyStatements: (bucket) => [
                    {
                        Sid: "CloudTrailAclCheck",
                        Effect: "Allow",
                        Principal: { Service: CLOUDTRAIL },
                        Action: "s3:GetBucketAcl",
                        Resource: bucket.arn,
                        Condition: { StringEquals: { "aws:SourceArn": trailArn } },
                    },
                    {
                        Sid: "CloudTrailWritesThisTrailsLogs",
                        Effect: "Allow",
                        Principal: { Service: CLOUDTRAIL },
                        Action: "s3:PutObject",
                        Resource: pulumi.interpolate`${bucket.arn}/AWSLogs/${args.accountId}/*`,
                        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trailArn } },
                    },
                    {
                        // A negated operator matches when the key is absent: every caller that is not
                        // the CloudTrail service principal (users, roles, root) is denied writes.
                        Sid: "DenyWritesExceptCloudTrail",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:PutObject",
                        Resource: pulumi.interpolate`${bucket.arn}/*`,
                        Condition: { StringNotEquals: { "aws:PrincipalServiceName": CLOUDTRAIL } },
                    },
                ],
                tags: args.tags,
            },
            { parent: this },
        );
        this.bucketName = this.bucket.bucketName;

        // The CloudWatch Logs copy, encrypted with its own key: the trail key stays CloudTrail's alone.
        const logsKey = new CustomerManagedKey(
            `${name}-logs-key`,
            {
                accountId: args.accountId,
                partition,
                description: `Encrypts the CloudWatch Logs copy of CloudTrail trail ${trailName}`,
                serviceGrants: [
                    {
                        sid: "CloudWatchLogsEncryptsTrailLogGroup",
                        service: pulumi.interpolate`logs.${args.region}.amazonaws.com`,
                        actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                        condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupArn } },
                    },
                ],
                tags: args.tags,
            },
            { parent: this },
        );
        this.logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            { name: logGroupName, retentionInDays: args.logRetentionDays ?? 365, kmsKeyId: logsKey.keyArn, tags: args.tags },
            { parent: this },
        );
        this.logGroupName = this.logGroup.name;

        // CloudTrail writes to CloudWatch Logs through a role only this trail can assume.
        const role = new aws.iam.Role(
            `${name}-logs-role`,
            {
                description: `Lets CloudTrail trail ${trailName} deliver events to ${logGroupName}`,
                path: "/ai-guardrails/",
                assumeRolePolicy: serviceTrustPolicy({ service: CLOUDTRAIL, accountId: args.accountId, sourceArnLike: trailArn }),
                tags: args.tags,
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
                        Resource: pulumi.interpolate`${this.logGroup.arn}:log-stream:${args.accountId}_CloudTrail_*`,
                    },
                ]),
            },
            { parent: this },
        );

        this.trail = new aws.cloudtrail.Trail(
            name,
            {
                name: trailName,
                s3BucketName: this.bucket.bucketName,
                kmsKeyId: this.key.keyArn,
                enableLogging: true,
                enableLogFileValidation: true,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                advancedEventSelectors: aiEvidenceSelectors(args.dataEventTypes ?? DEFAULT_DATA_EVENT_TYPES),
                cloudWatchLogsGroupArn: pulumi.interpolate`${this.logGroup.arn}:*`,
                cloudWatchLogsRoleArn: role.arn,
                tags: args.tags,
            },
            // CloudTrail checks the bucket policy and the role when the trail is created.
            { parent: this, dependsOn: [this.bucket.bucketPolicy, rolePolicy] },
        );
        this.trailArn = this.trail.arn;

        this.registerOutputs({
            trailArn: this.trailArn,
            kmsKeyArn: this.kmsKeyArn,
            bucketName: this.bucketName,
            logGroupName: this.logGroupName,
        });
    }
}
