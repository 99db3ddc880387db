/**
 * A web ACL tagged as a model API's guard (ai-guardrails:model-api=true, as ModelApiEdge tags it)
 * is reviewed in whatever stack defines it: an edge stack whose API lives in another stack gets its
 * managed rule groups, rate limit and prompt-injection rules judged; an untagged ACL there is not.
 */
import * as assert from "assert";
import { MODEL_API_WEB_ACL_TAG } from "../../../../policypack/controls/waf";
import { wafModelApiProtected } from "../../../../policypack/rules/edge/waf-model-api-protected";
import { wafPromptInjection } from "../../../../policypack/rules/edge/waf-prompt-injection";
import { wafRateLimit } from "../../../../policypack/rules/edge/waf-rate-limit";
import { messages, runStackRule } from "../../../helpers/policy-harness";
import { compliantRules, webAcl } from "./fixtures";

const tagged = (rules: Record<string, any>[]) => webAcl({ rules, tags: { [MODEL_API_WEB_ACL_TAG]: "true" } });

describe("web ACLs tagged as a model API's guard, without the API in the stack", () => {
    for (const rule of [wafModelApiProtected, wafPromptInjection, wafRateLimit]) {
        it(`${rule.name}: passes a compliant tagged ACL and ignores an untagged one`, async () => {
            assert.deepStrictEqual((await runStackRule(rule, [tagged(compliantRules())])).violations, []);
            assert.ok((await runStackRule(rule, [webAcl({ rules: [] })])).notApplicable);
        });

        it(`${rule.name}: reviews a tagged ACL with no rules`, async () => {
            const out = await runStackRule(rule, [tagged([])]);
            assert.ok(out.violations.length > 0, rule.name);
            assert.match(messages(out)[0], /model-api-acl/);
        });
    }
});
