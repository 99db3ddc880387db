import { Rule } from "../../lib/rule";
import { bedrockGuardrailContextualGrounding } from "./bedrock-guardrail-contextual-grounding";
import { bedrockGuardrailCustomerKey } from "./bedrock-guardrail-customer-key";
import { bedrockGuardrailDeniedTopics } from "./bedrock-guardrail-denied-topics";
import { bedrockGuardrailHarmFilters } from "./bedrock-guardrail-harm-filters";
import { bedrockGuardrailPromptAttackHigh } from "./bedrock-guardrail-prompt-attack-high";
import { bedrockGuardrailSensitiveInformation } from "./bedrock-guardrail-sensitive-information";
import { bedrockModelInvocationLogging } from "./bedrock-model-invocation-logging";
import { bedrockBatchInferenceCustomerKey } from "./bedrock-batch-inference-customer-key";
import { bedrockCustomModelCustomerKey } from "./bedrock-custom-model-customer-key";
import { bedrockEnforcedGuardrailConfiguration } from "./bedrock-enforced-guardrail-configuration";

export const modelRules: Rule[] = [
    bedrockGuardrailPromptAttackHigh,
    bedrockGuardrailHarmFilters,
    bedrockGuardrailSensitiveInformation,
    bedrockGuardrailDeniedTopics,
    bedrockGuardrailContextualGrounding,
    bedrockGuardrailCustomerKey,
    bedrockModelInvocationLogging,
    bedrockCustomModelCustomerKey,
    bedrockBatchInferenceCustomerKey,
    bedrockEnforcedGuardrailConfiguration,
];
