import { ManagedRuleGroupRef, REQUIRED_MANAGED_RULE_GROUPS } from "../../controls/waf";
import { httpApiModelIntegrations, isMarkedModelApiAcl, modelApis, stageProtections } from "../../lib/model-api";
import { stackRule } from "../../lib/rule";
import { allowRulesBefore, WafRule, webAclViews } from "../../lib/waf/rules";

interface Config {
    requiredManagedRuleGroups: ManagedRuleGroupRef[];
}

/**
 * Whether a managed rule group is in the rules and applies its own block actions to every request:
 * not overridden to count, and not behind an Allow rule that lets requests skip it.
 */
function managedGroupActive(rules: readonly WafRule[], group: ManagedRuleGroupRef): boolean {
    return rules.some((r) => {
        const m = r.statement.managedRuleGroupStatement;
        return m && m.name === group.name && m.vendorName === group.vendorName && r.overrideAction !== "count" && allowRulesBefore(rules, r).length === 0;
    });
}

export const wafModelApiProtected = stackRule<Config>({
    name: "waf-model-api-protected",
    id: "AIG-EDGE-1",
    layer: "edge",
    severity: "high",
    displayName: "Model API behind AWS WAF",
    frameworks: { owaspLlm: ["LLM01", "LLM10"], awsAisf: ["AISF-INFRA-03"] },
    description: "Every API Gateway stage that fronts a Bedrock model has an AWS WAF web ACL associated, carrying the baseline managed rule groups.",
    explanation:
        "An API stage that integrates with bedrock-runtime turns every request on the internet into a paid model call with the integration " +
        "role's permissions. Without a web ACL nothing limits the rate, inspects the body for prompt injection or filters known exploit " +
        "payloads before the model is invoked. An HTTP API (API Gateway v2) cannot carry a web ACL at all.",
    seedControl: "API Gateway + WAF in front of the model",
    peers: ["Prowler:apigateway_restapi_waf_acl_attached", "Checkov:CKV2_AWS_29", "SecurityHub:APIGateway.4", "cdk-nag:APIG3"],
    remediation:
        "Associate a regional web ACL with the stage (aws.wafv2.WebAclAssociation with the stage's ARN) that includes " +
        "AWSManagedRulesCommonRuleSet and AWSManagedRulesKnownBadInputsRuleSet without a count override; the ModelApiEdge component does this. " +
        "Front models with a REST API, not an HTTP API.",
    configSchema: {
        properties: {
            requiredManagedRuleGroups: {
                type: "array",
                items: {
                    type: "object",
                    properties: { vendorName: { type: "string" }, name: { type: "string" } },
                    required: ["vendorName", "name"],
                },
                default: REQUIRED_MANAGED_RULE_GROUPS.map((g) => ({ ...g })),
                description: "Managed rule groups the web ACL of a model API must apply (not merely count).",
            },
        },
    },
    validateStack: ({ resources, notApplicable }, { config, report }) => {
        const httpIntegrations = httpApiModelIntegrations(resources);
        const apis = modelApis(resources);
        const views = webAclViews(resources);
        // A web ACL tagged as a model API's guard is reviewed here even when the API lives in another stack.
        const marked = views.filter((v) => isMarkedModelApiAcl(v.acl));
        if (apis.length === 0 && httpIntegrations.length === 0 && marked.length === 0) {
            notApplicable("no API in the stack fronts Bedrock, and no web ACL is tagged as a model API's guard");
        }
        const missingGroups = (view: (typeof views)[number]) => config.requiredManagedRuleGroups.filter((g) => !managedGroupActive(view.rules, g));
        const reviewed = new Set<string>();
        for (const integration of httpIntegrations) {
            report(`HTTP API integration "${integration.name}" reaches Bedrock, and AWS WAF cannot be associated with an HTTP API; use a REST API stage with a web ACL`, integration.urn);
        }
        for (const api of apis) {
            for (const { stage, acls } of stageProtections(resources, api.stages, views)) {
                const label = `stage "${stage.name}" of model API "${api.api.name}" (${api.evidence})`;
                if (acls.length === 0) {
                    report(`${label} has no web ACL associated: requests reach the model unfiltered and unthrottled`, stage.urn);
                    continue;
                }
                for (const { view } of acls) {
                    // A web ACL managed outside this stack cannot be read; its association is what this stack controls.
                    if (!view) {
                        continue;
                    }
                    reviewed.add(view.acl.urn);
                    const missing = missingGroups(view);
                    if (missing.length > 0) {
                        report(
                            `${label}: web ACL "${view.acl.name}" does not apply ${missing.map((g) => `${g.vendorName}/${g.name}`).join(", ")} (absent, overridden to count, or placed after an allow rule)`,
                            view.acl.urn,
                        );
                    }
                }
            }
        }
        for (const view of marked.filter((v) => !reviewed.has(v.acl.urn))) {
            const missing = missingGroups(view);
            if (missing.length > 0) {
                report(
                    `web ACL "${view.acl.name}" (tagged as a model API's guard) does not apply ${missing.map((g) => `${g.vendorName}/${g.name}`).join(", ")} (absent, overridden to count, or placed after an allow rule)`,
                    view.acl.urn,
                );
            }
        }
    },
});
