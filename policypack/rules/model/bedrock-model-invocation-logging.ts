import { PolicyResource } from "@pulumi/policy";
import { KMS_SSE_ALGORITHMS, LOG_DELIVERIES, LOG_DELIVERY_FIELDS, LogDelivery, REQUIRED_LOG_DELIVERIES } from "../../controls/invocation-logging";
import { block } from "../../lib/guardrail";
import { stackRule } from "../../lib/rule";
import { declareHint, missingAtHome, placementOf, ProvidedBy, providedBySchema, providedElsewhere } from "../../lib/placement";
import { BUCKET_TYPES, BucketIndex } from "../../lib/s3";
import { StackIndex } from "../../lib/stack-index";
import { BEDROCK_WORKLOAD_TYPES, T } from "../../lib/types";
import { dependenciesOf, isUnknownProp } from "../../lib/unknowns";

interface Config {
    requiredDeliveries: LogDelivery[];
    providedBy?: ProvidedBy;
}

const WHAT = "model invocation logging";

/** What the rule needs about a stack, from the stack's index (the rule stays linear in the stack's size). */
class LoggingView {
    readonly workloads: PolicyResource[];
    readonly configurations: readonly PolicyResource[];
    /** Log groups by known name; the last in stack order for a name written twice. */
    readonly logGroups = new Map<string, PolicyResource>();
    readonly buckets: BucketIndex;

    constructor(resources: readonly PolicyResource[]) {
        const stack = StackIndex.of(resources);
        this.workloads = stack.ofTypes(BEDROCK_WORKLOAD_TYPES);
        this.configurations = stack.ofType(T.invocationLogging);
        for (const r of stack.ofType(T.logGroup)) {
            if (!isUnknownProp(r.props, "name") && typeof r.props.name === "string") {
                this.logGroups.set(r.props.name, r);
            }
        }
        this.buckets = BucketIndex.of(resources);
    }
}

/**
 * The in-stack resources a destination field names: by value when it is known, else the resources
 * of the wanted types that the engine says `loggingConfig` comes from. An unknown value that no
 * in-stack resource supplies is read through the proxy, so the SDK reports that the rule cannot
 * decide during preview; `pulumi up` knows the name.
 */
function destinations(
    configuration: PolicyResource,
    settings: Record<string, any>,
    field: string,
    types: readonly string[],
    byName: (name: string) => PolicyResource | undefined,
): { label: string; found: PolicyResource[] } {
    if (isUnknownProp(settings, field)) {
        const found = dependenciesOf(configuration, "loggingConfig").filter((d) => types.includes(d.type));
        if (found.length === 0) {
            void settings[field];
        }
        return { label: "(name unknown at preview)", found };
    }
    const name = settings[field];
    const found = typeof name === "string" ? byName(name) : undefined;
    return { label: JSON.stringify(name), found: found ? [found] : [] };
}

function reviewConfiguration(configuration: PolicyResource, stack: LoggingView, required: readonly LogDelivery[]): string[] {
    const problems: string[] = [];
    const config = block(configuration.props, "loggingConfig", problems);
    if (!config) {
        return problems.length > 0 ? [`${problems.join("; ")}, so what it delivers cannot be verified`] : ["it has no loggingConfig, so nothing is delivered"];
    }
    for (const delivery of required) {
        // The provider defaults every delivery to true; only an explicit false switches one off.
        if (config[LOG_DELIVERY_FIELDS[delivery]] === false) {
            problems.push(`${LOG_DELIVERY_FIELDS[delivery]} is false: ${delivery} inputs and outputs are not recorded`);
        }
    }
    const s3 = block(config, "s3Config", problems);
    const cloudwatch = block(config, "cloudwatchConfig", problems);
    if (!s3 && !cloudwatch) {
        problems.push("it has no destination: neither s3Config nor cloudwatchConfig is set");
    }

    const bucketBlocks = [
        { where: "s3Config", settings: s3 },
        { where: "cloudwatchConfig.largeDataDeliveryS3Config", settings: cloudwatch && block(cloudwatch, "largeDataDeliveryS3Config", problems) },
    ];
    const checked = new Set<PolicyResource>();
    for (const { where, settings } of bucketBlocks) {
        if (!settings) {
            continue;
        }
        const { label, found } = destinations(configuration, settings, "bucketName", BUCKET_TYPES, (n) => stack.buckets.find(n));
        if (found.length === 0) {
            problems.push(`the ${where} bucket ${label} is not a bucket in this stack, so its SSE-KMS encryption cannot be verified`);
        }
        for (const bucket of found.filter((b) => !checked.has(b))) {
            checked.add(bucket);
            const algorithms = stack.buckets.sseAlgorithms(bucket);
            if (!algorithms.some((a) => KMS_SSE_ALGORITHMS.includes(a))) {
                const current = algorithms.length > 0 ? `its default encryption is ${algorithms.join(", ")}` : "it has no default-encryption configuration";
                problems.push(`the ${where} bucket ${bucket.name} is not encrypted with SSE-KMS (${current}): prompts and responses are stored without a customer-controlled key`);
            }
        }
    }

    if (cloudwatch) {
        const { label, found } = destinations(configuration, cloudwatch, "logGroupName", [T.logGroup], (n) => stack.logGroups.get(n));
        if (found.length === 0) {
            problems.push(`the CloudWatch log group ${label} is not a log group in this stack, so its KMS encryption cannot be verified`);
        }
        for (const group of found) {
            // A key ARN unknown at preview is a key the stack is creating: the setting is present.
            const encrypted = isUnknownProp(group.props, "kmsKeyId") || (typeof group.props.kmsKeyId === "string" && group.props.kmsKeyId !== "");
            if (!encrypted) {
                problems.push(`the CloudWatch log group ${group.name} has no kmsKeyId: prompts and responses are stored without a customer-controlled key`);
            }
        }
    }
    return problems;
}

export const bedrockModelInvocationLogging = stackRule<Config>({
    name: "bedrock-model-invocation-logging",
    id: "AIG-MI-7",
    layer: "model",
    severity: "high",
    displayName: "Model invocation logging on and encrypted",
    frameworks: { owaspLlm: ["LLM10"], awsAisf: ["AISF-AI-05"] },
    description:
        "Model invocation logging covers every stack that deploys Bedrock workloads (in the stack, or in the stack or account the pack config " +
        "declares), and every logging configuration, wherever it is, delivers text and writes only to KMS-encrypted destinations.",
    explanation:
        "Invocation logs are the only record of what was sent to a model and what it answered: without them an incident (data leak, " +
        "prompt injection, misuse) cannot be reconstructed. They contain the prompts themselves, so they must be encrypted with a key the organization controls.",
    seedControl: "Evidence: Bedrock model invocation logging to an encrypted bucket and log group",
    peers: [
        "Prowler:bedrock_model_invocation_logging_enabled",
        "Prowler:bedrock_model_invocation_logs_encryption_enabled",
        "Prowler:bedrock_model_invocation_logging_text_data_enabled",
    ],
    remediation:
        "Add the InvocationLogging component (aws.bedrockmodel.InvocationLoggingConfiguration with textDataDeliveryEnabled true) to the stack, " +
        "delivering to an in-stack bucket with SSE-KMS default encryption and/or a log group with kmsKeyId. In a multi-account organization " +
        "where an account baseline or security stack configures it, declare that stack in providedBy.",
    configSchema: {
        properties: {
            requiredDeliveries: {
                type: "array",
                items: { type: "string", enum: [...LOG_DELIVERIES] },
                uniqueItems: true,
                default: [...REQUIRED_LOG_DELIVERIES],
                description: "Data kinds that must be delivered (text, image, embedding, video).",
            },
            providedBy: providedBySchema("model invocation logging (set once per account and Region, typically by an account baseline or security stack)"),
        },
    },
    validateStack: ({ resources, notApplicable }, { config, report }) => {
        const stack = new LoggingView(resources);
        // A configuration is reviewed on its own content wherever it is, with or without workloads beside it.
        for (const configuration of stack.configurations) {
            const problems = reviewConfiguration(configuration, stack, config.requiredDeliveries);
            if (problems.length > 0) {
                report(`invocation logging ${configuration.name}: ${problems.join("; ")}`, configuration.urn);
            }
        }
        if (stack.configurations.length > 0) {
            return;
        }
        const placement = placementOf(resources, config.providedBy);
        if (placement.kind === "home") {
            report(missingAtHome(WHAT, placement));
            return;
        }
        if (stack.workloads.length === 0) {
            notApplicable("no Bedrock workload and no invocation logging in the stack");
        }
        if (placement.kind === "elsewhere") {
            notApplicable(providedElsewhere(WHAT, placement));
        }
        const names = stack.workloads.slice(0, 5).map((w) => w.name);
        const more = stack.workloads.length > names.length ? `, and ${stack.workloads.length - names.length} more` : "";
        report(
            `the stack deploys Bedrock workloads (${names.join(", ")}${more}) but no model invocation logging ` +
                `(aws.bedrockmodel.InvocationLoggingConfiguration): prompts and responses are not recorded; ${declareHint(WHAT)}`,
        );
    },
});
