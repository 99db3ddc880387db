import * as assert from "assert";
import { GOVERNANCE_EVENT_CLASSES } from "../../../policypack/controls/governance-events";
import { T } from "../../../policypack/lib/types";
import * as pulumi from "@pulumi/pulumi";
import { byType, descendantsOf, loadStackConfigFile, runStackProgram, single, valueOf } from "../../helpers/mocks";

const TRAIL = "ai-guardrails:index:AiAuditTrail";
const MONITORING = "ai-guardrails:index:AiMonitoring";

describe("AiSecurityBaseline: evidence", () => {
    for (const stack of ["dev", "staging", "prod"]) {
        it(`${stack}: a trail and the monitoring on its log group, with the stack's retention, lock and thresholds`, async () => {
            const evidence = JSON.parse(loadStackConfigFile(stack)["ai-guardrails:evidence"]);
            const { resources, outputs } = await runStackProgram(stack);
            const trail = single(resources, T.trail);
            assert.strictEqual(trail.inputs.name, `ai-guardrails-${stack}-audit`);
            assert.strictEqual(single(descendantsOf(resources, single(resources, TRAIL)), T.logGroup).inputs.retentionInDays, evidence.trail.logRetentionDays);
            const lock = byType(resources, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration").filter((l) => descendantsOf(resources, single(resources, TRAIL)).includes(l));
            assert.deepStrictEqual(lock.map((l) => l.inputs.rule.defaultRetention), evidence.trail.objectLock ? [evidence.trail.objectLock] : []);

            const monitoring = descendantsOf(resources, single(resources, MONITORING));
            const filters = monitoring.filter((r) => r.type === T.metricFilter);
            assert.strictEqual(filters.length, GOVERNANCE_EVENT_CLASSES.length);
            assert.ok(filters.every((f) => f.inputs.logGroupName === `/aws/cloudtrail/ai-guardrails-${stack}-audit`));
            const tokens = monitoring.filter((r) => r.type === T.metricAlarm && r.name.includes("-tokens-"));
            // Every approved model is watched, those that cannot take a guardrail too.
            const models = JSON.parse(loadStackConfigFile(stack)["ai-guardrails:models"]);
            assert.strictEqual(tokens.length, models.approved.length + (models.approvedWithoutGuardrail ?? []).length);
            assert.ok(tokens.every((a) => a.inputs.threshold === evidence.monitoring.tokenSpikeThreshold));
            const subscriptions = monitoring.filter((r) => r.type === "aws:sns/topicSubscription:TopicSubscription").map((s) => s.inputs.endpoint);
            assert.deepStrictEqual(subscriptions, evidence.monitoring.alarmSubscriptions.map((s: any) => s.endpoint));
            const interventions = monitoring.find((r) => r.name.endsWith("-interventions-baseline"))!;
            const guardrail = single(resources, T.guardrail);
            assert.strictEqual(interventions.inputs.dimensions.GuardrailArn, guardrail.outputs.guardrailArn);
            assert.strictEqual(interventions.inputs.dimensions.GuardrailVersion, "1", "the published version, not DRAFT");
            assert.strictEqual(await valueOf(outputs.trailArn as pulumi.Output<string>), trail.outputs.arn);
            assert.strictEqual(await valueOf(outputs.trailLogGroup as pulumi.Output<string>), `/aws/cloudtrail/ai-guardrails-${stack}-audit`);
            for (const key of ["trailBucket", "alarmTopicArn", "dashboardName"]) {
                assert.ok(await valueOf(outputs[key] as pulumi.Output<string>), key);
            }
        });
    }

    it("protects the trail and its key in prod (protectGovernance), not the monitoring", async () => {
        const { resources } = await runStackProgram("prod");
        const trailParts = descendantsOf(resources, single(resources, TRAIL)).filter((r) => r.custom);
        assert.ok(trailParts.some((r) => r.type === T.trail) && trailParts.some((r) => r.type === T.kmsKey));
        assert.deepStrictEqual(trailParts.filter((r) => !r.protect).map((r) => r.name), []);
        assert.ok(descendantsOf(resources, single(resources, MONITORING)).every((r) => !r.protect));
    });

    it("leaves the trail unprotected in dev (protectGovernance: false)", async () => {
        const { resources } = await runStackProgram("dev");
        assert.strictEqual(single(resources, T.trail).protect, false);
    });
});
