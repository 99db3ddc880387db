import {
    BODY_INSPECTION_LIMITS,
    DEFAULT_BODY_INSPECTION_LIMIT_BYTES,
    DEFAULT_PROMPT_INJECTION_PHRASES,
} from "../../controls/waf";
import { StackIndex } from "../../lib/stack-index";
import { AclScope, aclScopeSchema, aclsInScope } from "../../lib/model-api";
import { stackRule } from "../../lib/rule";
import { T } from "../../lib/types";
import { apiGatewayInspectionLimit, BodyMatcher, bodyMatchers, bodySizeLimits, patternSetRegexes, sizeLimitCloses } from "../../lib/waf/analysis";
import { matcherBlocks, phraseVariants } from "../../lib/waf/matching";
import { allowRulesBefore, describeAllowRules, positiveStatements, WafRule } from "../../lib/waf/rules";

interface Config {
    requiredPhrases: string[];
    requireBodySizeLimit: boolean;
    scope: AclScope;
}

export const wafPromptInjection = stackRule<Config>({
    name: "waf-prompt-injection",
    id: "AIG-EDGE-3",
    layer: "edge",
    severity: "high",
    displayName: "WAF blocks prompt-injection phrasings",
    frameworks: { owaspLlm: ["LLM01"], awsAisf: ["AISF-INFRA-03"] },
    description:
        "The web ACL of a model API blocks request bodies carrying known prompt-injection phrasings, whatever their case or spacing, and " +
        "blocks bodies larger than what WAF inspects.",
    explanation:
        "The guardrail's prompt-attack filter is probabilistic and runs after the request is paid for. Blocking the well-known phrasings " +
        "at the edge is cheap and deterministic, but only if the match survives upper case and extra spaces (LOWERCASE and " +
        "COMPRESS_WHITE_SPACE transformations) and if the body cannot be padded past the part WAF inspects (16 KB by default for API " +
        "Gateway). A blocking rule placed after a rule that allows requests outright is skipped by those requests. Rules may sit in " +
        "`rules`, in `ruleJson` or in WebAclRule resources: all three are read.",
    seedControl: "WAF prompt-injection body rules in front of the model API",
    peers: [],
    remediation:
        "Add a blocking rule whose statement inspects fieldToMatch.body with byte matches (CONTAINS, text transformations LOWERCASE and " +
        "COMPRESS_WHITE_SPACE) or a regex pattern set for the phrasings, and a blocking sizeConstraintStatement on the body (GT a size " +
        "below the inspection limit, or oversizeHandling MATCH); the ModelApiEdge component does both.",
    configSchema: {
        properties: {
            requiredPhrases: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: [...DEFAULT_PROMPT_INJECTION_PHRASES],
                description: "Phrasings (lower case) that must be blocked in every case and spacing.",
            },
            requireBodySizeLimit: {
                type: "boolean",
                default: true,
                description: "Require a blocking size constraint that closes the uninspected tail of large bodies.",
            },
            scope: aclScopeSchema,
        },
    },
    validateStack: ({ resources, notApplicable }, { config, report }) => {
        const views = aclsInScope(resources, config.scope);
        if (views.length === 0) {
            notApplicable(config.scope === "all" ? "no web ACL in the stack" : "no web ACL guards an API that fronts Bedrock");
        }
        // Regex pattern sets by ARN, the first in stack order for an ARN written twice.
        const patternSets = StackIndex.of(resources).keyIndex([T.regexPatternSet], ["arn"]);
        for (const view of views) {
            const acl = `web ACL "${view.acl.name}"`;
            for (const problem of view.problems) {
                report(`${acl}: ${problem}`, view.acl.urn);
            }
            const unreadable = new Set<string>();
            const patternsOf = (m: BodyMatcher): string[] => {
                if (m.setCandidates) {
                    return m.setCandidates.flatMap(patternSetRegexes);
                }
                const set = m.setArn ? patternSets.lookupInOrder([m.setArn])[0] : undefined;
                if (!set) {
                    unreadable.add(m.setArn ?? "");
                    return [];
                }
                return patternSetRegexes(set);
            };
            // A body rule WAF reaches only after an Allow rule is skipped by every request that rule allows.
            const preceded = (rule: WafRule) => allowRulesBefore(view.rules, rule);
            const allMatchers = bodyMatchers(view);
            const matchers = allMatchers.filter((m) => preceded(m.rule).length === 0);
            const shadowed = [...new Set(allMatchers.filter((m) => !matchers.includes(m)).map((m) => m.rule))];
            const shadowNote = (rules: readonly WafRule[], what: string) =>
                rules.map((r) => `; ${describeAllowRules(preceded(r))} comes before ${what} "${r.name}" (${r.source}), so the requests it allows skip it`).join("");
            if (allMatchers.length === 0) {
                const counting = view.rules.filter((r) => r.action !== "block" && positiveStatements(r.statement).some((s) => s.byteMatchStatement || s.regexMatchStatement || s.regexPatternSetReferenceStatement));
                const note = counting.length > 0 ? `; ${counting.map((r) => `rule "${r.name}" (${r.source})`).join(", ")} only ${counting[0].action ?? "match"}s` : "";
                report(`${acl} has no blocking rule that inspects the request body for prompt-injection phrasings (checked rules, ruleJson and WebAclRule resources)${note}`, view.acl.urn);
            } else {
                const gaps: string[] = [];
                for (const phrase of config.requiredPhrases) {
                    const missed = phraseVariants(phrase.toLowerCase()).filter((v) => !matchers.some((m) => matcherBlocks(m, v.text, patternsOf)));
                    if (missed.length > 0) {
                        gaps.push(`"${phrase}" (${missed.map((v) => v.label).join(", ")})`);
                    }
                }
                if (gaps.length > 0) {
                    const note =
                        (unreadable.size > 0 ? `; regex pattern set ${[...unreadable].join(", ")} is not in this stack and cannot be read` : "") + shadowNote(shadowed, "injection rule");
                    report(`${acl} lets these prompt-injection phrasings through: ${gaps.join(", ")}${note}`, view.acl.urn);
                }
            }
            if (config.requireBodySizeLimit) {
                const inspected = apiGatewayInspectionLimit(view.acl, BODY_INSPECTION_LIMITS, DEFAULT_BODY_INSPECTION_LIMIT_BYTES);
                const allLimits = bodySizeLimits(view);
                const limits = allLimits.filter((l) => preceded(l.rule).length === 0);
                const shadowedLimits = [...new Set(allLimits.filter((l) => !limits.includes(l)).map((l) => l.rule))];
                if (allLimits.length === 0) {
                    report(`${acl} has no blocking size constraint on the body: text padded beyond the first ${inspected} bytes is never inspected`, view.acl.urn);
                } else if (limits.length === 0) {
                    report(`${acl}: no body size constraint applies to every request${shadowNote(shadowedLimits, "size rule")}`, view.acl.urn);
                } else if (!limits.some((l) => sizeLimitCloses(l, inspected))) {
                    report(
                        `${acl}: the body size constraint (${limits.map((l) => `${l.comparisonOperator} ${l.size}`).join(", ")}) lets bodies of ${inspected} bytes and more through, ` +
                            `and WAF inspects only the first ${inspected}; lower the size or set oversizeHandling MATCH${shadowNote(shadowedLimits, "size rule")}`,
                        view.acl.urn,
                    );
                }
            }
        }
    },
});
