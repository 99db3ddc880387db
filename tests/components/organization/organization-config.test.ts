import * as assert from "assert";
import { MODEL_IDS_WITHOUT_GUARDRAIL } from "../../../policypack/controls/model-capabilities";
import { loadStackConfig } from "../../../components/config";
import { configProblems } from "../../helpers/config";

const ORG = {
    organizationId: "o-a1b2c3d4e5",
    rootId: "r-ab12",
    securityAutomationRoleArns: ["arn:aws:iam::*:role/security-automation/ai-guardrails-deployer"],
    approvedVpcEndpointIds: ["vpce-0a1b2c3d4e5f60718"],
    targets: { invokeViaVpce: ["ou-ab12-prod0001"] },
};
const raw = (environment: string, organization?: unknown): Record<string, string> => ({
    "aws:region": "us-east-1",
    "ai-guardrails:environment": environment,
    "ai-guardrails:accountId": "999999999999",
    "ai-guardrails:models": JSON.stringify({ approved: ["anthropic.claude-3-5-sonnet-20240620-v1:0"] }),
    "ai-guardrails:network": JSON.stringify({ endpoints: { enabled: false } }),
    ...(organization === undefined ? {} : { "ai-guardrails:organization": JSON.stringify(organization) }),
});
const problems = (environment: string, organization?: unknown): string => configProblems(raw(environment, organization)).join("\n");

describe("organization config", () => {
    it("fills secure defaults: organization not managed, comprehensive guarding, only models without a guardrail excluded, agent roles exempt from the invoke SCP", () => {
        const o = loadStackConfig(raw("org", ORG)).organization!;
        assert.strictEqual(o.manageOrganization, false);
        assert.deepStrictEqual(o.bedrockPolicy.contentGuarding, { system: "comprehensive", messages: "comprehensive" });
        assert.deepStrictEqual(o.bedrockPolicy.excludedModels, [...MODEL_IDS_WITHOUT_GUARDRAIL]);
        assert.strictEqual(o.bedrockPolicy.regions, undefined);
        assert.strictEqual(o.exemptAgentRolesFromInvokeScp, true);
    });

    it("is required in the org stack and refused elsewhere", () => {
        assert.match(problems("org"), /ai-guardrails:organization = \(not set\): required in the org stack/);
        assert.match(problems("prod", ORG), /ai-guardrails:organization = .*only the org stack/);
    });

    it("names the key, the value and what is allowed", () => {
        assert.match(problems("org", { ...ORG, organizationId: "org-1" }), /ai-guardrails:organization\.organizationId = "org-1": expected an AWS Organizations ID/);
        assert.match(problems("org", { ...ORG, securityAutomationRoleArns: [] }), /name the security automation role/);
        assert.match(problems("org", { ...ORG, securityAutomationRoleArns: ["arn:aws:iam::*:user/alice"] }), /expected a role ARN/);
        assert.match(problems("org", { ...ORG, approvedVpcEndpointIds: ["vpc-123"] }), /organization\.approvedVpcEndpointIds\[0\] = "vpc-123": expected a VPC endpoint ID/);
        assert.match(problems("org", { ...ORG, targets: { invokeViaVpce: ["r-ab12"] } }), /attach the invoke SCP to the OUs/);
        assert.match(problems("org", { ...ORG, targets: { invokeViaVpce: ["prod"] } }), /expected a root \(r-\.\.\.\), OU/);
        assert.match(problems("org", { ...ORG, bedrockPolicy: { regions: ["us-east-1", "us-east-1"] } }), /lists a Region more than once/);
        assert.match(problems("org", { ...ORG, bedrockPolicy: { contentGuarding: { messages: "partial" } } }), /contentGuarding\.messages = "partial"/);
        assert.match(problems("org", { ...ORG, keepPolicyTypes: ["TAGS"] }), /keepPolicyTypes\[0\] = "TAGS"/);
        assert.match(
            problems("org", { ...ORG, bedrockPolicy: { excludedModels: ["amazon.titan-embed-text-v2:0", "anthropic.claude-3-haiku-20240307-v1:0"] } }),
            /excludedModels\[1\] = "anthropic\.claude-3-haiku-20240307-v1:0": this model can take a guardrail: excluding it leaves its calls unguarded/,
        );
    });

    it("accepts selective system-prompt guarding only with a stated reason", () => {
        assert.match(
            problems("org", { ...ORG, bedrockPolicy: { contentGuarding: { system: "selective" } } }),
            /contentGuarding\.system = "selective": selective evaluates nothing in an untagged system prompt: state why in selectiveSystemReason/,
        );
        const reason = "Applications tag every system prompt with guard-content tags (platform SDK); untagged templates are reviewed";
        const o = loadStackConfig(raw("org", { ...ORG, bedrockPolicy: { contentGuarding: { system: "selective", selectiveSystemReason: reason } } })).organization!;
        assert.strictEqual(o.bedrockPolicy.contentGuarding.system, "selective");
    });
});
