import { Rule } from "../../lib/rule";
import { aiServicesOptOutPolicy } from "./ai-services-opt-out-policy";
import { bedrockOrgGuardrailPolicy } from "./bedrock-org-guardrail-policy";
import { scpAgentActionCeiling } from "./scp-agent-action-ceiling";
import { scpBedrockInvokeViaVpce } from "./scp-bedrock-invoke-via-vpce";

export const organizationRules: Rule[] = [bedrockOrgGuardrailPolicy, scpBedrockInvokeViaVpce, scpAgentActionCeiling, aiServicesOptOutPolicy];
