/**
 * The model API behind a WAF (stack settings: `edge`): what ModelApiEdge is built from.
 * Settings are data only (no validation here: components/config holds the schemas), so every
 * language the component plugin serves can express them.
 */
/** How callers of the model API authenticate. */
export const ApiAuthorization = {
    /** SigV4-signed requests from IAM principals allowed `execute-api:Invoke`. */
    AWS_IAM: "AWS_IAM",
    /** An API key of the usage plan, in the `x-api-key` header. */
    API_KEY: "API_KEY",
} as const;
export type ApiAuthorization = (typeof ApiAuthorization)[keyof typeof ApiAuthorization];

/** The period a usage-plan quota counts requests over. */
export const QuotaPeriod = { DAY: "DAY", WEEK: "WEEK", MONTH: "MONTH" } as const;
export type QuotaPeriod = (typeof QuotaPeriod)[keyof typeof QuotaPeriod];

/** Stage (and usage-plan) throttling. */
export interface ThrottleSettings {
    /** Steady requests per second (at most 10,000). Defaults to 10. */
    rateLimit?: number;
    /** Burst of requests (1-5,000). Defaults to 20. */
    burstLimit?: number;
}

/** Requests per API key and period (usage plan, API_KEY authorization only). */
export interface QuotaSettings {
    /** Requests per period. Defaults to 10,000. */
    limit?: number;
    /** The period. Defaults to DAY. */
    period?: QuotaPeriod;
}

/** The regional web ACL in front of the stage. */
export interface WafSettings {
    /** Requests one client IP may make per window before WAF blocks it. Defaults to 300. */
    rateLimit?: number;
    /** The rate limit's evaluation window in seconds: 60, 120, 300 or 600. Defaults to 300. */
    rateLimitWindowSec?: number;
    /** Known prompt-injection phrasings blocked anywhere in the body (lower case, single spaces). */
    injectionPhrases?: string[];
    /** Regular expressions for their variants (WAF regex syntax, no capturing groups; at most 10). */
    injectionPatterns?: string[];
    /** Largest request body accepted, in bytes (at most 65,535: WAF inspects bodies up to 64 KB). Defaults to 16,383. */
    maxBodyBytes?: number;
}

/** The model API and its WAF: the part of the edge settings ModelApiEdge takes as it is. */
export interface ModelApiSettings {
    /** How callers authenticate: SigV4 (`AWS_IAM`, the default) or an API key of the usage plan (`API_KEY`). */
    authorization?: ApiAuthorization;
    /** The stage clients call (1-128 letters, digits or underscores). Defaults to `v1`. */
    stageName?: string;
    /** Stage and usage-plan throttling. */
    throttle?: ThrottleSettings;
    /** Requests per API key and period (API_KEY authorization only). */
    quota?: QuotaSettings;
    /** The web ACL's rules. */
    waf?: WafSettings;
    /** Retention of the API access logs and the WAF logs, one of CloudWatch's periods. Defaults to 365 days. */
    logRetentionDays?: number;
    /**
     * Set the account's API Gateway CloudWatch role (one per account and Region; access logging
     * needs it). Defaults to true; turn it off when another stack of the account manages it.
     */
    manageAccountLoggingRole?: boolean;
}

/** The public face of a model (stack settings: `edge`). */
export interface EdgeSettings extends ModelApiSettings {
    /** Create the model API. Defaults to false. */
    enabled?: boolean;
    /** The approved model the API invokes; defaults to the first of `models.approved`. */
    model?: string;
}
