/**
 * What a permissions boundary really denies. The destructive-action catalogue is expanded against
 * the real action catalogue, and each action must meet an unconditional Deny on every resource
 * (wildcards on the Deny side match as IAM matches them); only iam:PassRole may spare the approved roles.
 * A boundary must not allow an escalation path either (running code as a more powerful role) beyond
 * the resources its own agents run as. Shared by `permission-boundary-non-destructive` and
 * `agent-role-permission-boundary`.
 */
import { destructiveActions, PASS_ROLE_ACTION } from "../../controls/destructive-actions";
import { statementCoversAction } from "./actions";
import { expandActionPatterns } from "./catalog";
import { describeStatement, PolicyDocument, Statement } from "./document";
import { describeEscalation, escalationPaths, OwnedResource } from "./escalation";
import { allowsAllOfIam, allowsEveryAction } from "./privilege";
import { undecidedUnlessFindings, unknownResources } from "./partial";

export interface BoundaryAnalysis {
    /** Problems, one line each; empty when the boundary is non-destructive. */
    findings: string[];
    /** How many concrete destructive actions the catalogue (plus extras) expands to. */
    destructiveActionCount: number;
    /** The concrete destructive actions the document does not deny everywhere. */
    notDenied: string[];
    /** IDs of the escalation paths the document allows. */
    escalationPaths: string[];
}

function isPassRole(action: string): boolean {
    return action.toLowerCase() === PASS_ROLE_ACTION.toLowerCase();
}

/**
 * A Deny that applies to every request for the action: no condition, every resource. PassRole may
 * be exempted (NotResource) for the approved roles only.
 */
function deniesEverywhere(s: Statement, action: string, allowedPassRoles: ReadonlySet<string>): boolean {
    if (s.effect !== "Deny" || s.conditions.length > 0 || !statementCoversAction(s, action)) {
        return false;
    }
    if ((s.resources ?? []).includes("*")) {
        return true;
    }
    return isPassRole(action) && s.notResources !== undefined && s.notResources.every((r) => allowedPassRoles.has(r));
}

/** Roles an unconditional PassRole deny exempts although they are not approved (wildcards included). */
function unapprovedPassRoleExemptions(doc: PolicyDocument, allowedPassRoles: ReadonlySet<string>): string[] {
    return [
        ...new Set(
            doc.statements
                .filter((s) => s.effect === "Deny" && s.conditions.length === 0 && s.notResources !== undefined && statementCoversAction(s, PASS_ROLE_ACTION))
                .flatMap((s) => (s.notResources ?? []).filter((r) => !allowedPassRoles.has(r))),
        ),
    ];
}

const SHOWN = 8;

/**
 * An unconditional Deny of the action whose resources are partly unknown at preview, and not
 * already known to cover every resource: it may turn out to deny the action everywhere, or not.
 */
function mayDenyEverywhere(s: Statement, action: string): boolean {
    return s.effect === "Deny" && s.conditions.length === 0 && unknownResources(s) && statementCoversAction(s, action);
}

/**
 * Analyses a document used as a permissions boundary. A document read partially (unknown ARNs
 * set aside) is judged on what is known: what it allows (iam:*, every action) is wrong whatever its
 * resources, and an action no Deny could cover is not denied; when nothing is wrong but an
 * unknown Resource decides whether a destructive action is denied, the verdict is undecided. `allowedPassRoleArns`: the roles agents may
 * pass, which a PassRole deny may exempt (NotResource); any other exemption leaves PassRole open.
 * `owned`: the resources the boundary's own agents run as, where an escalation path escalates nothing.
 */
export async function analyzeBoundary(
    doc: PolicyDocument,
    extraDestructiveActions: readonly string[] = [],
    allowedPassRoleArns: readonly string[] = [],
    owned?: OwnedResource,
    /** Where the document is, for an undecided verdict: `<resource name>.policy` in a stack rule. */
    location = "policy",
): Promise<BoundaryAnalysis> {
    const allowedPassRoles = new Set(allowedPassRoleArns);
    const findings = doc.errors.map((e) => `the document is not valid: ${e}`);
    for (const s of doc.statements) {
        if (allowsEveryAction(s)) {
            findings.push(`${describeStatement(s)} allows every action (${s.notActions ? "Allow with NotAction" : "\"*\""}): a boundary must be a ceiling`);
        } else if (allowsAllOfIam(s)) {
            findings.push(`${describeStatement(s)} allows iam:*`);
        }
    }
    const actions = await expandActionPatterns(destructiveActions(extraDestructiveActions));
    const open = actions.filter((a) => !doc.statements.some((s) => deniesEverywhere(s, a, allowedPassRoles)));
    // Left to statements whose resources are not known yet: neither denied nor open, for now.
    const pending = open.filter((a) => doc.statements.some((s) => mayDenyEverywhere(s, a)));
    const notDenied = open.filter((a) => !pending.includes(a));
    const exempted = unapprovedPassRoleExemptions(doc, allowedPassRoles);
    if (notDenied.some(isPassRole) && exempted.length > 0) {
        findings.push(`the ${PASS_ROLE_ACTION} deny exempts ${exempted.join(", ")}, which ${exempted.length > 1 ? "are" : "is"} not in allowedPassRoleArns: an agent could pass ${exempted.length > 1 ? "them" : "it"} to a service it controls`);
    }
    if (notDenied.length > 0) {
        const shown = notDenied.slice(0, SHOWN).join(", ");
        const more = notDenied.length > SHOWN ? ` and ${notDenied.length - SHOWN} more` : "";
        findings.push(`does not deny ${notDenied.length} of ${actions.length} destructive actions unconditionally on every resource: ${shown}${more}`);
    }
    const escalations = escalationPaths(doc, owned);
    findings.push(...escalations.map(describeEscalation));
    undecidedUnlessFindings(findings, doc.statements.filter((s) => pending.some((a) => mayDenyEverywhere(s, a))), `whether it denies ${pending.length} destructive actions on every resource`, location);
    return { findings, destructiveActionCount: actions.length, notDenied, escalationPaths: escalations.map((e) => e.path.id) };
}
