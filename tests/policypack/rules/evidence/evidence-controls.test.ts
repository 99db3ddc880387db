import { strict as assert } from "assert";
import { actionExists } from "../../../../policypack/lib/iam/catalog";
import {
    AI_DATA_EVENT_TYPES,
    aiEvidenceSelectors,
    BASIC_SELECTOR_DATA_RESOURCE_TYPES,
    DEFAULT_DATA_EVENT_TYPES,
    REQUIRED_DATA_EVENT_TYPES,
} from "../../../../policypack/controls/cloudtrail";
import {
    eventsMissingFromPattern,
    GOVERNANCE_EVENT_CLASSES,
    governanceFilterPattern,
    iamPrefixOfEventSource,
} from "../../../../policypack/controls/governance-events";

describe("evidence controls", () => {
    describe("governance event classes", () => {
        it("cover the governance changes the baseline alarms on", () => {
            assert.deepEqual(
                GOVERNANCE_EVENT_CLASSES.map((c) => c.id),
                [
                    "guardrail-changes",
                    "permission-boundary-changes",
                    "agent-role-policy-changes",
                    "trail-changes",
                    "event-selector-changes",
                    "invocation-logging-changes",
                    "organizations-policy-changes",
                    "gateway-policy-engine-changes",
                ],
            );
        });

        it("have unique IDs and metric names", () => {
            assert.equal(new Set(GOVERNANCE_EVENT_CLASSES.map((c) => c.id)).size, GOVERNANCE_EVENT_CLASSES.length);
            assert.equal(new Set(GOVERNANCE_EVENT_CLASSES.map((c) => c.metricName)).size, GOVERNANCE_EVENT_CLASSES.length);
        });

        // A CloudTrail eventName is the API operation name, which is the IAM action name of the same service.
        for (const cls of GOVERNANCE_EVENT_CLASSES) {
            for (const source of cls.events) {
                it(`${cls.id}: every eventName of ${source.eventSource} is a real ${iamPrefixOfEventSource(source.eventSource)} action`, async () => {
                    assert.match(source.eventSource, /^[a-z0-9-]+\.amazonaws\.com$/);
                    for (const name of source.eventNames) {
                        assert.ok(await actionExists(`${iamPrefixOfEventSource(source.eventSource)}:${name}`), `${source.eventSource} ${name}`);
                    }
                });
            }
        }

        it("a misspelt event name would be caught by the catalogue check", async () => {
            assert.equal(await actionExists("cloudtrail:StopTrail"), false);
            assert.equal(await actionExists("bedrock:RemoveGuardrail"), false);
        });

        it("build filter patterns CloudWatch accepts (JSON form, at most 1024 characters) that cover their events", () => {
            for (const cls of GOVERNANCE_EVENT_CLASSES) {
                const pattern = governanceFilterPattern(cls);
                assert.ok(pattern.startsWith("{ ") && pattern.endsWith(" }"), pattern);
                assert.ok(pattern.length <= 1024, `${cls.id}: ${pattern.length} characters`);
                assert.deepEqual(eventsMissingFromPattern(cls, pattern), [], cls.id);
            }
        });

        it("a pattern for one event name does not count as covering a longer name that starts with it", () => {
            const cls = GOVERNANCE_EVENT_CLASSES.find((c) => c.id === "trail-changes")!;
            const pattern = '{ ($.eventSource = "cloudtrail.amazonaws.com") && (($.eventName = "StopLoggingX") || ($.eventName = "DeleteTrail") || ($.eventName = "UpdateTrail")) }';
            assert.deepEqual(eventsMissingFromPattern(cls, pattern), ["cloudtrail.amazonaws.com:StopLogging"]);
        });
    });

    describe("CloudTrail data-event types", () => {
        it("are Bedrock or AgentCore types, never a basic-selector type, without duplicates", () => {
            assert.equal(new Set(AI_DATA_EVENT_TYPES).size, AI_DATA_EVENT_TYPES.length);
            for (const t of AI_DATA_EVENT_TYPES) {
                assert.match(t, /^AWS::(Bedrock|BedrockAgentCore)::[A-Za-z]+$/);
                assert.ok(!(BASIC_SELECTOR_DATA_RESOURCE_TYPES as readonly string[]).includes(t));
            }
        });

        it("the required types are logged by default", () => {
            for (const t of REQUIRED_DATA_EVENT_TYPES) {
                assert.ok(DEFAULT_DATA_EVENT_TYPES.includes(t), t);
            }
        });

        it("selectors: all management events first, then one Data selector per type with a single resources.type value", () => {
            const selectors = aiEvidenceSelectors(["AWS::Bedrock::Model", "AWS::BedrockAgentCore::Gateway"]);
            assert.deepEqual(selectors[0].fieldSelectors, [{ field: "eventCategory", equals: ["Management"] }]);
            assert.deepEqual(
                selectors.slice(1).map((s) => s.fieldSelectors),
                [
                    [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::Bedrock::Model"] }],
                    [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::BedrockAgentCore::Gateway"] }],
                ],
            );
            for (const s of selectors) {
                assert.ok(s.name.length >= 1 && s.name.length <= 1000);
            }
        });
    });
});
