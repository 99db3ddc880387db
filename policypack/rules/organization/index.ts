import { Rule } from "../../lib/rule";
import { bedrockOrgGuardrailPolicy } from "./bedrock-org-guardrail-policy";
import { governanceResourcesProtected } from "./governance-resources-protected";
import { scpAgentActionCeiling } from "./scp-agent-action-ceiling";
import { scpBedrockInvokeViaVpce } from "./scp-bedrock-invoke-via-vpce";
import { scpGovernanceProtection } from "./scp-governance-protection";

export const organizationRules: Rule[] = [bedrockOrgGuardrailPolicy, scpBedrockInvokeViaVpce, scpAgentActionCeiling, scpGovernanceProtection, governanceResourcesProtected];
