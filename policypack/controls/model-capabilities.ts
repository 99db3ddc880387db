/**
 * What a model can do with a guardrail. A guardrail applies to text-generation calls; Bedrock does
 * not run guardrails for embedding, reranking or speech models, so a policy that denies every call
 * without the guardrail makes those models unusable. The components and the rules share these
 * classes: the guardrail requirement applies to the models that can take one; the others are
 * approved separately, granted only to the roles that need them and left out of the organization's
 * enforcement.
 *
 * Source: Amazon Bedrock user guide, "Supported Regions and models for Amazon Bedrock Guardrails"
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-supported.html): "Most models in
 * the Amazon Bedrock catalog support guardrails. The following models don't." The table below is
 * that list (provider, model, model ID, model type), read 2026-12; the page continues with video
 * and image generation models not listed here. A model the table does not name is treated as one
 * that can take a guardrail, as the page says most can. The Organizations "Amazon Bedrock policy
 * syntax and examples" page excludes `amazon.titan-embed-text-v2:0` and `cohere.embed-english-v3`
 * from enforcement in its own example.
 */

/** Why a model cannot take a guardrail: its type, as the Bedrock table names it. */
export const MODEL_TYPES_WITHOUT_GUARDRAIL = ["Text embeddings", "Multimodal embeddings", "Reranking", "Speech"] as const;
export type ModelTypeWithoutGuardrail = (typeof MODEL_TYPES_WITHOUT_GUARDRAIL)[number];

export interface ModelWithoutGuardrail {
    name: string;
    type: ModelTypeWithoutGuardrail;
}

/** Models Amazon Bedrock Guardrails does not support, by model ID. */
export const MODELS_WITHOUT_GUARDRAIL: Readonly<Record<string, ModelWithoutGuardrail>> = {
    "amazon.titan-embed-text-v1": { name: "Amazon Titan Embeddings G1 - Text", type: "Text embeddings" },
    "amazon.titan-embed-text-v2:0": { name: "Amazon Titan Text Embeddings V2", type: "Text embeddings" },
    "amazon.titan-embed-image-v1": { name: "Amazon Titan Multimodal Embeddings G1", type: "Multimodal embeddings" },
    "amazon.nova-2-multimodal-embeddings-v1:0": { name: "Amazon Nova Multimodal Embeddings", type: "Multimodal embeddings" },
    "amazon.rerank-v1:0": { name: "Amazon Rerank 1.0", type: "Reranking" },
    "amazon.nova-2-sonic-v1:0": { name: "Amazon Nova 2 Sonic", type: "Speech" },
    "amazon.nova-2-5-sonic": { name: "Amazon Nova 2.5 Sonic", type: "Speech" },
    "cohere.embed-english-v3": { name: "Cohere Embed English", type: "Text embeddings" },
    "cohere.embed-multilingual-v3": { name: "Cohere Embed Multilingual", type: "Text embeddings" },
    "cohere.embed-v4:0": { name: "Cohere Embed v4", type: "Multimodal embeddings" },
    "cohere.rerank-v3-5:0": { name: "Cohere Rerank 3.5", type: "Reranking" },
};

/** Every model ID of the table, in table order. */
export const MODEL_IDS_WITHOUT_GUARDRAIL: readonly string[] = Object.keys(MODELS_WITHOUT_GUARDRAIL);

/** Geographic prefixes a cross-Region inference profile puts before a model ID (`us.`, `eu.`, `global.`). */
const PROFILE_PREFIX = /^(us|eu|apac|us-gov|jp|au|ca|global)\./;

/**
 * The table entry of a model that cannot take a guardrail, or undefined for one that can. An
 * inference-profile ID is judged by its model; a model ID with a further qualifier
 * (`cohere.embed-english-v3:0`, `amazon.titan-embed-text-v2:0:8k`) by the ID the table names.
 */
export function modelWithoutGuardrail(modelId: string): ModelWithoutGuardrail | undefined {
    const id = modelId.replace(PROFILE_PREFIX, "");
    for (const [listed, model] of Object.entries(MODELS_WITHOUT_GUARDRAIL)) {
        if (id === listed || id.startsWith(`${listed}:`)) {
            return model;
        }
    }
    return undefined;
}

/** Whether Bedrock can apply a guardrail to calls of this model. */
export function canTakeGuardrail(modelId: string): boolean {
    return modelWithoutGuardrail(modelId) === undefined;
}

/** `amazon.titan-embed-text-v2:0 (Amazon Titan Text Embeddings V2, Text embeddings)`, for messages. */
export function describeModelWithoutGuardrail(modelId: string): string {
    const m = modelWithoutGuardrail(modelId);
    return m ? `${modelId} (${m.name}, ${m.type.toLowerCase()})` : modelId;
}
