import * as assert from "assert";
import { T } from "../../../../policypack/lib/types";
import { bedrockPromptCustomerKey as rule } from "../../../../policypack/rules/agents/bedrock-prompt-customer-key";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { KEY_ARN } from "./fixtures";

// GetPrompt as Prowler's bedrock_prompt_encrypted_with_cmk reads it, in Pulumi's names.
const prompt = (props: Record<string, unknown>) =>
    runResourceRule(rule, { type: T.agentPrompt, name: "support-system-prompt", props: { name: "support_system_prompt", variants: [{ name: "v1", templateType: "TEXT" }], ...props } });

describe("bedrock-prompt-customer-key", () => {
    it("passes a prompt with a customer-managed key (Prowler PASS)", async () => {
        assert.deepStrictEqual((await prompt({ customerEncryptionKeyArn: KEY_ARN })).violations, []);
    });

    it("flags a prompt without one (Prowler FAIL)", async () => {
        assert.deepStrictEqual(messages(await prompt({})), ["customerEncryptionKeyArn is not set: the prompt is encrypted with an AWS owned key that the organization cannot govern or revoke"]);
    });

    it("passes during preview when the key is being created", async () => {
        assert.strictEqual((await prompt({ customerEncryptionKeyArn: UNKNOWN })).previewUnknown, undefined);
    });

    it("is not applicable to other resources", async () => {
        assert.match((await runResourceRule(rule, { type: T.agentFlow, name: "f", props: {} })).notApplicable ?? "", /applies to/);
    });
});
