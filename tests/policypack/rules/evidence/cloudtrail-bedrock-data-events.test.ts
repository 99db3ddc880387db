import { strict as assert } from "assert";
import { aiEvidenceSelectors, DEFAULT_DATA_EVENT_TYPES, REQUIRED_DATA_EVENT_TYPES } from "../../../../policypack/controls/cloudtrail";
import { cloudtrailBedrockDataEvents as rule } from "../../../../policypack/rules/evidence/cloudtrail-bedrock-data-events";
import { T } from "../../../../policypack/lib/types";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";

const trail = (props: Record<string, unknown>) => runResourceRule(rule, { type: T.trail, name: "audit", props: { s3BucketName: "logs", ...props } });

describe("cloudtrail-bedrock-data-events", () => {
    it("passes a trail with a Management selector and one Data selector per AI type", async () => {
        const out = await trail({ advancedEventSelectors: aiEvidenceSelectors(DEFAULT_DATA_EVENT_TYPES) });
        assert.deepEqual(out.violations, []);
    });

    it("passes the required types alone", async () => {
        const out = await trail({ advancedEventSelectors: aiEvidenceSelectors(REQUIRED_DATA_EVENT_TYPES) });
        assert.deepEqual(out.violations, []);
    });

    it("flags a basic AWS::Bedrock::Model data resource with the reason, and the missing data events", async () => {
        const out = await trail({
            eventSelectors: [{ readWriteType: "All", includeManagementEvents: true, dataResources: [{ type: "AWS::Bedrock::Model", values: ["arn:aws:bedrock"] }] }],
        });
        const m = messages(out);
        assert.ok(m.some((x) => x.includes("eventSelectors[0].dataResources[0] has type AWS::Bedrock::Model") && x.includes("basic event selectors accept only AWS::S3::Object")), m.join("\n"));
        assert.ok(m.some((x) => x.includes("no advanced event selectors") && x.includes("AWS::Bedrock::Model")), m.join("\n"));
    });

    it("flags a trail with no selectors at all (management events only, no data events)", async () => {
        const m = messages(await trail({}));
        assert.equal(m.length, 1);
        assert.match(m[0], /no advanced event selectors/);
    });

    it("flags basic selectors that exclude management events", async () => {
        const m = messages(await trail({ eventSelectors: [{ includeManagementEvents: false, dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }] }] }));
        assert.ok(m.some((x) => x.includes("no event selector includes management events")), m.join("\n"));
    });

    it("flags advanced selectors without a Management selector", async () => {
        const selectors = aiEvidenceSelectors(REQUIRED_DATA_EVENT_TYPES).slice(1);
        const m = messages(await trail({ advancedEventSelectors: selectors }));
        assert.deepEqual(m.length, 1);
        assert.match(m[0], /no advanced selector with eventCategory = Management/);
    });

    it("flags read-only management events", async () => {
        const selectors = aiEvidenceSelectors(REQUIRED_DATA_EVENT_TYPES);
        selectors[0].fieldSelectors.push({ field: "readOnly", equals: ["true"] });
        const m = messages(await trail({ advancedEventSelectors: selectors }));
        assert.deepEqual(m.length, 1);
        assert.match(m[0], /limited to read-only or write-only/);
    });

    it("names each missing required data-event type", async () => {
        const types = REQUIRED_DATA_EVENT_TYPES.filter((t) => t !== "AWS::Bedrock::Model" && t !== "AWS::BedrockAgentCore::Gateway");
        const m = messages(await trail({ advancedEventSelectors: aiEvidenceSelectors(types) }));
        assert.equal(m.length, 1);
        assert.match(m[0], /data events not logged for: AWS::Bedrock::Model, AWS::BedrockAgentCore::Gateway/);
    });

    it("flags a required type whose only selector is narrowed by resources.ARN, eventName or one readOnly value", async () => {
        const narrow = (extra: Record<string, unknown>) =>
            aiEvidenceSelectors(REQUIRED_DATA_EVENT_TYPES).map((s) =>
                s.fieldSelectors.some((f) => f.equals.includes("AWS::Bedrock::Model")) ? { ...s, fieldSelectors: [...s.fieldSelectors, extra] } : s,
            );
        for (const extra of [
            { field: "resources.ARN", startsWith: ["arn:aws:bedrock:us-east-1:123456789012:async-invoke/"] },
            { field: "eventName", equals: ["InvokeModelWithBidirectionalStream"] },
            { field: "readOnly", equals: ["true"] },
        ]) {
            const m = messages(await trail({ advancedEventSelectors: narrow(extra) }));
            assert.equal(m.length, 1, m.join("\n"));
            assert.match(m[0], /^data events only partly logged for: AWS::Bedrock::Model \(narrowed by /);
            assert.ok(m[0].includes(extra.field === "readOnly" ? "readOnly = true only" : `(${extra.field} `), m[0]);
        }
    });

    describe("every operator of an advanced field selector", () => {
        // Pulumi's spelling of aws_cloudtrail advanced_event_selector field_selector { not_equals / starts_with / ... }.
        const withManagement = (...extra: Record<string, unknown>[]) => {
            const selectors: any[] = aiEvidenceSelectors(REQUIRED_DATA_EVENT_TYPES);
            selectors[0].fieldSelectors.push(...extra);
            return selectors;
        };

        it("does not count a Management selector narrowed by readOnly with another operator as management logging: CloudTrail rejects it", async () => {
            for (const extra of [
                { field: "readOnly", notEquals: ["true"] },
                { field: "readOnly", startsWiths: ["t"] },
                { field: "readOnly", notStartsWiths: ["f"] },
                { field: "readOnly", endsWiths: ["e"] },
                { field: "readOnly", NotEndsWith: ["e"] },
            ]) {
                const m = messages(await trail({ advancedEventSelectors: withManagement(extra) }));
                assert.equal(m.length, 2, m.join("\n"));
                assert.match(m[0], /^advancedEventSelectors\[0\]: readOnly \w+ \[\w+\]: CloudTrail accepts only Equals on readOnly, so it rejects the selector, and it logs nothing$/);
                assert.match(m[1], /no advanced selector with eventCategory = Management/);
            }
        });

        it("counts management events split by readOnly Equals across two selectors as all of them", async () => {
            const selectors: any[] = aiEvidenceSelectors(REQUIRED_DATA_EVENT_TYPES).slice(1);
            for (const value of ["true", "false"]) {
                selectors.push({ name: `management ${value}`, fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }, { field: "readOnly", equals: [value] }] });
            }
            assert.deepEqual((await trail({ advancedEventSelectors: selectors })).violations, []);
        });

        it("flags management events narrowed by eventSource NotEquals (the CloudTrail guide's KMS exclusion)", async () => {
            const m = messages(await trail({ advancedEventSelectors: withManagement({ field: "eventSource", notEquals: ["kms.amazonaws.com"] }) }));
            assert.deepEqual(m, [
                "management events are only partly recorded: advancedEventSelectors[0] (eventSource notEquals [kms.amazonaws.com]) leaves some out; log them with eventCategory = Management alone",
            ]);
        });

        it("flags resources.type matched with StartsWith (rejected) and data selectors narrowed by any operator on other fields", async () => {
            const prefix = [
                ...aiEvidenceSelectors(REQUIRED_DATA_EVENT_TYPES.filter((t) => t !== "AWS::Bedrock::Model")),
                { name: "all bedrock", fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", startsWiths: ["AWS::Bedrock::"] }] },
            ];
            const m = messages(await trail({ advancedEventSelectors: prefix }));
            assert.match(m[0], /resources\.type startsWith \[AWS::Bedrock::\]: CloudTrail accepts only Equals on resources\.type/);
            assert.match(m[1], /data events not logged for: AWS::Bedrock::Model/);
            for (const extra of [
                { field: "eventName", notEquals: ["InvokeModel"] },
                { field: "eventName", notStartsWiths: ["Invoke"] },
                { field: "resources.ARN", endsWiths: [":0"] },
                { field: "resources.ARN", NotEndsWith: ["-v1:0"] },
            ]) {
                const selectors = aiEvidenceSelectors(REQUIRED_DATA_EVENT_TYPES).map((s: any) =>
                    s.fieldSelectors.some((f: any) => f.equals?.includes("AWS::Bedrock::Model")) ? { ...s, fieldSelectors: [...s.fieldSelectors, extra] } : s,
                );
                const out = messages(await trail({ advancedEventSelectors: selectors }));
                assert.equal(out.length, 1, JSON.stringify(extra));
                assert.match(out[0], new RegExp(`^data events only partly logged for: AWS::Bedrock::Model \\(narrowed by advancedEventSelectors\\[\\d+\\] \\(${extra.field.replace(".", "\\.")} \\w+ `));
            }
        });
    });

    it("passes a type logged by two selectors that split it into read-only and write events", async () => {
        const split = aiEvidenceSelectors(REQUIRED_DATA_EVENT_TYPES.filter((t) => t !== "AWS::Bedrock::Model"));
        for (const value of ["true", "false"]) {
            split.push({ name: `model ${value}`, fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::Bedrock::Model"] }, { field: "readOnly", equals: [value] }] });
        }
        assert.deepEqual((await trail({ advancedEventSelectors: split })).violations, []);
    });

    it("flags a selector without eventCategory", async () => {
        const selectors = [...aiEvidenceSelectors(REQUIRED_DATA_EVENT_TYPES), { name: "broken", fieldSelectors: [{ field: "resources.type", equals: ["AWS::Bedrock::Tool"] }] }];
        const m = messages(await trail({ advancedEventSelectors: selectors }));
        assert.deepEqual(m, [`advancedEventSelectors[${selectors.length - 1}] has no eventCategory field (Equals Management or Data): CloudTrail rejects it`]);
    });

    it("flags a trail that is not logging", async () => {
        const m = messages(await trail({ enableLogging: false, advancedEventSelectors: aiEvidenceSelectors(REQUIRED_DATA_EVENT_TYPES) }));
        assert.deepEqual(m, ["the trail is not logging (enableLogging = false): it records nothing"]);
    });

    it("honours a narrower requiredDataEventTypes config", async () => {
        const out = await runResourceRule(
            rule,
            { type: T.trail, name: "audit", props: { advancedEventSelectors: aiEvidenceSelectors(["AWS::Bedrock::Model"]) } },
            { config: { requiredDataEventTypes: ["AWS::Bedrock::Model"] } },
        );
        assert.deepEqual(out.violations, []);
    });

    it("cannot decide at preview when the selectors are unknown", async () => {
        const out = await trail({ advancedEventSelectors: UNKNOWN });
        assert.deepEqual(out.violations, []);
        assert.match(out.previewUnknown ?? "", /can't run policy 'cloudtrail-bedrock-data-events' during preview/);
    });

    it("reports odd input instead of crashing (non-list selectors, fields without values)", async () => {
        const m = messages(await trail({ advancedEventSelectors: { name: "one", fieldSelectors: { field: "eventCategory", equals: "Management" } }, eventSelectors: "nonsense" }));
        assert.ok(m.some((x) => x.startsWith("data events not logged for:")), m.join("\n"));
        assert.ok(!m.some((x) => x.includes("Management")), "the single Management selector is read as a list of one");
    });

    it("does not apply to other resource types", async () => {
        const out = await runResourceRule(rule, { type: T.s3Bucket, name: "b", props: {} });
        assert.match(out.notApplicable ?? "", /aws:cloudtrail\/trail:Trail/);
    });
});
