import * as assert from "assert";
import { MODEL_IDS_WITHOUT_GUARDRAIL } from "../../../policypack/controls/model-capabilities";
import { ConfigValidationError } from "../../../components/config";
import { OrganizationGuardrails, OrganizationGuardrailsArgs } from "../../../components/organization/organizationGuardrails";
import { agentCeilingScp, governanceProtectionScp, invokeViaVpceScp } from "../../../components/organization/serviceControlPolicies";
import { integrityRules } from "../../../policypack/rules/integrity";
import { organizationRules } from "../../../policypack/rules/organization";
import { T } from "../../../policypack/lib/types";
import { byType, RegisteredResource, renderComponent, single, valueOf } from "../../helpers/mocks";
import { runPack } from "../../helpers/pack-run";

const MGMT = "999999999999";
const GUARDRAIL = (region: string) => `arn:aws:bedrock:${region}:${MGMT}:guardrail/g${region.replace(/-/g, "")}`;
const VPCES = ["vpce-0a1b2c3d4e5f60718", "vpce-0b1c2d3e4f5a60719"];
const AUTOMATION = "arn:aws:iam::*:role/security-automation/ai-guardrails-deployer";

const args = (extra: Partial<OrganizationGuardrailsArgs> = {}): OrganizationGuardrailsArgs => ({
    accountId: MGMT,
    region: "us-east-1",
    organizationId: "o-a1b2c3d4e5",
    rootId: "r-ab12",
    guardrails: ["us-east-1", "us-west-2"].map((region) => ({ region, guardrailArn: GUARDRAIL(region), version: "3" })),
    approvedVpcEndpointIds: VPCES,
    securityAutomationRoleArns: [AUTOMATION],
    targets: { invokeViaVpce: ["ou-ab12-prod0001"] },
    tags: { "ai-guardrails:layer": "organization" },
    ...extra,
});
const render = (extra: Partial<OrganizationGuardrailsArgs> = {}, options: { preview?: boolean; protect?: boolean } = {}) =>
    renderComponent(() => new OrganizationGuardrails("org", args(extra), { protect: options.protect ?? true }), { stack: "org", accountId: MGMT, preview: options.preview });
const policy = (resources: RegisteredResource[], name: string) => resources.find((r) => r.type === T.orgPolicy && r.name === name)!;
const contentOf = (r: RegisteredResource) => JSON.parse(r.inputs.content);

describe("OrganizationGuardrails", () => {
    it("registers a Bedrock policy that pins the published guardrail version in each Region, on all models", async () => {
        const resources = await render();
        const bedrock = policy(resources, "org-bedrock-policy");
        assert.strictEqual(bedrock.inputs.type, "BEDROCK_POLICY");
        const regions = contentOf(bedrock).bedrock.guardrail_inference;
        assert.deepStrictEqual(Object.keys(regions), ["us-east-1", "us-west-2"]);
        const config = regions["us-west-2"].ai_guardrails_baseline;
        assert.deepStrictEqual(config.identifier, { "@@assign": `${GUARDRAIL("us-west-2")}:3` });
        // Models that cannot take a guardrail are left out of enforcement by default; every system prompt and message is guarded.
        assert.deepStrictEqual(config.model_enforcement, { included_models: { "@@assign": ["ALL"] }, excluded_models: { "@@assign": [...MODEL_IDS_WITHOUT_GUARDRAIL] } });
        assert.ok(config.model_enforcement.excluded_models["@@assign"].includes("amazon.titan-embed-text-v2:0"));
        assert.deepStrictEqual(config.selective_content_guarding, { system: { "@@assign": "comprehensive" }, messages: { "@@assign": "comprehensive" } });
    });

    it("shares each guardrail with the organization through an aws-native ResourcePolicy in its Region, before the Bedrock policy is attached", async () => {
        const resources = await render();
        const shares = byType(resources, T.guardrailResourcePolicy);
        assert.strictEqual(shares.length, 2);
        const east = shares.find((s) => s.inputs.resourceArn === GUARDRAIL("us-east-1"))!;
        assert.deepStrictEqual(east.inputs.policyDocument.Statement, [
            {
                // The organization pattern of "Using resource-based policies for guardrails", as written there.
                Effect: "Allow",
                Principal: "*",
                Action: ["bedrock:ApplyGuardrail", "bedrock:GetGuardrail"],
                Resource: GUARDRAIL("us-east-1"),
                Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
            },
        ]);
        const providers = byType(resources, "pulumi:providers:aws-native");
        assert.deepStrictEqual(providers.map((p) => p.inputs.region).sort(), ["us-east-1", "us-west-2"]);
        assert.ok(providers.every((p) => p.inputs.allowedAccountIds === JSON.stringify([MGMT])));
        const eastProvider = providers.find((p) => p.inputs.region === "us-east-1")!;
        assert.ok(east.provider?.startsWith(eastProvider.urn), `${east.provider} should be ${eastProvider.urn}`);
        const attachment = byType(resources, T.orgPolicyAttachment).find((a) => a.name === "org-bedrock-policy-r-ab12")!;
        assert.ok(shares.every((s) => attachment.dependencies.includes(s.urn)));
    });

    it("outputs the Bedrock policy's ID and the SCPs' IDs by name", async () => {
        let component!: OrganizationGuardrails;
        const resources = await renderComponent(() => (component = new OrganizationGuardrails("org", args())), { stack: "org", accountId: MGMT });
        const attachedId = (name: string) => byType(resources, T.orgPolicyAttachment).find((r) => r.name === name)!.inputs.policyId;
        assert.strictEqual(await valueOf(component.bedrockPolicyId), attachedId("org-bedrock-policy-r-ab12"));
        assert.deepStrictEqual(await valueOf(component.serviceControlPolicyIds), {
            invokeViaVpce: attachedId("org-invokeViaVpce-ou-ab12-prod0001"),
            governanceProtection: attachedId("org-governanceProtection-r-ab12"),
            agentCeiling: attachedId("org-agentCeiling-r-ab12"),
        });
        assert.ok(Object.values((await valueOf(component.serviceControlPolicyIds))!).every((id) => /^p-/.test(id)));
    });

    it("registers the three SCPs exactly as built, with operators inside Condition and minified under the size limit", async () => {
        const resources = await render();
        const vpce = policy(resources, "org-invokeViaVpce");
        assert.strictEqual(vpce.inputs.type, "SERVICE_CONTROL_POLICY");
        assert.deepStrictEqual(contentOf(vpce), invokeViaVpceScp({ partition: "aws", approvedVpcEndpointIds: VPCES, exemptPrincipalArns: ["arn:aws:iam::*:role/ai-agents/*"] }));
        assert.deepStrictEqual(Object.keys(contentOf(vpce).Statement[0].Condition), ["StringNotEquals", "BoolIfExists", "ArnNotLike"]);
        assert.deepStrictEqual(contentOf(policy(resources, "org-governanceProtection")), governanceProtectionScp({ partition: "aws", securityAutomationRoleArns: [AUTOMATION], agentRolePath: "/ai-agents/" }));
        assert.deepStrictEqual(contentOf(policy(resources, "org-agentCeiling")), agentCeilingScp({ partition: "aws", agentRolePath: "/ai-agents/", extraDestructiveActions: [], allowedPassRoleArns: [] }));
        for (const p of byType(resources, T.orgPolicy).filter((r) => r.inputs.type === "SERVICE_CONTROL_POLICY")) {
            assert.ok(!/\s/.test(p.inputs.content.replace(/"[^"]*"/g, "")), `${p.name} is minified`);
            assert.ok(p.inputs.content.length <= 5120);
        }
    });

    it("attaches the invoke SCP to the configured OUs and the other policies to the root by default", async () => {
        const resources = await render({ targets: { invokeViaVpce: ["ou-ab12-prod0001", "ou-ab12-stag0001"], agentCeiling: ["ou-ab12-work0001"] } });
        const attachments = byType(resources, T.orgPolicyAttachment).map((a) => `${a.name}=${a.inputs.targetId}`).sort();
        assert.deepStrictEqual(attachments, [
            "org-agentCeiling-ou-ab12-work0001=ou-ab12-work0001",
            "org-ai-services-opt-out-r-ab12=r-ab12",
            "org-bedrock-policy-r-ab12=r-ab12",
            "org-governanceProtection-r-ab12=r-ab12",
            "org-invokeViaVpce-ou-ab12-prod0001=ou-ab12-prod0001",
            "org-invokeViaVpce-ou-ab12-stag0001=ou-ab12-stag0001",
        ]);
        const vpce = policy(resources, "org-invokeViaVpce");
        const attachment = byType(resources, T.orgPolicyAttachment).find((a) => a.name === "org-invokeViaVpce-ou-ab12-prod0001")!;
        assert.deepStrictEqual(attachment.propertyDependencies.policyId, [vpce.urn]);
    });

    it("opts every account out of AI services' use of their content, locked against child policies, unless turned off", async () => {
        const optOut = policy(await render(), "org-ai-services-opt-out");
        assert.strictEqual(optOut.inputs.type, "AISERVICES_OPT_OUT_POLICY");
        assert.deepStrictEqual(contentOf(optOut), { services: { default: { opt_out_policy: { "@@operators_allowed_for_child_policies": ["@@none"], "@@assign": "optOut" } } } });
        const ous = byType(await render({ targets: { invokeViaVpce: ["ou-ab12-prod0001"], aiServicesOptOut: ["ou-ab12-work0001"] } }), T.orgPolicyAttachment).map((a) => a.name);
        assert.ok(ous.includes("org-ai-services-opt-out-ou-ab12-work0001"), ous.join(", "));
        assert.strictEqual(policy(await render({ aiServicesOptOut: false }), "org-ai-services-opt-out"), undefined);
    });

    it("lets agents pass only the allowed roles when some are configured", async () => {
        const allowed = ["arn:aws:iam::333333333333:role/ai-tools/report-writer"];
        const doc = contentOf(policy(await render({ allowedPassRoleArns: allowed }), "org-agentCeiling"));
        assert.ok(!doc.Statement[0].Action.includes("iam:PassRole"));
        assert.deepStrictEqual(doc.Statement[2], { Sid: "DenyPassingOtherRolesToAgents", Effect: "Deny", Action: ["iam:PassRole"], NotResource: allowed, Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/ai-agents/*" } } });
    });

    it("manages the organization only when asked: required types enabled, kept types kept, protected and retained", async () => {
        assert.deepStrictEqual(byType(await render(), T.organization), []);
        const resources = await render({ manageOrganization: true, keepPolicyTypes: ["TAG_POLICY", "SERVICE_CONTROL_POLICY"] }, { protect: false });
        const org = single(resources, T.organization);
        assert.deepStrictEqual(org.inputs.enabledPolicyTypes, ["AISERVICES_OPT_OUT_POLICY", "BEDROCK_POLICY", "SERVICE_CONTROL_POLICY", "TAG_POLICY"]);
        assert.strictEqual(org.inputs.featureSet, "ALL");
        assert.strictEqual(org.protect, true);
        assert.ok(byType(resources, T.orgPolicy).every((p) => p.dependencies.includes(org.urn)));
    });

    it("carries protect on every governance resource when the stack protects governance", async () => {
        const protectedRun = await render();
        assert.ok(protectedRun.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")).every((r) => r.protect));
        const unprotected = await render({}, { protect: false });
        assert.ok(byType(unprotected, T.orgPolicy).every((r) => !r.protect));
    });

    it("refuses, before registering anything, what the stack settings refuse: one line per argument with its value and what is allowed", async () => {
        const second = { region: "us-west-2", guardrailArn: GUARDRAIL("us-west-2"), version: "1" };
        const cases: [string, Record<string, unknown>, RegExp][] = [
            ["no endpoint", { approvedVpcEndpointIds: [] }, /^approvedVpcEndpointIds = \[\]: /],
            ["the invoke SCP on the root", { targets: { invokeViaVpce: ["r-ab12"] } }, /^targets\.invokeViaVpce = \["r-ab12"\]: attach the invoke SCP to the OUs/],
            ["an automation role that is not a role ARN", { securityAutomationRoleArns: ["admin"] }, /^securityAutomationRoleArns\[0\] = "admin": expected a role ARN/],
            ["a Region twice", { guardrails: [second, second] }, /^guardrails = .*: lists a Region more than once/],
            ["a guardrail of another Region", { guardrails: [{ ...second, region: "eu-west-1" }] }, /^guardrails\[0\]\.guardrailArn = .*: the guardrail lives in us-west-2/],
            ["a DRAFT version", { guardrails: [{ ...second, version: "DRAFT" }] }, /^guardrails\[0\]\.version = "DRAFT": expected a published numeric version/],
            ["a versioned ARN", { guardrails: [{ ...second, guardrailArn: `${GUARDRAIL("us-west-2")}:1` }] }, /^guardrails\[0\]\.guardrailArn = .*: expected a guardrail ARN without version/],
            ["Regions other than the guardrails'", { bedrockPolicy: { regions: ["us-east-1"] } }, /^bedrockPolicy\.regions = \["us-east-1"\]: the guardrails are in us-east-1, us-west-2/],
            ["a content-guarding mode AWS does not know", { bedrockPolicy: { contentGuarding: { messages: "partial" } } }, /^bedrockPolicy\.contentGuarding\.messages = "partial": /],
            ["an account that is not one", { accountId: "1234" }, /^accountId = "1234": expected a 12-digit AWS account ID/],
            ["a misspelt argument", { managementAccountId: MGMT }, /^managementAccountId = "999999999999": unknown key; allowed keys: .*accountId/],
            [
                "an SCP over the size limit",
                { approvedVpcEndpointIds: Array.from({ length: 260 }, (_, i) => `vpce-${i.toString(16).padStart(17, "0")}`) },
                /^approvedVpcEndpointIds = .*: the SCP invokeViaVpce would have \d{4} characters; Organizations accepts at most 5120/,
            ],
        ];
        for (const [label, change, expected] of cases) {
            let error: unknown;
            const resources = await renderComponent(() => {
                try {
                    new OrganizationGuardrails("org", { ...args(), ...change } as OrganizationGuardrailsArgs);
                } catch (e) {
                    error = e;
                }
            });
            assert.ok(error instanceof ConfigValidationError, `${label}: ${error}`);
            assert.strictEqual(error.problems.length, 1, `${label}: ${error.problems.join(" | ")}`);
            assert.match(error.problems[0], expected, label);
            assert.match(error.message, /^OrganizationGuardrails org: invalid arguments \(1 problem\):/);
            assert.deepStrictEqual(resources, [], `${label}: nothing registered`);
        }
    });

    it("keeps deployed stacks in place: an alias from the token of earlier releases", async () => {
        const component = single(await render(), "ai-guardrails:index:OrganizationGuardrails");
        assert.ok(component.aliases.some((a) => a.includes("ai-guardrails:organization:OrganizationGuardrails")), JSON.stringify(component.aliases));
    });

    it("passes every organization and control-integrity rule after up and at preview, where attachments are linked by dependency", async () => {
        for (const preview of [false, true]) {
            const run = await runPack([...organizationRules, ...integrityRules], await render({}, { preview }), { preview });
            assert.deepStrictEqual(run.violations, [], `preview=${preview}`);
            assert.deepStrictEqual(run.undecided, [], `preview=${preview}`);
        }
    });

    it("is caught by the rules when its policies are not protected in the org stack", async () => {
        const run = await runPack([...organizationRules, ...integrityRules], await render({}, { protect: false }));
        assert.ok(run.violations.length > 0 && run.violations.every((v) => v.startsWith("governance-resources-protected: ")), run.violations.join("\n"));
    });
});
