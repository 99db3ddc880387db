import { nestedCustomerKeyProblem } from "../../lib/kms";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

export const bedrockKnowledgeBaseCustomerKey = resourceRule({
    name: "bedrock-knowledge-base-customer-key",
    id: "AIG-AT-14",
    layer: "agents",
    severity: "medium",
    displayName: "Knowledge-base data sources encrypted with a customer key",
    frameworks: { owaspLlm: ["LLM02", "LLM08"], awsAisf: ["AISF-INFRA-05", "AISF-INFRA-07"] },
    description: "Every Bedrock knowledge-base data source encrypts the documents it ingests with a customer-managed KMS key (serverSideEncryptionConfiguration.kmsKeyArn).",
    explanation:
        "While a knowledge base ingests a data source, Bedrock keeps the documents and their chunks in transient storage. The key is set on " +
        "the data source, not the knowledge base: without it that copy of the organization's documents rests under an AWS owned key the " +
        "organization cannot audit or revoke.",
    seedControl: "Knowledge bases: ingestion encrypted with a customer-managed key",
    peers: ["Prowler:bedrock_knowledge_base_encrypted_with_cmk", "AWSConfig:bedrock-data-source-encryption-enabled"],
    remediation: "Set serverSideEncryptionConfiguration {kmsKeyArn: <customer-managed key ARN>} on every aws.bedrock.AgentDataSource of the knowledge base.",
    resourceTypes: [T.agentDataSource, T.nativeDataSource],
    validate: ({ props }, { report }) => {
        const problem = nestedCustomerKeyProblem(props, ["serverSideEncryptionConfiguration", "kmsKeyArn"], "data source's ingestion storage");
        if (problem) {
            report(problem);
        }
    },
});
