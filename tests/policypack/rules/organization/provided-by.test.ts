/**
 * The Organizations rules with the organization baseline declared in providedBy: the declared
 * stack must hold the whole baseline; a stack without Organizations resources is told where it
 * lives; a stack that defines some Organizations policies of its own (a delegated administrator's
 * SCP) gets them reviewed on their content, and no finding about the baseline it does not hold.
 */
import { strict as assert } from "assert";
import { Rule } from "../../../../policypack/lib/rule";
import { T } from "../../../../policypack/lib/types";
import { scpGovernanceProtection } from "../../../../policypack/rules/integrity/scp-governance-protection";
import { bedrockOrgGuardrailPolicy } from "../../../../policypack/rules/organization/bedrock-org-guardrail-policy";
import { scpAgentActionCeiling } from "../../../../policypack/rules/organization/scp-agent-action-ceiling";
import { scpBedrockInvokeViaVpce } from "../../../../policypack/rules/organization/scp-bedrock-invoke-via-vpce";
import { FakeResource, messages, runStackRule } from "../../../helpers/policy-harness";
import { agentCeilingScp, attachment, orgStack, policy, seedVpceScp, vpceScp } from "./fixtures";

const RULES: Rule[] = [bedrockOrgGuardrailPolicy, scpBedrockInvokeViaVpce, scpAgentActionCeiling, scpGovernanceProtection];
const providedBy = { stacks: ["org"], accountId: "999999999999", description: "the management account" };
const at = (stack: string, resources: FakeResource[]) => resources.map((r) => ({ ...r, urn: `urn:pulumi:${stack}::platform::${r.type}::${r.name}` }));

describe("Organizations rules with the baseline declared in providedBy", () => {
    for (const rule of RULES) {
        describe(rule.name, () => {
            it("passes the declared organization stack with the whole baseline", async () => {
                assert.deepEqual((await runStackRule(rule, at("org", orgStack()), { config: { providedBy } })).violations, []);
            });

            it("requires the baseline in the declared stack, even when it holds no Organizations resource any more", async () => {
                const out = await runStackRule(rule, at("org", [{ type: T.s3Bucket, name: "b", props: {} }]), { config: { providedBy } });
                assert.ok(out.violations.length > 0);
            });

            it("tells a stack without Organizations resources where the baseline lives", async () => {
                const out = await runStackRule(rule, at("app-prod", [{ type: T.agent, name: "a", props: {} }]), { config: { providedBy } });
                assert.deepEqual(out.violations, []);
                assert.equal(
                    out.notApplicable,
                    "the organization baseline is provided outside this stack, by stack org (account 999999999999: the management account), as the pack config declares (providedBy)",
                );
            });

            it("asks a delegated administrator's stack with one sound SCP for nothing more", async () => {
                const scp = policy("deny-api-keys", "SERVICE_CONTROL_POLICY", {
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Deny", Action: "bedrock:CallWithBearerToken", Resource: "*" }],
                });
                const out = await runStackRule(rule, at("security-prod", [scp, attachment(scp)]), { config: { providedBy } });
                assert.deepEqual(out.violations, []);
                assert.equal(out.notApplicable, undefined, "the stack's own policies were reviewed");
            });
        });
    }

    it("reviews an SCP on its own content outside the organization stack", async () => {
        const seed = policy("invoke-via-vpce", "SERVICE_CONTROL_POLICY", seedVpceScp());
        const out = await runStackRule(scpBedrockInvokeViaVpce, at("security-prod", [seed, attachment(seed)]), { config: { providedBy } });
        assert.equal(out.violations.length, 1);
        assert.match(messages(out)[0], /^SCP "invoke-via-vpce": grammar: .*BoolIfExists/);
        const sound = policy("invoke-via-vpce", "SERVICE_CONTROL_POLICY", vpceScp());
        assert.deepEqual((await runStackRule(scpBedrockInvokeViaVpce, at("security-prod", [sound, attachment(sound)]), { config: { providedBy } })).violations, []);

        const narrowed = agentCeilingScp();
        narrowed.Statement[0].Condition.StringEquals = { "aws:RequestedRegion": "us-east-1" };
        const ceiling = policy("agent-ceiling", "SERVICE_CONTROL_POLICY", narrowed);
        const reviewed = await runStackRule(scpAgentActionCeiling, at("security-prod", [ceiling, attachment(ceiling)]), { config: { providedBy } });
        assert.match(messages(reviewed)[0], /^SCP "agent-ceiling": .* is narrowed by StringEquals aws:RequestedRegion/);
    });

    it("keeps the old behaviour without a declaration: any stack with Organizations resources answers for the baseline", async () => {
        const scp = policy("deny-api-keys", "SERVICE_CONTROL_POLICY", { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "bedrock:CallWithBearerToken", Resource: "*" }] });
        const out = await runStackRule(scpBedrockInvokeViaVpce, at("security-prod", [scp, attachment(scp)]));
        assert.match(messages(out)[0], /no attached, valid SCP confines these actions/);
    });
});
