import { Rule } from "../../lib/rule";
import { bedrockGuardrailContextualGrounding } from "./bedrock-guardrail-contextual-grounding";
import { bedrockGuardrailCustomerKey } from "./bedrock-guardrail-customer-key";
import { bedrockGuardrailDeniedTopics } from "./bedrock-guardrail-denied-topics";
import { bedrockGuardrailHarmFilters } from "./bedrock-guardrail-harm-filters";
import { bedrockGuardrailPromptAttackHigh } from "./bedrock-guardrail-prompt-attack-high";
import { bedrockGuardrailSensitiveInformation } from "./bedrock-guardrail-sensitive-information";
import { bedrockModelInvocationLogging } from "./bedrock-model-invocation-logging";

export const modelRules: Rule[] = [
    bedrockGuardrailPromptAttackHigh,
    bedrockGuardrailHarmFilters,
    bedrockGuardrailSensitiveInformation,
    bedrockGuardrailDeniedTopics,
    bedrockGuardrailContextualGrounding,
    bedrockGuardrailCustomerKey,
    bedrockModelInvocationLogging,
];
