import { validateCustomerKey } from "../../lib/kms";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

export const bedrockFlowCustomerKey = resourceRule({
    name: "bedrock-flow-customer-key",
    id: "AIG-AT-16",
    layer: "agents",
    severity: "medium",
    displayName: "Bedrock flow encrypted with a customer key",
    frameworks: { owaspLlm: ["LLM02"], awsAisf: ["AISF-INFRA-07"] },
    description: "Every Bedrock flow is encrypted with a customer-managed KMS key (customerEncryptionKeyArn).",
    explanation:
        "A flow's definition holds its prompts, the models and knowledge bases it calls and the code it runs. Bedrock encrypts it with an " +
        "AWS managed key unless a customer-managed key is given, and the policy of an AWS managed key cannot be changed: who may read the " +
        "flow cannot be restricted by key policy or revoked by disabling the key (\"Encryption of Amazon Bedrock Flows resources\").",
    seedControl: "Flows: encrypted with a customer-managed key",
    peers: [],
    remediation: "Set customerEncryptionKeyArn on the flow to a customer-managed key whose policy lets Bedrock use it for the flow's execution role.",
    resourceTypes: [T.agentFlow, T.nativeFlow],
    validate: validateCustomerKey("customerEncryptionKeyArn", "flow"),
});
