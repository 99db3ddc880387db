/**
 * The guardrail, the approved models and invocation logging (stack settings: `guardrail`, `models`, `invocationLogging`).
 * Settings are data only (no validation here: components/config holds the schemas), so every
 * language the component plugin serves can express them.
 */
/** Strength of a harm filter: MEDIUM or HIGH (the policy pack's minimum is MEDIUM). */
export const HarmFilterStrength = { MEDIUM: "MEDIUM", HIGH: "HIGH" } as const;
export type HarmFilterStrength = (typeof HarmFilterStrength)[keyof typeof HarmFilterStrength];

/** Input and output strength of one harm filter; each defaults to HIGH. */
export interface HarmFilterStrengths {
    input?: HarmFilterStrength;
    output?: HarmFilterStrength;
}

/** Strength per harm category; a category left out is filtered at HIGH on input and output. */
export interface HarmFilterSettings {
    HATE?: HarmFilterStrengths;
    VIOLENCE?: HarmFilterStrengths;
    SEXUAL?: HarmFilterStrengths;
    INSULTS?: HarmFilterStrengths;
    MISCONDUCT?: HarmFilterStrengths;
}

/** What the guardrail does with a PII entity it detects. */
export const PiiAction = { ANONYMIZE: "ANONYMIZE", BLOCK: "BLOCK" } as const;
export type PiiAction = (typeof PiiAction)[keyof typeof PiiAction];

/** A topic the guardrail refuses to discuss. */
export interface DeniedTopicSettings {
    /** 1-100 letters, digits, spaces or -_!?. */
    name: string;
    /** What the topic covers (1-200 characters). */
    definition: string;
    /** Up to five example prompts (1-100 characters each). */
    examples?: string[];
}

/** Contextual-grounding thresholds, each from the pack's minimum 0.5 to AWS's maximum 0.99; default 0.75. */
export interface GroundingThresholds {
    grounding?: number;
    relevance?: number;
}

/** The Bedrock guardrail every model call goes through (stack settings: `guardrail`). */
export interface GuardrailSettings {
    /** Strength per harm category. PROMPT_ATTACK is always filtered at HIGH on input. */
    harmFilters?: HarmFilterSettings;
    /**
     * PII entity type (EMAIL, US_SOCIAL_SECURITY_NUMBER, ...) -> ANONYMIZE or BLOCK. EMAIL and PHONE
     * anonymized and SSN, card numbers and AWS keys blocked are always included and cannot be weakened.
     */
    piiEntities?: { [entity: string]: PiiAction };
    /** Topics the guardrail refuses; at least two. Defaults to financial advice and medical diagnosis. */
    deniedTopics?: DeniedTopicSettings[];
    /** Contextual-grounding thresholds. */
    grounding?: GroundingThresholds;
    /** Apply AWS's managed profanity word list. Defaults to true. */
    managedProfanityFilter?: boolean;
    /** Extra words or phrases to block. */
    blockedWords?: string[];
    /** What the caller sees when a prompt is blocked. */
    blockedInputMessage?: string;
    /** What the caller sees when a response is blocked. */
    blockedOutputMessage?: string;
    /**
     * Enforce the published version on every model call of the account in its Region, whatever the
     * caller names (Bedrock's account-level enforced guardrail configuration, through the Cloud
     * Control provider), system prompts and messages alike, leaving out only the models that cannot
     * take a guardrail. One per account and Region: enable it on one guardrail only. Every caller then
     * needs bedrock:ApplyGuardrail on the guardrail (the baseline's invoke policy and agent roles have
     * it). Defaults to false.
     */
    enforceInAccount?: boolean;
}

/** Which models may be invoked (stack settings: `models`). */
export interface ModelSettings {
    /** Foundation-model or inference-profile IDs that may be invoked, every call through the guardrail; at least one. Only models that can take a guardrail. */
    approved: string[];
    /**
     * Approved models that cannot take a guardrail (embedding, rerank and speech models, such as
     * `amazon.titan-embed-text-v2:0`). The baseline's shared invoke policy does not grant them: a
     * ModelAccessPolicy grants them to the roles that need them (`withoutGuardrail`), and the
     * organization's Bedrock policy leaves them out of its enforcement.
     */
    approvedWithoutGuardrail?: string[];
    /** IDs denied outright, in every Region, whatever other policies allow. */
    denied?: string[];
}

/** Where model invocations are recorded (stack settings: `invocationLogging`). */
export interface InvocationLoggingSettings {
    /** CloudWatch Logs retention of the log group, one of CloudWatch's periods. Defaults to 365 days. */
    logRetentionDays?: number;
    /** Days after which invocation records in S3 expire. Defaults to 400. */
    s3ExpirationDays?: number;
    /** Deliver prompts and responses. Must stay on; defaults to true. */
    text?: boolean;
    /** Deliver image inputs and outputs. Defaults to false. */
    image?: boolean;
    /** Deliver embeddings. Defaults to false. */
    embedding?: boolean;
    /** Deliver video inputs and outputs. Defaults to false. */
    video?: boolean;
}
