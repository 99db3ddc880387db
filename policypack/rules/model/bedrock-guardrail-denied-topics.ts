import { MINIMUM_DENIED_TOPICS } from "../../controls/guardrail";
import { block, entriesOf } from "../../lib/guardrail";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

interface Config {
    minimumDeniedTopics: number;
    requiredTopicNames: string[];
}

export const bedrockGuardrailDeniedTopics = resourceRule<Config>({
    name: "bedrock-guardrail-denied-topics",
    id: "AIG-MI-4",
    layer: "model",
    severity: "medium",
    displayName: "Guardrail denies off-limits topics",
    frameworks: { owaspLlm: ["LLM09"], awsAisf: ["AISF-AI-01"] },
    description: "Every Bedrock guardrail denies at least the minimum number of topics, including any the organization requires by name.",
    explanation:
        "Denied topics keep a model out of subjects the organization must not advise on (for example personal financial advice or " +
        "medical diagnosis); without them, the model answers anyway and the organization carries the liability.",
    seedControl: "Bedrock Guardrails: denied topics",
    peers: [],
    remediation: "Add DENY topics to topicPolicyConfig.topicsConfigs, each with a definition and examples (the ModelGuardrail component takes them from config).",
    configSchema: {
        properties: {
            minimumDeniedTopics: {
                type: "integer",
                minimum: 0,
                default: MINIMUM_DENIED_TOPICS,
                description: "Fewest DENY topics a guardrail may have.",
            },
            requiredTopicNames: {
                type: "array",
                items: { type: "string", minLength: 1 },
                uniqueItems: true,
                default: [],
                description: "Topic names every guardrail must deny (exact names); empty: any topics count.",
            },
        },
    },
    resourceTypes: [T.guardrail],
    validate: ({ props }, { config, report }) => {
        const problems: string[] = [];
        const policy = block(props, "topicPolicyConfig", problems);
        const topics = entriesOf(policy, "topicPolicyConfig", "topicsConfigs", "name");
        for (const problem of [...problems, ...topics.problems]) {
            report(problem);
        }
        const denied = [...topics.byType.values()].filter((t) => t.type === "DENY").map((t) => t.name as string);
        if (denied.length < config.minimumDeniedTopics) {
            report(`the guardrail denies ${denied.length} topic(s) (${denied.join(", ") || "none"}); at least ${config.minimumDeniedTopics} required`);
        }
        const missing = config.requiredTopicNames.filter((name) => !denied.includes(name));
        if (missing.length > 0) {
            report(`the guardrail does not deny the required topic(s) ${missing.join(", ")}`);
        }
    },
});
