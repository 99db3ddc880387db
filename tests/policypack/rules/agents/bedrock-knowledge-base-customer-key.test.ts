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

    it("reports odd input in one line", async () => {
        assert.strictEqual(messages(await dataSource({ serverSideEncryptionConfiguration: ["x"] })).length, 1);
    });
});
