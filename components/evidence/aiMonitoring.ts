import * as crypto from "crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { GOVERNANCE_EVENT_CLASSES, GOVERNANCE_METRIC_NAMESPACE, governanceFilterPattern } from "../../policypack/controls/governance-events";
import { inputOf, validateArgs } from "../config/args";
import { monitoringSchema } from "../config/evidence";
import { MonitoringSettings } from "../settings/evidence";
import { locationShape, modelIdSchema, partitionOf, tagsSchema } from "../config/location";
import { DeploymentLocation } from "../settings/location";
import { guardrailReferenceSchema } from "../config/references";
import { GuardrailReference } from "../settings/references";
import { componentOptions, componentType } from "../shared/component";
import { CustomerManagedKey } from "../shared/customerManagedKey";
import { policyDocumentJson } from "../shared/policyDocument";

/**
 * Bedrock runtime metrics (dimension ModelId) and guardrail metrics (InvocationsIntervened and
 * Invocations, dimensions GuardrailArn with GuardrailVersion): "Monitor Amazon Bedrock Guardrails
 * using CloudWatch metrics", https://docs.aws.amazon.com/bedrock/latest/userguide/monitoring-guardrails-cw-metrics.html
 */
const BEDROCK_NAMESPACE = "AWS/Bedrock";
const GUARDRAILS_NAMESPACE = "AWS/Bedrock/Guardrails";

/**
 * Arguments of AiMonitoring: the monitoring settings (as the stack settings' `evidence.monitoring`),
 * what is monitored (the trail's log group, the approved models, the guardrails), and where it deploys.
 */
export interface AiMonitoringArgs extends MonitoringSettings, DeploymentLocation {
    /** The log group the audit trail delivers to (AiAuditTrail's `logGroupName`); the governance metric filters run on it. */
    trailLogGroupName: pulumi.Input<string>;
    /** Approved foundation-model and inference-profile IDs: one dashboard line and one set of alarms each. */
    approvedModelIds: string[];
    /** Guardrails whose interventions are charted and alarmed on, by a stable name that keys their alarm. */
    guardrails: { [name: string]: GuardrailReference };
    /** SNS topic name; also scopes the topic key's encryption context. Defaults to the component name. */
    topicName?: string;
    /** Tags on every resource the component creates. */
    tags?: { [key: string]: string };
}

const NAME_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/** @internal The arguments as the constructor validates them. */
export const aiMonitoringArgsSchema = monitoringSchema.extend({
    ...locationShape,
    trailLogGroupName: inputOf(z.string().min(1).max(512)),
    approvedModelIds: z.array(modelIdSchema).min(1, "at least one model is needed to chart and alarm on"),
    guardrails: z.record(z.string().regex(NAME_KEY, "expected a name of letters, digits, - or _ (it names the guardrail's alarm)"), guardrailReferenceSchema),
    topicName: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,256}$/, "expected an SNS topic name: 1-256 letters, digits, hyphens or underscores")
        .optional(),
    tags: tagsSchema.default({}),
});

/** A resource-name-safe slug of a model ID (`us.anthropic.claude-3-7-sonnet-20250219-v1:0` -> `us-anthropic-claude-3-7-sonnet-20250219-v1-0`). */
function slug(id: string): string {
    return id.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/** A stable key of a subscription (protocol and a digest of its endpoint), whatever its place in the list. */
function subscriptionKey(protocol: string, endpoint: string): string {
    return `${protocol}-${crypto.createHash("sha256").update(endpoint).digest("hex").slice(0, 8)}`;
}

/**
 * Operational and security monitoring of the AI workloads: a CloudWatch dashboard of invocations,
 * latency, input and output tokens, throttles and errors per approved model and of guardrail
 * interventions; alarms on token spikes, guardrail-intervention spikes and invocation errors; a
 * metric filter and an alarm on the audit trail's log group for each class of governance change;
 * and an SNS topic, encrypted with a customer-managed key, that delivers every alarm.
 */
export class AiMonitoring extends pulumi.ComponentResource {
    /** ARN of the alarm topic. */
    public readonly topicArn: pulumi.Output<string>;
    /** ARN of the key that encrypts the alarm topic. */
    public readonly topicKmsKeyArn: pulumi.Output<string>;
    /** Name of the dashboard. */
    public readonly dashboardName: pulumi.Output<string>;
    /** ARNs of every alarm, by a stable key (`governance-<class>`, `tokens-<model>`, `errors-<model>`, `interventions-<guardrail name>`). */
    public readonly alarmArns: pulumi.Output<{ [key: string]: string }>;

    constructor(name: string, args: AiMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        // The topic name defaults to the component's name, and must be a valid topic name either way.
        const a = validateArgs("AiMonitoring", name, aiMonitoringArgsSchema, { ...args, topicName: args?.topicName ?? name });
        super(componentType("AiMonitoring"), name, {}, componentOptions("AiMonitoring", "evidence", opts));

        const partition = partitionOf(a.region);
        const { accountId, region, tags } = a;
        const period = a.periodSeconds;
        const topicName = a.topicName ?? name;
        const topicArn = `arn:${partition}:sns:${region}:${accountId}:${topicName}`;

        // CloudWatch alarms publish to an encrypted topic only with a customer key that lets
        // cloudwatch.amazonaws.com generate and decrypt data keys; SNS binds each data key to the
        // topic through the encryption context, which scopes the grant to this topic.
        const topicKey = new CustomerManagedKey(
            `${name}-topic-key`,
            {
                accountId,
                partition,
                description: `Encrypts the AI alarm topic ${topicName}`,
                serviceGrants: [
                    {
                        sid: "CloudWatchAlarmsPublishToTopic",
                        service: "cloudwatch.amazonaws.com",
                        actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
                        condition: { StringEquals: { "kms:EncryptionContext:aws:sns:topicArn": topicArn } },
                    },
                ],
                tags,
            },
            { parent: this },
        );

        const topic = new aws.sns.Topic(`${name}-alarms`, { name: topicName, kmsMasterKeyId: topicKey.keyArn, tags }, { parent: this });
        this.topicArn = topic.arn;
        this.topicKmsKeyArn = topicKey.keyArn;
        new aws.sns.TopicPolicy(
            `${name}-alarms-policy`,
            {
                arn: topic.arn,
                // The topic's ARN computed from its name (topicArn), so the policy is known at preview.
                policy: policyDocumentJson([
                    {
                        Sid: "AccountManagesTopic",
                        Effect: "Allow",
                        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
                        Action: ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish"],
                        Resource: topicArn,
                    },
                    {
                        Sid: "CloudWatchAlarmsOfThisAccountPublish",
                        Effect: "Allow",
                        Principal: { Service: "cloudwatch.amazonaws.com" },
                        Action: "sns:Publish",
                        Resource: topicArn,
                        Condition: {
                            StringEquals: { "aws:SourceAccount": accountId },
                            ArnLike: { "aws:SourceArn": `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:*` },
                        },
                    },
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "sns:Publish",
                        Resource: topicArn,
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ]),
            },
            { parent: this },
        );
        a.alarmSubscriptions.forEach((s, i) => {
            new aws.sns.TopicSubscription(
                `${name}-subscription-${subscriptionKey(s.protocol, s.endpoint)}`,
                { topic: topic.arn, protocol: s.protocol, endpoint: s.endpoint },
                // Releases before 0.2 keyed subscriptions by their place in the list.
                { parent: this, aliases: [{ name: `${name}-subscription-${i}` }] },
            );
        });

        const alarmActions = [topic.arn];
        const alarms: { [key: string]: aws.cloudwatch.MetricAlarm } = {};

        // Governance changes: one filter and one alarm per class; a single event is enough.
        for (const cls of GOVERNANCE_EVENT_CLASSES) {
            const filter = new aws.cloudwatch.LogMetricFilter(
                `${name}-${cls.id}`,
                {
                    logGroupName: a.trailLogGroupName,
                    pattern: governanceFilterPattern(cls),
                    metricTransformation: { name: cls.metricName, namespace: GOVERNANCE_METRIC_NAMESPACE, value: "1", defaultValue: "0" },
                },
                { parent: this },
            );
            alarms[`governance-${cls.id}`] = new aws.cloudwatch.MetricAlarm(
                `${name}-${cls.id}`,
                {
                    alarmDescription: `Governance change: ${cls.description}. Check the trail for who did it and whether it was approved.`,
                    namespace: GOVERNANCE_METRIC_NAMESPACE,
                    metricName: cls.metricName,
                    statistic: "Sum",
                    period,
                    evaluationPeriods: 1,
                    threshold: 1,
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    treatMissingData: "notBreaching",
                    alarmActions,
                    tags,
                },
                // The alarm's metric exists only once its filter does.
                { parent: this, dependsOn: [filter] },
            );
        }

        for (const modelId of a.approvedModelIds) {
            // PutMetricAlarm: exactly one query returns data (the expression); the inputs must say false.
            const metric = (id: string, metricName: string) => ({
                id,
                returnData: false,
                metric: { namespace: BEDROCK_NAMESPACE, metricName, dimensions: { ModelId: modelId }, period, stat: "Sum" },
            });
            alarms[`tokens-${slug(modelId)}`] = new aws.cloudwatch.MetricAlarm(
                `${name}-tokens-${slug(modelId)}`,
                {
                    alarmDescription: `Token spike on ${modelId}: more than ${a.tokenSpikeThreshold} input plus output tokens in ${period} s (runaway agent loop, abuse or leaked credentials).`,
                    metricQueries: [
                        metric("input", "InputTokenCount"),
                        metric("output", "OutputTokenCount"),
                        { id: "tokens", expression: "input + output", label: `Tokens ${modelId}`, returnData: true },
                    ],
                    evaluationPeriods: 1,
                    threshold: a.tokenSpikeThreshold,
                    comparisonOperator: "GreaterThanThreshold",
                    treatMissingData: "notBreaching",
                    alarmActions,
                    tags,
                },
                { parent: this },
            );
            alarms[`errors-${slug(modelId)}`] = new aws.cloudwatch.MetricAlarm(
                `${name}-errors-${slug(modelId)}`,
                {
                    alarmDescription: `Invocation errors on ${modelId}: more than ${a.invocationErrorThreshold} client plus server errors in ${period} s.`,
                    metricQueries: [
                        metric("client", "InvocationClientErrors"),
                        metric("server", "InvocationServerErrors"),
                        { id: "errors", expression: "client + server", label: `Errors ${modelId}`, returnData: true },
                    ],
                    evaluationPeriods: 1,
                    threshold: a.invocationErrorThreshold,
                    comparisonOperator: "GreaterThanThreshold",
                    treatMissingData: "notBreaching",
                    alarmActions,
                    tags,
                },
                { parent: this },
            );
        }

        Object.entries(a.guardrails).forEach(([key, g], i) => {
            alarms[`interventions-${key}`] = new aws.cloudwatch.MetricAlarm(
                `${name}-interventions-${key}`,
                {
                    alarmDescription: `Guardrail intervention spike: more than ${a.guardrailInterventionThreshold} blocked or masked requests in ${period} s (probing, jailbreak attempts, or a misbehaving client).`,
                    namespace: GUARDRAILS_NAMESPACE,
                    metricName: "InvocationsIntervened",
                    dimensions: { GuardrailArn: g.arn, GuardrailVersion: g.version },
                    statistic: "Sum",
                    period,
                    evaluationPeriods: 1,
                    threshold: a.guardrailInterventionThreshold,
                    comparisonOperator: "GreaterThanThreshold",
                    treatMissingData: "notBreaching",
                    alarmActions,
                    tags,
                },
                // Releases before 0.2 keyed these alarms by the guardrail's place in a list.
                { parent: this, aliases: [{ name: `${name}-interventions-${i}` }] },
            );
        });

        const body = pulumi
            .all(Object.values(a.guardrails).map((g) => pulumi.all([g.arn, g.version])))
            .apply((guardrails) => JSON.stringify(dashboardBody(region, period, a.approvedModelIds, guardrails)));
        const dashboard = new aws.cloudwatch.Dashboard(`${name}-dashboard`, { dashboardName: `${name}-ai-workloads`, dashboardBody: body }, { parent: this });
        this.dashboardName = dashboard.dashboardName;

        this.alarmArns = pulumi.output(Object.fromEntries(Object.entries(alarms).map(([key, alarm]) => [key, alarm.arn])));

        this.registerOutputs({ topicArn: this.topicArn, topicKmsKeyArn: this.topicKmsKeyArn, dashboardName: this.dashboardName, alarmArns: this.alarmArns });
    }
}

/** The dashboard: one row of per-model runtime charts, guardrail interventions, and governance changes. */
export function dashboardBody(region: string, period: number, modelIds: readonly string[], guardrails: [string, string][]): { widgets: unknown[] } {
    const perModel = (metricName: string, stat: string) => modelIds.map((id) => [BEDROCK_NAMESPACE, metricName, "ModelId", id, { stat, label: id }]);
    const chart = (title: string, metrics: unknown[], x: number, y: number, width = 8) => ({
        type: "metric",
        x,
        y,
        width,
        height: 6,
        properties: { title, region, period, view: "timeSeries", stacked: false, metrics },
    });
    return {
        widgets: [
            chart("Invocations per model", perModel("Invocations", "Sum"), 0, 0),
            chart("Invocation latency per model (p90, ms)", perModel("InvocationLatency", "p90"), 8, 0),
            chart("Throttled invocations per model", perModel("InvocationThrottles", "Sum"), 16, 0),
            chart("Input tokens per model", perModel("InputTokenCount", "Sum"), 0, 6),
            chart("Output tokens per model", perModel("OutputTokenCount", "Sum"), 8, 6),
            chart(
                "Invocation errors per model",
                modelIds.flatMap((id) => [
                    [BEDROCK_NAMESPACE, "InvocationClientErrors", "ModelId", id, { stat: "Sum", label: `${id} client` }],
                    [BEDROCK_NAMESPACE, "InvocationServerErrors", "ModelId", id, { stat: "Sum", label: `${id} server` }],
                ]),
                16,
                6,
            ),
            chart(
                "Guardrail interventions",
                guardrails.flatMap(([arn, version]) => [
                    [GUARDRAILS_NAMESPACE, "InvocationsIntervened", "GuardrailArn", arn, "GuardrailVersion", version, { stat: "Sum", label: `intervened (v${version})` }],
                    [GUARDRAILS_NAMESPACE, "Invocations", "GuardrailArn", arn, "GuardrailVersion", version, { stat: "Sum", label: `evaluated (v${version})` }],
                ]),
                0,
                12,
            ),
            chart(
                "Governance changes",
                GOVERNANCE_EVENT_CLASSES.map((c) => [GOVERNANCE_METRIC_NAMESPACE, c.metricName, { stat: "Sum", label: c.id }]),
                8,
                12,
                16,
            ),
        ],
    };
}
