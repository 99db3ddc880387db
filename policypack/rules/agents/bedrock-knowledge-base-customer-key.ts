import { knownAt } from "../../lib/agentcore";
import { nestedCustomerKeyProblem } from "../../lib/kms";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

const DATA_SOURCES: readonly string[] = [T.agentDataSource, T.nativeDataSource];

/** The managed knowledge base's own key: `knowledgeBaseConfiguration.managedKnowledgeBaseConfiguration.serverSideEncryptionConfiguration.kmsKeyArn`. */
const MANAGED_KEY = ["knowledgeBaseConfiguration", "managedKnowledgeBaseConfiguration", "serverSideEncryptionConfiguration", "kmsKeyArn"] as const;

export const bedrockKnowledgeBaseCustomerKey = resourceRule({
    name: "bedrock-knowledge-base-customer-key",
    id: "AIG-AT-14",
    layer: "agents",
    severity: "medium",
    displayName: "Knowledge bases and data sources under a customer key",
    frameworks: { owaspLlm: ["LLM02", "LLM08"], awsAisf: ["AISF-INFRA-05", "AISF-INFRA-07"] },
    description:
        "Every Bedrock knowledge-base data source encrypts the documents it ingests with a customer-managed KMS key " +
        "(serverSideEncryptionConfiguration.kmsKeyArn), and every MANAGED knowledge base (Bedrock's own vector store) encrypts its " +
        "documents and vectors with one (managedKnowledgeBaseConfiguration.serverSideEncryptionConfiguration.kmsKeyArn).",
    explanation:
        "While a knowledge base ingests a data source, Bedrock keeps the documents and their chunks in transient storage, under the key set " +
        "on the data source. A MANAGED knowledge base also keeps the documents and their vectors in a store Bedrock runs, under the key set " +
        "on the knowledge base. Without these keys those copies of the organization's documents rest under an AWS owned key the organization " +
        "cannot audit or revoke. VECTOR, KENDRA and SQL knowledge bases keep their data in a store of the account, encrypted by that store's own settings.",
    seedControl: "Knowledge bases: ingestion and managed vector stores encrypted with a customer-managed key",
    peers: ["Prowler:bedrock_knowledge_base_encrypted_with_cmk", "AWSConfig:bedrock-data-source-encryption-enabled", "SecurityHub:Bedrock.1"],
    remediation:
        "Set serverSideEncryptionConfiguration {kmsKeyArn: <customer-managed key ARN>} on every aws.bedrock.AgentDataSource of the knowledge base, " +
        "and, on a MANAGED knowledge base, knowledgeBaseConfiguration.managedKnowledgeBaseConfiguration.serverSideEncryptionConfiguration.kmsKeyArn.",
    resourceTypes: [...DATA_SOURCES, T.knowledgeBase, T.nativeKnowledgeBase],
    validate: ({ type, props }, { report }) => {
        if (DATA_SOURCES.includes(type)) {
            const problem = nestedCustomerKeyProblem(props, ["serverSideEncryptionConfiguration", "kmsKeyArn"], "data source's ingestion storage");
            if (problem) {
                report(problem);
            }
            return;
        }
        // Only a MANAGED knowledge base stores data in Bedrock; a type unknown at preview is decided at up.
        const kind = knownAt(props, ["knowledgeBaseConfiguration", "type"]);
        if (!kind.known || kind.value !== "MANAGED") {
            return;
        }
        const problem = nestedCustomerKeyProblem(props, MANAGED_KEY, "managed knowledge base's vector store");
        if (problem) {
            report(problem);
        }
    },
});
