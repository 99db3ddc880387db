import { validateCustomerKey } from "../../lib/kms";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

export const bedrockCustomModelCustomerKey = resourceRule({
    name: "bedrock-custom-model-customer-key",
    id: "AIG-MI-8",
    layer: "model",
    severity: "medium",
    displayName: "Custom models encrypted with a customer key",
    frameworks: { owaspLlm: ["LLM02", "LLM04"], awsAisf: ["AISF-INFRA-05", "AISF-INFRA-07"] },
    description: "Every Bedrock custom model (fine-tuned or continued pre-training) is encrypted with a customer-managed KMS key (customModelKmsKeyId).",
    explanation:
        "A customized model carries what it learned from the organization's training data, which can be extracted from it. Under an AWS " +
        "owned key nobody can restrict or revoke who uses the weights. Imported models (CreateModelImportJob) need the same key, but " +
        "neither @pulumi/aws nor @pulumi/aws-native has a resource for them, so a stack cannot declare one.",
    seedControl: "Custom and imported models: encrypted with a customer-managed key",
    peers: ["Prowler:bedrock_custom_model_encrypted_with_cmk", "Prowler:bedrock_imported_model_encrypted_with_cmk"],
    remediation: "Set customModelKmsKeyId on the aws.bedrock.CustomModel to the ARN of a customer-managed key (and importedModelKmsKeyId on model import jobs).",
    resourceTypes: [T.customModel],
    validate: validateCustomerKey("customModelKmsKeyId", "custom model"),
});
