import { z } from "zod";
import { DEFAULT_LOG_RETENTION_DAYS } from "../../policypack/controls/retention";
import {
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_PROMPT_INJECTION_PATTERNS,
    DEFAULT_PROMPT_INJECTION_PHRASES,
    DEFAULT_RATE_LIMIT,
    DEFAULT_RATE_LIMIT_WINDOW_SEC,
    MAX_INSPECTABLE_BODY_BYTES,
    MAX_RATE_LIMIT,
    MIN_RATE_LIMIT,
    RATE_LIMIT_WINDOWS_SEC,
    WAF_REGEX_MAX_LENGTH,
    WAF_REGEX_SET_MAX_EXPRESSIONS,
    WAF_SEARCH_STRING_MAX_BYTES,
} from "../../policypack/controls/waf";
import { logRetentionDaysSchema, modelIdSchema } from "./location";
import { ApiAuthorization, QuotaPeriod } from "../settings/edge";

/** A phrase is matched after the body is lower-cased, so an upper-case letter in it could never match. */
const phrase = z
    .string()
    .min(1)
    .max(WAF_SEARCH_STRING_MAX_BYTES, `WAF search strings are at most ${WAF_SEARCH_STRING_MAX_BYTES} bytes`)
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

const wafSchema = z
    .object({
        rateLimit: z.number().int().min(MIN_RATE_LIMIT).max(MAX_RATE_LIMIT).default(DEFAULT_RATE_LIMIT),
        rateLimitWindowSec: z
            .number()
            .int()
            .refine((w) => (RATE_LIMIT_WINDOWS_SEC as readonly number[]).includes(w), { message: `expected one of ${RATE_LIMIT_WINDOWS_SEC.join(", ")}` })
            .default(DEFAULT_RATE_LIMIT_WINDOW_SEC),
        injectionPhrases: z.array(phrase).min(1).default([...DEFAULT_PROMPT_INJECTION_PHRASES]),
        injectionPatterns: z
            .array(pattern)
            .max(WAF_REGEX_SET_MAX_EXPRESSIONS, `a regex pattern set holds at most ${WAF_REGEX_SET_MAX_EXPRESSIONS} expressions`)
            .default([...DEFAULT_PROMPT_INJECTION_PATTERNS]),
        maxBodyBytes: z
            .number()
            .int()
            .min(1)
            .max(MAX_INSPECTABLE_BODY_BYTES, `WAF inspects at most ${MAX_INSPECTABLE_BODY_BYTES + 1} bytes of a body; allowed: 1 to ${MAX_INSPECTABLE_BODY_BYTES}`)
            .default(DEFAULT_MAX_BODY_BYTES),
    })
    .strict();

/** The edge settings without `enabled` and `model`: what ModelApiEdge's arguments extend. */
export const modelApiSchema = z
    .object({
        authorization: z.enum([ApiAuthorization.AWS_IAM, ApiAuthorization.API_KEY]).default(ApiAuthorization.AWS_IAM),
        stageName: z.string().regex(/^[A-Za-z0-9_]{1,128}$/, "expected 1-128 letters, digits or underscores").default("v1"),
        throttle: z
            .object({ rateLimit: z.number().positive().max(10000).default(10), burstLimit: z.number().int().min(1).max(5000).default(20) })
            .strict()
            .prefault({}),
        quota: z
            .object({ limit: z.number().int().min(1).default(10000), period: z.enum([QuotaPeriod.DAY, QuotaPeriod.WEEK, QuotaPeriod.MONTH]).default(QuotaPeriod.DAY) })
            .strict()
            .prefault({}),
        waf: wafSchema.prefault({}),
        logRetentionDays: logRetentionDaysSchema.default(DEFAULT_LOG_RETENTION_DAYS),
        manageAccountLoggingRole: z.boolean().default(true),
    })
    .strict();

/**
 * `ai-guardrails:edge`: the public face of a model, an API Gateway REST API with a regional WAF.
 * Off unless enabled; the stacks that expose models to applications (staging, prod) enable it.
 */
export const edgeSchema = modelApiSchema.extend({
    enabled: z.boolean().default(false),
    model: modelIdSchema.optional(),
});

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
