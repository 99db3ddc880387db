import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GOVERNANCE_EVENT_CLASSES, GOVERNANCE_METRIC_NAMESPACE, governanceFilterPattern } from "../../policypack/controls/governance-events";
import { CustomerManagedKey } from "../shared/customerManagedKey";
import { policyDocumentJson } from "../shared/policyDocument";

/**
 * Bedrock runtime metrics (dimension ModelId) and guardrail metrics (InvocationsIntervened and
 * Invocations, dimensions GuardrailArn with GuardrailVersion): "Monitor Amazon Bedrock Guardrails
 * using CloudWatch metrics", https://docs.aws.amazon.com/bedrock/latest/userguide/monitoring-guardrails-cw-metrics.html
 */
const BEDROCK_NAMESPACE = "AWS/Bedrock";
const GUARDRAILS_NAMESPACE = "AWS/Bedrock/Guardrails";

export interface AlarmSubscription {
    protocol: "email" | "https" | "sqs" | "lambda";
    endpoint: string;
}

export interface MonitoredGuardrail {
    /** Guardrail ARN (without version): the `GuardrailArn` metric dimension. */
    arn: pulumi.Input<string>;
    /** Published version (or DRAFT): the `GuardrailVersion` metric dimension. */
    version: pulumi.Input<string>;
}

export interface AiMonitoringArgs {
    accountId: pulumi.Input<string>;
    region: pulumi.Input<string>;
    /** AWS partition. Defaults to `aws`. */
    partition?: pulumi.Input<string>;
    /** The log group the audit trail delivers to; the governance metric filters run on it. */
    trailLogGroupName: pulumi.Input<string>;
    /** Approved model and inference-profile IDs: one dashboard line and one set of alarms each. */
    approvedModelIds: readonly string[];
    /** Guardrails whose interventions are charted and alarmed on. */
    guardrails: MonitoredGuardrail[];
    /** Who is notified when an alarm fires. */
    alarmSubscriptions?: AlarmSubscription[];
    /** Alarm and dashboard period in seconds. Defaults to 300. */
    periodSeconds?: number;
    /** Input plus output tokens of one model within one period that count as a spike. */
    tokenSpikeThreshold: number;
    /** Guardrail interventions within one period that count as a spike. */
    guardrailInterventionThreshold: number;
    /** Client plus server invocation errors of one model within one period that raise an alarm. */
    invocationErrorThreshold: number;
    /** SNS topic name; also scopes the topic key's encryption context. Defaults to the component name. */
    topicName?: string;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Problems with the arguments, one line each; empty when they are valid. */
export function aiMonitoringProblems(args: AiMonitoringArgs): string[] {
    const problems: string[] = [];
    if (args.approvedModelIds.length === 0) {
        problems.push("approvedModelIds: at least one model is needed to chart and alarm on");
    }
    for (const [key, value] of [
        ["tokenSpikeThreshold", args.tokenSpikeThreshold],
        ["guardrailInterventionThreshold", args.guardrailInterventionThreshold],
        ["invocationErrorThreshold", args.invocationErrorThreshold],
    ] as const) {
        if (!Number.isInteger(value) || value < 1) {
            problems.push(`${key} ${JSON.stringify(value)}: expected a whole number of at least 1`);
        }
    }
    if (args.periodSeconds !== undefined && (args.periodSeconds < 60 || args.periodSeconds % 60 !== 0)) {
        problems.push(`periodSeconds ${args.periodSeconds}: expected a multiple of 60`);
    }
    for (const s of args.alarmSubscriptions ?? []) {
        if (!["email", "https", "sqs", "lambda"].includes(s.protocol) || typeof s.endpoint !== "string" || s.endpoint.trim() === "") {
            problems.push(`alarmSubscriptions: ${JSON.stringify(s)} needs a protocol (email, https, sqs, lambda) and an endpoint`);
        }
    }
    return problems;
}

/** A resource-name-safe slug of a model ID (`us.anthropic.claude-3-7-sonnet-20250219-v1:0` -> `us-anthropic-claude-3-7-sonnet-20250219-v1-0`). */
function slug(id: string): string {
    return id.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/**
 * Operational and security monitoring of the AI workloads: a CloudWatch dashboard of invocations,
 * latency, input and output tokens, throttles and errors per approved model and of guardrail
 * interventions; alarms on token spikes, guardrail-intervention spikes and invocation errors; a
 * metric filter and an alarm on the audit trail's log group for each class of governance change;
 * and an SNS topic, encrypted with a customer-managed key, that delivers every alarm.
 */
export class AiMonitoring extends pulumi.ComponentResource {
    /** The alarm topic. */
    public readonly topic: aws.sns.Topic;
    /** ARN of the alarm topic. */
    public readonly topicArn: pulumi.Output<string>;
    /** The key that encrypts the alarm topic. */
    public readonly topicKey: CustomerManagedKey;
    /** The dashboard. */
    public readonly dashboard: aws.cloudwatch.Dashboard;
    /** Name of the dashboard. */
    public readonly dashboardName: pulumi.Output<string>;
    /** Governance metric filters, by governance event class ID. */
    public readonly governanceFilters: Record<string, aws.cloudwatch.LogMetricFilter>;
    /** Every alarm, by a short key (`governance-trail-changes`, `tokens-<model>`, ...). */
    public readonly alarms: Record<string, aws.cloudwatch.MetricAlarm>;

    constructor(name: string, args: AiMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems = aiMonitoringProblems(args);
        if (problems.length > 0) {
            throw new Error(`AiMonitoring ${name}: invalid arguments:\n  - ${problems.join("\n  - ")}`);
        }
        super("ai-guardrails:evidence:AiMonitoring", name, {}, opts);

        const partition = args.partition ?? "aws";
        const period = args.periodSeconds ?? 300;
        const topicName = args.topicName ?? name;
        const topicArn = pulumi.interpolate`arn:${partition}:sns:${args.region}:${args.accountId}:${topicName}`;

        // CloudWatch alarms publish to an encrypted topic only with a customer key that lets
        // cloudwatch.amazonaws.com generate and decrypt data keys; SNS binds each data key to the
        // topic through the encryption context, which scopes the grant to this topic.
        this.topicKey = new CustomerManagedKey(
            `${name}-topic-key`,
            {
                accountId: args.accountId,
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
                tags: args.tags,
            },
            { parent: this },
        );

        this.topic = new aws.sns.Topic(`${name}-alarms`, { name: topicName, kmsMasterKeyId: this.topicKey.keyArn, tags: args.tags }, { parent: this });
        this.topicArn = this.topic.arn;
        new aws.sns.TopicPolicy(
            `${name}-alarms-policy`,
            {
                arn: this.topic.arn,
                policy: policyDocumentJson([
                    {
                        Sid: "AccountManagesTopic",
                        Effect: "Allow",
                        Principal: { AWS: pulumi.interpolate`arn:${partition}:iam::${args.accountId}:root` },
                        Action: ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish"],
                        Resource: this.topic.arn,
                    },
                    {
                        Sid: "CloudWatchAlarmsOfThisAccountPublish",
                        Effect: "Allow",
                        Principal: { Service: "cloudwatch.amazonaws.com" },
                        Action: "sns:Publish",
                        Resource: this.topic.arn,
                        Condition: {
                            StringEquals: { "aws:SourceAccount": args.accountId },
                            ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:${partition}:cloudwatch:${args.region}:${args.accountId}:alarm:*` },
                        },
                    },
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "sns:Publish",
                        Resource: this.topic.arn,
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ]),
            },
            { parent: this },
        );
        (args.alarmSubscriptions ?? []).forEach((s, i) => {
            new aws.sns.TopicSubscription(`${name}-subscription-${i}`, { topic: this.topic.arn, protocol: s.protocol, endpoint: s.endpoint }, { parent: this });
        });

        const alarmActions = [this.topic.arn];
        this.alarms = {};
        this.governanceFilters = {};

        // Governance changes: one filter and one alarm per class; a single event is enough.
        for (const cls of GOVERNANCE_EVENT_CLASSES) {
            const filter = new aws.cloudwatch.LogMetricFilter(
                `${name}-${cls.id}`,
                {
                    logGroupName: args.trailLogGroupName,
                    pattern: governanceFilterPattern(cls),
                    metricTransformation: { name: cls.metricName, namespace: GOVERNANCE_METRIC_NAMESPACE, value: "1", defaultValue: "0" },
                },
                { parent: this },
            );
            this.governanceFilters[cls.id] = filter;
            this.alarms[`governance-${cls.id}`] = new aws.cloudwatch.MetricAlarm(
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
                    tags: args.tags,
                },
                // The alarm's metric exists only once its filter does.
                { parent: this, dependsOn: [filter] },
            );
        }

        for (const modelId of args.approvedModelIds) {
            // PutMetricAlarm: exactly one query returns data (the expression); the inputs must say false.
            const metric = (id: string, metricName: string) => ({
                id,
                returnData: false,
                metric: { namespace: BEDROCK_NAMESPACE, metricName, dimensions: { ModelId: modelId }, period, stat: "Sum" },
            });
            this.alarms[`tokens-${slug(modelId)}`] = new aws.cloudwatch.MetricAlarm(
                `${name}-tokens-${slug(modelId)}`,
                {
                    alarmDescription: `Token spike on ${modelId}: more than ${args.tokenSpikeThreshold} input plus output tokens in ${period} s (runaway agent loop, abuse or leaked credentials).`,
                    metricQueries: [
                        metric("input", "InputTokenCount"),
                        metric("output", "OutputTokenCount"),
                        { id: "tokens", expression: "input + output", label: `Tokens ${modelId}`, returnData: true },
                    ],
                    evaluationPeriods: 1,
                    threshold: args.tokenSpikeThreshold,
                    comparisonOperator: "GreaterThanThreshold",
                    treatMissingData: "notBreaching",
                    alarmActions,
                    tags: args.tags,
                },
                { parent: this },
            );
            this.alarms[`errors-${slug(modelId)}`] = new aws.cloudwatch.MetricAlarm(
                `${name}-errors-${slug(modelId)}`,
                {
                    alarmDescription: `Invocation errors on ${modelId}: more than ${args.invocationErrorThreshold} client plus server errors in ${period} s.`,
                    metricQueries: [
                        metric("client", "InvocationClientErrors"),
                        metric("server", "InvocationServerErrors"),
                        { id: "errors", expression: "client + server", label: `Errors ${modelId}`, returnData: true },
                    ],
                    evaluationPeriods: 1,
                    threshold: args.invocationErrorThreshold,
                    comparisonOperator: "GreaterThanThreshold",
                    treatMissingData: "notBreaching",
                    alarmActions,
                    tags: args.tags,
                },
                { parent: this },
            );
        }

        args.guardrails.forEach((g, i) => {
            this.alarms[`interventions-${i}`] = new aws.cloudwatch.MetricAlarm(
                `${name}-interventions-${i}`,
                {
                    alarmDescription: `Guardrail intervention spike: more than ${args.guardrailInterventionThreshold} blocked or masked requests in ${period} s (probing, jailbreak attempts, or a misbehaving client).`,
                    namespace: GUARDRAILS_NAMESPACE,
                    metricName: "InvocationsIntervened",
                    dimensions: { GuardrailArn: g.arn, GuardrailVersion: g.version },
                    statistic: "Sum",
                    period,
                    evaluationPeriods: 1,
                    threshold: args.guardrailInterventionThreshold,
                    comparisonOperator: "GreaterThanThreshold",
                    treatMissingData: "notBreaching",
                    alarmActions,
                    tags: args.tags,
                },
                { parent: this },
            );
        });

        const body = pulumi
            .all([args.region, pulumi.all(args.guardrails.map((g) => pulumi.all([g.arn, g.version])))])
            .apply(([region, guardrails]) => JSON.stringify(dashboardBody(region, period, args.approvedModelIds, guardrails)));
        this.dashboard = new aws.cloudwatch.Dashboard(`${name}-dashboard`, { dashboardName: `${name}-ai-workloads`, dashboardBody: body }, { parent: this });
        this.dashboardName = this.dashboard.dashboardName;

        this.registerOutputs({ topicArn: this.topicArn, dashboardName: this.dashboardName });
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
