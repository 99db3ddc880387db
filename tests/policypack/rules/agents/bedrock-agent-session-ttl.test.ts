import * as assert from "assert";
import { bedrockAgentSessionTtl as rule } from "../../../../policypack/rules/agents/bedrock-agent-session-ttl";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { agent } from "./fixtures";

describe("bedrock-agent-session-ttl", () => {
    it("passes a TTL at or under the maximum", async () => {
        for (const ttl of [60, 600, 1800]) {
            const outcome = await runResourceRule(rule, agent((p) => (p.idleSessionTtlInSeconds = ttl)));
            assert.deepStrictEqual(outcome.violations, [], String(ttl));
        }
    });

    it("flags a TTL over the default maximum of 1800 seconds", async () => {
        const outcome = await runResourceRule(rule, agent((p) => (p.idleSessionTtlInSeconds = 3600)));
        assert.deepStrictEqual(messages(outcome), ["idleSessionTtlInSeconds is 3600: at most 1800 seconds is allowed"]);
    });

    it("applies the configured maximum", async () => {
        const outcome = await runResourceRule(rule, agent(), { config: { maxIdleSessionTtlSeconds: 300 } });
        assert.deepStrictEqual(messages(outcome), ["idleSessionTtlInSeconds is 600: at most 300 seconds is allowed"]);
    });

    it("flags an agent that leaves the TTL to the service default", async () => {
        const outcome = await runResourceRule(rule, agent((p) => delete p.idleSessionTtlInSeconds));
        assert.deepStrictEqual(messages(outcome), ["idleSessionTtlInSeconds is not set: set it explicitly to at most 1800 seconds"]);
    });

    it("cannot decide during preview when the TTL is unknown", async () => {
        const outcome = await runResourceRule(rule, agent((p) => (p.idleSessionTtlInSeconds = UNKNOWN)));
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.previewUnknown ?? "", /during preview/);
    });

    it("reports odd input instead of crashing", async () => {
        for (const value of ["600", 600.5, { seconds: 600 }]) {
            const outcome = await runResourceRule(rule, agent((p) => (p.idleSessionTtlInSeconds = value)));
            assert.match(messages(outcome)[0], /is not a whole number of seconds/, JSON.stringify(value));
        }
    });
});
