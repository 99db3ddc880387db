import { READ_CEILING_EXCLUSIONS } from "../../policypack/controls/agent-identity";
import { DESTRUCTIVE_ACTIONS } from "../../policypack/controls/destructive-actions";
import { ESCALATION_PIVOTS } from "../../policypack/controls/escalation-paths";
import { INVOKE_ACTIONS } from "../../policypack/controls/model-access";
import { actionMatches } from "../../policypack/lib/iam/actions";
import { actionDetails } from "../../policypack/lib/iam/catalog";

const CEILING_EXCLUDED = new Set<string>([...INVOKE_ACTIONS, ...READ_CEILING_EXCLUSIONS].map((a) => a.toLowerCase()));

/**
 * Catalogue entries at Read or List level (bedrock:CallWithBearerToken is Read, its Mantle twin
 * List): the boundary denies everything outside its Allow statements, so none may enter them.
 */
const NEVER_ALLOWED = [...DESTRUCTIVE_ACTIONS, ...ESCALATION_PIVOTS.filter((p) => !p.resourceType).map((p) => p.action)];

/**
 * Whether a listed read-only service's ceiling covers an action (`service:Action`): its access level
 * is Read or List, and it is neither a model invocation (allowed only on approved models), one of
 * the secret-returning reads of `READ_CEILING_EXCLUSIONS`, nor in the destructive catalogue or an
 * escalation path.
 */
export function isReadOnlyCeilingAction(action: string): boolean {
    const level = actionDetails(action)?.accessLevel;
    return (level === "Read" || level === "List") && !CEILING_EXCLUDED.has(action.toLowerCase()) && !NEVER_ALLOWED.some((p) => actionMatches(p, action));
}
