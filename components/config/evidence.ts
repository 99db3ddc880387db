import { z } from "zod";
import { DEFAULT_DATA_EVENT_TYPES, DEFAULT_TRAIL_EXPIRATION_DAYS, DEFAULT_TRAIL_NONCURRENT_EXPIRATION_DAYS, REQUIRED_DATA_EVENT_TYPES } from "../../policypack/controls/cloudtrail";
import { DEFAULT_LOG_RETENTION_DAYS } from "../../policypack/controls/retention";
import { arnSchema, expirationDaysSchema, logRetentionDaysSchema } from "./location";
import { AlarmProtocol, DataEventType, ObjectLockMode } from "../settings/evidence";

/** The values of `DataEventType`: the controls' AI_DATA_EVENT_TYPES (a test keeps the two equal). */
const DATA_EVENT_TYPES = Object.values(DataEventType) as [DataEventType, ...DataEventType[]];

const objectLock = z
    .object({
        mode: z.enum([ObjectLockMode.GOVERNANCE, ObjectLockMode.COMPLIANCE]),
        days: expirationDaysSchema,
    })
    .strict();

/** `ai-guardrails:evidence.trail`: the CloudTrail trail that records AI activity and control changes. */
export const auditTrailSchema = z
    .object({
        dataEventTypes: z.array(z.enum(DATA_EVENT_TYPES)).default([...DEFAULT_DATA_EVENT_TYPES]),
        logRetentionDays: logRetentionDaysSchema.default(DEFAULT_LOG_RETENTION_DAYS),
        expirationDays: expirationDaysSchema.default(DEFAULT_TRAIL_EXPIRATION_DAYS),
        noncurrentVersionExpirationDays: expirationDaysSchema.default(DEFAULT_TRAIL_NONCURRENT_EXPIRATION_DAYS),
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

/** What each protocol's endpoint must look like. */
const ENDPOINTS: Record<AlarmProtocol, z.ZodString> = {
    email: z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "expected an e-mail address"),
    https: z.string().regex(/^https:\/\/\S+$/, "expected an https:// URL"),
    sqs: arnSchema("sqs", "arn:aws:sqs:us-east-1:123456789012:ai-alarms"),
    lambda: arnSchema("lambda", "arn:aws:lambda:us-east-1:123456789012:function:ai-alarms"),
};

const subscription = z
    .object({
        protocol: z.enum([AlarmProtocol.Email, AlarmProtocol.Https, AlarmProtocol.Sqs, AlarmProtocol.Lambda]),
        endpoint: z.string(),
    })
    .strict()
    .superRefine((s, ctx) => {
        const result = ENDPOINTS[s.protocol].safeParse(s.endpoint);
        if (!result.success) {
            ctx.addIssue({ code: "custom", path: ["endpoint"], message: result.error.issues[0].message });
        }
    });

const PERIODS = [60, 300, 900, 3600] as const;

/** `ai-guardrails:evidence.monitoring`: dashboard, alarms and who is told. */
export const monitoringSchema = z
    .object({
        alarmSubscriptions: z.array(subscription).default([]),
        periodSeconds: z
            .number()
            .int()
            .refine((p) => (PERIODS as readonly number[]).includes(p), { message: `expected one of ${PERIODS.join(", ")}` })
            .default(300),
        tokenSpikeThreshold: z.number().int().min(1).default(2_000_000),
        guardrailInterventionThreshold: z.number().int().min(1).default(100),
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
