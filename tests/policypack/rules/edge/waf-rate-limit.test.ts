import * as assert from "assert";
import { wafRateLimit } from "../../../../policypack/rules/edge/waf-rate-limit";
import { T } from "../../../../policypack/lib/types";
import { FakeResource, messages, runStackRule, UNKNOWN } from "../../../helpers/policy-harness";
import { ACL_ARN, allowRule, compliantRules, injectionRule, modelApi, rateRule, sizeRule, toApiJson, webAcl } from "./fixtures";

const run = (resources: FakeResource[], config?: Record<string, unknown>) => runStackRule(wafRateLimit, resources, { config });
const withRules = (rules: unknown[]) => [...modelApi(), webAcl({ rules })];
const others = () => [sizeRule(), injectionRule()];

describe("waf-rate-limit", () => {
    it("passes a blocking per-IP rate-based rule within the limit", async () => {
        const out = await run(withRules(compliantRules()));
        assert.deepStrictEqual(out.violations, []);
    });

    it("reads a rate rule written only in ruleJson (API JSON)", async () => {
        const out = await run([...modelApi(), webAcl({ ruleJson: JSON.stringify(toApiJson([rateRule()])) })]);
        assert.deepStrictEqual(out.violations, []);
    });

    it("reads a rate rule declared as a separate WebAclRule resource", async () => {
        const rule = rateRule();
        const separate: FakeResource = { type: T.webAclRule, name: "rate", props: { ...rule, webAclArn: ACL_ARN } };
        assert.deepStrictEqual((await run([...withRules(others()), separate])).violations, []);
    });

    it("flags a web ACL with no rate-based rule in rules, ruleJson or WebAclRule resources", async () => {
        const out = await run(withRules(others()));
        assert.match(messages(out)[0], /web ACL "model-api-acl" has no rate-based rule/);
    });

    it("flags a rate rule that only counts", async () => {
        const out = await run(withRules([rateRule((r) => (r.action = { count: {} })), ...others()]));
        assert.match(messages(out)[0], /its action is count, not block/);
    });

    it("flags a rate rule that does not aggregate per client IP", async () => {
        const byHeader = rateRule((r) => {
            r.statement.rateBasedStatement = { aggregateKeyType: "CUSTOM_KEYS", limit: 300, customKeys: [{ header: { name: "x-tenant", textTransformations: [{ priority: 0, type: "NONE" }] } }] };
        });
        assert.match(messages(await run(withRules([byHeader])))[0], /aggregates by CUSTOM_KEYS, not per client IP/);

        const withIp = rateRule((r) => {
            r.statement.rateBasedStatement = { aggregateKeyType: "CUSTOM_KEYS", limit: 300, customKeys: [{ ip: {} }, { header: { name: "x-tenant", textTransformations: [{ priority: 0, type: "NONE" }] } }] };
        });
        assert.deepStrictEqual((await run(withRules([withIp]))).violations, []);
    });

    it("flags a limit above the configured rate, normalised to 5 minutes", async () => {
        const high = rateRule((r) => (r.statement.rateBasedStatement.limit = 10000));
        assert.match(messages(await run(withRules([high])))[0], /allows 10000 requests per 5 minutes, above 2000/);

        const perMinute = rateRule((r) => Object.assign(r.statement.rateBasedStatement, { limit: 1000, evaluationWindowSec: 60 }));
        assert.match(messages(await run(withRules([perMinute])))[0], /allows 5000 requests per 5 minutes/);
        assert.deepStrictEqual((await run(withRules([perMinute]), { maxRequestsPer5Minutes: 5000 })).violations, []);
    });

    it("flags a rate rule placed after an allow rule (in rules or ruleJson), whose requests are never counted", async () => {
        const out = await run(withRules([allowRule(0), ...compliantRules()]));
        assert.match(messages(out)[0], /rule "rate-per-ip" \(rules\[1\]\): allow rule "allow-partner-ips" \(rules\[0\], priority 0\) comes first/);
        const json = await run([...modelApi(), webAcl({ ruleJson: JSON.stringify(toApiJson([allowRule(0), rateRule()])) })]);
        assert.match(messages(json)[0], /allow rule "allow-partner-ips" \(ruleJson\[0\], priority 0\) comes first/);
        // An allow rule evaluated after the rate rule does not weaken it.
        assert.deepStrictEqual((await run(withRules([allowRule(50), ...compliantRules()]))).violations, []);
    });

    it("says so when a limit is not a number", async () => {
        const out = await run(withRules([rateRule((r) => (r.statement.rateBasedStatement.limit = "lots"))]));
        assert.match(messages(out)[0], /its limit \("lots"\) or evaluation window is not a number/);
    });

    it("checks only web ACLs of model APIs unless the scope is all", async () => {
        const standalone = [webAcl({ rules: others() }, "website-acl")];
        assert.strictEqual((await run(standalone)).notApplicable, "no web ACL guards an API that fronts Bedrock");
        assert.match(messages(await run(standalone, { scope: "all" }))[0], /web ACL "website-acl" has no rate-based rule/);
    });

    it("reports a preview-time unknown limit as not runnable, without a violation", async () => {
        const out = await run(withRules([rateRule((r) => (r.statement.rateBasedStatement.limit = UNKNOWN))]));
        assert.deepStrictEqual(out.violations, []);
        assert.match(out.previewUnknown ?? "", /can't run policy 'waf-rate-limit' during preview/);
    });

    it("reports odd input without crashing: malformed ruleJson, non-object rules, a rule without a statement", async () => {
        const out = await run([...modelApi(), webAcl({ rules: [null, { name: "empty" }], ruleJson: "[{" })]);
        const text = messages(out).join("\n");
        assert.match(text, /rules\[0\] is not a rule object/);
        assert.match(text, /rules\[1\] has no statement/);
        assert.match(text, /ruleJson is not valid JSON/);
        assert.match(text, /has no rate-based rule/);
        assert.match(messages(await run([...modelApi(), webAcl({ ruleJson: JSON.stringify({ Name: "x" }) })])).join("\n"), /ruleJson must be a JSON list of rules/);
    });
});
