import { strict as assert } from "assert";
import { GOVERNANCE_EVENT_CLASSES, GOVERNANCE_METRIC_NAMESPACE, governanceFilterPattern } from "../../../../policypack/controls/governance-events";
import { governanceChangeAlarms as rule } from "../../../../policypack/rules/evidence/governance-change-alarms";
import { T } from "../../../../policypack/lib/types";
import { FakeResource, messages, runStackRule, UNKNOWN } from "../../../helpers/policy-harness";

const GROUP = "/aws/cloudtrail/ai-audit";
const GROUP_ARN = `arn:aws:logs:us-east-1:111122223333:log-group:${GROUP}:*`;
const TOPIC = "arn:aws:sns:us-east-1:111122223333:ai-alarms";

function stack(opts: { logGroupRef?: unknown; groupArn?: unknown; skip?: string; pattern?: (id: string, p: string) => string; alarmActions?: unknown; alarm?: Record<string, unknown> } = {}): FakeResource[] {
    const resources: FakeResource[] = [
        { type: T.logGroup, name: "trail-logs", props: { name: GROUP } },
        { type: T.trail, name: "trail", props: { s3BucketName: "logs", cloudWatchLogsGroupArn: opts.groupArn ?? GROUP_ARN }, propertyDependencies: { cloudWatchLogsGroupArn: ["trail-logs"] } },
    ];
    for (const cls of GOVERNANCE_EVENT_CLASSES) {
        if (cls.id === opts.skip) {
            continue;
        }
        const pattern = governanceFilterPattern(cls);
        resources.push({
            type: T.metricFilter,
            name: `filter-${cls.id}`,
            props: {
                logGroupName: opts.logGroupRef ?? GROUP,
                pattern: opts.pattern ? opts.pattern(cls.id, pattern) : pattern,
                metricTransformation: { name: cls.metricName, namespace: GOVERNANCE_METRIC_NAMESPACE, value: "1" },
            },
            propertyDependencies: { logGroupName: ["trail-logs"] },
        });
        resources.push({
            type: T.metricAlarm,
            name: `alarm-${cls.id}`,
            props: {
                namespace: GOVERNANCE_METRIC_NAMESPACE,
                metricName: cls.metricName,
                alarmActions: opts.alarmActions ?? [TOPIC],
                statistic: "Sum",
                period: 300,
                evaluationPeriods: 1,
                threshold: 1,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                ...opts.alarm,
            },
        });
    }
    return resources;
}

describe("governance-change-alarms", () => {
    it("passes a filter and a notifying alarm for every governance class on the trail's log group", async () => {
        assert.deepEqual((await runStackRule(rule, stack())).violations, []);
    });

    it("resolves the log group through propertyDependencies at preview", async () => {
        const out = await runStackRule(rule, stack({ logGroupRef: UNKNOWN, groupArn: UNKNOWN }));
        assert.deepEqual(out.violations, []);
        assert.equal(out.previewUnknown, undefined);
    });

    it("matches a filter by log-group name against the trail's log-group ARN without dependencies", async () => {
        const resources = stack().map((r) => ({ ...r, propertyDependencies: undefined }));
        assert.deepEqual((await runStackRule(rule, resources)).violations, []);
    });

    for (const cls of GOVERNANCE_EVENT_CLASSES) {
        it(`flags a missing filter for ${cls.id}`, async () => {
            const m = messages(await runStackRule(rule, stack({ skip: cls.id })));
            assert.equal(m.length, 1, m.join("\n"));
            assert.ok(m[0].startsWith(`${cls.id}: `), m[0]);
        });
    }

    it("names the events a filter misses", async () => {
        const m = messages(await runStackRule(rule, stack({ pattern: (id, p) => (id === "trail-changes" ? p.replace(' || ($.eventName = "StopLogging")', "").replace('($.eventName = "StopLogging") || ', "") : p) })));
        assert.deepEqual(m, ["trail-changes: metric filter filter-trail-changes misses cloudtrail.amazonaws.com:StopLogging"]);
    });

    it("flags filters whose alarm notifies nobody", async () => {
        const m = messages(await runStackRule(rule, stack({ alarmActions: [] })));
        assert.equal(m.length, GOVERNANCE_EVENT_CLASSES.length);
        assert.match(m[0], /has no alarm with alarmActions on its metric/);
    });

    it("flags alarms that would stay silent on a single governance change", async () => {
        for (const [alarm, reason] of [
            [{ threshold: 5 }, /fires only when the value is greater than or equal to 5/],
            [{ comparisonOperator: "GreaterThanThreshold" }, /fires only when the value is greater than 1/],
            [{ comparisonOperator: "LessThanThreshold" }, /fires only when the value is less than 1/],
            [{ evaluationPeriods: 3 }, /needs 3 breaching periods/],
            [{ evaluationPeriods: 3, datapointsToAlarm: 2 }, /needs 2 breaching periods/],
            [{ statistic: "Average" }, /statistic Average averages the event away/],
        ] as const) {
            const m = messages(await runStackRule(rule, stack({ alarm })));
            assert.equal(m.length, GOVERNANCE_EVENT_CLASSES.length, `${JSON.stringify(alarm)}: ${m.join("\n")}`);
            assert.match(m[0], /^guardrail-changes: alarm alarm-guardrail-changes on metric filter filter-guardrail-changes's metric would not fire on one change: /);
            assert.match(m[0], reason);
        }
        assert.deepEqual((await runStackRule(rule, stack({ alarm: { comparisonOperator: "GreaterThanThreshold", threshold: 0, statistic: "Maximum" } }))).violations, []);
    });

    it("flags alarms on a different metric than the filter emits", async () => {
        const resources = stack().map((r) => (r.type === T.metricAlarm ? { ...r, props: { ...r.props, namespace: "Other" } } : r));
        assert.equal(messages(await runStackRule(rule, resources)).length, GOVERNANCE_EVENT_CLASSES.length);
    });

    it("accepts metric-math alarms over the filter's metric", async () => {
        const resources = stack().map((r) =>
            r.type === T.metricAlarm
                ? { ...r, props: { alarmActions: [TOPIC], metricQueries: [{ id: "m1", metric: { namespace: r.props.namespace, metricName: r.props.metricName, period: 300, stat: "Sum" } }] } }
                : r,
        );
        assert.deepEqual((await runStackRule(rule, resources)).violations, []);
    });

    it("does not count filters on another log group", async () => {
        const resources = stack({ logGroupRef: "/app/other" }).map((r) => (r.type === T.metricFilter ? { ...r, propertyDependencies: undefined } : r));
        assert.equal(messages(await runStackRule(rule, resources)).length, GOVERNANCE_EVENT_CLASSES.length);
    });

    it("flags a trail that does not deliver to CloudWatch Logs", async () => {
        const m = messages(await runStackRule(rule, [{ type: T.trail, name: "trail", props: { s3BucketName: "logs" } }]));
        assert.deepEqual(m, ["no trail delivers to CloudWatch Logs (cloudWatchLogsGroupArn), so no metric filter can see governance changes"]);
    });

    it("flags Bedrock workloads without any trail", async () => {
        const m = messages(await runStackRule(rule, [{ type: T.guardrail, name: "g", props: {} }]));
        assert.match(m[0], /deploys Bedrock workloads but no trail/);
    });

    it("does not apply to a stack with neither trails nor Bedrock workloads", async () => {
        const out = await runStackRule(rule, [{ type: T.s3Bucket, name: "b", props: {} }]);
        assert.deepEqual(out.violations, []);
        assert.equal(out.notApplicable, "no trail and no Bedrock or AgentCore workload in the stack");
    });

    it("says, for the Organizations and credential classes, that in the management account the alarm is the only control (audit A12)", async () => {
        const m = messages(await runStackRule(rule, stack({ skip: "organizations-policy-changes" })));
        assert.equal(m.length, 1);
        assert.match(m[0], /^organizations-policy-changes: no metric filter .*; these calls are made in the management account, where no SCP applies: there this alarm is the only control$/);
        const partial = stack({ pattern: (id, p) => (id === "service-specific-credentials" ? p.replace(' || ($.eventName = "ResetServiceSpecificCredential")', "") : p) });
        assert.match(messages(await runStackRule(rule, partial))[0], /misses iam.amazonaws.com:ResetServiceSpecificCredential; the organization's SCP denies long-term Bedrock API keys/);
    });

    it("honours a narrower requiredClasses config", async () => {
        const out = await runStackRule(rule, stack({ skip: "organizations-policy-changes" }), { config: { requiredClasses: ["trail-changes"] } });
        assert.deepEqual(out.violations, []);
    });

    it("reports odd input instead of crashing (pattern not a string, transformation missing)", async () => {
        const resources = stack().map((r) => (r.name === "filter-trail-changes" ? { ...r, props: { ...r.props, pattern: 42, metricTransformation: undefined } } : r));
        const m = messages(await runStackRule(rule, resources));
        assert.deepEqual(m, ["trail-changes: no metric filter on the trail's log group matches these events (A CloudTrail trail was stopped, deleted or updated)"]);
    });

    it("cannot decide at preview when the trail's log group is unknown and not in the stack", async () => {
        const out = await runStackRule(rule, [{ type: T.trail, name: "trail", props: { s3BucketName: "logs", cloudWatchLogsGroupArn: UNKNOWN } }]);
        assert.deepEqual(out.violations, []);
        assert.ok(out.previewUnknown);
    });
});
