import { z } from "zod";
import { FOUNDATION_MODEL_ID, INFERENCE_PROFILE_ID } from "../../policypack/controls/model-access";
import {
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_PROMPT_INJECTION_PATTERNS,
    DEFAULT_PROMPT_INJECTION_PHRASES,
    DEFAULT_RATE_LIMIT,
    DEFAULT_RATE_LIMIT_WINDOW_SEC,
    MIN_RATE_LIMIT,
    RATE_LIMIT_WINDOWS_SEC,
    WAF_REGEX_MAX_LENGTH,
} from "../../policypack/controls/waf";
import { LOG_RETENTION_DAYS } from "./model";

const retentionDays = z
    .number()
    .int()
    .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), { message: `expected one of CloudWatch's retention periods: ${LOG_RETENTION_DAYS.join(", ")}` });

/** A phrase is matched after the body is lower-cased, so an upper-case letter in it could never match. */
const phrase = z
    .string()
    .min(1)
    .max(200, "WAF search strings are at most 200 bytes")
    .refine((p) => p === p.toLowerCase(), { message: "write phrases in lower case: they are matched against the lower-cased body" })
    .refine((p) => p.trim() === p && !/\s{2,}/.test(p), { message: "no leading, trailing or repeated white space: the body's white space is compressed before matching" });

/** WAF regexes: PCRE without capturing groups, at most 200 characters; JavaScript must compile them too (the rule evaluates them). */
const pattern = z
    .string()
    .min(1)
    .max(WAF_REGEX_MAX_LENGTH, `WAF regular expressions are at most ${WAF_REGEX_MAX_LENGTH} characters`)
    .refine((p) => !/(^|[^\\])\((?!\?)/.test(p), { message: "AWS WAF does not support capturing groups; write (?:...) instead of (...)" })
    .refine(
        (p) => {
            try {
                new RegExp(p);
                return true;
            } catch {
                return false;
            }
        },
        { message: "not a valid regular expression" },
    );

const modelId = z
    .string()
    .refine((id) => FOUNDATION_MODEL_ID.test(id) || INFERENCE_PROFILE_ID.test(id), { message: "expected a Bedrock foundation-model or inference-profile ID" });

/**
 * `ai-guardrails:edge`: the public face of a model, an API Gateway REST API with a regional WAF.
 * Off unless enabled; the stacks that expose models to applications (staging, prod) enable it.
 */
export const edgeSchema = z
    .object({
        enabled: z.boolean().default(false),
        /** The approved model the API invokes; defaults to the first of `models.approved`. */
        model: modelId.optional(),
        /** How callers authenticate: SigV4 (`AWS_IAM`) or an API key of the usage plan (`API_KEY`). */
        authorization: z.enum(["AWS_IAM", "API_KEY"]).default("AWS_IAM"),
        stageName: z.string().regex(/^[A-Za-z0-9_]{1,128}$/, "expected 1-128 letters, digits or underscores").default("v1"),
        /** Stage and usage-plan throttling: steady requests per second and burst. */
        throttle: z
            .object({ rateLimit: z.number().positive().max(10000).default(10), burstLimit: z.number().int().min(1).max(5000).default(20) })
            .strict()
            .prefault({}),
        /** Requests per API key and period (usage plan quota). */
        quota: z
            .object({ limit: z.number().int().min(1).default(10000), period: z.enum(["DAY", "WEEK", "MONTH"]).default("DAY") })
            .strict()
            .prefault({}),
        waf: z
            .object({
                /** Requests one client IP may make per window before WAF blocks it. */
                rateLimit: z.number().int().min(MIN_RATE_LIMIT).max(2_000_000_000).default(DEFAULT_RATE_LIMIT),
                rateLimitWindowSec: z
                    .number()
                    .int()
                    .refine((w) => (RATE_LIMIT_WINDOWS_SEC as readonly number[]).includes(w), { message: `expected one of ${RATE_LIMIT_WINDOWS_SEC.join(", ")}` })
                    .default(DEFAULT_RATE_LIMIT_WINDOW_SEC),
                /** Known prompt-injection phrasings blocked anywhere in the body (lower case). */
                injectionPhrases: z.array(phrase).min(1).default([...DEFAULT_PROMPT_INJECTION_PHRASES]),
                /** Regular expressions for variants of the phrasings (regex pattern set). */
                injectionPatterns: z.array(pattern).max(10, "a regex pattern set holds at most 10 expressions").default([...DEFAULT_PROMPT_INJECTION_PATTERNS]),
                /** Largest request body accepted, in bytes; WAF inspects bodies up to 64 KB. */
                maxBodyBytes: z.number().int().min(1).max(65535).default(DEFAULT_MAX_BODY_BYTES),
            })
            .strict()
            .prefault({}),
        /** Retention of the API access logs and the WAF logs. */
        logRetentionDays: retentionDays.default(365),
        /**
         * API Gateway writes access logs only once the account-level CloudWatch role is set. The
         * component sets it (one per account and Region) unless another stack already manages it.
         */
        manageAccountLoggingRole: z.boolean().default(true),
    })
    .strict();

export type EdgeConfig = z.infer<typeof edgeSchema>;

/** The model the edge fronts: the configured one, else the first approved model. */
export function edgeModel(config: { models: { approved: string[] }; edge: EdgeConfig }): string {
    return config.edge.model ?? config.models.approved[0];
}

/** Checks that need the models section: the edge fronts an approved model. */
export function refineEdge(config: { models?: { approved: string[] }; edge?: EdgeConfig }, ctx: z.RefinementCtx): void {
    const approved = config.models?.approved;
    if (!Array.isArray(approved) || approved.length === 0) {
        return; // the models section reports its own problem
    }
    const model = config.edge?.model;
    if (config.edge?.enabled && model !== undefined && !approved.includes(model)) {
        ctx.addIssue({ code: "custom", path: ["edge", "model"], message: `not an approved model; expected one of ai-guardrails:models.approved (${approved.join(", ")})` });
    }
}
