import { agentRolePathProperty } from "../../lib/agent-roles";
import { destructiveActions } from "../../controls/destructive-actions";
import { ESCALATION_PATHS, pivotResource } from "../../controls/escalation-paths";
import { PRINCIPAL_ARN_KEY, SCP_TYPE } from "../../controls/organization";
import { statementCoversAction, wildcardToRegExp } from "../../lib/iam/actions";
import { describeStatement, Statement } from "../../lib/iam/document";
import {
    describeClause,
    isPrincipalSelector,
    judgeDenies,
    OrgScopeConfig,
    orgScopeSchema,
    organizationPoliciesOfType,
    policyLabel,
    statementReview,
    usabilityProblems,
} from "../../lib/organizations/policy-views";
import { stackRule } from "../../lib/rule";

interface Config extends OrgScopeConfig {
    agentRolePath: string;
    extraActions: string[];
}

/** Why a Deny statement does not reach agent roles unconditionally; empty when it does. */
function ceilingProblems(s: Statement, sampleAgentArn: string): string[] {
    const where = describeStatement(s);
    const problems: string[] = [];
    for (const c of s.conditions) {
        if (isPrincipalSelector(c)) {
            if (!c.values.some((v) => wildcardToRegExp(v).test(sampleAgentArn))) {
                problems.push(`${where} applies to ${c.values.join(", ")}, which does not cover roles on the agent path`);
            }
            continue;
        }
        problems.push(`${where} is narrowed by ${describeClause(c)}`);
    }
    return problems;
}

export const scpAgentActionCeiling = stackRule<Config>({
    name: "scp-agent-action-ceiling",
    id: "AIG-ORG-3",
    layer: "organization",
    severity: "high",
    displayName: "SCP: destructive-action ceiling for agent roles",
    frameworks: { owaspLlm: ["LLM06"], awsAisf: ["AISF-IAM-02", "AISF-GOV-02"] },
    description:
        "In the organization stack, an attached, valid SCP denies the destructive-action catalogue and the pivots of every escalation path " +
        "(running code as another role) to every role on the agent role path.",
    explanation:
        "The permission boundary caps an agent role only while it stays attached and unchanged, and only in accounts that deploy it. An SCP " +
        "keyed on the agent path (aws:PrincipalArn) holds in every member account, whoever created the role and whatever its policies say. " +
        "SCPs do not apply in the management account: its agent roles stay under their boundary only.",
    seedControl: "Permission ceiling: agent destructive-action ceiling SCP",
    peers: [],
    remediation:
        'Attach an SCP with {"Effect": "Deny", "Action": [<destructive catalogue>], "Resource": "*", "Condition": {"ArnLike": ' +
        '{"aws:PrincipalArn": "arn:aws:iam::*:role/ai-agents/*"}}}; the OrganizationGuardrails component does this.',
    configSchema: {
        properties: {
            ...orgScopeSchema,
            agentRolePath: agentRolePathProperty("IAM path of agent roles."),
            extraActions: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Action patterns to require on top of the destructive-action catalogue.",
            },
        },
    },
    validateStack: (args, { config, report }) => {
        const { scope, views: scps } = organizationPoliciesOfType(args, config, SCP_TYPE, report);
        const required = destructiveActions(config.extraActions);
        const sampleAgentArn = `arn:aws:iam::111122223333:role${config.agentRolePath}sample-agent`;
        const candidates = scps.filter(
            (v) =>
                !v.doc || v.doc.statements.length === 0 ||
                v.doc.statements.some((s) => s.effect === "Deny" && s.conditions.some((c) => c.key.toLowerCase() === PRINCIPAL_ARN_KEY.toLowerCase() && isPrincipalSelector(c)) && required.some((a) => statementCoversAction(s, a))),
        );
        for (const view of candidates) {
            const problems = [...usabilityProblems(view), ...(scope === "review" ? statementReview(view, required, (s) => ceilingProblems(s, sampleAgentArn)) : [])];
            if (problems.length > 0) {
                report(`${policyLabel(view)}: ${problems.join("; ")}`, view.resource.urn);
            }
        }
        if (scope === "review") {
            return;
        }
        const open = new Map<string, string[]>();
        for (const action of required) {
            const { enforced, verdicts } = judgeDenies(scps, action, "*", (s) => ceilingProblems(s, sampleAgentArn));
            if (!enforced) {
                const reason = verdicts.flatMap((v) => v.problems.map((p) => `${policyLabel(v.policy)} ${p}`))[0] ?? "no SCP denies it";
                open.set(reason, [...(open.get(reason) ?? []), action]);
            }
        }
        for (const [reason, actions] of open) {
            report(`destructive actions not denied to roles on ${config.agentRolePath} by an SCP: ${actions.join(", ")} (${reason})`);
        }
        // Each escalation path needs one denied pivot (on the resource type it runs on); the component denies them all.
        for (const path of ESCALATION_PATHS) {
            const closed = path.pivots.some((pivot) => judgeDenies(scps, pivot.action, pivotResource(pivot, "aws"), (s) => ceilingProblems(s, sampleAgentArn)).enforced);
            if (!closed) {
                report(
                    `escalation path ${path.id} is open to roles on ${config.agentRolePath}: no attached, valid SCP denies ${path.pivots.map((p) => p.action).join(" or ")} ` +
                        `(it would let an agent ${path.description})`,
                );
            }
        }
    },
});
