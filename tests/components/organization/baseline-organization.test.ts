import * as assert from "assert";
import { T } from "../../../policypack/lib/types";
import { byType, loadStackConfigFile, RegisteredResource, runStackProgram, single } from "../../helpers/mocks";

/** What a guardrail enforces, without what differs by Region (name, description, key). */
function enforced(g: RegisteredResource): Record<string, unknown> {
    const { contentPolicyConfig, sensitiveInformationPolicyConfig, topicPolicyConfig, contextualGroundingPolicyConfig, wordPolicyConfig, blockedInputMessaging, blockedOutputsMessaging } = g.inputs;
    return { contentPolicyConfig, sensitiveInformationPolicyConfig, topicPolicyConfig, contextualGroundingPolicyConfig, wordPolicyConfig, blockedInputMessaging, blockedOutputsMessaging };
}

describe("AiSecurityBaseline: organization layer", () => {
    it("org stack with a second Region: the same guardrail there, protected, through that Region's provider, and enforced by the Bedrock policy", async () => {
        const organization = JSON.parse(loadStackConfigFile("org")["ai-guardrails:organization"]);
        organization.bedrockPolicy.regions = ["us-east-1", "eu-west-1"];
        const { resources } = await runStackProgram("org", { "ai-guardrails:organization": JSON.stringify(organization) });

        const guardrails = byType(resources, T.guardrail);
        assert.strictEqual(guardrails.length, 2);
        const [home, regional] = [guardrails.find((g) => g.name === "ai-guardrail")!, guardrails.find((g) => g.name === "ai-guardrail-eu-west-1")!];
        assert.ok(home && regional, guardrails.map((g) => g.name).join(", "));
        assert.deepStrictEqual(enforced(regional), enforced(home));
        assert.ok(regional.protect && home.protect);
        const provider = resources.find((r) => r.type === "pulumi:providers:aws" && r.inputs.region === "eu-west-1")!;
        assert.ok(regional.provider?.startsWith(provider.urn), regional.provider);
        assert.strictEqual(regional.inputs.tags["ai-guardrails:layer"], "organization");

        const content = JSON.parse(byType(resources, T.orgPolicy).find((p) => p.inputs.type === "BEDROCK_POLICY")!.inputs.content);
        assert.deepStrictEqual(Object.keys(content.bedrock.guardrail_inference).sort(), ["eu-west-1", "us-east-1"]);
        const regionalVersion = single(
            byType(resources, T.guardrailVersion).filter((v) => v.propertyDependencies.guardrailArn?.includes(regional.urn)),
            T.guardrailVersion,
        );
        assert.strictEqual(
            content.bedrock.guardrail_inference["eu-west-1"].ai_guardrails_baseline.identifier["@@assign"],
            `${regional.outputs.guardrailArn}:${regionalVersion.outputs.version}`,
        );
    });
});
