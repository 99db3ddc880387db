/**
 * What an AI-evidence trail records. The AiAuditTrail component builds its advanced event
 * selectors from these lists and the CloudTrail rules check against them.
 *
 * Sources: CloudTrail User Guide, "Logging data events" (resource-type table,
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html) and "Data events
 * supported by AWS CloudTrail" (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-events.html#cloudtrail-data-events,
 * the full Bedrock, Bedrock Mantle, Bedrock web search and Bedrock AgentCore rows), and the CloudTrail
 * API reference, AdvancedEventSelector / AdvancedFieldSelector
 * (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html):
 * `eventCategory` is required and uses Equals (`Management` or `Data`); `resources.type` is required
 * for data events and uses Equals only; a trail carries either basic or advanced selectors, never both.
 */

/** Bedrock resource types (Mantle's and web search's included) that CloudTrail logs as data events (advanced selectors only). */
export const BEDROCK_DATA_EVENT_TYPES = [
    "AWS::Bedrock::AgentAlias",
    "AWS::Bedrock::AsyncInvoke",
    "AWS::Bedrock::FlowAlias",
    "AWS::Bedrock::Guardrail",
    "AWS::Bedrock::InlineAgent",
    "AWS::Bedrock::KnowledgeBase",
    "AWS::Bedrock::Model",
    "AWS::Bedrock::PromptVersion",
    "AWS::Bedrock::Session",
    "AWS::Bedrock::FlowExecution",
    "AWS::Bedrock::AutomatedReasoningPolicy",
    "AWS::Bedrock::AutomatedReasoningPolicyVersion",
    "AWS::Bedrock::Tool",
    "AWS::Bedrock::AdvancedOptimizePromptJob",
    "AWS::Bedrock::Blueprint",
    "AWS::Bedrock::DataAutomationInvocation",
    "AWS::Bedrock::DataAutomationProfile",
    "AWS::Bedrock::DataAutomationProject",
    // Bedrock's other endpoints: Mantle (OpenAI-compatible inference) and web search.
    "AWS::BedrockMantle::Project",
    "AWS::BedrockWebSearch::Tool",
] as const;

/** AgentCore resource types that CloudTrail logs as data events (advanced selectors only). */
export const AGENTCORE_DATA_EVENT_TYPES = [
    "AWS::BedrockAgentCore::Gateway",
    "AWS::BedrockAgentCore::Runtime",
    "AWS::BedrockAgentCore::RuntimeEndpoint",
    "AWS::BedrockAgentCore::Memory",
    "AWS::BedrockAgentCore::CodeInterpreter",
    "AWS::BedrockAgentCore::CodeInterpreterCustom",
    "AWS::BedrockAgentCore::Browser",
    "AWS::BedrockAgentCore::BrowserCustom",
    "AWS::BedrockAgentCore::WorkloadIdentity",
    "AWS::BedrockAgentCore::WorkloadIdentityDirectory",
    "AWS::BedrockAgentCore::PolicyEngine",
    "AWS::BedrockAgentCore::Policy",
    "AWS::BedrockAgentCore::TokenVault",
    "AWS::BedrockAgentCore::OAuth2CredentialProvider",
    "AWS::BedrockAgentCore::APIKeyCredentialProvider",
    "AWS::BedrockAgentCore::BrowserProfile",
    "AWS::BedrockAgentCore::CapacityProvider",
    "AWS::BedrockAgentCore::Evaluator",
    "AWS::BedrockAgentCore::BatchEvaluate",
    "AWS::BedrockAgentCore::ABTest",
    "AWS::BedrockAgentCore::Recommendation",
    "AWS::BedrockAgentCore::Registry",
    "AWS::BedrockAgentCore::Payments",
] as const;

export const AI_DATA_EVENT_TYPES = [...BEDROCK_DATA_EVENT_TYPES, ...AGENTCORE_DATA_EVENT_TYPES] as const;
export type AiDataEventType = (typeof AI_DATA_EVENT_TYPES)[number];

/**
 * The data-event types every AI-evidence trail must log: model calls outside InvokeModel/Converse
 * (async and bidirectional streams), Mantle inference, guardrail evaluations, agents, knowledge
 * bases, the AgentCore gateway, runtime and memory that agents act through, the Cedar policy
 * engine's authorization decisions, and agents fetching outbound credentials (token vault, OAuth2
 * and API-key credential providers). The rule requires these by default; the component logs them
 * and whatever else the stack config adds.
 */
export const REQUIRED_DATA_EVENT_TYPES: readonly AiDataEventType[] = [
    "AWS::Bedrock::Model",
    "AWS::Bedrock::AgentAlias",
    "AWS::Bedrock::InlineAgent",
    "AWS::Bedrock::Guardrail",
    "AWS::Bedrock::KnowledgeBase",
    "AWS::BedrockAgentCore::Gateway",
    "AWS::BedrockAgentCore::Runtime",
    "AWS::BedrockAgentCore::Memory",
    "AWS::BedrockMantle::Project",
    "AWS::BedrockAgentCore::PolicyEngine",
    "AWS::BedrockAgentCore::TokenVault",
    "AWS::BedrockAgentCore::OAuth2CredentialProvider",
    "AWS::BedrockAgentCore::APIKeyCredentialProvider",
];

/** What the component logs when the stack config does not narrow it: every AI data-event type. */
export const DEFAULT_DATA_EVENT_TYPES: readonly AiDataEventType[] = [...AI_DATA_EVENT_TYPES];

/** Days until the audit trail's log files expire unless configured: seven years, a common record-keeping period. */
export const DEFAULT_TRAIL_EXPIRATION_DAYS = 2557;

/** Days a replaced or deleted log-file version is kept unless configured. */
export const DEFAULT_TRAIL_NONCURRENT_EXPIRATION_DAYS = 365;

/** The only `resources.type` values basic (`eventSelectors`) data resources accept. */
export const BASIC_SELECTOR_DATA_RESOURCE_TYPES = ["AWS::S3::Object", "AWS::Lambda::Function", "AWS::DynamoDB::Table"] as const;

/** Advanced field-selector names and values used for trails. */
export const FIELD = {
    eventCategory: "eventCategory",
    resourcesType: "resources.type",
    readOnly: "readOnly",
} as const;
export const EVENT_CATEGORY = { management: "Management", data: "Data" } as const;

/** The shape the provider takes (`aws.cloudtrail.TrailAdvancedEventSelector`), as plain data. */
export interface AdvancedEventSelector {
    name: string;
    fieldSelectors: { field: string; equals: string[] }[];
}

/**
 * The selectors an AI-evidence trail uses: all management events (read and write) in one
 * selector, then one data selector per resource type (`resources.type` takes a single value
 * per selector on trails, so each type gets its own).
 */
export function aiEvidenceSelectors(dataEventTypes: readonly string[]): AdvancedEventSelector[] {
    return [
        { name: "Management events (read and write)", fieldSelectors: [{ field: FIELD.eventCategory, equals: [EVENT_CATEGORY.management] }] },
        ...dataEventTypes.map((type) => ({
            name: `Data events: ${type}`,
            fieldSelectors: [
                { field: FIELD.eventCategory, equals: [EVENT_CATEGORY.data] },
                { field: FIELD.resourcesType, equals: [type] },
            ],
        })),
    ];
}
