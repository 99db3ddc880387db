import * as assert from "assert";
import { bodyInspectionConfig, metricName, wafLogRedactedFields, wafRules, WafRulesArgs } from "../../../components/edge/wafRules";
import {
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_PROMPT_INJECTION_PATTERNS,
    DEFAULT_PROMPT_INJECTION_PHRASES,
    DEFAULT_RATE_LIMIT,
    DEFAULT_RATE_LIMIT_WINDOW_SEC,
    MANAGED_BODY_SIZE_RULE,
    MAX_INSPECTABLE_BODY_BYTES,
    PER_IP_AGGREGATE_KEYS,
    REQUIRED_MANAGED_RULE_GROUPS,
} from "../../../policypack/controls/waf";
import { edgeRules } from "../../../policypack/rules/edge";
import { messages, runStackRule } from "../../helpers/policy-harness";
import { modelApi, regexSet, SET_ARN, webAcl } from "../../policypack/rules/edge/fixtures";

const DEFAULTS: WafRulesArgs = {
    name: "model-api",
    rateLimit: DEFAULT_RATE_LIMIT,
    rateLimitWindowSec: DEFAULT_RATE_LIMIT_WINDOW_SEC,
    injectionPhrases: DEFAULT_PROMPT_INJECTION_PHRASES,
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    injectionPatternSetArn: SET_ARN,
};
const rules = (change: Partial<WafRulesArgs> = {}) => wafRules({ ...DEFAULTS, ...change }) as any[];
const named = (all: any[], name: string) => all.find((r) => r.name === name);

describe("wafRules", () => {
    it("orders its own blocking rules before the managed groups, each with its own metric", () => {
        const all = rules();
        assert.deepStrictEqual(
            all.map((r) => [r.name, r.priority]),
            [
                ["rate-limit-per-ip", 0],
                ["body-size-limit", 1],
                ["prompt-injection-phrases", 2],
                ["prompt-injection-patterns", 3],
                ...REQUIRED_MANAGED_RULE_GROUPS.map((g, i) => [g.name, 10 + i]),
            ],
        );
        assert.ok(all.slice(0, 4).every((r) => JSON.stringify(r.action) === '{"block":{}}' && r.overrideAction === undefined));
        assert.ok(all.slice(4).every((r) => JSON.stringify(r.overrideAction) === '{"none":{}}' && r.action === undefined));
        const metrics = all.map((r) => r.visibilityConfig.metricName);
        assert.strictEqual(new Set(metrics).size, metrics.length);
        assert.ok(metrics.every((m) => m.startsWith("model-api-")));
    });

    it("limits the rate per client IP with the configured limit and window", () => {
        const rate = named(rules({ rateLimit: 120, rateLimitWindowSec: 60 }), "rate-limit-per-ip").statement.rateBasedStatement;
        assert.deepStrictEqual(rate, { aggregateKeyType: "IP", limit: 120, evaluationWindowSec: 60 });
        assert.ok(PER_IP_AGGREGATE_KEYS.includes(rate.aggregateKeyType));
    });

    it("refuses bodies larger than maxBodyBytes, counting an oversized body as a match", () => {
        const size = named(rules({ maxBodyBytes: 4000 }), "body-size-limit").statement.sizeConstraintStatement;
        assert.deepStrictEqual([size.comparisonOperator, size.size, size.fieldToMatch], ["GT", 4000, { body: { oversizeHandling: "MATCH" } }]);
    });

    it("matches each phrase in the lower-cased, space-compressed body; one phrase needs no OR", () => {
        const phrases = named(rules(), "prompt-injection-phrases").statement.orStatement.statements;
        assert.deepStrictEqual(
            phrases.map((s: any) => s.byteMatchStatement.searchString),
            [...DEFAULT_PROMPT_INJECTION_PHRASES],
        );
        for (const s of phrases) {
            assert.deepStrictEqual(s.byteMatchStatement.textTransformations, [
                { priority: 0, type: "LOWERCASE" },
                { priority: 1, type: "COMPRESS_WHITE_SPACE" },
            ]);
        }
        const single = named(rules({ injectionPhrases: ["ignore previous instructions"] }), "prompt-injection-phrases").statement;
        assert.strictEqual(single.byteMatchStatement.searchString, "ignore previous instructions");
    });

    it("references the pattern set when there is one, and has no pattern rule without it", () => {
        assert.strictEqual(named(rules(), "prompt-injection-patterns").statement.regexPatternSetReferenceStatement.arn, SET_ARN);
        assert.strictEqual(named(rules({ injectionPatternSetArn: undefined }), "prompt-injection-patterns"), undefined);
    });

    it("lets the common rule set's 8 KB body rule only count when larger bodies are allowed", () => {
        const common = (maxBodyBytes: number) => named(rules({ maxBodyBytes }), MANAGED_BODY_SIZE_RULE.group).statement.managedRuleGroupStatement;
        assert.strictEqual(common(MANAGED_BODY_SIZE_RULE.limitBytes).ruleActionOverrides, undefined);
        assert.deepStrictEqual(common(MANAGED_BODY_SIZE_RULE.limitBytes + 1).ruleActionOverrides, [{ name: MANAGED_BODY_SIZE_RULE.rule, actionToUse: { count: {} } }]);
    });

    it("raises API Gateway's body inspection limit only when a body may exceed 16 KB", () => {
        assert.strictEqual(bodyInspectionConfig(DEFAULT_MAX_BODY_BYTES), undefined);
        const limit = (bytes: number) => (bodyInspectionConfig(bytes) as any).requestBodies[0].apiGateway.defaultSizeInspectionLimit;
        assert.strictEqual(limit(DEFAULT_MAX_BODY_BYTES + 1), "KB_32");
        assert.strictEqual(limit(MAX_INSPECTABLE_BODY_BYTES), "KB_64");
        assert.throws(() => bodyInspectionConfig(MAX_INSPECTABLE_BODY_BYTES + 1), /cannot inspect/);
    });

    it("redacts the credentials headers and names metrics as CloudWatch allows", () => {
        assert.deepStrictEqual(wafLogRedactedFields(), [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "x-api-key" } }]);
        assert.strictEqual(metricName("ai model.api/waf"), "ai-model-api-waf");
    });

    it("satisfies every edge rule as the web ACL of a model API, with the default and with larger bodies", async () => {
        for (const maxBodyBytes of [DEFAULT_MAX_BODY_BYTES, 30000]) {
            const acl = webAcl({ rules: rules({ maxBodyBytes }), associationConfig: bodyInspectionConfig(maxBodyBytes) });
            for (const rule of edgeRules) {
                const out = await runStackRule(rule, [...modelApi(), acl, regexSet(DEFAULT_PROMPT_INJECTION_PATTERNS)]);
                assert.deepStrictEqual(messages(out), [], `${rule.name}, maxBodyBytes ${maxBodyBytes}`);
            }
        }
        // The same check notices a weakened ACL: a rate far above what the rule accepts.
        const loose = webAcl({ rules: rules({ rateLimit: 100000 }) });
        const flagged = await runStackRule(edgeRules.find((r) => r.name === "waf-rate-limit")!, [...modelApi(), loose, regexSet()]);
        assert.strictEqual(messages(flagged).length, 1);
    });
});
