/**
 * What a compliant Bedrock guardrail contains. The rules check against these values and the
 * ModelGuardrail component builds from them, so the two cannot drift apart.
 * Source: Amazon Bedrock API reference, GuardrailContentFilterConfig, GuardrailPiiEntityConfig,
 * GuardrailContextualGroundingFilterConfig.
 */

export const FILTER_STRENGTHS = ["NONE", "LOW", "MEDIUM", "HIGH"] as const;
export type FilterStrength = (typeof FILTER_STRENGTHS)[number];

/** The five harm categories; PROMPT_ATTACK is handled on its own (input only). */
export const HARM_FILTER_TYPES = ["HATE", "VIOLENCE", "SEXUAL", "INSULTS", "MISCONDUCT"] as const;
export type HarmFilterType = (typeof HARM_FILTER_TYPES)[number];

/** Prompt-attack detection applies to input only: AWS requires its output strength to be NONE. */
export const PROMPT_ATTACK_FILTER = { type: "PROMPT_ATTACK", inputStrength: "HIGH", outputStrength: "NONE" } as const;

/** Strength the components apply to every harm filter unless the stack config says otherwise. */
export const DEFAULT_HARM_FILTER_STRENGTH: FilterStrength = "HIGH";

/** The weakest harm-filter strength the rule accepts by default (input and output). */
export const MINIMUM_HARM_FILTER_STRENGTH: FilterStrength = "MEDIUM";

export function strengthRank(strength: string): number {
    return FILTER_STRENGTHS.indexOf(strength as FilterStrength);
}

/** PII entity types a guardrail's sensitive-information policy can act on. */
export const PII_ENTITY_TYPES = [
    "ADDRESS", "AGE", "AWS_ACCESS_KEY", "AWS_SECRET_KEY", "CA_HEALTH_NUMBER", "CA_SOCIAL_INSURANCE_NUMBER",
    "CREDIT_DEBIT_CARD_CVV", "CREDIT_DEBIT_CARD_EXPIRY", "CREDIT_DEBIT_CARD_NUMBER", "DRIVER_ID", "EMAIL",
    "INTERNATIONAL_BANK_ACCOUNT_NUMBER", "IP_ADDRESS", "LICENSE_PLATE", "MAC_ADDRESS", "NAME", "PASSWORD", "PHONE",
    "PIN", "SWIFT_CODE", "UK_NATIONAL_HEALTH_SERVICE_NUMBER", "UK_NATIONAL_INSURANCE_NUMBER",
    "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER", "URL", "USERNAME", "US_BANK_ACCOUNT_NUMBER", "US_BANK_ROUTING_NUMBER",
    "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER", "US_PASSPORT_NUMBER", "US_SOCIAL_SECURITY_NUMBER",
    "VEHICLE_IDENTIFICATION_NUMBER",
] as const;
export type PiiEntityType = (typeof PII_ENTITY_TYPES)[number];

/** What the guardrail does on a match; NONE only detects, which does not protect. */
export const PII_ACTIONS = ["BLOCK", "ANONYMIZE"] as const;
export type PiiAction = (typeof PII_ACTIONS)[number];

/** The entities every guardrail must handle, and the weakest action accepted for each. */
export const REQUIRED_PII_ENTITIES: Readonly<Record<string, PiiAction>> = {
    EMAIL: "ANONYMIZE",
    PHONE: "ANONYMIZE",
    US_SOCIAL_SECURITY_NUMBER: "BLOCK",
    CREDIT_DEBIT_CARD_NUMBER: "BLOCK",
    AWS_ACCESS_KEY: "BLOCK",
    AWS_SECRET_KEY: "BLOCK",
};

/** BLOCK is stronger than ANONYMIZE. */
export function piiActionSatisfies(actual: string, required: PiiAction): boolean {
    return actual === "BLOCK" || (required === "ANONYMIZE" && actual === "ANONYMIZE");
}

export interface DeniedTopic {
    name: string;
    definition: string;
    examples: string[];
}

/** Topics the baseline denies by default (from the seed architecture). */
export const DEFAULT_DENIED_TOPICS: readonly DeniedTopic[] = [
    {
        name: "FinancialAdvice",
        definition: "Personalised recommendations about investments, securities, retirement funds or other financial products.",
        examples: ["Which stocks should I buy this month?", "Should I move my pension into crypto?"],
    },
    {
        name: "MedicalDiagnosis",
        definition: "Diagnosing a medical condition or recommending a treatment or medication for a specific person.",
        examples: ["Do my symptoms mean I have diabetes?", "How much ibuprofen should I take for my chest pain?"],
    },
];

/** The fewest DENY topics a guardrail may have unless the policy config says otherwise: the defaults' count. */
export const MINIMUM_DENIED_TOPICS = DEFAULT_DENIED_TOPICS.length;

/** Contextual grounding: both checks, each with a threshold in [0, 0.99]. */
export const GROUNDING_FILTER_TYPES = ["GROUNDING", "RELEVANCE"] as const;
export const DEFAULT_GROUNDING_THRESHOLD = 0.75;
/** The lowest threshold the rule accepts by default; 0 disables the check in effect. */
export const MINIMUM_GROUNDING_THRESHOLD = 0.5;

export const DEFAULT_BLOCKED_INPUT_MESSAGE = "This request was blocked by the organization's AI usage policy.";
export const DEFAULT_BLOCKED_OUTPUT_MESSAGE = "The response was withheld by the organization's AI usage policy.";
