/**
 * What a permissions boundary really denies. The destructive-action catalogue is expanded against
 * the real action catalogue, and each action must meet an unconditional Deny on every resource
 * (wildcards on the Deny side match as IAM matches them). Shared by
 * `permission-boundary-non-destructive` and `agent-role-permission-boundary`.
 */
import { destructiveActions, PASS_ROLE_ACTION } from "../../controls/destructive-actions";
import { expandActionPatterns, statementCoversAction } from "./actions";
import { describeStatement, PolicyDocument, Statement } from "./document";
import { allowsAllOfIam, allowsEveryAction } from "./privilege";

export interface BoundaryAnalysis {
    /** Problems, one line each; empty when the boundary is non-destructive. */
    findings: string[];
    /** How many concrete destructive actions the catalogue (plus extras) expands to. */
    destructiveActionCount: number;
    /** The concrete destructive actions the document does not deny everywhere. */
    notDenied: string[];
}

/** A Deny that applies to every request for the action: no condition, every resource. */
function deniesEverywhere(s: Statement, action: string): boolean {
    if (s.effect !== "Deny" || s.conditions.length > 0 || !statementCoversAction(s, action)) {
        return false;
    }
    if ((s.resources ?? []).includes("*")) {
        return true;
    }
    // PassRole may be exempted for named roles (NotResource), never for a wildcard range of roles.
    return action.toLowerCase() === PASS_ROLE_ACTION.toLowerCase() && s.notResources !== undefined && s.notResources.every((r) => !/[*?]/.test(r));
}

const SHOWN = 8;

/** Analyses a document used as a permissions boundary. */
export async function analyzeBoundary(doc: PolicyDocument, extraDestructiveActions: readonly string[] = []): Promise<BoundaryAnalysis> {
    const findings = doc.errors.map((e) => `the document is not valid: ${e}`);
    for (const s of doc.statements) {
        if (allowsEveryAction(s)) {
            findings.push(`${describeStatement(s)} allows every action (${s.notActions ? "Allow with NotAction" : "\"*\""}): a boundary must be a ceiling`);
        } else if (allowsAllOfIam(s)) {
            findings.push(`${describeStatement(s)} allows iam:*`);
        }
    }
    const actions = await expandActionPatterns(destructiveActions(extraDestructiveActions));
    const notDenied = actions.filter((a) => !doc.statements.some((s) => deniesEverywhere(s, a)));
    if (notDenied.length > 0) {
        const shown = notDenied.slice(0, SHOWN).join(", ");
        const more = notDenied.length > SHOWN ? ` and ${notDenied.length - SHOWN} more` : "";
        findings.push(`does not deny ${notDenied.length} of ${actions.length} destructive actions unconditionally on every resource: ${shown}${more}`);
    }
    return { findings, destructiveActionCount: actions.length, notDenied };
}
