/**
 * The audit trail and monitoring (stack settings: `evidence`): what AiAuditTrail and AiMonitoring are built from.
 * Settings are data only (no validation here: components/config holds the schemas), so every
 * language the component plugin serves can express them.
 */
/** A Bedrock (Mantle and web search included) or AgentCore data-event type a trail can log with advanced event selectors. */
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
    BedrockAdvancedOptimizePromptJob: "AWS::Bedrock::AdvancedOptimizePromptJob",
    BedrockBlueprint: "AWS::Bedrock::Blueprint",
    BedrockDataAutomationInvocation: "AWS::Bedrock::DataAutomationInvocation",
    BedrockDataAutomationProfile: "AWS::Bedrock::DataAutomationProfile",
    BedrockDataAutomationProject: "AWS::Bedrock::DataAutomationProject",
    BedrockMantleProject: "AWS::BedrockMantle::Project",
    BedrockWebSearchTool: "AWS::BedrockWebSearch::Tool",
    AgentCoreGateway: "AWS::BedrockAgentCore::Gateway",
    AgentCoreRuntime: "AWS::BedrockAgentCore::Runtime",
    AgentCoreRuntimeEndpoint: "AWS::BedrockAgentCore::RuntimeEndpoint",
    AgentCoreMemory: "AWS::BedrockAgentCore::Memory",
    AgentCoreCodeInterpreter: "AWS::BedrockAgentCore::CodeInterpreter",
    AgentCoreCodeInterpreterCustom: "AWS::BedrockAgentCore::CodeInterpreterCustom",
    AgentCoreBrowser: "AWS::BedrockAgentCore::Browser",
    AgentCoreBrowserCustom: "AWS::BedrockAgentCore::BrowserCustom",
    AgentCoreWorkloadIdentity: "AWS::BedrockAgentCore::WorkloadIdentity",
    AgentCoreWorkloadIdentityDirectory: "AWS::BedrockAgentCore::WorkloadIdentityDirectory",
    AgentCorePolicyEngine: "AWS::BedrockAgentCore::PolicyEngine",
    AgentCorePolicy: "AWS::BedrockAgentCore::Policy",
    AgentCoreTokenVault: "AWS::BedrockAgentCore::TokenVault",
    AgentCoreOAuth2CredentialProvider: "AWS::BedrockAgentCore::OAuth2CredentialProvider",
    AgentCoreAPIKeyCredentialProvider: "AWS::BedrockAgentCore::APIKeyCredentialProvider",
    AgentCoreBrowserProfile: "AWS::BedrockAgentCore::BrowserProfile",
    AgentCoreCapacityProvider: "AWS::BedrockAgentCore::CapacityProvider",
    AgentCoreEvaluator: "AWS::BedrockAgentCore::Evaluator",
    AgentCoreBatchEvaluate: "AWS::BedrockAgentCore::BatchEvaluate",
    AgentCoreABTest: "AWS::BedrockAgentCore::ABTest",
    AgentCoreRecommendation: "AWS::BedrockAgentCore::Recommendation",
    AgentCoreRegistry: "AWS::BedrockAgentCore::Registry",
    AgentCorePayments: "AWS::BedrockAgentCore::Payments",
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
