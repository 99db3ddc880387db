import * as assert from "assert";
import { T } from "../../../../policypack/lib/types";
import { bedrockBatchInferenceCustomerKey as rule } from "../../../../policypack/rules/model/bedrock-batch-inference-customer-key";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
// GetModelInvocationJob as Prowler's bedrock_model_invocation_job_output_encrypted_with_cmk reads it, in Pulumi's names.
const job = (s3OutputDataConfig: unknown) =>
    runResourceRule(rule, {
        type: T.invocationJob,
        name: "nightly-summaries",
        props: {
            jobName: "nightly-summaries",
            modelId: "anthropic.claude-3-haiku-20240307-v1:0",
            roleArn: "arn:aws:iam::123456789012:role/bedrock-batch",
            inputDataConfig: { s3InputDataConfig: { s3Uri: "s3://batch/input/" } },
            outputDataConfig: { s3OutputDataConfig },
        },
    });

describe("bedrock-batch-inference-customer-key", () => {
    it("passes output encrypted with a customer-managed key", async () => {
        assert.deepStrictEqual((await job({ s3Uri: "s3://batch/output/", s3EncryptionKeyId: KEY })).violations, []);
    });

    it("flags output without a key", async () => {
        assert.deepStrictEqual(messages(await job({ s3Uri: "s3://batch/output/" })), [
            "outputDataConfig.s3OutputDataConfig.s3EncryptionKeyId is not set: the batch output is encrypted with an AWS owned key that the organization cannot govern or revoke",
        ]);
    });

    it("passes during preview when the key is being created", async () => {
        const outcome = await job({ s3Uri: "s3://batch/output/", s3EncryptionKeyId: UNKNOWN });
        assert.deepStrictEqual(outcome.violations, []);
        assert.strictEqual(outcome.previewUnknown, undefined);
    });

    it("reports odd input in one line", async () => {
        assert.strictEqual(messages(await job("s3://batch/output/")).length, 1);
    });
});
