/**
 * Administrative grants in an identity policy: what turns a least-privilege role into an admin.
 * Shared by the AgentIdentity component (refuses them before anything is created) and the
 * `agent-role-no-admin-policies` rule. Synchronous: no catalogue needed.
 */
import { actionMatches, statementCoversAction } from "./actions";
import { describeStatement, PolicyDocument, Statement } from "./document";
import { patternCovers } from "./patterns";

/** Whether an Allow statement grants every action: `*`, `*:*`, or `NotAction`. */
export function allowsEveryAction(s: Statement): boolean {
    // `Allow NotAction` grants every action except the listed ones: admin in all but name.
    return s.effect === "Allow" && (s.notActions !== undefined || (s.actions ?? []).some((p) => /^\*+(:\*+)?$/.test(p)));
}

/** Whether an Allow statement grants every IAM action (`iam:*`, `i*:*`). */
export function allowsAllOfIam(s: Statement): boolean {
    return s.effect === "Allow" && (s.actions ?? []).some((p) => {
        const [service, action] = p.split(":");
        return action !== undefined && actionMatches(service, "iam") && action === "*";
    });
}

/**
 * Whether the statement reaches every role: NotResource, `*`, or a role wildcard as broad as
 * `role/*` (in its own account or in every account), such as `arn:aws:iam::*:role/*`.
 */
function onEveryRole(s: Statement): boolean {
    return (
        s.notResources !== undefined ||
        (s.resources ?? []).some((r) => {
            const [, partition = "aws", , , account = "*"] = r.split(":");
            return patternCovers(r, `arn:${partition || "aws"}:iam::${account || "*"}:role/*`);
        })
    );
}

/**
 * Findings, one line each, for Allow statements that grant every action (`*`, `*:*`, or
 * `NotAction`), every IAM action (`iam:*`), or `iam:PassRole` on every role.
 */
export function administrativeGrants(doc: PolicyDocument): string[] {
    const findings: string[] = [];
    for (const s of doc.statements) {
        if (s.effect !== "Allow") {
            continue;
        }
        const where = describeStatement(s);
        if (allowsEveryAction(s)) {
            findings.push(`${where} allows every action (${s.notActions ? "Allow with NotAction" : "Action \"*\""})`);
        } else if (allowsAllOfIam(s)) {
            findings.push(`${where} allows iam:*`);
        } else if (statementCoversAction(s, "iam:PassRole") && onEveryRole(s)) {
            const scope = s.notResources ? `NotResource ${JSON.stringify(s.notResources)}` : `Resource ${JSON.stringify(s.resources)}`;
            findings.push(`${where} allows iam:PassRole on every role (${scope})`);
        }
    }
    return findings;
}
