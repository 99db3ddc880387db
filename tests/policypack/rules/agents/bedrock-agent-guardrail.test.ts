import * as assert from "assert";
import { bedrockAgentGuardrail as rule } from "../../../../policypack/rules/agents/bedrock-agent-guardrail";
import { T } from "../../../../policypack/lib/types";
import { FakeResource, messages, RunOptions, runStackRule, UNKNOWN } from "../../../helpers/policy-harness";
import { agent } from "./fixtures";

const run = (resource: FakeResource, options?: RunOptions, others: FakeResource[] = []) => runStackRule(rule, [...others, resource], options);

/** What a program creates beside the agent: the guardrail, and a version published from it. */
const guardrail: FakeResource = { type: T.guardrail, name: "baseline", props: { name: "baseline", version: UNKNOWN, guardrailArn: UNKNOWN, guardrailId: UNKNOWN } };
const published: FakeResource = { type: T.guardrailVersion, name: "baseline-version", props: { guardrailArn: UNKNOWN, version: UNKNOWN }, propertyDependencies: { guardrailArn: ["baseline"] } };

/** The agent at a first preview, its guardrail configuration taken from `sources`. */
function atPreview(sources: string[], configurations: unknown = [{ guardrailIdentifier: UNKNOWN, guardrailVersion: UNKNOWN }]): FakeResource {
    return { ...agent((p) => (p.guardrailConfigurations = configurations)), propertyDependencies: { guardrailConfigurations: sources } };
}

describe("bedrock-agent-guardrail", () => {
    it("passes an agent with a guardrail pinned to a published version", async () => {
        const outcome = await run(agent());
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("does not apply to a stack without agents", async () => {
        const outcome = await run({ type: "aws:s3/bucket:Bucket", name: "b", props: {} });
        assert.match(outcome.notApplicable ?? "", /no Bedrock agent/);
    });

    it("flags an agent without guardrailConfigurations", async () => {
        for (const value of [undefined, []]) {
            const outcome = await run(agent((p) => (p.guardrailConfigurations = value)));
            assert.deepStrictEqual(messages(outcome), ["guardrailConfigurations is not set: the agent's conversations and tool results pass no guardrail"]);
        }
    });

    it("flags an agent whose guardrail is DRAFT", async () => {
        const outcome = await run(agent((p) => (p.guardrailConfigurations[0].guardrailVersion = "DRAFT")));
        assert.deepStrictEqual(messages(outcome), [
            'guardrailConfigurations.guardrailVersion is "DRAFT": pin a published numeric version, not DRAFT, so the guardrail cannot change under the agent',
        ]);
    });

    it("flags a missing version and an empty identifier", async () => {
        const outcome = await run(agent((p) => (p.guardrailConfigurations = [{ guardrailIdentifier: "" }])));
        assert.deepStrictEqual(messages(outcome), [
            "guardrailConfigurations.guardrailIdentifier is empty: the agent names no guardrail",
            "guardrailConfigurations.guardrailVersion is not set: pin a published version",
        ]);
    });

    it("flags a guardrail that is not approved, matching IDs and ARNs alike", async () => {
        const config = { approvedGuardrails: ["arn:aws:bedrock:us-east-1:123456789012:guardrail/approved1234"] };
        const outcome = await run(agent(), { config });
        assert.match(messages(outcome)[0], /guardrailIdentifier abc123def456 is not an approved guardrail/);
        const approved = await run(agent((p) => (p.guardrailConfigurations[0].guardrailIdentifier = "approved1234")), { config });
        assert.deepStrictEqual(approved.violations, []);
    });

    it("accepts an identifier unknown at preview (a guardrail the stack creates) but cannot decide an unknown version from nowhere", async () => {
        const id = await run(agent((p) => (p.guardrailConfigurations[0].guardrailIdentifier = UNKNOWN)));
        assert.deepStrictEqual(id.violations, []);
        assert.strictEqual(id.previewUnknown, undefined);
        const version = await run(agent((p) => (p.guardrailConfigurations[0].guardrailVersion = UNKNOWN)));
        assert.deepStrictEqual(version.violations, []);
        assert.match(version.previewUnknown ?? "", /can't run policy 'bedrock-agent-guardrail'.*incident-investigator \(aws:bedrock\/agentAgent:AgentAgent\)/);
    });

    describe("at a first preview, from what the configuration depends on", () => {
        it("decides a configuration taken from one published version (guardrailVersion.guardrailArn and .version)", async () => {
            for (const configurations of [[{ guardrailIdentifier: UNKNOWN, guardrailVersion: UNKNOWN }], UNKNOWN]) {
                const outcome = await run(atPreview(["baseline-version"], configurations), {}, [guardrail, published]);
                assert.deepStrictEqual(outcome.violations, []);
                assert.strictEqual(outcome.previewUnknown, undefined);
            }
        });

        it("still flags what is known beside it: a DRAFT version or an empty identifier", async () => {
            const draft = await run(atPreview(["baseline-version"], [{ guardrailIdentifier: UNKNOWN, guardrailVersion: "DRAFT" }]), {}, [guardrail, published]);
            assert.match(messages(draft)[0], /guardrailVersion is "DRAFT"/);
            const empty = await run(atPreview(["baseline-version"], [{ guardrailIdentifier: "", guardrailVersion: UNKNOWN }]), {}, [guardrail, published]);
            assert.deepStrictEqual(messages(empty), ["guardrailConfigurations.guardrailIdentifier is empty: the agent names no guardrail"]);
        });

        it("leaves undecided a version that may be the guardrail's own (DRAFT): guardrail.version, or the guardrail beside the version", async () => {
            for (const sources of [["baseline"], ["baseline", "baseline-version"], []]) {
                const outcome = await run(atPreview(sources), {}, [guardrail, published]);
                assert.deepStrictEqual(outcome.violations, [], sources.join(","));
                assert.match(outcome.previewUnknown ?? "", /guardrailConfigurations/, sources.join(","));
            }
        });
    });

    it("reports odd input instead of crashing", async () => {
        const single = await run(agent((p) => (p.guardrailConfigurations = { guardrailIdentifier: "abc123def456", guardrailVersion: 2 })));
        assert.deepStrictEqual(single.violations, [], "a single object instead of a list, with a numeric version");
        const garbage = await run(agent((p) => (p.guardrailConfigurations = ["abc", null])));
        assert.deepStrictEqual(messages(garbage), [
            "guardrailConfigurations[0] is not a {guardrailIdentifier, guardrailVersion} object",
            "guardrailConfigurations[1] is not a {guardrailIdentifier, guardrailVersion} object",
        ]);
        const text = await run(agent((p) => (p.guardrailConfigurations = "abc:1")));
        assert.strictEqual(messages(text).length, 1);
    });
});
