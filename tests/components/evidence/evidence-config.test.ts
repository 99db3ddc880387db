import * as assert from "assert";
import { loadStackConfig } from "../../../components/config";
import { DEFAULT_DATA_EVENT_TYPES } from "../../../policypack/controls/cloudtrail";
import { configProblems, stackConfigWith } from "../../helpers/config";

/** The prod settings with keys replaced (objects as YAML would arrive: JSON strings). */
function load(overrides: Record<string, unknown>) {
    return loadStackConfig(stackConfigWith("prod", overrides));
}

function problemsOf(overrides: Record<string, unknown>): string[] {
    return configProblems(stackConfigWith("prod", overrides));
}

describe("ai-guardrails:evidence config", () => {
    it("defaults to a trail with every AI data-event type, seven-year retention and no subscriptions", () => {
        const c = load({ "ai-guardrails:evidence": undefined });
        assert.deepStrictEqual(c.evidence.trail, { dataEventTypes: [...DEFAULT_DATA_EVENT_TYPES], logRetentionDays: 365, expirationDays: 2557, noncurrentVersionExpirationDays: 365 });
        assert.deepStrictEqual(c.evidence.monitoring, { alarmSubscriptions: [], periodSeconds: 300, tokenSpikeThreshold: 2000000, guardrailInterventionThreshold: 100, invocationErrorThreshold: 25 });
    });

    it("reads the prod settings: compliance-mode object lock and two subscriptions", () => {
        const c = load({});
        assert.deepStrictEqual(c.evidence.trail.objectLock, { mode: "COMPLIANCE", days: 365 });
        assert.deepStrictEqual(c.evidence.monitoring.alarmSubscriptions.map((s) => s.protocol), ["email", "https"]);
    });

    it("refuses to drop a required data-event type, naming it", () => {
        const problems = problemsOf({ "ai-guardrails:evidence": { trail: { dataEventTypes: ["AWS::Bedrock::Model"] } } });
        assert.strictEqual(problems.length, 1);
        assert.match(problems[0], /^ai-guardrails:evidence\.trail\.dataEventTypes = \["AWS::Bedrock::Model"\]: must include the required AI data-event types; missing AWS::Bedrock::AgentAlias/);
    });

    it("refuses a basic-selector type and a misspelt type", () => {
        const problems = problemsOf({ "ai-guardrails:evidence": { trail: { dataEventTypes: ["AWS::S3::Object", "AWS::Bedrock::Models"] } } });
        assert.ok(problems.some((p) => p.startsWith("ai-guardrails:evidence.trail.dataEventTypes[0] = \"AWS::S3::Object\"")), problems.join("\n"));
        assert.ok(problems.some((p) => p.startsWith("ai-guardrails:evidence.trail.dataEventTypes[1]")), problems.join("\n"));
    });

    it("refuses a retention CloudWatch does not offer and an object lock longer than the files live", () => {
        assert.match(problemsOf({ "ai-guardrails:evidence": { trail: { logRetentionDays: 100 } } })[0], /logRetentionDays = 100: expected one of CloudWatch's retention periods/);
        const lock = problemsOf({ "ai-guardrails:evidence": { trail: { expirationDays: 30, objectLock: { mode: "COMPLIANCE", days: 365 } } } });
        assert.match(lock[0], /^ai-guardrails:evidence\.trail\.objectLock\.days = 365: must not exceed expirationDays \(30\)/);
        assert.match(problemsOf({ "ai-guardrails:evidence": { trail: { objectLock: { mode: "STRICT", days: 1 } } } })[0], /objectLock\.mode = "STRICT"/);
    });

    it("refuses malformed subscriptions and thresholds", () => {
        const bad = problemsOf({
            "ai-guardrails:evidence": {
                monitoring: {
                    alarmSubscriptions: [{ protocol: "email", endpoint: "not-an-address" }, { protocol: "https", endpoint: "http://insecure.example.com" }, { protocol: "sms", endpoint: "+15550100" }],
                    tokenSpikeThreshold: 0,
                    periodSeconds: 120,
                },
            },
        });
        for (const key of ["alarmSubscriptions[0].endpoint", "alarmSubscriptions[1].endpoint", "alarmSubscriptions[2].protocol", "tokenSpikeThreshold", "periodSeconds"]) {
            assert.ok(bad.some((p) => p.startsWith(`ai-guardrails:evidence.monitoring.${key}`)), `${key}:\n${bad.join("\n")}`);
        }
    });

    it("rejects unknown keys", () => {
        assert.match(problemsOf({ "ai-guardrails:evidence": { trail: { enableLogging: false } } })[0], /^ai-guardrails:evidence\.trail\.enableLogging = false: unknown key/);
    });
});
