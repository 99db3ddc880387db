import { FILTER_STRENGTHS, FilterStrength, HARM_FILTER_TYPES, MINIMUM_HARM_FILTER_STRENGTH } from "../../controls/guardrail";
import { contentFilterProblems, contentFilters } from "../../lib/guardrail";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

interface Config {
    minimumStrength: FilterStrength;
    requiredFilterTypes: string[];
}

export const bedrockGuardrailHarmFilters = resourceRule<Config>({
    name: "bedrock-guardrail-harm-filters",
    id: "AIG-MI-2",
    layer: "model",
    severity: "high",
    displayName: "Guardrail filters harmful content",
    frameworks: { owaspLlm: ["LLM01", "LLM05"], awsAisf: ["AISF-AI-01"] },
    description: "Every Bedrock guardrail filters HATE, VIOLENCE, SEXUAL, INSULTS and MISCONDUCT on input and output at the minimum strength or above.",
    explanation:
        "A harm category that is missing, switched off on one side, below the minimum strength or detect-only lets that content into the " +
        "model or back to the user; filtering only input misses what the model itself generates.",
    seedControl: "Bedrock Guardrails: content filters for every harm category",
    peers: [],
    remediation:
        "List each harm category in contentPolicyConfig.filtersConfigs with inputStrength and outputStrength at the minimum or above, " +
        "input and output evaluation enabled, no NONE action and TEXT among the modalities (the ModelGuardrail component applies HIGH).",
    configSchema: {
        properties: {
            minimumStrength: {
                type: "string",
                enum: FILTER_STRENGTHS.filter((s) => s !== "NONE"),
                default: MINIMUM_HARM_FILTER_STRENGTH,
                description: "Weakest accepted strength, on input and on output, of every required harm filter.",
            },
            requiredFilterTypes: {
                type: "array",
                items: { type: "string", enum: [...HARM_FILTER_TYPES] },
                uniqueItems: true,
                default: [...HARM_FILTER_TYPES],
                description: "Harm categories every guardrail must filter.",
            },
        },
    },
    resourceTypes: [T.guardrail],
    validate: ({ props }, { config, report }) => {
        const filters = contentFilters(props);
        for (const problem of filters.problems) {
            report(problem);
        }
        const missing = config.requiredFilterTypes.filter((t) => !filters.byType.has(t));
        if (missing.length > 0) {
            report(`the guardrail has no content filter for ${missing.join(", ")}: that content is neither filtered on input nor on output`);
        }
        for (const type of config.requiredFilterTypes) {
            const filter = filters.byType.get(type);
            const problems = filter ? contentFilterProblems(filter, ["input", "output"], config.minimumStrength) : [];
            if (problems.length > 0) {
                report(`${type} filter: ${problems.join("; ")}`);
            }
        }
    },
});
