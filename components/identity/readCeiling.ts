import { READ_CEILING_EXCLUSIONS } from "../../policypack/controls/agent-identity";
import { INVOKE_ACTIONS } from "../../policypack/controls/model-access";
import { actionDetails } from "../../policypack/lib/iam/catalog";

const CEILING_EXCLUDED = new Set<string>([...INVOKE_ACTIONS, ...READ_CEILING_EXCLUSIONS].map((a) => a.toLowerCase()));

/**
 * Whether a listed read-only service's ceiling covers an action (`service:Action`): its access level
 * is Read or List, and it is neither a model invocation (allowed only on approved models) nor one of
 * the secret-returning reads of `READ_CEILING_EXCLUSIONS`.
 */
export function isReadOnlyCeilingAction(action: string): boolean {
    const level = actionDetails(action)?.accessLevel;
    return (level === "Read" || level === "List") && !CEILING_EXCLUDED.has(action.toLowerCase());
}
