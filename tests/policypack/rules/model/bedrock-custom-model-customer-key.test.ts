import * as assert from "assert";
import { T } from "../../../../policypack/lib/types";
import { bedrockCustomModelCustomerKey as rule } from "../../../../policypack/rules/model/bedrock-custom-model-customer-key";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
// Terraform aws_bedrock_custom_model { custom_model_name, job_name, base_model_identifier, custom_model_kms_key_id, ... } in Pulumi's names.
const model = (props: Record<string, unknown>) =>
    runResourceRule(rule, {
        type: T.customModel,
        name: "support-tuned",
        props: {
            customModelName: "support-tuned",
            jobName: "support-tuned-job",
            baseModelIdentifier: "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1",
            roleArn: "arn:aws:iam::123456789012:role/bedrock-customization",
            hyperparameters: { epochCount: "1" },
            outputDataConfig: { s3Uri: "s3://tuning/output/" },
            trainingDataConfig: { s3Uri: "s3://tuning/train.jsonl" },
            ...props,
        },
    });

describe("bedrock-custom-model-customer-key", () => {
    it("passes a custom model encrypted with a customer-managed key (Prowler PASS)", async () => {
        assert.deepStrictEqual((await model({ customModelKmsKeyId: KEY })).violations, []);
    });

    it("flags one without (Prowler FAIL)", async () => {
        assert.deepStrictEqual(messages(await model({})), ["customModelKmsKeyId is not set: the custom model is encrypted with an AWS owned key that the organization cannot govern or revoke"]);
    });

    it("passes during preview when the key is being created", async () => {
        assert.deepStrictEqual((await model({ customModelKmsKeyId: UNKNOWN })).violations, []);
    });

    it("reports a bare key ID in one line: it cannot be verified as customer-managed", async () => {
        assert.match(messages(await model({ customModelKmsKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" }))[0], /is not a KMS key or alias ARN/);
    });
});
