import { GROUNDING_FILTER_TYPES, MINIMUM_GROUNDING_THRESHOLD } from "../../controls/guardrail";
import { block, entriesOf } from "../../lib/guardrail";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

interface Config {
    minimumThreshold: number;
}

export const bedrockGuardrailContextualGrounding = resourceRule<Config>({
    name: "bedrock-guardrail-contextual-grounding",
    id: "AIG-MI-5",
    layer: "model",
    severity: "medium",
    displayName: "Guardrail checks contextual grounding",
    frameworks: { owaspLlm: ["LLM09"], awsAisf: ["AISF-AI-09"] },
    description: "Every Bedrock guardrail checks contextual grounding and relevance, each at the minimum threshold or above.",
    explanation:
        "Grounding and relevance checks block answers that are not supported by the source material or do not address the query: " +
        "hallucinations in retrieval-augmented answers. A low threshold lets almost every answer through.",
    seedControl: "Bedrock Guardrails: contextual grounding check",
    peers: ["Prowler:bedrock_guardrail_contextual_grounding_filter_enabled"],
    remediation: "Add GROUNDING and RELEVANCE to contextualGroundingPolicyConfig.filtersConfigs with a threshold at the minimum or above (the component default is 0.75).",
    configSchema: {
        properties: {
            minimumThreshold: {
                type: "number",
                minimum: 0,
                maximum: 0.99,
                default: MINIMUM_GROUNDING_THRESHOLD,
                description: "Lowest accepted threshold for both GROUNDING and RELEVANCE.",
            },
        },
    },
    resourceTypes: [T.guardrail],
    validate: ({ props }, { config, report }) => {
        const problems: string[] = [];
        const policy = block(props, "contextualGroundingPolicyConfig", problems);
        const filters = entriesOf(policy, "contextualGroundingPolicyConfig", "filtersConfigs");
        for (const problem of [...problems, ...filters.problems]) {
            report(problem);
        }
        const missing = GROUNDING_FILTER_TYPES.filter((t) => !filters.byType.has(t));
        if (missing.length > 0) {
            report(`the guardrail has no ${missing.join(" or ")} check: ungrounded or irrelevant answers are not blocked`);
        }
        for (const type of GROUNDING_FILTER_TYPES) {
            const filter = filters.byType.get(type);
            if (!filter) {
                continue;
            }
            const threshold = filter.threshold;
            if (typeof threshold !== "number" || Number.isNaN(threshold)) {
                report(`${type} threshold ${JSON.stringify(threshold)} is not a number`);
            } else if (threshold < config.minimumThreshold) {
                report(`${type} threshold is ${threshold}, below the required ${config.minimumThreshold}`);
            }
        }
    },
});
