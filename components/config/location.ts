/**
 * Primitives every component and the stack settings share: where a component deploys, and the
 * tags it carries. Every ARN a component writes into a policy is computed from the location, so
 * the documents the policy pack judges are known at the first preview.
 */
import { z } from "zod";
import { FOUNDATION_MODEL_ID, INFERENCE_PROFILE_ID } from "../../policypack/controls/model-access";
import { LOG_RETENTION_DAYS, MAX_EXPIRATION_DAYS } from "../../policypack/controls/retention";
import { ROLE_PATH } from "../../policypack/controls/agent-identity";
import { BEDROCK_REGIONS, REGIONS_WITHOUT_BEDROCK } from "../../policypack/controls/regions";

export const accountIdSchema = z.string().regex(/^\d{12}$/, "expected a 12-digit AWS account ID (quote it in YAML)");

const BEDROCK_REGION_LIST: readonly string[] = Object.values(BEDROCK_REGIONS).flat();

/** Why a Region cannot host the baseline: not a Region, or one where Bedrock is not offered. */
export function regionProblem(region: string): string | undefined {
    if (BEDROCK_REGION_LIST.includes(region)) {
        return undefined;
    }
    const partition = Object.keys(REGIONS_WITHOUT_BEDROCK).find((p) => REGIONS_WITHOUT_BEDROCK[p].includes(region));
    if (partition === "aws-cn") {
        return `${region} is in the aws-cn partition (China), where Amazon Bedrock is not offered`;
    }
    if (partition) {
        return `${region} is an AWS Region where Amazon Bedrock is not offered`;
    }
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)) {
        return "expected an AWS Region such as us-east-1";
    }
    return "expected an AWS Region where Amazon Bedrock is offered, such as us-east-1, eu-west-1 or us-gov-west-1 (the list: policypack/controls/regions.ts)";
}

/** A Region where Amazon Bedrock is offered (policypack/controls/regions.ts). */
export const regionSchema = z.string().superRefine((region, ctx) => {
    const problem = regionProblem(region);
    if (problem) {
        ctx.addIssue({ code: "custom", message: problem });
    }
});

/** Not aws-cn: Bedrock is not offered in the China Regions. */
export type Partition = "aws" | "aws-us-gov";

/** The partition a Region belongs to (`us-gov-west-1` is in aws-us-gov). */
export function partitionOf(region: string): Partition {
    return (BEDROCK_REGIONS["aws-us-gov"] as readonly string[]).includes(region) || region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
}

export const locationShape = { accountId: accountIdSchema, region: regionSchema };

/** Tags: key -> value. */
export const tagsSchema = z.record(z.string().min(1).max(128), z.string().max(256));

/** An ARN of the given service in any commercial or GovCloud partition, with a message that shows an example. */
export function arnSchema(service: string, example: string): z.ZodString {
    return z.string().regex(new RegExp(`^arn:aws(-us-gov)?:${service}:[a-z0-9-]*:\\d{12}:.+$`), `expected an ARN such as ${example}`);
}

export const kmsKeyArnSchema = arnSchema("kms", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");

/** A role ARN without wildcards. */
export const roleArnSchema = z
    .string()
    .regex(/^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "expected a role ARN without wildcards, such as arn:aws:iam::123456789012:role/ai-agents/reporting");

/** A managed policy ARN: a customer managed policy of an account, or an AWS managed policy (`iam::aws:`). */
export const managedPolicyArnSchema = z
    .string()
    .regex(/^arn:aws(-us-gov)?:iam::(\d{12}|aws):policy\/[\w+=,.@/-]+$/, "expected a managed policy ARN such as arn:aws:iam::123456789012:policy/ai-agents/agent-boundary");

/** An IAM path (roles, policies): starts and ends with `/`, printable ASCII, at most 512 characters. */
export const iamPathSchema = z.string().max(512).regex(ROLE_PATH, "expected an IAM path that starts and ends with /, such as /ai-agents/");

/** Days a CloudWatch Logs group keeps events: one of the periods CloudWatch accepts. */
export const logRetentionDaysSchema = z
    .number()
    .int()
    .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), { message: `expected one of CloudWatch's retention periods: ${LOG_RETENTION_DAYS.join(", ")}` });

/** Days until an S3 lifecycle rule expires objects. */
export const expirationDaysSchema = z.number().int().min(1).max(MAX_EXPIRATION_DAYS);

/** A Bedrock foundation-model or inference-profile ID. */
export const modelIdSchema = z.string().refine((id) => FOUNDATION_MODEL_ID.test(id) || INFERENCE_PROFILE_ID.test(id), {
    message: "expected a Bedrock foundation-model ID (anthropic.claude-3-5-sonnet-20240620-v1:0) or inference-profile ID (us.anthropic.claude-3-5-sonnet-20240620-v1:0)",
});
