import * as assert from "assert";
import { AiAuditTrail } from "../../../components/evidence/aiAuditTrail";
import { ConfigValidationError } from "../../../components/config";
import { AiMonitoring, AiMonitoringArgs } from "../../../components/evidence/aiMonitoring";
import { GOVERNANCE_EVENT_CLASSES, GOVERNANCE_METRIC_NAMESPACE, governanceFilterPattern } from "../../../policypack/controls/governance-events";
import { evidenceRules } from "../../../policypack/rules/evidence";
import { T } from "../../../policypack/lib/types";
import { byType, policyOf, RegisteredResource, renderComponent, single, statement, valueOf } from "../../helpers/mocks";
import { runPack } from "../../helpers/pack-run";
import { ACCOUNT, GUARDRAIL_ARN, REGION } from "../../helpers/fixtures";

const MODELS = ["us.anthropic.claude-3-7-sonnet-20250219-v1:0", "amazon.titan-embed-text-v2:0"];
const args: AiMonitoringArgs = {
    accountId: ACCOUNT,
    region: REGION,
    trailLogGroupName: "/aws/cloudtrail/ai-audit",
    approvedModelIds: MODELS,
    guardrails: { baseline: { arn: GUARDRAIL_ARN, version: "3" } },
    alarmSubscriptions: [
        { protocol: "email", endpoint: "ai-security@example.com" },
        { protocol: "https", endpoint: "https://hooks.example.com/ai-alarms" },
    ],
    tokenSpikeThreshold: 500000,
    guardrailInterventionThreshold: 40,
    invocationErrorThreshold: 10,
};
const render = (overrides: Partial<AiMonitoringArgs> = {}) => renderComponent(() => new AiMonitoring("ai-monitoring", { ...args, ...overrides }));
const alarm = (resources: RegisteredResource[], name: string) => {
    const found = byType(resources, T.metricAlarm).find((a) => a.name === name);
    assert.ok(found, `no alarm ${name}`);
    return found;
};

describe("AiMonitoring", () => {
    it("puts a metric filter on the trail's log group for each governance class, with an alarm on its first event", async () => {
        const resources = await render();
        const topic = single(resources, T.snsTopic).outputs.arn;
        const filters = byType(resources, T.metricFilter);
        assert.strictEqual(filters.length, GOVERNANCE_EVENT_CLASSES.length);
        for (const cls of GOVERNANCE_EVENT_CLASSES) {
            const filter = filters.find((f) => f.name === `ai-monitoring-${cls.id}`)!;
            assert.strictEqual(filter.inputs.logGroupName, "/aws/cloudtrail/ai-audit");
            assert.strictEqual(filter.inputs.pattern, governanceFilterPattern(cls));
            assert.deepStrictEqual(filter.inputs.metricTransformation, { name: cls.metricName, namespace: GOVERNANCE_METRIC_NAMESPACE, value: "1", defaultValue: "0" });
            const a = alarm(resources, `ai-monitoring-${cls.id}`);
            assert.deepStrictEqual([a.inputs.namespace, a.inputs.metricName, a.inputs.statistic], [GOVERNANCE_METRIC_NAMESPACE, cls.metricName, "Sum"]);
            assert.deepStrictEqual([a.inputs.threshold, a.inputs.comparisonOperator, a.inputs.treatMissingData], [1, "GreaterThanOrEqualToThreshold", "notBreaching"]);
            assert.deepStrictEqual(a.inputs.alarmActions, [topic]);
            assert.ok(a.dependencies.includes(filter.urn));
        }
    });

    it("alarms on token spikes per approved model with the stack's threshold (input plus output tokens)", async () => {
        const resources = await render();
        const a = alarm(resources, "ai-monitoring-tokens-us-anthropic-claude-3-7-sonnet-20250219-v1-0");
        assert.strictEqual(a.inputs.threshold, 500000);
        assert.strictEqual(a.inputs.comparisonOperator, "GreaterThanThreshold");
        const [input, output, sum] = a.inputs.metricQueries;
        assert.deepStrictEqual(input.metric, { namespace: "AWS/Bedrock", metricName: "InputTokenCount", dimensions: { ModelId: MODELS[0] }, period: 300, stat: "Sum" });
        assert.strictEqual(output.metric.metricName, "OutputTokenCount");
        assert.deepStrictEqual([input.returnData, output.returnData, sum.returnData, sum.expression], [false, false, true, "input + output"]);
        assert.ok(alarm(resources, "ai-monitoring-tokens-amazon-titan-embed-text-v2-0"));
    });

    it("alarms on invocation errors per approved model", async () => {
        const a = alarm(await render(), "ai-monitoring-errors-amazon-titan-embed-text-v2-0");
        assert.deepStrictEqual(
            a.inputs.metricQueries.filter((q: any) => q.metric).map((q: any) => q.metric.metricName),
            ["InvocationClientErrors", "InvocationServerErrors"],
        );
        assert.strictEqual(a.inputs.threshold, 10);
    });

    it("alarms on guardrail-intervention spikes of the published guardrail version, keyed by the guardrail's name", async () => {
        const a = alarm(await render(), "ai-monitoring-interventions-baseline");
        assert.deepStrictEqual([a.inputs.namespace, a.inputs.metricName], ["AWS/Bedrock/Guardrails", "InvocationsIntervened"]);
        assert.deepStrictEqual(a.inputs.dimensions, { GuardrailArn: GUARDRAIL_ARN, GuardrailVersion: "3" });
        assert.strictEqual(a.inputs.threshold, 40);
    });

    it("charts invocations, latency, tokens, throttles and errors per model, guardrail interventions and governance changes", async () => {
        const dashboard = single(await render(), T.dashboard);
        const body = JSON.parse(dashboard.inputs.dashboardBody);
        const metricNames = body.widgets.flatMap((w: any) => w.properties.metrics.map((m: any[]) => `${m[0]}/${m[1]}`));
        for (const name of ["Invocations", "InvocationLatency", "InputTokenCount", "OutputTokenCount", "InvocationThrottles", "InvocationClientErrors", "InvocationServerErrors"]) {
            assert.strictEqual(metricNames.filter((m: string) => m === `AWS/Bedrock/${name}`).length, MODELS.length, name);
        }
        assert.ok(metricNames.includes("AWS/Bedrock/Guardrails/InvocationsIntervened"));
        for (const cls of GOVERNANCE_EVENT_CLASSES) {
            assert.ok(metricNames.includes(`${GOVERNANCE_METRIC_NAMESPACE}/${cls.metricName}`), cls.id);
        }
        const interventions = body.widgets.find((w: any) => w.properties.title === "Guardrail interventions").properties.metrics[0];
        assert.deepStrictEqual(interventions.slice(0, 6), ["AWS/Bedrock/Guardrails", "InvocationsIntervened", "GuardrailArn", GUARDRAIL_ARN, "GuardrailVersion", "3"]);
        for (const w of body.widgets) {
            assert.ok(w.x + w.width <= 24, "a dashboard row is 24 units wide");
        }
    });

    it("sends alarms to an SNS topic encrypted with a customer key that CloudWatch may use for this topic only", async () => {
        const resources = await render();
        const topic = single(resources, T.snsTopic);
        const key = single(resources, T.kmsKey);
        assert.strictEqual(topic.inputs.kmsMasterKeyId, key.outputs.arn);
        const grant = statement(policyOf(key), "CloudWatchAlarmsPublishToTopic");
        assert.deepStrictEqual(grant.Principal, { Service: "cloudwatch.amazonaws.com" });
        assert.deepStrictEqual(grant.Condition, { StringEquals: { "kms:EncryptionContext:aws:sns:topicArn": `arn:aws:sns:${REGION}:${ACCOUNT}:ai-monitoring` } });
        assert.strictEqual(topic.outputs.arn, `arn:aws:sns:${REGION}:${ACCOUNT}:ai-monitoring`, "the key policy names the topic's real ARN");
        const topicPolicy = policyOf(single(resources, "aws:sns/topicPolicy:TopicPolicy"));
        assert.deepStrictEqual(statement(topicPolicy, "CloudWatchAlarmsOfThisAccountPublish").Condition, {
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:*` },
        });
        assert.deepStrictEqual(statement(topicPolicy, "DenyInsecureTransport").Condition, { Bool: { "aws:SecureTransport": "false" } });
    });

    it("subscribes the configured endpoints", async () => {
        const subs = byType(await render(), "aws:sns/topicSubscription:TopicSubscription");
        assert.deepStrictEqual(
            subs.map((s) => [s.inputs.protocol, s.inputs.endpoint]),
            [
                ["email", "ai-security@example.com"],
                ["https", "https://hooks.example.com/ai-alarms"],
            ],
        );
        assert.strictEqual(byType(await render({ alarmSubscriptions: [] }), "aws:sns/topicSubscription:TopicSubscription").length, 0);
    });

    it("with the audit trail, satisfies every evidence rule after deployment and at preview", async () => {
        const both = (preview: boolean) =>
            renderComponent(
                () => {
                    const trail = new AiAuditTrail("ai-audit", { accountId: ACCOUNT, region: REGION });
                    new AiMonitoring("ai-monitoring", { ...args, trailLogGroupName: trail.logGroupName });
                },
                { preview },
            );
        assert.deepStrictEqual(await runPack(evidenceRules, await both(false)), { violations: [], undecided: [] });
        const preview = await runPack(evidenceRules, await both(true), { preview: true });
        assert.deepStrictEqual(preview.violations, []);
        assert.ok(!preview.undecided.includes("governance-change-alarms"), "the alarms check follows property dependencies at preview");
    });

    it("refuses, before registering anything, what the stack settings refuse: one line per argument with its value and what is allowed", async () => {
        const cases: [string, Record<string, unknown>, RegExp][] = [
            ["no model", { approvedModelIds: [] }, /^approvedModelIds = \[\]: at least one model is needed to chart and alarm on$/],
            ["a zero threshold", { tokenSpikeThreshold: 0 }, /^tokenSpikeThreshold = 0: /],
            ["a fractional threshold", { guardrailInterventionThreshold: 2.5 }, /^guardrailInterventionThreshold = 2\.5: /],
            ["a period CloudWatch alarms do not use here", { periodSeconds: 90 }, /^periodSeconds = 90: expected one of 60, 300, 900, 3600$/],
            ["a protocol SNS is not given here", { alarmSubscriptions: [{ protocol: "sms", endpoint: "+15550100" }] }, /^alarmSubscriptions\[0\]\.protocol = "sms": /],
            ["an e-mail subscription without an address", { alarmSubscriptions: [{ protocol: "email", endpoint: "ops" }] }, /^alarmSubscriptions\[0\]\.endpoint = "ops": expected an e-mail address$/],
            ["a draft guardrail", { guardrails: { baseline: { arn: GUARDRAIL_ARN, version: "DRAFT" } } }, /^guardrails\.baseline\.version = "DRAFT": expected a published numeric version/],
            ["a topic name SNS refuses", { topicName: "ai alarms" }, /^topicName = "ai alarms": expected an SNS topic name/],
        ];
        for (const [label, change, expected] of cases) {
            let error: unknown;
            const resources = await renderComponent(() => {
                try {
                    new AiMonitoring("m", { ...args, ...change } as AiMonitoringArgs);
                } catch (e) {
                    error = e;
                }
            });
            assert.ok(error instanceof ConfigValidationError, `${label}: ${error}`);
            assert.strictEqual(error.problems.length, 1, `${label}: ${error.problems.join(" | ")}`);
            assert.match(error.problems[0], expected, label);
            assert.match(error.message, /^AiMonitoring m: invalid arguments \(1 problem\):/);
            assert.deepStrictEqual(resources, [], `${label}: nothing registered`);
        }
    });

    it("keeps deployed stacks in place: aliases from the token of earlier releases and from list positions", async () => {
        const resources = await render();
        const component = single(resources, "ai-guardrails:index:AiMonitoring");
        assert.ok(component.aliases.some((a) => a.endsWith("ai-guardrails:evidence:AiMonitoring::ai-monitoring")), JSON.stringify(component.aliases));
        assert.ok(alarm(resources, "ai-monitoring-interventions-baseline").aliases.some((a) => a.endsWith("::ai-monitoring-interventions-0")));
        const subs = byType(resources, "aws:sns/topicSubscription:TopicSubscription");
        assert.deepStrictEqual(
            subs.map((s) => s.aliases.map((a) => a.split("::").pop())),
            [["ai-monitoring-subscription-0"], ["ai-monitoring-subscription-1"]],
        );
        assert.ok(subs.every((s) => /^ai-monitoring-subscription-(email|https)-[0-9a-f]{8}$/.test(s.name)), subs.map((s) => s.name).join(", "));
    });

    it("keys subscriptions by what they deliver to, so reordering or removing one leaves the others in place", async () => {
        const names = async (subscriptions: AiMonitoringArgs["alarmSubscriptions"]) =>
            byType(await render({ alarmSubscriptions: subscriptions }), "aws:sns/topicSubscription:TopicSubscription").map((s) => s.name);
        const both = await names(args.alarmSubscriptions);
        assert.deepStrictEqual(await names([...args.alarmSubscriptions!].reverse()), [...both].reverse());
        assert.deepStrictEqual(await names([args.alarmSubscriptions![1]]), [both[1]]);
    });

    it("exposes the topic, its key, the dashboard and every alarm's ARN by stable key", async () => {
        let component!: AiMonitoring;
        const resources = await renderComponent(() => {
            component = new AiMonitoring("ai-monitoring", args);
        });
        assert.strictEqual(await valueOf(component.topicArn), single(resources, T.snsTopic).outputs.arn);
        assert.strictEqual(await valueOf(component.topicKmsKeyArn), single(resources, T.kmsKey).outputs.arn);
        assert.strictEqual(await valueOf(component.dashboardName), "ai-monitoring-ai-workloads");
        const arns = (await valueOf(component.alarmArns))!;
        assert.strictEqual(Object.keys(arns).length, byType(resources, T.metricAlarm).length);
        assert.strictEqual(arns["interventions-baseline"], alarm(resources, "ai-monitoring-interventions-baseline").outputs.arn);
        assert.ok(arns["tokens-amazon-titan-embed-text-v2-0"] && arns[`governance-${GOVERNANCE_EVENT_CLASSES[0].id}`]);
    });
});
