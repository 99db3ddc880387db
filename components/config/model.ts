import { z } from "zod";
import {
    DEFAULT_BLOCKED_INPUT_MESSAGE,
    DEFAULT_BLOCKED_OUTPUT_MESSAGE,
    DEFAULT_DENIED_TOPICS,
    DEFAULT_GROUNDING_THRESHOLD,
    DEFAULT_HARM_FILTER_STRENGTH,
    HARM_FILTER_TYPES,
    MINIMUM_DENIED_TOPICS,
    MINIMUM_GROUNDING_THRESHOLD,
    MINIMUM_HARM_FILTER_STRENGTH,
    PII_ACTIONS,
    PII_ENTITY_TYPES,
    piiActionSatisfies,
    REQUIRED_PII_ENTITIES,
    strengthRank,
} from "../../policypack/controls/guardrail";
import { isInferenceProfileId } from "../../policypack/controls/model-access";
import { canTakeGuardrail, describeModelWithoutGuardrail } from "../../policypack/controls/model-capabilities";
import { LOG_RETENTION_DAYS } from "../../policypack/controls/retention";
import { modelIdSchema } from "./location";
import { HarmFilterStrength } from "../settings/model";

/*
 * The floors below are the policy pack's defaults: a weaker value would deploy a guardrail that the
 * pack rejects, so it fails here, before anything is created.
 */

/** Harm-filter strengths at or above the pack's minimum (MEDIUM, HIGH). */
/** The strengths at or above the pack's minimum: the values of `HarmFilterStrength` (a test keeps the two equal). */
const ACCEPTED_STRENGTHS = Object.values(HarmFilterStrength) as [HarmFilterStrength, ...HarmFilterStrength[]];

const strength = z.enum(ACCEPTED_STRENGTHS, {
    error: (issue) =>
        `${strengthRank(String(issue.input)) >= 0 ? `below the minimum ${MINIMUM_HARM_FILTER_STRENGTH} the policy pack requires; ` : ""}allowed: ${ACCEPTED_STRENGTHS.join(", ")}`,
});

const harmFilter = z
    .object({ input: strength.default(DEFAULT_HARM_FILTER_STRENGTH as HarmFilterStrength), output: strength.default(DEFAULT_HARM_FILTER_STRENGTH as HarmFilterStrength) })
    .strict();

const harmFilters = z
    .object(Object.fromEntries(HARM_FILTER_TYPES.map((t) => [t, harmFilter.default({ input: DEFAULT_HARM_FILTER_STRENGTH as HarmFilterStrength, output: DEFAULT_HARM_FILTER_STRENGTH as HarmFilterStrength })])) as Record<
        (typeof HARM_FILTER_TYPES)[number],
        z.ZodDefault<typeof harmFilter>
    >)
    .strict();

const deniedTopic = z
    .object({
        name: z.string().regex(/^[0-9a-zA-Z-_ !?.]{1,100}$/, "a topic name of 1-100 letters, digits, spaces or -_!?."),
        definition: z.string().min(1).max(200),
        examples: z.array(z.string().min(1).max(100)).max(5).default([]),
    })
    .strict();

/** AWS accepts 0 to 0.99; the pack requires at least its minimum. */
const threshold = z
    .number()
    .min(MINIMUM_GROUNDING_THRESHOLD, `below the minimum ${MINIMUM_GROUNDING_THRESHOLD} the policy pack requires; allowed: ${MINIMUM_GROUNDING_THRESHOLD} to 0.99`)
    .max(0.99, `above AWS's maximum 0.99; allowed: ${MINIMUM_GROUNDING_THRESHOLD} to 0.99`);

/**
 * PII handling: the required entities (EMAIL and PHONE anonymized; SSN, card numbers and AWS keys
 * blocked) are always included; configuration adds entities or strengthens ANONYMIZE to BLOCK, and
 * cannot weaken a required one.
 */
const piiEntities = z
    .partialRecord(z.enum(PII_ENTITY_TYPES), z.enum(PII_ACTIONS))
    .superRefine((entities, ctx) => {
        for (const [type, required] of Object.entries(REQUIRED_PII_ENTITIES)) {
            const action = entities[type as keyof typeof entities];
            if (action !== undefined && !piiActionSatisfies(action, required)) {
                ctx.addIssue({ code: "custom", path: [type], message: `${type} is a required entity; allowed: ${required === "BLOCK" ? "BLOCK" : "ANONYMIZE or BLOCK"}` });
            }
        }
    })
    .transform((entities) => ({ ...REQUIRED_PII_ENTITIES, ...entities }) as Partial<Record<(typeof PII_ENTITY_TYPES)[number], (typeof PII_ACTIONS)[number]>>);

/** `ai-guardrails:guardrail`: the Bedrock guardrail every model call goes through. */
export const guardrailSchema = z
    .object({
        harmFilters: harmFilters.default(harmFilters.parse({})),
        piiEntities: piiEntities.default({ ...REQUIRED_PII_ENTITIES }),
        deniedTopics: z
            .array(deniedTopic)
            .min(MINIMUM_DENIED_TOPICS, `at least ${MINIMUM_DENIED_TOPICS} denied topics are required (the policy pack's minimum)`)
            .default(DEFAULT_DENIED_TOPICS.map((t) => ({ ...t, examples: [...t.examples] }))),
        grounding: z
            .object({ grounding: threshold.default(DEFAULT_GROUNDING_THRESHOLD), relevance: threshold.default(DEFAULT_GROUNDING_THRESHOLD) })
            .strict()
            .default({ grounding: DEFAULT_GROUNDING_THRESHOLD, relevance: DEFAULT_GROUNDING_THRESHOLD }),
        managedProfanityFilter: z.boolean().default(true),
        blockedWords: z.array(z.string().min(1).max(100)).default([]),
        blockedInputMessage: z.string().min(1).max(500).default(DEFAULT_BLOCKED_INPUT_MESSAGE),
        blockedOutputMessage: z.string().min(1).max(500).default(DEFAULT_BLOCKED_OUTPUT_MESSAGE),
        enforceInAccount: z.boolean().default(false),
    })
    .strict();

/** The foundation model an ID reaches: itself, or the model behind an inference profile. */
function underlyingModel(id: string): string {
    return isInferenceProfileId(id) ? id.slice(id.indexOf(".") + 1) : id;
}

/**
 * Denied IDs that contradict an approved one: the same ID, or a denied foundation model that an
 * approved inference profile routes to (the deny on the model would block the profile too).
 */
export function approvedDeniedConflicts(approved: readonly string[], denied: readonly string[]): { denied: string; approved: string }[] {
    return denied.flatMap((d) =>
        approved.filter((a) => a === d || (!isInferenceProfileId(d) && underlyingModel(a) === d)).map((a) => ({ denied: d, approved: a })),
    );
}

/** Why a model is in the wrong list of the models section, or undefined. */
export function modelClassProblem(id: string, list: "approved" | "approvedWithoutGuardrail"): string | undefined {
    if (list === "approved" && !canTakeGuardrail(id)) {
        return (
            `${describeModelWithoutGuardrail(id)} cannot take a guardrail, so a call that must carry one always fails: ` +
            "list it in models.approvedWithoutGuardrail and grant it only to the roles that need it (ModelAccessPolicy withoutGuardrail)"
        );
    }
    if (list === "approvedWithoutGuardrail" && canTakeGuardrail(id)) {
        return `${id} can take a guardrail (Amazon Bedrock Guardrails supports it): approve it in models.approved, where every call carries the guardrail`;
    }
    return undefined;
}

/** `ai-guardrails:models`: which models may be invoked, and which are denied outright. */
export const modelsSchema = z
    .object({
        approved: z.array(modelIdSchema).min(1, "at least one approved model is required"),
        approvedWithoutGuardrail: z.array(modelIdSchema).default([]),
        denied: z.array(modelIdSchema).default([]),
    })
    .strict()
    .superRefine((m, ctx) => {
        for (const list of ["approved", "approvedWithoutGuardrail"] as const) {
            m[list].forEach((id, i) => {
                const message = modelClassProblem(id, list);
                if (message) {
                    ctx.addIssue({ code: "custom", path: [list, i], message });
                }
            });
        }
        for (const conflict of approvedDeniedConflicts([...m.approved, ...m.approvedWithoutGuardrail], m.denied)) {
            ctx.addIssue({
                code: "custom",
                path: ["denied", m.denied.indexOf(conflict.denied)],
                message: conflict.approved === conflict.denied ? "a model cannot be both approved and denied" : `denying this model also blocks the approved inference profile ${conflict.approved}`,
            });
        }
    });

/** CloudWatch's retention periods (defined in the controls), re-exported for existing importers. */
export { LOG_RETENTION_DAYS };

/** `ai-guardrails:invocationLogging`: where model inputs and outputs are recorded. */
export const invocationLoggingSchema = z
    .object({
        logRetentionDays: z
            .number()
            .int()
            .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), { message: `expected one of CloudWatch's retention periods: ${LOG_RETENTION_DAYS.join(", ")}` })
            .default(365),
        s3ExpirationDays: z.number().int().min(1).max(36500).default(400),
        text: z.boolean().default(true),
        image: z.boolean().default(false),
        embedding: z.boolean().default(false),
        video: z.boolean().default(false),
    })
    .strict()
    .refine((l) => l.text, { message: "text delivery must stay on: it is the record of prompts and responses", path: ["text"] });

