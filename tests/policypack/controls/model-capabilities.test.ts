import * as assert from "assert";
import { DEFAULT_APPROVED_MODEL_IDS, FOUNDATION_MODEL_ID, INFERENCE_PROFILE_PREFIXES } from "../../../policypack/controls/model-access";
import { canTakeGuardrail, MODEL_IDS_WITHOUT_GUARDRAIL, modelWithoutGuardrail } from "../../../policypack/controls/model-capabilities";
import { reachesOnlyModelsWithoutGuardrail } from "../../../policypack/lib/model-classes";

describe("model capabilities (Bedrock Guardrails' list of models it does not support)", () => {
    it("lists real Bedrock model IDs", () => {
        assert.ok(MODEL_IDS_WITHOUT_GUARDRAIL.length >= 10);
        for (const id of MODEL_IDS_WITHOUT_GUARDRAIL) {
            assert.match(id, FOUNDATION_MODEL_ID, id);
        }
    });

    it("classes embedding, rerank and speech models apart from text models, through inference profiles and qualifiers too", () => {
        assert.strictEqual(modelWithoutGuardrail("amazon.titan-embed-text-v2:0")?.type, "Text embeddings");
        assert.strictEqual(modelWithoutGuardrail("cohere.rerank-v3-5:0")?.type, "Reranking");
        assert.strictEqual(modelWithoutGuardrail("amazon.nova-2-sonic-v1:0")?.type, "Speech");
        assert.strictEqual(modelWithoutGuardrail("cohere.embed-english-v3:0")?.type, "Text embeddings");
        for (const prefix of INFERENCE_PROFILE_PREFIXES) {
            assert.ok(!canTakeGuardrail(`${prefix}.cohere.embed-v4:0`), prefix);
        }
        for (const id of ["anthropic.claude-3-5-sonnet-20240620-v1:0", "amazon.nova-pro-v1:0", "us.amazon.nova-lite-v1:0", "amazon.titan-text-express-v1"]) {
            assert.ok(canTakeGuardrail(id), id);
        }
    });

    it("keeps the default approved list usable: its embedding model is the only one that cannot take a guardrail", () => {
        assert.deepStrictEqual(
            DEFAULT_APPROVED_MODEL_IDS.filter((id) => !canTakeGuardrail(id)),
            ["amazon.titan-embed-text-v2:0"],
        );
    });

    it("reads ARN patterns by the models they reach", () => {
        assert.ok(reachesOnlyModelsWithoutGuardrail("arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0"));
        assert.ok(reachesOnlyModelsWithoutGuardrail("arn:aws-us-gov:bedrock:*::foundation-model/cohere.embed-english-v3"));
        assert.ok(!reachesOnlyModelsWithoutGuardrail("arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-*"));
        assert.ok(!reachesOnlyModelsWithoutGuardrail("*"));
    });
});
