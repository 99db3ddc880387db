import { MAX_RATE_LIMIT_PER_5_MINUTES, MIN_RATE_LIMIT, ratePer5Minutes } from "../../controls/waf";
import { AclScope, aclScopeSchema, aclsInScope } from "../../lib/model-api";
import { stackRule } from "../../lib/rule";
import { rateLimitRules } from "../../lib/waf/analysis";
import { allowRulesBefore, describeAllowRules } from "../../lib/waf/rules";

interface Config {
    maxRequestsPer5Minutes: number;
    scope: AclScope;
}

export const wafRateLimit = stackRule<Config>({
    name: "waf-rate-limit",
    id: "AIG-EDGE-2",
    layer: "edge",
    severity: "high",
    displayName: "Model API rate-limited per client",
    frameworks: { owaspLlm: ["LLM10"], awsAisf: ["AISF-INFRA-03"] },
    description: "The web ACL of a model API blocks clients that exceed a per-IP request rate.",
    explanation:
        "Each model call costs tokens and time. Without a per-IP rate-based rule that blocks, one client can run up the bill (denial of " +
        "wallet), exhaust the account's Bedrock quotas for everyone else, or probe the guardrail at machine speed. A rate rule that only " +
        "counts, aggregates per header or allows thousands of requests per minute does not stop that, nor does one placed after a rule " +
        "that allows requests outright (WAF stops at the first Allow).",
    seedControl: "WAF rate-based rule per IP in front of the model API",
    peers: [],
    remediation:
        "Add a rule with a rateBasedStatement {aggregateKeyType: \"IP\", limit: N} (N per evaluation window, at most the configured rate per 5 " +
        "minutes) and action {block: {}}, in `rules`, `ruleJson` or an aws.wafv2.WebAclRule; the ModelApiEdge component does this.",
    configSchema: {
        properties: {
            maxRequestsPer5Minutes: {
                type: "number",
                minimum: MIN_RATE_LIMIT,
                default: MAX_RATE_LIMIT_PER_5_MINUTES,
                description: "Highest accepted limit per client IP, normalised to a 5-minute window.",
            },
            scope: aclScopeSchema,
        },
    },
    validateStack: ({ resources, notApplicable }, { config, report }) => {
        const views = aclsInScope(resources, config.scope);
        if (views.length === 0) {
            notApplicable(config.scope === "all" ? "no web ACL in the stack" : "no web ACL guards an API that fronts Bedrock");
        }
        for (const view of views) {
            const acl = `web ACL "${view.acl.name}"`;
            for (const problem of view.problems) {
                report(`${acl}: ${problem}`, view.acl.urn);
            }
            const rates = rateLimitRules(view.rules);
            const effective = rates.filter(
                (r) => r.rule.action === "block" && r.perIp && ratePer5Minutes(r.limit, r.evaluationWindowSec) <= config.maxRequestsPer5Minutes && allowRulesBefore(view.rules, r.rule).length === 0,
            );
            if (effective.length > 0) {
                continue;
            }
            if (rates.length === 0) {
                report(`${acl} has no rate-based rule (checked rules, ruleJson and WebAclRule resources): one client can call the model without limit`, view.acl.urn);
                continue;
            }
            const reasons = rates.map((r) => {
                const why: string[] = [];
                if (r.rule.action !== "block") {
                    why.push(`its action is ${r.rule.action ?? "not set"}, not block`);
                }
                if (!r.perIp) {
                    why.push(`it aggregates by ${r.aggregateKeyType}, not per client IP`);
                }
                const rate = ratePer5Minutes(r.limit, r.evaluationWindowSec);
                if (!Number.isFinite(rate)) {
                    why.push(`its limit (${JSON.stringify(r.rule.statement.rateBasedStatement?.limit ?? null)}) or evaluation window is not a number`);
                } else if (!(rate <= config.maxRequestsPer5Minutes)) {
                    why.push(`it allows ${rate} requests per 5 minutes, above ${config.maxRequestsPer5Minutes}`);
                }
                const first = allowRulesBefore(view.rules, r.rule);
                if (first.length > 0) {
                    why.push(`${describeAllowRules(first)} comes first, and the requests it allows are never counted`);
                }
                return `rule "${r.rule.name}" (${r.rule.source}): ${why.join("; ")}`;
            });
            report(`${acl} has no effective per-IP rate limit: ${reasons.join(" | ")}`, view.acl.urn);
        }
    },
});
