import { PolicyResource } from "@pulumi/policy";
import { eventsMissingFromPattern, GOVERNANCE_EVENT_CLASSES, GovernanceEventClass } from "../../controls/governance-events";
import { declareHint, missingAtHome, placementOf, ProvidedBy, providedBySchema, providedElsewhere } from "../../lib/placement";
import { identityKeys, intersects, KeyIndex, knownStrings, referenceKeys } from "../../lib/references";
import { StackIndex } from "../../lib/stack-index";
import { stackRule } from "../../lib/rule";
import { BEDROCK_WORKLOAD_TYPES, T } from "../../lib/types";

interface Config {
    requiredClasses: string[];
    providedBy?: ProvidedBy & { topicArns?: string[] };
}

const WHAT = "alarms on AI governance changes";
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/;

/** Whether an alarm notifies one of the declared topics: named in alarmActions, or an in-stack topic with that ARN. */
function notifiesDeclared(alarm: PolicyResource, topics: KeyIndex, declared: readonly string[]): boolean {
    const keys = referenceKeys(alarm, "alarmActions");
    if (declared.some((arn) => keys.has(arn))) {
        return true;
    }
    // At preview an in-stack topic's ARN is not known yet; its name is the ARN's last part.
    const names = new Set(declared.map((arn) => arn.split(":").pop()!));
    return topics.lookup(keys).some((t) => {
        const arns = knownStrings(t, ["arn"]);
        return arns.some((arn) => declared.includes(arn)) || (arns.length === 0 && knownStrings(t, ["name"]).some((n) => names.has(n)));
    });
}

/** `arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]` -> NAME, so an ARN meets a name. */
function logGroupNameOfArn(value: string): string[] {
    const m = /^arn:[^:]+:logs:[^:]*:\d*:log-group:(.+?)(:\*)?$/.exec(value);
    return m ? [value, m[1]] : [value];
}

/** The metrics an alarm watches: its own metric, or the metrics of its metric-math queries. */
function alarmMetrics(alarm: PolicyResource): { namespace: unknown; metricName: unknown }[] {
    const direct = alarm.props.metricName !== undefined && alarm.props.metricName !== "" ? [{ namespace: alarm.props.namespace, metricName: alarm.props.metricName }] : [];
    const queries = Array.isArray(alarm.props.metricQueries) ? alarm.props.metricQueries : [];
    return [
        ...direct,
        ...queries.filter((q: any) => q?.metric).map((q: any) => ({ namespace: q.metric.namespace, metricName: q.metric.metricName })),
    ];
}

function notifies(alarm: PolicyResource): boolean {
    return alarm.props.actionsEnabled !== false && Array.isArray(alarm.props.alarmActions) && alarm.props.alarmActions.length > 0;
}

/** A metric's identity as a map key: its namespace and name, whatever their types. */
function metricKey(namespace: unknown, metricName: unknown): string {
    return JSON.stringify([typeof namespace, namespace ?? null, typeof metricName, metricName ?? null]);
}

/** Statistics under which one matching event (value 1 among the filter's 0s) reaches a threshold of 1. */
const ONE_EVENT_STATISTICS = new Set(["Sum", "Maximum", "SampleCount"]);

/**
 * Why the alarm would stay silent on a single governance event, or undefined when one event in
 * one period is enough: a threshold above 1 (or `GreaterThanThreshold` 1), a comparison that
 * fires on low values, several breaching periods, or a statistic such as Average or Minimum
 * that the filter's zeros pull below 1.
 */
function silentOnOneEvent(alarm: PolicyResource, metricName: unknown): string | undefined {
    const p = alarm.props;
    const threshold = Number(p.threshold);
    const operator = p.comparisonOperator;
    if (typeof operator === "string" && Number.isFinite(threshold)) {
        const fires = (operator === "GreaterThanOrEqualToThreshold" && threshold <= 1) || (operator === "GreaterThanThreshold" && threshold < 1);
        if (!fires) {
            return `it fires only when the value is ${operator.replace(/Threshold$/, "").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()} ${threshold}, so a single change goes unreported`;
        }
    }
    const periods = Number(p.datapointsToAlarm ?? p.evaluationPeriods ?? 1);
    if (Number.isFinite(periods) && periods > 1) {
        return `it needs ${periods} breaching periods, so a single change goes unreported`;
    }
    const queries: any[] = Array.isArray(p.metricQueries) ? p.metricQueries : [];
    // The provider's state reads an unset statistic back as "" (an alarm on metric queries has none).
    const own = typeof p.statistic === "string" && p.statistic !== "" ? p.statistic : undefined;
    const stat = own ?? queries.find((q) => q?.metric?.metricName === metricName)?.metric?.stat;
    if (typeof stat === "string" && !ONE_EVENT_STATISTICS.has(stat)) {
        return `its statistic ${stat} averages the event away among the filter's zeros; use Sum`;
    }
    return undefined;
}

export const governanceChangeAlarms = stackRule<Config>({
    name: "governance-change-alarms",
    id: "AIG-EV-6",
    layer: "evidence",
    severity: "high",
    displayName: "Alarms on AI governance changes",
    frameworks: { owaspLlm: ["LLM01", "LLM06"], awsAisf: ["AISF-DETECT-05"] },
    description:
        "For each class of AI governance change (guardrails and their enforcement and resource policy, boundaries, agent role policies, trails, " +
        "event selectors, invocation logging, Organizations policies, membership, OU moves and trusted access, gateways, their targets and Cedar policies, service-specific " +
        "credentials) a metric filter on the trail's log group feeds an alarm that notifies someone.",
    explanation:
        "Preventive controls can be switched off by whoever holds enough permission, and an attacker's first move is often to stop " +
        "the trail or weaken the guardrail. Without an alarm on each such change, nobody learns of it until the evidence is gone. In the " +
        "management account no SCP applies, so its Organizations changes, its guardrails and its Bedrock API keys have only these alarms.",
    seedControl: "CloudWatch: alarms on governance changes",
    peers: [
        "Prowler:cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled",
        "Prowler:cloudwatch_log_metric_filter_policy_changes",
        "Prowler:cloudwatch_log_metric_filter_aws_organizations_changes",
        "SecurityHub:CloudWatch.4",
        "SecurityHub:CloudWatch.5",
    ],
    remediation:
        "Send the trail to a CloudWatch Logs group (cloudWatchLogsGroupArn) and add, per class, a LogMetricFilter whose pattern matches " +
        "its eventSource and every eventName, and a MetricAlarm on that metric with alarmActions that fires on a single event (Sum, " +
        "GreaterThanOrEqualToThreshold 1, one evaluation period); the AiMonitoring component does this. Where a security account holds " +
        "the organization trail and its alarms, declare that stack and its alarm topic in providedBy.",
    configSchema: {
        properties: {
            requiredClasses: {
                type: "array",
                items: { type: "string", enum: GOVERNANCE_EVENT_CLASSES.map((c) => c.id) },
                default: GOVERNANCE_EVENT_CLASSES.map((c) => c.id),
                description: "Governance event classes that need a metric filter and an alarm.",
            },
            providedBy: providedBySchema("the governance trail and its alarms (typically a security account)", {
                topicArns: {
                    type: "array",
                    items: { type: "string", pattern: SNS_TOPIC_ARN.source },
                    description: "The alarm topics the declared stacks notify: there, every class must have an alarm that notifies one of them.",
                },
            }),
        },
    },
    validateStack: ({ resources, notApplicable }, { config, report }) => {
        const stack = StackIndex.of(resources);
        const trails = stack.ofType(T.trail);
        const placement = placementOf(resources, config.providedBy);
        if (placement.kind !== "home" && trails.length === 0 && !stack.hasAny(BEDROCK_WORKLOAD_TYPES)) {
            notApplicable("no trail and no Bedrock or AgentCore workload in the stack");
        }
        if (placement.kind === "elsewhere") {
            notApplicable(providedElsewhere(WHAT, placement));
        }
        if (placement.kind === "home" && trails.length === 0) {
            report(missingAtHome(`${WHAT} (a trail delivering to CloudWatch Logs, metric filters and alarms)`, placement));
            return;
        }
        const declaredTopics = placement.kind === "home" ? (placement.providedBy.topicArns ?? []) : [];
        const topics = stack.keyIndex([T.snsTopic], ["arn", "name"]);
        const logGroups = new Map(stack.ofType(T.logGroup).map((g) => [g.urn, g]));
        const trailLogGroups = new Set<string>();
        for (const trail of trails) {
            for (const key of referenceKeys(trail, "cloudWatchLogsGroupArn", logGroupNameOfArn)) {
                trailLogGroups.add(key);
                const group = logGroups.get(key);
                if (group) {
                    identityKeys(group, ["name"]).forEach((k) => trailLogGroups.add(k));
                }
            }
        }
        if (trailLogGroups.size === 0) {
            report(
                trails.length === 0
                    ? `the stack deploys Bedrock workloads but no trail: governance changes are neither recorded nor alarmed; ${declareHint("the trail and its alarms")}`
                    : "no trail delivers to CloudWatch Logs (cloudWatchLogsGroupArn), so no metric filter can see governance changes",
            );
            return;
        }

        const filters = stack.ofType(T.metricFilter).filter((r) => intersects(referenceKeys(r, "logGroupName"), trailLogGroups));
        // Each filter's pattern, read once (when the first class needs them).
        let patterns: (string | undefined)[] | undefined;
        const patternsOfFilters = () => (patterns ??= filters.map((f) => (typeof f.props.pattern === "string" ? f.props.pattern : undefined)));
        // What a pattern misses of a class: filters repeat patterns (one set per trail), so each is read once.
        const missingMemo = new Map<string, string[]>();
        const missing = (cls: GovernanceEventClass, pattern: string) => {
            const key = `${cls.id}\u0000${pattern}`;
            let found = missingMemo.get(key);
            if (!found) {
                found = eventsMissingFromPattern(cls, pattern);
                missingMemo.set(key, found);
            }
            return found;
        };
        // Alarms that notify, by the metric they watch; built when the first class has a covering filter.
        let alarmsByMetric: Map<unknown, Map<unknown, PolicyResource[]>> | undefined;
        const alarmsWatching = (namespace: unknown, metricName: unknown): readonly PolicyResource[] => {
            if (!alarmsByMetric) {
                alarmsByMetric = new Map();
                for (const alarm of stack.ofType(T.metricAlarm)) {
                    if (!notifies(alarm)) {
                        continue;
                    }
                    for (const m of alarmMetrics(alarm)) {
                        let byName = alarmsByMetric.get(m.namespace);
                        if (!byName) {
                            byName = new Map();
                            alarmsByMetric.set(m.namespace, byName);
                        }
                        const list = byName.get(m.metricName) ?? [];
                        if (!list.includes(alarm)) {
                            list.push(alarm);
                        }
                        byName.set(m.metricName, list);
                    }
                }
            }
            // In stack order, as the alarms were indexed.
            return alarmsByMetric.get(namespace)?.get(metricName) ?? [];
        };
        // Whether an alarm stays silent on one event of a metric, answered once per alarm and metric.
        const silentMemo = new Map<PolicyResource, Map<unknown, string | undefined>>();
        const silent = (alarm: PolicyResource, metricName: unknown) => {
            let byName = silentMemo.get(alarm);
            if (!byName) {
                byName = new Map();
                silentMemo.set(alarm, byName);
            }
            if (!byName.has(metricName)) {
                byName.set(metricName, silentOnOneEvent(alarm, metricName));
            }
            return byName.get(metricName);
        };
        for (const id of config.requiredClasses) {
            const cls = GOVERNANCE_EVENT_CLASSES.find((c) => c.id === id);
            if (!cls) {
                continue;
            }
            const read = patternsOfFilters();
            const covering = filters.filter((_, i) => read[i] !== undefined && missing(cls, read[i]!).length === 0);
            if (covering.length === 0) {
                const partial = filters
                    .map((f, i) => ({ f, pattern: read[i] }))
                    .filter((x): x is { f: PolicyResource; pattern: string } => x.pattern !== undefined)
                    .map(({ f, pattern }) => ({ f, missing: missing(cls, pattern) }))
                    .filter((x) => x.missing.length < cls.events.reduce((n, e) => n + e.eventNames.length, 0))
                    .sort((a, b) => a.missing.length - b.missing.length)[0];
                const note = cls.note ? `; ${cls.note}` : "";
                report(
                    partial
                        ? `${cls.id}: metric filter ${partial.f.name} misses ${partial.missing.join(", ")}${note}`
                        : `${cls.id}: no metric filter on the trail's log group matches these events (${cls.description})${note}`,
                );
                continue;
            }
            // Alarms on the covering filters' metrics, filter by filter: the first one found names the
            // problem; any that fires on one event settles the class. Each metric is looked at once.
            let first: { alarm: PolicyResource; silent: string | undefined } | undefined;
            const firing: PolicyResource[] = [];
            const seen = new Set<string>();
            for (const f of covering) {
                const t = f.props.metricTransformation;
                const namespace = t?.namespace;
                const metricName = t?.name;
                const metric = metricKey(namespace, metricName);
                if (seen.has(metric)) {
                    continue;
                }
                seen.add(metric);
                for (const alarm of alarmsWatching(namespace, metricName)) {
                    const why = silent(alarm, metricName);
                    first ??= { alarm, silent: why };
                    if (why === undefined) {
                        firing.push(alarm);
                    }
                }
            }
            if (!first) {
                report(`${cls.id}: metric filter ${covering[0].name} has no alarm with alarmActions on its metric`, covering[0].urn);
            } else if (firing.length === 0) {
                report(`${cls.id}: alarm ${first.alarm.name} on metric filter ${covering[0].name}'s metric would not fire on one change: ${first.silent}`, first.alarm.urn);
            } else if (declaredTopics.length > 0 && !firing.some((a) => notifiesDeclared(a, topics, declaredTopics))) {
                report(
                    `${cls.id}: alarm ${firing[0].name} does not notify the alarm topic the pack config declares in providedBy ` +
                        `(${declaredTopics.join(", ")}): the security team is not told`,
                    firing[0].urn,
                );
            }
        }
    },
});
