import * as assert from "assert";
import { T } from "../../../../policypack/lib/types";
import { agentcoreMemoryCustomerKey as rule } from "../../../../policypack/rules/agents/agentcore-memory-customer-key";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { KEY_ARN } from "./fixtures";

// Terraform aws_bedrockagentcore_memory { name, event_expiry_duration, encryption_key_arn } in Pulumi's names.
const memory = (props: Record<string, unknown>, type: string = T.agentcoreMemory) =>
    runResourceRule(rule, { type, name: "support-memory", props: { name: "support_memory", eventExpiryDuration: 30, ...props } });

describe("agentcore-memory-customer-key", () => {
    it("passes a memory encrypted with a customer-managed key, from either provider", async () => {
        assert.deepStrictEqual((await memory({ encryptionKeyArn: KEY_ARN })).violations, []);
        assert.deepStrictEqual((await memory({ encryptionKeyArn: KEY_ARN }, T.nativeAgentcoreMemory)).violations, []);
    });

    it("flags a memory without encryptionKeyArn (AWS Config's bedrock-agentcore-memory-encryption-enabled NON_COMPLIANT case) and an AWS managed key", async () => {
        assert.deepStrictEqual(messages(await memory({})), ["encryptionKeyArn is not set: the memory is encrypted with an AWS owned key that the organization cannot govern or revoke"]);
        assert.match(messages(await memory({ encryptionKeyArn: "arn:aws:kms:us-east-1:123456789012:alias/aws/bedrock-agentcore" }))[0], /is an AWS managed key/);
    });

    it("passes during preview when the key is being created in the stack", async () => {
        const outcome = await memory({ encryptionKeyArn: UNKNOWN });
        assert.deepStrictEqual(outcome.violations, []);
        assert.strictEqual(outcome.previewUnknown, undefined);
    });

    it("reports odd input in one line", async () => {
        assert.deepStrictEqual(messages(await memory({ encryptionKeyArn: 42 })), ["encryptionKeyArn is not set: the memory is encrypted with an AWS owned key that the organization cannot govern or revoke"]);
    });
});
