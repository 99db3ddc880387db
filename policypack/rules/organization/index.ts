import { Rule } from "../../lib/rule";
import { bedrockOrgGuardrailPolicy } from "./bedrock-org-guardrail-policy";
import { scpAgentActionCeiling } from "./scp-agent-action-ceiling";
import { scpBedrockInvokeViaVpce } from "./scp-bedrock-invoke-via-vpce";

export const organizationRules: Rule[] = [bedrockOrgGuardrailPolicy, scpBedrockInvokeViaVpce, scpAgentActionCeiling];
