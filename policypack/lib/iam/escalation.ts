/**
 * Which escalation paths (controls/escalation-paths.ts) a document opens: its Allow statements grant
 * every action a path needs, on resources the agent does not own, and no unconditional Deny of the
 * same document closes one of the path's pivots. Shared by the boundary analysis and the agent-role
 * rules.
 */
import { ESCALATION_PATHS, EscalationPath, EscalationPivot, pivotResource } from "../../controls/escalation-paths";
import { statementCoversAction } from "./actions";
import { describeStatement, PolicyDocument, Statement } from "./document";
import { patternCovers, patternsIntersect } from "./patterns";
import { allowsEveryAction } from "./privilege";

export interface EscalationFinding {
    path: EscalationPath;
    /** The Allow statements that grant the path's pivots. */
    statements: Statement[];
}

/** Whether a resource is the agent's own: running code as it gains nothing (it runs as the agent's role). */
export type OwnedResource = (resource: string) => boolean;

const NOTHING_OWNED: OwnedResource = () => false;

/** The partition an ARN pattern names (`aws` when it names none). */
function partitionOf(resource: string): string {
    const m = /^arn:([^:*?]+):/.exec(resource);
    return m ? m[1] : "aws";
}

/** Whether the statement's resources reach the pivot's resource type (or any resource, for an unscoped pivot). */
function reaches(s: Statement, pivot: EscalationPivot): boolean {
    if (s.notResources) {
        return !s.notResources.some((r) => patternCovers(r, pivotResource(pivot, partitionOf(r))));
    }
    return (s.resources ?? ["*"]).some((r) => r === "*" || patternsIntersect(r, pivotResource(pivot, partitionOf(r))));
}

/** Whether an Allow statement reaches something the agent does not own (NotResource and wildcards always do). */
function beyondOwned(s: Statement, owned: OwnedResource): boolean {
    return s.notResources !== undefined || s.resources === undefined || s.resources.some((r) => !owned(r));
}

/** An unconditional Deny of the pivot on all of its resources. */
function closes(s: Statement, pivot: EscalationPivot): boolean {
    return (
        s.effect === "Deny" &&
        s.conditions.length === 0 &&
        statementCoversAction(s, pivot.action) &&
        (s.resources ?? []).some((r) => r === "*" || patternCovers(r, pivotResource(pivot, partitionOf(r))))
    );
}

/**
 * The escalation paths the document opens, with the statements that grant each path's pivots. A
 * statement that allows every action (`*`, NotAction) is left to the callers, which report it as
 * such: listing every path it opens would bury that finding.
 */
export function escalationPaths(doc: PolicyDocument, owned: OwnedResource = NOTHING_OWNED): EscalationFinding[] {
    const allows = doc.statements.filter((s) => s.effect === "Allow" && !allowsEveryAction(s));
    const findings: EscalationFinding[] = [];
    for (const path of ESCALATION_PATHS) {
        if (path.pivots.some((pivot) => doc.statements.some((s) => closes(s, pivot)))) {
            continue;
        }
        const granting = (action: string): Statement[] => {
            const pivots = path.pivots.filter((p) => p.action === action);
            return allows.filter(
                (s) => statementCoversAction(s, action) && (pivots.length === 0 || pivots.some((p) => reaches(s, p) && beyondOwned(s, owned))),
            );
        };
        if (path.requires.every((action) => granting(action).length > 0)) {
            findings.push({ path, statements: [...new Set(path.pivots.flatMap((p) => granting(p.action)))] });
        }
    }
    return findings;
}

/** One line per path: which path, what it lets the holder do, and which statements open it. */
export function describeEscalation(f: EscalationFinding): string {
    const where = f.statements.map(describeStatement).join(", ");
    return `${where} ${f.statements.length > 1 ? "open" : "opens"} escalation path ${f.path.id} (${f.path.requires.join(" + ")}): it would let the agent ${f.path.description}`;
}
