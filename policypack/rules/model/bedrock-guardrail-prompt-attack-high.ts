import { FILTER_STRENGTHS, FilterStrength, PROMPT_ATTACK_FILTER } from "../../controls/guardrail";
import { contentFilterProblems, contentFilters } from "../../lib/guardrail";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

interface Config {
    minimumInputStrength: FilterStrength;
}

export const bedrockGuardrailPromptAttackHigh = resourceRule<Config>({
    name: "bedrock-guardrail-prompt-attack-high",
    id: "AIG-MI-1",
    layer: "model",
    severity: "high",
    displayName: "Guardrail blocks prompt attacks at HIGH",
    frameworks: { owaspLlm: ["LLM01"], awsAisf: ["AISF-AI-02"] },
    description: "Every Bedrock guardrail filters prompt attacks (jailbreaks, prompt injection) on input at HIGH strength.",
    explanation:
        "The PROMPT_ATTACK filter is the guardrail's only defence against jailbreaks and injected instructions. Absent, switched off, " +
        "weaker than HIGH, detect-only or limited to images, it lets crafted prompts steer the model and, through an agent, its tools.",
    seedControl: "Bedrock Guardrails: prompt-attack filter at HIGH on input",
    peers: ["Prowler:bedrock_guardrail_prompt_attack_filter_enabled"],
    remediation:
        'Add {type: "PROMPT_ATTACK", inputStrength: "HIGH", outputStrength: "NONE"} to contentPolicyConfig.filtersConfigs, with input ' +
        "evaluation enabled, inputAction BLOCK (or unset) and TEXT among the input modalities; the ModelGuardrail component does this.",
    configSchema: {
        properties: {
            minimumInputStrength: {
                type: "string",
                enum: FILTER_STRENGTHS.filter((s) => s !== "NONE"),
                default: PROMPT_ATTACK_FILTER.inputStrength,
                description: "Weakest accepted input strength of the PROMPT_ATTACK filter.",
            },
        },
    },
    resourceTypes: [T.guardrail],
    validate: ({ props }, { config, report }) => {
        const filters = contentFilters(props);
        for (const problem of filters.problems) {
            report(problem);
        }
        const filter = filters.byType.get(PROMPT_ATTACK_FILTER.type);
        if (!filter) {
            report(`the guardrail has no ${PROMPT_ATTACK_FILTER.type} content filter: jailbreaks and prompt injection pass unfiltered`);
            return;
        }
        // Output strength is not checked: AWS requires it to be NONE for this filter.
        const problems = contentFilterProblems(filter, ["input"], config.minimumInputStrength);
        if (problems.length > 0) {
            report(`${PROMPT_ATTACK_FILTER.type} filter: ${problems.join("; ")}`);
        }
    },
});
