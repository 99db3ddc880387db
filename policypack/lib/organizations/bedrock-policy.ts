/**
 * The content of an Organizations Bedrock policy (BEDROCK_POLICY) that enforces the baseline
 * guardrail, built from the grammar's values in controls/organization.
 * Sources: AWS Organizations user guide, "Amazon Bedrock policy syntax and examples"
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_bedrock_syntax.html),
 * "Best practices for using Amazon Bedrock policies".
 */
import { ALL_MODELS, BEDROCK_POLICY_CONFIG_NAME, ContentGuardingMode, DEFAULT_BEDROCK_POLICY_CONFIG_NAME, DEFAULT_CONTENT_GUARDING } from "../../controls/organization";
import { MODEL_IDS_WITHOUT_GUARDRAIL } from "../../controls/model-capabilities";
import { guardrailIdentifierProblems } from "../guardrail-arn";

export interface BedrockPolicyGuardrail {
    region: string;
    /** Guardrail ARN without version. */
    guardrailArn: string;
    /** Published numeric version. */
    version: string;
}

export interface BedrockPolicyOptions {
    configName?: string;
    contentGuarding?: { system: ContentGuardingMode; messages: ContentGuardingMode };
    /** Models the guardrail is enforced on; defaults to every model. */
    includedModels?: readonly string[];
    /** Models left out of enforcement; defaults to the models that cannot take a guardrail. */
    excludedModels?: readonly string[];
}

/**
 * The content of a BEDROCK_POLICY that enforces one guardrail version per Region on the chosen
 * models. Throws when a guardrail is not pinned to a numeric version or sits in another Region:
 * AWS would accept the policy and every Bedrock call in the target accounts would then fail.
 */
export function bedrockPolicyContent(guardrails: readonly BedrockPolicyGuardrail[], options: BedrockPolicyOptions = {}): Record<string, unknown> {
    const configName = options.configName ?? DEFAULT_BEDROCK_POLICY_CONFIG_NAME;
    const guarding = options.contentGuarding ?? DEFAULT_CONTENT_GUARDING;
    const problems: string[] = [];
    const regions: Record<string, unknown> = {};
    for (const g of guardrails) {
        const identifier = `${g.guardrailArn}:${g.version}`;
        problems.push(...guardrailIdentifierProblems(identifier, g.region));
        if (regions[g.region] !== undefined) {
            problems.push(`Region ${g.region} is listed twice`);
        }
        regions[g.region] = {
            [configName]: {
                identifier: { "@@assign": identifier },
                selective_content_guarding: { system: { "@@assign": guarding.system }, messages: { "@@assign": guarding.messages } },
                model_enforcement: {
                    included_models: { "@@assign": [...(options.includedModels ?? [ALL_MODELS])] },
                    excluded_models: { "@@assign": [...(options.excludedModels ?? MODEL_IDS_WITHOUT_GUARDRAIL)] },
                },
            },
        };
    }
    if (guardrails.length === 0) {
        problems.push("at least one Region with a guardrail is required");
    }
    if (!BEDROCK_POLICY_CONFIG_NAME.test(configName)) {
        problems.push(`configuration name ${JSON.stringify(configName)} must be 1-64 letters, digits or underscores`);
    }
    if (problems.length > 0) {
        throw new Error(`Invalid Bedrock policy: ${problems.join("; ")}`);
    }
    return { bedrock: { guardrail_inference: regions } };
}
