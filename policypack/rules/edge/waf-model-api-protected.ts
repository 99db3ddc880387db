import { MANAGED_BODY_SIZE_RULE, ManagedRuleGroupRef, REQUIRED_MANAGED_RULE_GROUPS } from "../../controls/waf";
import { httpApiModelIntegrations, isMarkedModelApiAcl, modelApis, stageProtections } from "../../lib/model-api";
import { stackRule } from "../../lib/rule";
import { bodySizeLimits, DisarmedRule, disarmedManagedRules } from "../../lib/waf/analysis";
import { allowRulesBefore, describeAllowRules, WebAclView, webAclViews } from "../../lib/waf/rules";

interface Config {
    requiredManagedRuleGroups: ManagedRuleGroupRef[];
    countableManagedRules: string[];
}

const BODY_SIZE_RULE = `${MANAGED_BODY_SIZE_RULE.group}/${MANAGED_BODY_SIZE_RULE.rule}`;

/**
 * Why a managed rule group does not apply its own block actions to every request, or undefined
 * when one of its rules in the web ACL does: absent, overridden to count as a whole, behind an
 * Allow rule that lets requests skip it, or with rules set to count or allow (ruleActionOverrides,
 * excludedRules) that are not among the countable ones. The common rule set's 8 KB body rule may
 * count only where the web ACL blocks larger bodies itself.
 */
function managedGroupGap(view: WebAclView, group: ManagedRuleGroupRef, countable: readonly string[]): string | undefined {
    const accepted = (d: DisarmedRule) =>
        d.action === "count" && countable.includes(`${group.name}/${d.name}`) && (`${group.name}/${d.name}` !== BODY_SIZE_RULE || bodySizeLimits(view).length > 0);
    const candidates = view.rules.filter((r) => r.statement.managedRuleGroupStatement?.name === group.name && r.statement.managedRuleGroupStatement?.vendorName === group.vendorName);
    if (candidates.length === 0) {
        return "absent";
    }
    const gaps = candidates.map((r) => {
        if (r.overrideAction === "count") {
            return "overridden to count as a whole";
        }
        const allows = allowRulesBefore(view.rules, r);
        if (allows.length > 0) {
            return `placed after ${describeAllowRules(allows)}`;
        }
        const disarmed = disarmedManagedRules(r.statement.managedRuleGroupStatement).filter((d) => !accepted(d));
        return disarmed.length > 0 ? `its rules ${disarmed.map((d) => `${d.name} (${d.via}: ${d.action})`).join(", ")} match and do not block` : undefined;
    });
    return gaps.some((g) => g === undefined) ? undefined : gaps.join("; ");
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
    peers: [
        "Prowler:apigateway_restapi_waf_acl_attached",
        "Checkov:CKV2_AWS_29",
        "Checkov:CKV_AWS_192",
        "SecurityHub:APIGateway.4",
        "cdk-nag:APIG3",
    ],
    remediation:
        "Associate a regional web ACL with the stage (aws.wafv2.WebAclAssociation with the stage's ARN) that includes " +
        "AWSManagedRulesCommonRuleSet and AWSManagedRulesKnownBadInputsRuleSet without a count override of the group or of its rules " +
        "(ruleActionOverrides), first among the rules that allow; the ModelApiEdge component does this. " +
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
            countableManagedRules: {
                type: "array",
                items: { type: "string", pattern: "^[^/]+/[^/]+$" },
                default: [BODY_SIZE_RULE],
                description:
                    "Rules of the required groups (GROUP/RULE) that may be overridden to count. The common rule set's SizeRestrictions_BODY counts " +
                    "only where the web ACL blocks larger bodies with its own size rule.",
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
        const gapsOf = (view: WebAclView) =>
            config.requiredManagedRuleGroups
                .map((g) => ({ g, gap: managedGroupGap(view, g, config.countableManagedRules) }))
                .filter((x): x is { g: ManagedRuleGroupRef; gap: string } => x.gap !== undefined);
        const describeGaps = (gaps: { g: ManagedRuleGroupRef; gap: string }[]) => gaps.map(({ g, gap }) => `${g.vendorName}/${g.name} (${gap})`).join(", ");
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
                    const gaps = gapsOf(view);
                    if (gaps.length > 0) {
                        report(`${label}: web ACL "${view.acl.name}" does not apply ${describeGaps(gaps)}`, view.acl.urn);
                    }
                }
            }
        }
        for (const view of marked.filter((v) => !reviewed.has(v.acl.urn))) {
            const gaps = gapsOf(view);
            if (gaps.length > 0) {
                report(`web ACL "${view.acl.name}" (tagged as a model API's guard) does not apply ${describeGaps(gaps)}`, view.acl.urn);
            }
        }
    },
});
