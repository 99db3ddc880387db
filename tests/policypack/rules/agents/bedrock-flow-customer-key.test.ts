import * as assert from "assert";
import { T } from "../../../../policypack/lib/types";
import { bedrockFlowCustomerKey as rule } from "../../../../policypack/rules/agents/bedrock-flow-customer-key";
import { bedrockPromptCustomerKey } from "../../../../policypack/rules/agents/bedrock-prompt-customer-key";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { KEY_ARN } from "./fixtures";

const flow = (props: Record<string, unknown>, type: string = T.agentFlow) =>
    runResourceRule(rule, { type, name: "triage", props: { name: "triage", executionRoleArn: "arn:aws:iam::123456789012:role/flows/triage", ...props } });
// GetPrompt as Prowler's bedrock_prompt_encrypted_with_cmk reads it (aws_bedrockagent_prompt in Pulumi's names).
const prompt = (props: Record<string, unknown>, type: string = T.agentPrompt) =>
    runResourceRule(bedrockPromptCustomerKey, { type, name: "support-system-prompt", props: { name: "support_system_prompt", defaultVariant: "v1", ...props } });

describe("bedrock-flow-customer-key (and bedrock-prompt-customer-key, the same key on a managed prompt)", () => {
    it("pass flows and prompts encrypted with a customer-managed key, from either provider", async () => {
        assert.deepStrictEqual((await flow({ customerEncryptionKeyArn: KEY_ARN })).violations, []);
        assert.deepStrictEqual((await flow({ customerEncryptionKeyArn: KEY_ARN }, T.nativeFlow)).violations, []);
        assert.deepStrictEqual((await prompt({ customerEncryptionKeyArn: KEY_ARN })).violations, []);
        assert.deepStrictEqual((await prompt({ customerEncryptionKeyArn: KEY_ARN }, T.nativePrompt)).violations, []);
    });

    it("flag the AWS managed default and an alias of it", async () => {
        assert.deepStrictEqual(messages(await flow({})), ["customerEncryptionKeyArn is not set: the flow is encrypted with an AWS owned key that the organization cannot govern or revoke"]);
        assert.match(messages(await prompt({ customerEncryptionKeyArn: "arn:aws:kms:us-east-1:123456789012:alias/aws/bedrock" }))[0], /is an AWS managed key/);
    });

    it("pass during preview when the key is being created", async () => {
        assert.deepStrictEqual((await flow({ customerEncryptionKeyArn: UNKNOWN })).violations, []);
        assert.deepStrictEqual((await prompt({ customerEncryptionKeyArn: UNKNOWN })).violations, []);
    });

    it("report odd input in one line", async () => {
        assert.match(messages(await prompt({ customerEncryptionKeyArn: "1234abcd-12ab-34cd-56ef-1234567890ab" }))[0], /is not a KMS key or alias ARN/);
    });
});
