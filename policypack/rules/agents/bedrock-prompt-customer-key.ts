import { validateCustomerKey } from "../../lib/kms";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

export const bedrockPromptCustomerKey = resourceRule({
    name: "bedrock-prompt-customer-key",
    id: "AIG-AT-17",
    layer: "agents",
    severity: "medium",
    displayName: "Bedrock managed prompt encrypted with a customer key",
    frameworks: { owaspLlm: ["LLM02", "LLM07"], awsAisf: ["AISF-INFRA-07"] },
    description: "Every Bedrock Prompt Management prompt is encrypted with a customer-managed KMS key (customerEncryptionKeyArn).",
    explanation:
        "A managed prompt is a system prompt kept as a resource: instructions, templates and examples an attacker would like to read or " +
        "rewrite. With a customer-managed key its readers are named in a key policy, every decryption is logged, and access can be revoked.",
    seedControl: "Prompt management: prompts encrypted with a customer-managed key",
    peers: ["Prowler:bedrock_prompt_encrypted_with_cmk"],
    remediation: "Set customerEncryptionKeyArn on the prompt to the ARN of a customer-managed key.",
    resourceTypes: [T.agentPrompt, T.nativePrompt],
    validate: validateCustomerKey("customerEncryptionKeyArn", "prompt"),
});
