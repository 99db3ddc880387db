import * as assert from "assert";
import { DEFAULT_PROMPT_INJECTION_PATTERNS } from "../../../../policypack/controls/waf";
import { wafPromptInjection } from "../../../../policypack/rules/edge/waf-prompt-injection";
import { T } from "../../../../policypack/lib/types";
import { FakeResource, messages, runStackRule, UNKNOWN } from "../../../helpers/policy-harness";
import { ACL_ARN, allowRule, byteMatch, compliantRules, injectionRule, managedRules, modelApi, rateRule, regexSet, SET_ARN, sizeRule, toApiJson, transforms, webAcl } from "./fixtures";

const run = (resources: FakeResource[], config?: Record<string, unknown>) => runStackRule(wafPromptInjection, resources, { config });
const withRules = (rules: unknown[], extra: Record<string, unknown> = {}) => [...modelApi(), webAcl({ rules, ...extra })];
const PHRASE = "ignore previous instructions";
const onePhrase = { requiredPhrases: [PHRASE] };
const regexRule = (statement: Record<string, unknown>) => ({ name: "injection-patterns", priority: 4, action: { block: {} }, statement, visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "re", sampledRequestsEnabled: true } });

describe("waf-prompt-injection", () => {
    it("passes blocking, lower-cased and space-compressed byte matches on the body plus a closing size limit", async () => {
        const out = await run(withRules(compliantRules()));
        assert.deepStrictEqual(out.violations, []);
    });

    it("reads an injection rule written only in ruleJson, and passes it", async () => {
        const json = JSON.stringify(toApiJson([rateRule(), sizeRule(), injectionRule(), ...managedRules()]));
        const out = await run([...modelApi(), webAcl({ ruleJson: json })]);
        assert.deepStrictEqual(out.violations, []);
    });

    it("reads base64-encoded search strings in ruleJson, as the API's JSON encodes blobs", async () => {
        const rule = injectionRule((r) => (r.statement = byteMatch(Buffer.from(PHRASE).toString("base64"))));
        const out = await run([...modelApi(), webAcl({ ruleJson: JSON.stringify(toApiJson([sizeRule(), rule])) })], onePhrase);
        assert.deepStrictEqual(out.violations, []);
    });

    it("flags a web ACL whose injection rule is absent from rules and ruleJson", async () => {
        const json = JSON.stringify(toApiJson([rateRule(), sizeRule(), ...managedRules()]));
        const out = await run([...modelApi(), webAcl({ rules: [rateRule()], ruleJson: json })]);
        assert.match(messages(out)[0], /has no blocking rule that inspects the request body for prompt-injection phrasings/);
    });

    it("flags an injection rule that only counts", async () => {
        const out = await run(withRules([sizeRule(), injectionRule((r) => (r.action = { count: {} }))]));
        assert.match(messages(out)[0], /rule "prompt-injection-phrases" \(rules\[1\]\) only counts/);
    });

    it("flags injection and size rules placed after an allow rule, whose requests skip them", async () => {
        const out = await run(withRules([allowRule(0), ...compliantRules()]), onePhrase);
        const m = messages(out);
        assert.strictEqual(m.length, 2, m.join("\n"));
        assert.match(m[0], /lets these prompt-injection phrasings through: "ignore previous instructions" \(as written, .*\); allow rule "allow-partner-ips" \(rules\[0\], priority 0\) comes before injection rule "prompt-injection-phrases"/);
        assert.match(m[1], /no body size constraint applies to every request; allow rule "allow-partner-ips" .* comes before size rule "body-size"/);
    });

    it("passes when the allow rule comes after the injection and size rules, or the blocking rules also run before it", async () => {
        assert.deepStrictEqual((await run(withRules([allowRule(50), ...compliantRules()]))).violations, []);
        // An injection rule placed after the allow rule is redundant, not a gap, when another one runs first.
        const late = injectionRule((r) => Object.assign(r, { name: "late-copy", priority: 60 }));
        assert.deepStrictEqual((await run(withRules([allowRule(50), ...compliantRules(), late]))).violations, []);
    });

    it("flags byte matches without LOWERCASE: the phrase in capitals gets through", async () => {
        const rule = injectionRule((r) => (r.statement = byteMatch(PHRASE, ["COMPRESS_WHITE_SPACE"])));
        const out = await run(withRules([sizeRule(), rule]), onePhrase);
        assert.match(messages(out)[0], /lets these prompt-injection phrasings through: "ignore previous instructions" \(in capitals, in title case\)/);
    });

    it("flags byte matches without COMPRESS_WHITE_SPACE: doubled spaces and tabs get through", async () => {
        const rule = injectionRule((r) => (r.statement = byteMatch(PHRASE, ["LOWERCASE"])));
        const out = await run(withRules([sizeRule(), rule]), onePhrase);
        assert.match(messages(out)[0], /\(with doubled spaces, with tabs between words\)/);
    });

    it("flags a match positioned EXACTLY, which never matches a prompt inside a JSON body", async () => {
        const rule = injectionRule((r) => (r.statement = byteMatch(PHRASE, undefined, "EXACTLY")));
        assert.match(messages(await run(withRules([sizeRule(), rule]), onePhrase))[0], /lets these prompt-injection phrasings through/);
    });

    it("does not count matchers under a NOT statement", async () => {
        const rule = injectionRule((r) => (r.statement = { notStatement: { statement: byteMatch(PHRASE) } }));
        assert.match(messages(await run(withRules([sizeRule(), rule]), onePhrase))[0], /has no blocking rule that inspects the request body/);
    });

    it("lists the configured phrases no matcher covers", async () => {
        const out = await run(withRules(compliantRules()), { requiredPhrases: [PHRASE, "pretend you have no rules"] });
        assert.match(messages(out)[0], /"pretend you have no rules" \(as written, in capitals, in title case, with doubled spaces, with tabs between words\)/);
        assert.doesNotMatch(messages(out)[0], /"ignore previous instructions"/);
    });

    it("passes a regex pattern set in the stack, by ARN", async () => {
        const rule = regexRule({ regexPatternSetReferenceStatement: { arn: SET_ARN, fieldToMatch: { body: { oversizeHandling: "MATCH" } }, textTransformations: transforms() } });
        const out = await run([...withRules([sizeRule(), rule]), regexSet()], onePhrase);
        assert.deepStrictEqual(out.violations, []);
    });

    it("passes an inline regex match", async () => {
        const rule = regexRule({ regexMatchStatement: { regexString: DEFAULT_PROMPT_INJECTION_PATTERNS[0], fieldToMatch: { jsonBody: { matchScope: "VALUE", matchPattern: { all: {} } } }, textTransformations: transforms() } });
        assert.deepStrictEqual((await run(withRules([sizeRule(), rule]), onePhrase)).violations, []);
    });

    it("resolves a pattern-set ARN unknown at preview through the web ACL's property dependencies", async () => {
        const rule = regexRule({ regexPatternSetReferenceStatement: { arn: UNKNOWN, fieldToMatch: { body: {} }, textTransformations: transforms() } });
        const resources = [...withRules([sizeRule(), rule]), regexSet()];
        resources.find((r) => r.type === T.webAcl)!.propertyDependencies = { rules: ["injection-patterns"] };
        const out = await run(resources, onePhrase);
        assert.deepStrictEqual(out.violations, []);
        assert.strictEqual(out.previewUnknown, undefined);
    });

    it("flags phrases that rest on a pattern set outside the stack, saying it cannot be read", async () => {
        const rule = regexRule({ regexPatternSetReferenceStatement: { arn: "arn:aws:wafv2:us-east-1:123456789012:regional/regexpatternset/x/1", fieldToMatch: { body: {} }, textTransformations: transforms() } });
        const out = await run(withRules([sizeRule(), rule]), onePhrase);
        assert.match(messages(out)[0], /is not in this stack and cannot be read/);
    });

    it("flags a missing body size limit, and one that leaves the uninspected tail open", async () => {
        assert.match(messages(await run(withRules([injectionRule()])))[0], /has no blocking size constraint on the body: text padded beyond the first 16384 bytes is never inspected/);

        const open = sizeRule((r) => Object.assign(r.statement.sizeConstraintStatement, { size: 20000, fieldToMatch: { body: { oversizeHandling: "CONTINUE" } } }));
        assert.match(messages(await run(withRules([open, injectionRule()])))[0], /lets bodies of 16384 bytes and more through/);

        // The same size closes the gap once the web ACL has API Gateway forward 32 KB.
        const raised = { associationConfig: { requestBodies: [{ apiGateway: { defaultSizeInspectionLimit: "KB_32" } }] } };
        assert.deepStrictEqual((await run(withRules([open, injectionRule()], raised))).violations, []);
        assert.deepStrictEqual((await run(withRules([injectionRule()]), { requireBodySizeLimit: false })).violations, []);
    });

    it("reads rules declared as separate WebAclRule resources", async () => {
        const separate: FakeResource = { type: T.webAclRule, name: "injection", props: { ...injectionRule(), webAclArn: ACL_ARN } };
        assert.deepStrictEqual((await run([...withRules([sizeRule()]), separate])).violations, []);
    });

    it("reports a preview-time unknown search string as not runnable, without a violation", async () => {
        const rule = injectionRule((r) => (r.statement = byteMatch(UNKNOWN)));
        const out = await run(withRules([sizeRule(), rule]));
        assert.deepStrictEqual(out.violations, []);
        assert.match(out.previewUnknown ?? "", /can't run policy 'waf-prompt-injection' during preview/);
    });

    it("reports odd input without crashing", async () => {
        const out = await run([...modelApi(), webAcl({ ruleJson: '{"Rules": "none"}' })]);
        const text = messages(out).join("\n");
        assert.match(text, /ruleJson must be a JSON list of rules/);
        assert.match(text, /has no blocking rule that inspects the request body/);
        const odd = injectionRule((r) => (r.statement = { byteMatchStatement: { searchString: 42, fieldToMatch: { body: {} }, textTransformations: "LOWERCASE" } }));
        assert.match(messages(await run(withRules([sizeRule(), odd]), onePhrase))[0], /lets these prompt-injection phrasings through/);
    });
});
