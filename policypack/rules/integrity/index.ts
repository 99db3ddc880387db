import { Rule } from "../../lib/rule";
import { governanceResourcesProtected } from "./governance-resources-protected";
import { scpGovernanceProtection } from "./scp-governance-protection";

export const integrityRules: Rule[] = [scpGovernanceProtection, governanceResourcesProtected];
