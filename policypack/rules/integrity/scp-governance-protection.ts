import { agentRolePathProperty } from "../../lib/agent-roles";
import { GOVERNANCE_ACTION_GROUPS, GovernanceScope, SCP_TYPE } from "../../controls/organization";
import { statementCoversAction } from "../../lib/iam/actions";
import { describeStatement, Statement } from "../../lib/iam/document";
import {
    describeClause,
    isPrincipalExemption,
    isPrincipalSelector,
    judgeDenies,
    organizationPoliciesOfType,
    OrgScopeConfig,
    orgScopeSchema,
    overbroadExemptions,
    policyLabel,
    statementReview,
    usabilityProblems,
} from "../../lib/organizations/policy-views";
import { stackRule } from "../../lib/rule";

interface Config extends OrgScopeConfig {
    protectedActions: string[];
    securityAutomationRoleArns: string[];
    agentRolePath: string;
}

/** A resource each scope's Deny must cover: any resource, or a sample agent role or boundary policy on the agent path. */
function sampleResource(scope: GovernanceScope, agentRolePath: string): string {
    switch (scope) {
        case "all":
            return "*";
        case "agent-roles":
            return `arn:aws:iam::111122223333:role${agentRolePath}sample-agent`;
        case "boundary-policies":
            return `arn:aws:iam::111122223333:policy${agentRolePath}sample-boundary`;
    }
}

function scopeOf(action: string): GovernanceScope {
    return GOVERNANCE_ACTION_GROUPS.find((g) => g.actions.some((a) => a.toLowerCase() === action.toLowerCase()))?.scope ?? "all";
}

/** Why a Deny statement does not protect the action; empty when only the automation role is exempt. */
function protectionProblems(s: Statement, automationRoles: readonly string[]): string[] {
    const problems: string[] = [];
    const where = describeStatement(s);
    for (const c of s.conditions) {
        if (isPrincipalSelector(c)) {
            problems.push(`${where} applies only to principals matching ${c.values.join(", ")}`);
            continue;
        }
        if (!isPrincipalExemption(c)) {
            problems.push(`${where} is narrowed by ${describeClause(c)}`);
            continue;
        }
        const broad = overbroadExemptions(c);
        if (broad.length > 0) {
            problems.push(`${where} exempts ${broad.join(", ")}, which covers ordinary administrators`);
        }
        const foreign = automationRoles.length > 0 ? c.values.filter((v) => !automationRoles.includes(v) && !broad.includes(v)) : [];
        if (foreign.length > 0) {
            problems.push(`${where} exempts ${foreign.join(", ")}, which ${foreign.length === 1 ? "is" : "are"} not the security automation role`);
        }
    }
    return problems;
}

export const scpGovernanceProtection = stackRule<Config>({
    name: "scp-governance-protection",
    id: "AIG-CI-1",
    layer: "integrity",
    severity: "critical",
    displayName: "SCP: AI governance controls protected",
    frameworks: { owaspLlm: ["LLM01", "LLM06"], awsAisf: ["AISF-GOV-02"] },
    description:
        "In the organization stack, attached, valid SCPs deny changes to the AI governance controls (guardrails, invocation logging, trails, " +
        "Organizations policies, gateway policy engines, agent roles' boundaries and policies) to everyone but the security automation role.",
    explanation:
        "Every other control of the baseline can be switched off by an administrator of the member account: delete the guardrail, stop the " +
        "trail, detach the boundary, rewrite the Cedar policies. Only an SCP stands above account administrators. An exemption wider than " +
        "the automation role (role/*, *) or a Deny narrowed by other conditions leaves the door open. SCPs do not apply in the management " +
        "account, where the organization's guardrail and policies live: there the governance-change alarms of the org stack are the control.",
    seedControl: "Control integrity: SCP denies changes to governance controls except from the security automation role",
    peers: [],
    remediation:
        "Attach an SCP that denies the governance actions on Resource \"*\" (agent role and boundary actions on the agent path) with only " +
        '"Condition": {"ArnNotLike": {"aws:PrincipalArn": ["<security automation role ARN>"]}}; the OrganizationGuardrails component does this.',
    configSchema: {
        properties: {
            ...orgScopeSchema,
            protectedActions: {
                type: "array",
                items: { type: "string" },
                default: GOVERNANCE_ACTION_GROUPS.flatMap((g) => g.actions),
                description: "Actions only the security automation role may perform.",
            },
            securityAutomationRoleArns: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "The only principal ARNs (patterns as written in the SCP) an exemption may name; empty accepts any exemption that does not cover ordinary administrators.",
            },
            agentRolePath: agentRolePathProperty("IAM path of agent roles and their boundary policy."),
        },
    },
    validateStack: (args, { config, report }) => {
        const { scope, views: scps } = organizationPoliciesOfType(args, config, SCP_TYPE, report);
        const candidates = scps.filter(
            (v) => !v.doc || v.doc.statements.length === 0 || v.doc.statements.some((s) => s.effect === "Deny" && config.protectedActions.some((a) => statementCoversAction(s, a))),
        );
        for (const view of candidates) {
            const problems = [...usabilityProblems(view), ...(scope === "review" ? statementReview(view, config.protectedActions, (s) => protectionProblems(s, config.securityAutomationRoleArns)) : [])];
            if (problems.length > 0) {
                report(`${policyLabel(view)}: ${problems.join("; ")}`, view.resource.urn);
            }
        }
        if (scope === "review") {
            return;
        }
        const unprotected = new Map<string, string[]>();
        for (const action of config.protectedActions) {
            const resource = sampleResource(scopeOf(action), config.agentRolePath);
            const { enforced, verdicts } = judgeDenies(scps, action, resource, (s) => protectionProblems(s, config.securityAutomationRoleArns));
            if (enforced) {
                continue;
            }
            const reason = verdicts.flatMap((v) => v.problems.map((p) => `${policyLabel(v.policy)} ${p}`))[0] ?? "no SCP denies it";
            unprotected.set(reason, [...(unprotected.get(reason) ?? []), action]);
        }
        for (const [reason, actions] of unprotected) {
            report(`governance actions open to every administrator of the member accounts: ${actions.join(", ")} (${reason})`);
        }
    },
});
