import { z } from "zod";
import { DEFAULT_DATA_EVENT_TYPES, DEFAULT_TRAIL_EXPIRATION_DAYS, DEFAULT_TRAIL_NONCURRENT_EXPIRATION_DAYS, REQUIRED_DATA_EVENT_TYPES } from "../../policypack/controls/cloudtrail";
import { DEFAULT_LOG_RETENTION_DAYS } from "../../policypack/controls/retention";
import { arnSchema, expirationDaysSchema, logRetentionDaysSchema } from "./location";

/** A Bedrock or AgentCore data-event type a trail can log with advanced event selectors. */
export const DataEventType = {
    BedrockAgentAlias: "AWS::Bedrock::AgentAlias",
    BedrockAsyncInvoke: "AWS::Bedrock::AsyncInvoke",
    BedrockFlowAlias: "AWS::Bedrock::FlowAlias",
    BedrockGuardrail: "AWS::Bedrock::Guardrail",
    BedrockInlineAgent: "AWS::Bedrock::InlineAgent",
    BedrockKnowledgeBase: "AWS::Bedrock::KnowledgeBase",
    BedrockModel: "AWS::Bedrock::Model",
    BedrockPromptVersion: "AWS::Bedrock::PromptVersion",
    BedrockSession: "AWS::Bedrock::Session",
    BedrockFlowExecution: "AWS::Bedrock::FlowExecution",
    BedrockAutomatedReasoningPolicy: "AWS::Bedrock::AutomatedReasoningPolicy",
    BedrockAutomatedReasoningPolicyVersion: "AWS::Bedrock::AutomatedReasoningPolicyVersion",
    BedrockTool: "AWS::Bedrock::Tool",
    AgentCoreGateway: "AWS::BedrockAgentCore::Gateway",
    AgentCoreRuntime: "AWS::BedrockAgentCore::Runtime",
    AgentCoreRuntimeEndpoint: "AWS::BedrockAgentCore::RuntimeEndpoint",
    AgentCoreMemory: "AWS::BedrockAgentCore::Memory",
    AgentCoreCodeInterpreter: "AWS::BedrockAgentCore::CodeInterpreter",
    AgentCoreCodeInterpreterCustom: "AWS::BedrockAgentCore::CodeInterpreterCustom",
    AgentCoreBrowser: "AWS::BedrockAgentCore::Browser",
    AgentCoreBrowserCustom: "AWS::BedrockAgentCore::BrowserCustom",
    AgentCoreWorkloadIdentity: "AWS::BedrockAgentCore::WorkloadIdentity",
} as const;
export type DataEventType = (typeof DataEventType)[keyof typeof DataEventType];

/** S3 Object Lock retention mode. */
export const ObjectLockMode = {
    /** Users with special permission (`s3:BypassGovernanceRetention`) can delete or shorten retention. */
    GOVERNANCE: "GOVERNANCE",
    /** Nobody, not even the root user, can delete a locked version or shorten its retention. */
    COMPLIANCE: "COMPLIANCE",
} as const;
export type ObjectLockMode = (typeof ObjectLockMode)[keyof typeof ObjectLockMode];

/** Write-once retention of the trail's log files (S3 Object Lock); set when the bucket is created. */
export interface ObjectLockSettings {
    /** GOVERNANCE or COMPLIANCE. */
    mode: ObjectLockMode;
    /** Days each log file is locked; at most `expirationDays`. */
    days: number;
}

/** The CloudTrail trail that records AI activity and control changes (stack settings: `evidence.trail`). */
export interface AuditTrailSettings {
    /** Bedrock and AgentCore data-event types to log; must keep the required ones. Defaults to every AI type. */
    dataEventTypes?: DataEventType[];
    /** Retention of the trail's CloudWatch Logs copy, where the governance alarms run. Defaults to 365 days. */
    logRetentionDays?: number;
    /** Days until log files in the bucket expire (current versions). Defaults to 2557 (7 years). */
    expirationDays?: number;
    /** Days a replaced or deleted log-file version is kept. Defaults to 365. */
    noncurrentVersionExpirationDays?: number;
    /** Write-once retention of log files; only on a new bucket. */
    objectLock?: ObjectLockSettings;
}

/** The protocol of an alarm subscription. */
export const AlarmProtocol = {
    /** An e-mail address; the recipient confirms the subscription. */
    Email: "email",
    /** An https:// URL (a webhook or an incident tool's endpoint). */
    Https: "https",
    /** An SQS queue ARN. */
    Sqs: "sqs",
    /** A Lambda function ARN. */
    Lambda: "lambda",
} as const;
export type AlarmProtocol = (typeof AlarmProtocol)[keyof typeof AlarmProtocol];

/** One SNS subscription to the alarm topic. */
export interface AlarmSubscription {
    /** email, https, sqs or lambda. */
    protocol: AlarmProtocol;
    /** The address, URL or ARN the protocol expects. */
    endpoint: string;
}

/** Dashboard, alarms and who is told (stack settings: `evidence.monitoring`). */
export interface MonitoringSettings {
    /** Who receives alarms (e-mail subscriptions must be confirmed by the recipient). */
    alarmSubscriptions?: AlarmSubscription[];
    /** Alarm and dashboard period in seconds: 60, 300, 900 or 3600. Defaults to 300. */
    periodSeconds?: number;
    /** Input plus output tokens of one approved model within one period above which the token-spike alarm fires. Defaults to 2,000,000. */
    tokenSpikeThreshold?: number;
    /** Guardrail interventions within one period above which the intervention-spike alarm fires. Defaults to 100. */
    guardrailInterventionThreshold?: number;
    /** Client plus server invocation errors of one approved model within one period above which the error alarm fires. Defaults to 25. */
    invocationErrorThreshold?: number;
}

/** The audit trail and the monitoring built on it (stack settings: `evidence`). */
export interface EvidenceSettings {
    /** The audit trail. */
    trail?: AuditTrailSettings;
    /** Dashboard and alarms. */
    monitoring?: MonitoringSettings;
}

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
