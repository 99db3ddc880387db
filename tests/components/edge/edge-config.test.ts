import * as assert from "assert";
import { edgeModel } from "../../../components/config/edge";
import { loadStackConfig } from "../../../components/config";
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_PROMPT_INJECTION_PHRASES, DEFAULT_RATE_LIMIT } from "../../../policypack/controls/waf";
import { configProblems } from "../../helpers/config";
import { MODEL } from "../../helpers/fixtures";

const raw = (edge: unknown): Record<string, string> => ({
    "aws:region": "us-east-1",
    "ai-guardrails:environment": "staging",
    "ai-guardrails:accountId": "222222222222",
    "ai-guardrails:models": JSON.stringify({ approved: [MODEL, "amazon.nova-pro-v1:0"] }),
    "ai-guardrails:network": JSON.stringify({ endpoints: { enabled: false } }),
    ...(edge === undefined ? {} : { "ai-guardrails:edge": JSON.stringify(edge) }),
});
const problems = (edge: unknown): string => configProblems(raw(edge)).join("\n");

describe("edge config", () => {
    it("is off by default, with the pack's WAF defaults", () => {
        const config = loadStackConfig(raw(undefined));
        assert.strictEqual(config.edge.enabled, false);
        assert.strictEqual(config.edge.authorization, "AWS_IAM");
        assert.strictEqual(config.edge.waf.rateLimit, DEFAULT_RATE_LIMIT);
        assert.strictEqual(config.edge.waf.maxBodyBytes, DEFAULT_MAX_BODY_BYTES);
        assert.deepStrictEqual(config.edge.waf.injectionPhrases, [...DEFAULT_PROMPT_INJECTION_PHRASES]);
        assert.strictEqual(edgeModel(config), MODEL);
    });

    it("fronts the configured model when it is approved", () => {
        const config = loadStackConfig(raw({ enabled: true, model: "amazon.nova-pro-v1:0" }));
        assert.strictEqual(edgeModel(config), "amazon.nova-pro-v1:0");
    });

    it("names the key, the value and what is allowed for bad values", () => {
        assert.match(problems({ enabled: true, model: "anthropic.claude-3-haiku-20240307-v1:0" }), /ai-guardrails:edge\.model = "anthropic\.claude-3-haiku-20240307-v1:0": not an approved model/);
        assert.match(problems({ authorization: "COGNITO" }), /ai-guardrails:edge\.authorization = "COGNITO"/);
        assert.match(problems({ waf: { rateLimitWindowSec: 30 } }), /ai-guardrails:edge\.waf\.rateLimitWindowSec = 30: expected one of 60, 120, 300, 600/);
        assert.match(problems({ waf: { injectionPhrases: ["Ignore  this"] } }), /write phrases in lower case/);
        assert.match(problems({ waf: { injectionPhrases: ["ignore  this"] } }), /no leading, trailing or repeated white space/);
        assert.match(problems({ waf: { injectionPatterns: ["(ignore) all"] } }), /does not support capturing groups/);
        assert.match(problems({ waf: { injectionPatterns: ["(?:unclosed"] } }), /not a valid regular expression/);
        assert.match(problems({ waf: { maxBodyBytes: 100000 } }), /ai-guardrails:edge\.waf\.maxBodyBytes = 100000/);
        assert.match(problems({ logRetentionDays: 42 }), /expected one of CloudWatch's retention periods/);
        assert.match(problems({ enable: true }), /ai-guardrails:edge\.enable = true: unknown key/);
    });
});
