/**
 * Model classes in IAM terms: which resource patterns reach only models that cannot take a
 * guardrail (controls/model-capabilities). The guardrail requirement does not apply to those: a
 * Deny without the guardrail would only make them unusable.
 */
import { MODEL_IDS_WITHOUT_GUARDRAIL } from "../controls/model-capabilities";
import { approvedModelArnPatterns } from "../controls/model-access";
import { patternCovers } from "./iam/patterns";

let patterns: readonly string[] | undefined;

/**
 * ARN patterns of the models that cannot take a guardrail in every partition, Region and account:
 * each model's foundation-model ARN, with or without a further qualifier (`...:0:8k`).
 */
export function arnPatternsWithoutGuardrail(): readonly string[] {
    patterns ??= MODEL_IDS_WITHOUT_GUARDRAIL.flatMap((id) => approvedModelArnPatterns(id).flatMap((p) => [p, `${p}:*`]));
    return patterns;
}

/** Whether every model a Resource pattern reaches is one that cannot take a guardrail. */
export function reachesOnlyModelsWithoutGuardrail(resource: string): boolean {
    return arnPatternsWithoutGuardrail().some((p) => patternCovers(p, resource));
}
