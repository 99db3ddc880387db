import { nestedCustomerKeyProblem } from "../../lib/kms";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

export const bedrockBatchInferenceCustomerKey = resourceRule({
    name: "bedrock-batch-inference-customer-key",
    id: "AIG-MI-9",
    layer: "model",
    severity: "medium",
    displayName: "Batch inference output encrypted with a customer key",
    frameworks: { owaspLlm: ["LLM02"], awsAisf: ["AISF-INFRA-05", "AISF-DATA-04"] },
    description: "Every Bedrock batch inference job writes its output to S3 encrypted with a customer-managed KMS key (outputDataConfig.s3OutputDataConfig.s3EncryptionKeyId).",
    explanation:
        "A batch job writes every prompt's completion to S3 in bulk, often for records no user reviewed. Without a customer-managed key " +
        "the output is protected only by the bucket's policy and its default encryption, whoever configures them later.",
    seedControl: "Batch inference: output encrypted with a customer-managed key",
    peers: ["Prowler:bedrock_model_invocation_job_output_encrypted_with_cmk"],
    remediation: "Set outputDataConfig.s3OutputDataConfig.s3EncryptionKeyId on the aws.bedrockmodel.InvocationJob to a customer-managed key ARN.",
    resourceTypes: [T.invocationJob],
    validate: ({ props }, { report }) => {
        const problem = nestedCustomerKeyProblem(props, ["outputDataConfig", "s3OutputDataConfig", "s3EncryptionKeyId"], "batch output");
        if (problem) {
            report(problem);
        }
    },
});
