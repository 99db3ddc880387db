import { z } from "zod";
import { AI_DATA_EVENT_TYPES, DEFAULT_DATA_EVENT_TYPES, REQUIRED_DATA_EVENT_TYPES } from "../../policypack/controls/cloudtrail";
import { LOG_RETENTION_DAYS } from "./model";

const retentionDays = z
    .number()
    .int()
    .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), { message: `expected one of CloudWatch's retention periods: ${LOG_RETENTION_DAYS.join(", ")}` });

const objectLock = z
    .object({
        /** COMPLIANCE: nobody, not even the root user, can delete or shorten retention; GOVERNANCE: special permission can. */
        mode: z.enum(["GOVERNANCE", "COMPLIANCE"]),
        days: z.number().int().min(1).max(36500),
    })
    .strict();

/** `ai-guardrails:evidence.trail`: the CloudTrail trail that records AI activity and control changes. */
export const auditTrailSchema = z
    .object({
        /** Bedrock and AgentCore data-event types to log (advanced selectors); must keep the required ones. */
        dataEventTypes: z.array(z.enum(AI_DATA_EVENT_TYPES)).default([...DEFAULT_DATA_EVENT_TYPES]),
        /** Retention of the trail's CloudWatch Logs copy, where the governance alarms run. */
        logRetentionDays: retentionDays.default(365),
        /** Days until log files in the bucket expire (current versions); 7 years by default. */
        expirationDays: z.number().int().min(1).max(36500).default(2557),
        /** Days noncurrent versions (overwritten or deleted files) are kept. */
        noncurrentVersionExpirationDays: z.number().int().min(1).max(36500).default(365),
        /** S3 Object Lock default retention for log files; needs a new bucket (it is set at creation). */
        objectLock: objectLock.optional(),
    })
    .strict()
    .superRefine((t, ctx) => {
        const missing = REQUIRED_DATA_EVENT_TYPES.filter((r) => !t.dataEventTypes.includes(r));
        if (missing.length > 0) {
            ctx.addIssue({ code: "custom", path: ["dataEventTypes"], message: `must include the required AI data-event types; missing ${missing.join(", ")}` });
        }
        if (new Set(t.dataEventTypes).size !== t.dataEventTypes.length) {
            ctx.addIssue({ code: "custom", path: ["dataEventTypes"], message: "lists a type more than once" });
        }
        if (t.objectLock && t.objectLock.days > t.expirationDays) {
            ctx.addIssue({ code: "custom", path: ["objectLock", "days"], message: `must not exceed expirationDays (${t.expirationDays}): locked files cannot expire` });
        }
    });

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ARN = /^arn:aws(-[a-z]+)*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:.+$/;

/** One SNS subscription to the alarm topic. */
const subscription = z
    .discriminatedUnion("protocol", [
        z.object({ protocol: z.literal("email"), endpoint: z.string().regex(EMAIL, "expected an e-mail address") }).strict(),
        z.object({ protocol: z.literal("https"), endpoint: z.string().regex(/^https:\/\/\S+$/, "expected an https:// URL") }).strict(),
        z.object({ protocol: z.literal("sqs"), endpoint: z.string().regex(ARN, "expected an SQS queue ARN") }).strict(),
        z.object({ protocol: z.literal("lambda"), endpoint: z.string().regex(ARN, "expected a Lambda function ARN") }).strict(),
    ]);

const PERIODS = [60, 300, 900, 3600] as const;

/** `ai-guardrails:evidence.monitoring`: dashboard, alarms and who is told. */
export const monitoringSchema = z
    .object({
        /** Who receives alarms (e-mail subscriptions must be confirmed by the recipient). */
        alarmSubscriptions: z.array(subscription).default([]),
        /** Alarm period in seconds. */
        periodSeconds: z
            .number()
            .int()
            .refine((p) => (PERIODS as readonly number[]).includes(p), { message: `expected one of ${PERIODS.join(", ")}` })
            .default(300),
        /** Input plus output tokens of one approved model within one period above which the token-spike alarm fires. */
        tokenSpikeThreshold: z.number().int().min(1).default(2_000_000),
        /** Guardrail interventions within one period above which the intervention-spike alarm fires. */
        guardrailInterventionThreshold: z.number().int().min(1).default(100),
        /** Client plus server invocation errors of one approved model within one period above which the error alarm fires. */
        invocationErrorThreshold: z.number().int().min(1).default(25),
    })
    .strict();

/** `ai-guardrails:evidence`: the audit trail and the monitoring built on it. */
export const evidenceSchema = z
    .object({
        trail: auditTrailSchema.prefault({}),
        monitoring: monitoringSchema.prefault({}),
    })
    .strict();
