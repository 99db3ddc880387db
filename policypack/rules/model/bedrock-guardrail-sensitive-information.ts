import { PII_ACTIONS, PII_ENTITY_TYPES, PiiAction, piiActionSatisfies, REQUIRED_PII_ENTITIES } from "../../controls/guardrail";
import { block, entriesOf } from "../../lib/guardrail";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

interface Config {
    requiredEntities: Record<string, PiiAction>;
}

/** What is wrong with one action field of a PII entity, if anything. */
function actionProblem(field: string, actual: unknown, required: PiiAction): string | undefined {
    if (actual === "NONE") {
        return `${field} is NONE: the entity is only detected, never masked or blocked`;
    }
    if (typeof actual !== "string" || !(PII_ACTIONS as readonly string[]).includes(actual)) {
        return `${field} ${JSON.stringify(actual)} is not one of ${PII_ACTIONS.join(", ")}`;
    }
    return piiActionSatisfies(actual, required) ? undefined : `${field} is ${actual}, weaker than the required ${required}`;
}

export const bedrockGuardrailSensitiveInformation = resourceRule<Config>({
    name: "bedrock-guardrail-sensitive-information",
    id: "AIG-MI-3",
    layer: "model",
    severity: "high",
    displayName: "Guardrail masks or blocks sensitive information",
    frameworks: { owaspLlm: ["LLM02"], awsAisf: ["AISF-AI-03"] },
    description: "Every Bedrock guardrail anonymizes or blocks the required PII entities (credentials and card numbers blocked), on input and output.",
    explanation:
        "Without a sensitive-information policy, personal data and secrets pasted into prompts reach the model, its logs and its answers. " +
        "An entity set to NONE is only detected: the data still passes.",
    seedControl: "Bedrock Guardrails: sensitive-information (PII) filters",
    peers: ["Prowler:bedrock_guardrail_sensitive_information_filter_enabled", "Prowler:bedrock_guardrail_sensitive_information_filter_enforced"],
    remediation:
        "Add each required entity to sensitiveInformationPolicyConfig.piiEntitiesConfigs with action (and inputAction / outputAction, " +
        "when set) at least as strong as required (BLOCK satisfies ANONYMIZE), and keep input and output evaluation enabled.",
    configSchema: {
        properties: {
            requiredEntities: {
                type: "object",
                description: "PII entity type -> weakest accepted action (ANONYMIZE or BLOCK).",
                properties: Object.fromEntries(PII_ENTITY_TYPES.map((t) => [t, { type: "string", enum: [...PII_ACTIONS] }])),
                additionalProperties: false,
                default: { ...REQUIRED_PII_ENTITIES },
            },
        },
    },
    resourceTypes: [T.guardrail],
    validate: ({ props }, { config, report }) => {
        const problems: string[] = [];
        const policy = block(props, "sensitiveInformationPolicyConfig", problems);
        const entities = entriesOf(policy, "sensitiveInformationPolicyConfig", "piiEntitiesConfigs");
        for (const problem of [...problems, ...entities.problems]) {
            report(problem);
        }
        const required = Object.entries(config.requiredEntities);
        const missing = required.filter(([type]) => !entities.byType.has(type)).map(([type, action]) => `${type} (${action})`);
        if (missing.length > 0) {
            report(`the guardrail does not handle ${missing.join(", ")}: these pass to and from the model unmasked`);
        }
        for (const [type, action] of required) {
            const entity = entities.byType.get(type);
            if (!entity) {
                continue;
            }
            const entityProblems: string[] = [];
            const main = actionProblem("action", entity.action, action);
            if (main) {
                entityProblems.push(main);
            }
            for (const side of ["input", "output"] as const) {
                if (entity[`${side}Enabled`] === false) {
                    entityProblems.push(`${side} evaluation is disabled (${side}Enabled: false)`);
                }
                const sideAction = entity[`${side}Action`];
                const sideProblem = sideAction === undefined ? undefined : actionProblem(`${side}Action`, sideAction, action);
                if (sideProblem) {
                    entityProblems.push(sideProblem);
                }
            }
            if (entityProblems.length > 0) {
                report(`${type} (requires ${action}): ${entityProblems.join("; ")}`);
            }
        }
    },
});
