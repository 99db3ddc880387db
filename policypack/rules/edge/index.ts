import { Rule } from "../../lib/rule";
import { wafModelApiProtected } from "./waf-model-api-protected";
import { wafPromptInjection } from "./waf-prompt-injection";
import { wafRateLimit } from "./waf-rate-limit";

export const edgeRules: Rule[] = [wafModelApiProtected, wafRateLimit, wafPromptInjection];
