import * as assert from "assert";
import { hasWildcard, patternCovers, patternsIntersect } from "../../../policypack/lib/iam/patterns";
import { MODEL_ARN } from "../../helpers/fixtures";

const MODELS = "arn:aws:bedrock:*::foundation-model/*";

describe("resource pattern reasoning", () => {
    describe("patternsIntersect", () => {
        it("finds an ARN both patterns match", () => {
            assert.ok(patternsIntersect("*", MODELS));
            assert.ok(patternsIntersect(MODEL_ARN, MODELS));
            assert.ok(patternsIntersect("arn:aws:bedrock:us-east-1::foundation-model/anthropic.*", MODELS));
            assert.ok(patternsIntersect("arn:aws:bedrock:*", MODELS), "a star ending a segment expands across colons");
            assert.ok(patternsIntersect("arn:aws:bedrock:us-?ast-1::*", MODELS));
            assert.ok(patternsIntersect("arn:aws:bedrock:*::foundation-model/${aws:PrincipalTag/model}", MODELS), "a policy variable can be anything");
        });

        it("keeps a star inside its segment unless it ends the segment", () => {
            assert.ok(!patternsIntersect("arn:aws:s3:::logs-bucket/*", MODELS), "an S3 object ARN never reaches a model");
            const guardrails = "arn:aws:bedrock:us-east-1:123456789012:guardrail/*";
            assert.ok(patternsIntersect(guardrails, MODELS), "as IAM reads it, the region star of MODELS may run across colons");
            assert.ok(!patternsIntersect(guardrails, MODELS, true), "read strictly (ARNs of that shape), guardrails are not models");
            assert.ok(patternsIntersect("arn:aws:bedrock:*", MODELS, true));
            assert.ok(!patternsIntersect("arn:aws:bedrock:a*b::foundation-model/m", "arn:aws:bedrock:a:b::foundation-model/m"), "a mid-segment star cannot take a colon");
            assert.ok(patternsIntersect("arn:aws:bedrock:a*::foundation-model/m", "arn:aws:bedrock:a:b::foundation-model/m"), "a star ending the segment can");
            assert.ok(!patternsIntersect("arn:aws-cn:bedrock:*::foundation-model/*", MODELS), "partitions differ");
        });

        it("is symmetric", () => {
            const pairs: Array<[string, string]> = [
                ["*", MODEL_ARN],
                ["arn:aws:s3:::b/*", MODELS],
                ["arn:aws:bedrock:*", "arn:aws:bedrock:us-east-1:1:inference-profile/*"],
            ];
            for (const [a, b] of pairs) {
                assert.strictEqual(patternsIntersect(a, b), patternsIntersect(b, a), `${a} / ${b}`);
            }
        });
    });

    describe("patternCovers", () => {
        it("accepts a specific ARN or a narrower pattern inside a broader one", () => {
            assert.ok(patternCovers(MODELS, MODEL_ARN));
            assert.ok(patternCovers(MODEL_ARN, MODEL_ARN));
            assert.ok(patternCovers("arn:aws:bedrock:*::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0", MODEL_ARN.replace("us-east-1", "*")));
            assert.ok(patternCovers("*", "arn:aws:bedrock:*"));
            assert.ok(patternCovers("arn:aws:bedrock:*:*:application-inference-profile/team-*", "arn:aws:bedrock:us-east-1:1:application-inference-profile/team-a*"));
        });

        it("rejects anything broader than the approved pattern", () => {
            assert.ok(!patternCovers(MODEL_ARN, "*"));
            assert.ok(!patternCovers(MODEL_ARN, MODELS));
            assert.ok(!patternCovers("arn:aws:bedrock:*::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0", "arn:aws:bedrock:*::foundation-model/anthropic.*"));
            assert.ok(!patternCovers("arn:aws:bedrock:*::foundation-model/x", "arn:aws:bedrock:*::foundation-model/x*"), "a trailing star is broader");
            assert.ok(!patternCovers("arn:aws:bedrock:us-*::foundation-model/x", "arn:aws:bedrock:*::foundation-model/x"));
            assert.ok(!patternCovers(MODELS, "arn:aws:bedrock:*"), "a star ending a segment reaches beyond the resource types");
            assert.ok(!patternCovers("arn:aws:bedrock:*::foundation-model/a?", "arn:aws:bedrock:*::foundation-model/a*"));
            assert.ok(patternCovers(MODELS, "arn:aws:bedrock:*::foundation-model/${aws:username}"), "a variable inside the resource part is covered by a star there");
            assert.ok(!patternCovers("arn:aws:bedrock:*::foundation-model/x", "arn:aws:bedrock:*::foundation-model/${aws:username}"));
        });

        it("is case-sensitive, as resource matching in IAM is", () => {
            assert.ok(!patternCovers(MODEL_ARN, MODEL_ARN.toUpperCase()));
        });
    });

    it("recognises wildcards, including policy variables", () => {
        assert.ok(hasWildcard("arn:aws:s3:::b/*"));
        assert.ok(hasWildcard("arn:aws:s3:::b/?"));
        assert.ok(hasWildcard("arn:aws:s3:::b/${aws:username}"));
        assert.ok(!hasWildcard(MODEL_ARN));
    });
});
