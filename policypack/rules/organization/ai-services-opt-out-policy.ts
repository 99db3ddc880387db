import { AI_OPT_OUT_POLICY_TYPE } from "../../controls/organization";
import { aiOptOutProblems } from "../../lib/organizations/ai-opt-out";
import { organizationPoliciesOfType, OrgScopeConfig, orgScopeSchema } from "../../lib/organizations/policy-views";
import { stackRule } from "../../lib/rule";

export const aiServicesOptOutPolicy = stackRule<OrgScopeConfig>({
    name: "ai-services-opt-out-policy",
    id: "AIG-ORG-4",
    layer: "organization",
    severity: "medium",
    displayName: "Organization opts out of AI service data use",
    frameworks: { owaspLlm: ["LLM02"], awsAisf: ["AISF-GOV-02"] },
    description:
        "In the organization stack, an attached AISERVICES_OPT_OUT_POLICY opts every AI service out (services.default optOut), forbids child " +
        "policies from changing it and opts no service back in.",
    explanation:
        "Without an opt-out, some AWS AI services may store and use the content they process (documents, transcripts, images) to develop " +
        "and improve their services. An opt-out on the root covers every member account, present and future; without the child-policy " +
        "lock any OU or account policy can opt back in.",
    seedControl: "Organizations AI services opt-out policy",
    peers: ["Prowler:organizations_opt_out_ai_services_policy"],
    remediation:
        'Create an aws.organizations.Policy of type AISERVICES_OPT_OUT_POLICY with content {"services": {"default": {"opt_out_policy": ' +
        '{"@@operators_allowed_for_child_policies": ["@@none"], "@@assign": "optOut"}}}}, attach it to the root and enable the policy type; ' +
        "the OrganizationGuardrails component does.",
    configSchema: { properties: { ...orgScopeSchema } },
    validateStack: (args, { config, report }) => {
        const { scope, views: policies } = organizationPoliciesOfType(args, config, AI_OPT_OUT_POLICY_TYPE, report);
        if (policies.length === 0 && scope === "review") {
            return;
        }
        if (policies.length === 0) {
            report("the organization stack has no AISERVICES_OPT_OUT_POLICY: AI services may store and use the content they process in member accounts");
            return;
        }
        let effective = false;
        for (const view of policies) {
            const problems = aiOptOutProblems(view.text);
            if (view.attachments.length === 0) {
                problems.push("it is not attached to any root, OU or account in this stack");
            }
            if (problems.length > 0) {
                report(`AI services opt-out policy "${view.resource.name}": ${problems.join("; ")}`, view.resource.urn);
            } else {
                effective = true;
            }
        }
        // Only the stack that answers for the baseline is asked for an effective one; a review names each policy's problems.
        if (!effective && policies.length > 1 && scope === "baseline") {
            report("no AISERVICES_OPT_OUT_POLICY of the organization stack is both valid and attached");
        }
    },
});
