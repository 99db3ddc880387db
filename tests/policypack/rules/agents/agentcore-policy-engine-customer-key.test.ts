import * as assert from "assert";
import { T } from "../../../../policypack/lib/types";
import { agentcorePolicyEngineCustomerKey as rule } from "../../../../policypack/rules/agents/agentcore-policy-engine-customer-key";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { engine, KEY_ARN } from "./fixtures";

// The provider's own example (aws.bedrock.AgentcorePolicyEngine: name, description, encryptionKeyArn),
// and the Cloud Control twin with the same property.
const awsEngine = (props: Record<string, unknown>) =>
    runResourceRule(rule, { type: T.agentcorePolicyEngine, name: "example", props: { name: "example_policy_engine", description: "Policy engine for customer service agent", ...props } });
const nativeEngine = (props: Record<string, unknown>) => runResourceRule(rule, { type: T.nativeAgentcorePolicyEngine, name: "example", props: { name: "example_policy_engine", ...props } });

describe("agentcore-policy-engine-customer-key", () => {
    it("passes a policy engine with a customer-managed key, as ToolGateway and the provider's example set it", async () => {
        assert.deepStrictEqual((await runResourceRule(rule, engine())).violations, []);
        assert.deepStrictEqual((await awsEngine({ encryptionKeyArn: KEY_ARN })).violations, []);
        assert.deepStrictEqual((await nativeEngine({ encryptionKeyArn: KEY_ARN })).violations, []);
    });

    it("flags a policy engine without a key (AgentCore's AWS owned key), in both providers", async () => {
        const expected = ["encryptionKeyArn is not set: the policy engine is encrypted with an AWS owned key that the organization cannot govern or revoke"];
        assert.deepStrictEqual(messages(await awsEngine({})), expected);
        assert.deepStrictEqual(messages(await nativeEngine({ encryptionKeyArn: "" })), expected);
    });

    it("flags an AWS managed key alias and a value that is no key ARN", async () => {
        assert.match(messages(await awsEngine({ encryptionKeyArn: "arn:aws:kms:us-east-1:111111111111:alias/aws/bedrock" }))[0], /is an AWS managed key/);
        assert.match(messages(await awsEngine({ encryptionKeyArn: "my-key" }))[0], /is not a KMS key or alias ARN/);
    });

    it("passes during preview when the key is being created in the stack", async () => {
        const outcome = await awsEngine({ encryptionKeyArn: UNKNOWN });
        assert.deepStrictEqual([outcome.violations, outcome.previewUnknown], [[], undefined]);
    });

    it("is not applicable to other resources", async () => {
        assert.match((await runResourceRule(rule, { type: T.agentcoreGateway, name: "g", props: {} })).notApplicable ?? "", /applies to/);
    });
});
