/**
 * Model access facts: which IAM actions invoke a model, and the condition key that forces a
 * guardrail onto the call. Source: Service Authorization Reference, Amazon Bedrock.
 */

/** Actions that run inference on a model; they also authorize Converse and ConverseStream. */
export const INVOKE_ACTIONS = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"] as const;

/** The condition key (ARN type) whose value is the guardrail applied to an invoke call. */
export const GUARDRAIL_CONDITION_KEY = "bedrock:GuardrailIdentifier";

/**
 * Names that look right and do nothing: IAM accepts the policy and never matches them, so a
 * control written with them is a silent no-op. Reported with the reason.
 */
export const SILENT_NO_OPS: Readonly<Record<string, string>> = {
    "bedrock:guardrailarn": "bedrock:GuardrailArn is not a condition key; a condition on it never matches. Use bedrock:GuardrailIdentifier.",
    "bedrock:converse": "bedrock:Converse is not an IAM action; Converse is authorized by bedrock:InvokeModel.",
    "bedrock:conversestream": "bedrock:ConverseStream is not an IAM action; it is authorized by bedrock:InvokeModelWithResponseStream.",
};

/** Geographic prefixes of cross-Region inference profile IDs (`us.anthropic...`). */
export const INFERENCE_PROFILE_PREFIXES = ["us", "eu", "apac", "us-gov", "jp", "au", "ca", "global"] as const;

/** A foundation-model ID: `provider.model-name[-version][:n]`, e.g. `anthropic.claude-3-5-sonnet-20240620-v1:0`. */
export const FOUNDATION_MODEL_ID = /^[a-z0-9-]+\.[a-z0-9][a-z0-9.-]*(:[a-z0-9.-]+)*$/;

/** A system-defined inference-profile ID: a geographic prefix and a foundation-model ID. */
export const INFERENCE_PROFILE_ID = new RegExp(`^(${INFERENCE_PROFILE_PREFIXES.join("|")})\\.[a-z0-9-]+\\.[a-z0-9][a-z0-9.-]*(:[a-z0-9.-]+)*$`);

export function isInferenceProfileId(id: string): boolean {
    return INFERENCE_PROFILE_ID.test(id);
}

/** ARN of a foundation model in a Region (foundation models have no account in their ARN). */
export function foundationModelArn(partition: string, region: string, modelId: string): string {
    return `arn:${partition}:bedrock:${region}::foundation-model/${modelId}`;
}

/** ARN of a system-defined inference profile in an account. */
export function inferenceProfileArn(partition: string, region: string, accountId: string, profileId: string): string {
    return `arn:${partition}:bedrock:${region}:${accountId}:inference-profile/${profileId}`;
}

/**
 * The ARNs an invoke policy must allow for a model ID: a profile routes to the model in any of
 * its Regions, so a profile needs its own ARN and the underlying model's ARN in every Region.
 */
export function modelResourceArns(partition: string, region: string, accountId: string, modelId: string): string[] {
    if (isInferenceProfileId(modelId)) {
        const underlying = modelId.slice(modelId.indexOf(".") + 1);
        return [inferenceProfileArn(partition, region, accountId, modelId), foundationModelArn(partition, "*", underlying)];
    }
    return [foundationModelArn(partition, region, modelId)];
}

/**
 * AWS partitions, spelled out where a pattern would otherwise start `arn:*:`: a `*` at the end of
 * an ARN segment can expand across colons in IAM, so `arn:*:bedrock:...` would also match ARNs of
 * other services.
 */
export const PARTITIONS = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"] as const;

/**
 * The models the organization approves unless a stack's policy config narrows or widens the list:
 * the default of `approvedModelIds`. Stacks choose their `models.approved` from these.
 */
export const DEFAULT_APPROVED_MODEL_IDS: readonly string[] = [
    "anthropic.claude-3-5-sonnet-20240620-v1:0",
    "anthropic.claude-3-5-sonnet-20241022-v2:0",
    "anthropic.claude-3-5-haiku-20241022-v1:0",
    "anthropic.claude-3-7-sonnet-20250219-v1:0",
    "anthropic.claude-3-haiku-20240307-v1:0",
    "anthropic.claude-sonnet-4-20250514-v1:0",
    "anthropic.claude-sonnet-4-5-20250929-v1:0",
    "anthropic.claude-haiku-4-5-20251001-v1:0",
    "amazon.nova-pro-v1:0",
    "amazon.nova-lite-v1:0",
    "amazon.nova-micro-v1:0",
    "amazon.titan-embed-text-v2:0",
    ...["us", "eu", "apac"].flatMap((geo) => [
        `${geo}.anthropic.claude-3-5-sonnet-20240620-v1:0`,
        `${geo}.anthropic.claude-3-7-sonnet-20250219-v1:0`,
        `${geo}.anthropic.claude-sonnet-4-20250514-v1:0`,
        `${geo}.anthropic.claude-3-haiku-20240307-v1:0`,
        `${geo}.amazon.nova-pro-v1:0`,
        `${geo}.amazon.nova-lite-v1:0`,
        `${geo}.amazon.nova-micro-v1:0`,
    ]),
];

/**
 * ARN patterns an approved model ID stands for, in any partition, Region and account: the model's
 * foundation-model ARN; for an inference-profile ID, the profile's ARN and the underlying model's
 * ARN (a profile routes to the model in each of its Regions, see `modelResourceArns`). Approval is
 * about which model; where it may run is the business of SCPs and endpoints.
 */
export function approvedModelArnPatterns(modelId: string): string[] {
    let patterns = modelArnPatterns.get(modelId);
    if (!patterns) {
        patterns = modelArnPatternsOf(modelId);
        modelArnPatterns.set(modelId, patterns);
    }
    // A copy: callers may extend the list they get.
    return [...patterns];
}

/** Patterns by model ID: the model-access rules derive them from their settings for every resource. */
const modelArnPatterns = new Map<string, readonly string[]>();

function modelArnPatternsOf(modelId: string): string[] {
    return PARTITIONS.flatMap((partition) => {
        if (isInferenceProfileId(modelId)) {
            const underlying = modelId.slice(modelId.indexOf(".") + 1);
            return [inferenceProfileArn(partition, "*", "*", modelId), foundationModelArn(partition, "*", underlying)];
        }
        return [foundationModelArn(partition, "*", modelId)];
    });
}

/**
 * Condition operators that make a Deny match when the call's guardrail is not the approved one,
 * including calls that name no guardrail (a negated operator matches when the key is absent).
 * `IfExists` forms are accepted too.
 */
export const NEGATED_GUARDRAIL_OPERATORS = ["StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike"] as const;
