import * as assert from "assert";
import { T } from "../../../../policypack/lib/types";
import { bedrockKnowledgeBaseCustomerKey as rule } from "../../../../policypack/rules/agents/bedrock-knowledge-base-customer-key";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { KEY_ARN } from "./fixtures";

// GetDataSource as Prowler's bedrock_knowledge_base_encrypted_with_cmk reads it, in Pulumi's names (aws_bedrockagent_data_source).
const dataSource = (props: Record<string, unknown>, type: string = T.agentDataSource) =>
    runResourceRule(rule, {
        type,
        name: "handbook",
        props: { name: "handbook", knowledgeBaseId: "KB12345678", dataSourceConfiguration: { type: "S3", s3Configuration: { bucketArn: "arn:aws:s3:::handbook" } }, ...props },
    });

// aws_bedrockagent_knowledge_base with a MANAGED (Bedrock-run) vector store, in Pulumi's names.
const knowledgeBase = (configuration: Record<string, unknown>, type: string = T.knowledgeBase) =>
    runResourceRule(rule, {
        type,
        name: "handbook-kb",
        props: { name: "handbook-kb", roleArn: "arn:aws:iam::123456789012:role/kb-role", knowledgeBaseConfiguration: configuration },
    });
const managed = (serverSideEncryptionConfiguration?: unknown) => ({
    type: "MANAGED",
    managedKnowledgeBaseConfiguration: { embeddingModelType: "MANAGED", ...(serverSideEncryptionConfiguration === undefined ? {} : { serverSideEncryptionConfiguration }) },
});

describe("bedrock-knowledge-base-customer-key", () => {
    it("passes a data source whose ingestion is encrypted with a customer-managed key (Prowler PASS, AWS Config COMPLIANT)", async () => {
        assert.deepStrictEqual((await dataSource({ serverSideEncryptionConfiguration: { kmsKeyArn: KEY_ARN } })).violations, []);
        assert.deepStrictEqual((await dataSource({ serverSideEncryptionConfiguration: { kmsKeyArn: KEY_ARN } }, T.nativeDataSource)).violations, []);
    });

    it("flags a data source without a key (Prowler FAIL) and one with an empty encryption block", async () => {
        const expected = ["serverSideEncryptionConfiguration.kmsKeyArn is not set: the data source's ingestion storage is encrypted with an AWS owned key that the organization cannot govern or revoke"];
        assert.deepStrictEqual(messages(await dataSource({})), expected);
        assert.deepStrictEqual(messages(await dataSource({ serverSideEncryptionConfiguration: {} })), expected);
    });

    it("passes during preview when the key, or the whole block, comes from the stack", async () => {
        for (const block of [{ kmsKeyArn: UNKNOWN }, UNKNOWN]) {
            const outcome = await dataSource({ serverSideEncryptionConfiguration: block });
            assert.deepStrictEqual(outcome.violations, []);
            assert.strictEqual(outcome.previewUnknown, undefined);
        }
    });

    describe("the knowledge base's own key (MANAGED knowledge bases)", () => {
        it("passes a managed knowledge base under a customer-managed key, in either provider", async () => {
            assert.deepStrictEqual((await knowledgeBase(managed({ kmsKeyArn: KEY_ARN }))).violations, []);
            assert.deepStrictEqual((await knowledgeBase(managed({ kmsKeyArn: KEY_ARN }), T.nativeKnowledgeBase)).violations, []);
        });

        it("flags a managed knowledge base without a key, or under the AWS managed key", async () => {
            assert.deepStrictEqual(messages(await knowledgeBase(managed())), [
                "knowledgeBaseConfiguration.managedKnowledgeBaseConfiguration.serverSideEncryptionConfiguration.kmsKeyArn is not set: the managed knowledge base's vector store is encrypted with an AWS owned key that the organization cannot govern or revoke",
            ]);
            assert.match(messages(await knowledgeBase(managed({ kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:alias/aws/bedrock" }), T.nativeKnowledgeBase))[0], /is an AWS managed key/);
        });

        it("does not ask a VECTOR, KENDRA or SQL knowledge base for it: their data rests in a store of the account", async () => {
            const vector = {
                type: "VECTOR",
                vectorKnowledgeBaseConfiguration: { embeddingModelArn: "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0" },
            };
            assert.deepStrictEqual((await knowledgeBase(vector)).violations, []);
            assert.deepStrictEqual((await knowledgeBase({ type: "KENDRA", kendraKnowledgeBaseConfiguration: { kendraIndexArn: "arn:aws:kendra:us-east-1:123456789012:index/abc" } })).violations, []);
        });

        it("passes during preview when the key, or the knowledge base's type, comes from the stack", async () => {
            for (const configuration of [managed({ kmsKeyArn: UNKNOWN }), managed(UNKNOWN), { ...managed(), type: UNKNOWN }]) {
                const outcome = await knowledgeBase(configuration);
                assert.deepStrictEqual(outcome.violations, []);
                assert.strictEqual(outcome.previewUnknown, undefined);
            }
        });
    });

    it("reports odd input in one line", async () => {
        assert.strictEqual(messages(await knowledgeBase(managed("x"))).length, 1);
        assert.strictEqual(messages(await dataSource({ serverSideEncryptionConfiguration: ["x"] })).length, 1);
    });
});
