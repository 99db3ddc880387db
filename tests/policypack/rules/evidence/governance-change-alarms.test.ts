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
        const m = messages(await runStackRule(rule, [{ type: "aws:bedrock/agentcoreHarness:AgentcoreHarness", name: "h", props: {} }]));
        assert.match(m[0], /deploys Bedrock workloads but no trail: .*; if another stack or account provides the trail and its alarms, declare it in this policy's providedBy setting$/);
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

    it("judges an alarm on metric queries the same in the provider's state, where statistic and metricName read back as empty strings", async () => {
        const onQueries = (state: boolean) =>
            stack({ alarm: {} }).map((r) => {
                if (r.type !== T.metricAlarm) {
                    return r;
                }
                const { namespace, metricName } = r.props as Record<string, unknown>;
                const props: Record<string, unknown> = { ...r.props, metricQueries: [{ id: "m1", returnData: true, metric: { namespace, metricName, stat: "Sum", period: 300 } }] };
                delete props.statistic;
                delete props.namespace;
                delete props.metricName;
                return { ...r, props: state ? { ...props, statistic: "", namespace: "", metricName: "" } : props };
            });
        assert.deepEqual((await runStackRule(rule, onQueries(false))).violations, []);
        assert.deepEqual((await runStackRule(rule, onQueries(true))).violations, []);
    });

    describe("where the alarms live (providedBy)", () => {
        const at = (stackName: string, resources: FakeResource[]) => resources.map((r) => ({ ...r, urn: `urn:pulumi:${stackName}::platform::${r.type}::${r.name}` }));
        const providedBy = { stacks: ["security-prod"], accountId: "111122223333", topicArns: [TOPIC] };

        it("answers not applicable in an app stack, naming the security stack", async () => {
            const out = await runStackRule(rule, at("app-prod", [{ type: T.agent, name: "a", props: {} }]), { config: { providedBy } });
            assert.deepEqual(out.violations, []);
            assert.equal(out.notApplicable, "alarms on AI governance changes is provided outside this stack, by stack security-prod (account 111122223333), as the pack config declares (providedBy)");
        });

        it("requires the trail, the filters and alarms on the declared topic in the security stack", async () => {
            assert.deepEqual((await runStackRule(rule, at("security-prod", stack()), { config: { providedBy } })).violations, []);
            const noTrail = await runStackRule(rule, at("security-prod", [{ type: T.s3Bucket, name: "b", props: {} }]), { config: { providedBy } });
            assert.match(messages(noTrail)[0], /^the pack config declares that stack security-prod \(account 111122223333\) provides alarms on AI governance changes .* but this stack has none/);
            const otherTopic = await runStackRule(rule, at("security-prod", stack({ alarmActions: ["arn:aws:sns:us-east-1:111122223333:someone-else"] })), { config: { providedBy } });
            assert.equal(otherTopic.violations.length, GOVERNANCE_EVENT_CLASSES.length);
            assert.match(messages(otherTopic)[0], /does not notify the alarm topic the pack config declares in providedBy \(arn:aws:sns:us-east-1:111122223333:ai-alarms\)/);
        });

        it("matches the declared topic through an in-stack topic at preview, by its name", async () => {
            const resources = stack({ alarmActions: [UNKNOWN] }).map((r) => (r.type === T.metricAlarm ? { ...r, propertyDependencies: { alarmActions: ["alarms"] } } : r));
            resources.push({ type: T.snsTopic, name: "alarms", props: { name: "ai-alarms", arn: UNKNOWN } });
            const out = await runStackRule(rule, at("security-prod", resources), { config: { providedBy } });
            assert.deepEqual(out.violations, []);
            assert.equal(out.previewUnknown, undefined);
        });
    });
});
