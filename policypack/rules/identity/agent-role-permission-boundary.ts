import { PolicyResource } from "@pulumi/policy";
import { agentRoles, boundaryPolicies, indexAgentRoles, agentRolePathProperty } from "../../lib/agent-roles";
import { StackIndex } from "../../lib/stack-index";
import { analyzeBoundary } from "../../lib/iam/boundary";
import { parsePolicyDocument } from "../../lib/iam/document";
import { stackRule } from "../../lib/rule";
import { judgeEach } from "../../lib/unknowns";
import { T } from "../../lib/types";
import { matchesAnyPattern } from "../../lib/wildcards";
import { allowedPassRoleArnsSchema, extraDestructiveActionsSchema } from "./permission-boundary-non-destructive";
import { ownedBy } from "../../lib/owned-resources";

interface Config {
    approvedBoundaryArns: string[];
    extraDestructiveActions: string[];
    allowedPassRoleArns: string[];
    agentRolePath: string;
}

export const agentRolePermissionBoundary = stackRule<Config>({
    name: "agent-role-permission-boundary",
    id: "AIG-ID-3",
    layer: "identity",
    severity: "critical",
    displayName: "Agent role under a permission boundary",
    frameworks: { owaspLlm: ["LLM06"], awsAisf: ["AISF-IAM-02"] },
    description:
        "Every agent role has a permissions boundary that is an approved boundary ARN or an in-stack policy that passes permission-boundary-non-destructive.",
    explanation:
        "An agent's own policies can be widened by whoever edits them, or by the agent itself if it can write IAM. A permissions boundary " +
        "is the ceiling no identity policy can lift; but only a boundary that really denies the destructive catalogue is a ceiling. " +
        "Checking only that some boundary is attached (as other tools do) accepts a boundary that allows \"*\".",
    seedControl: "Permission ceiling: every agent role carries the non-destructive boundary",
    peers: ["Prowler:bedrock_agent_role_least_privilege"],
    remediation:
        "Set permissionsBoundary on the role to the stack's AgentPermissionBoundary (AgentIdentity requires it), or to a boundary ARN " +
        "listed in this policy's approvedBoundaryArns.",
    configSchema: {
        properties: {
            approvedBoundaryArns: {
                type: "array",
                items: { type: "string", pattern: "^arn:" },
                uniqueItems: true,
                default: [],
                description:
                    "Boundary policies managed outside the stack (for example by a platform team's account baseline) that agent roles may carry; " +
                    "wildcards allowed, so one organization-wide setting names the boundary in every account (arn:aws:iam::*:policy/ai-agents/agent-boundary).",
            },
            extraDestructiveActions: extraDestructiveActionsSchema,
            allowedPassRoleArns: allowedPassRoleArnsSchema,
            agentRolePath: agentRolePathProperty(),
        },
    },
    validateStack: async ({ resources, notApplicable }, { config, report }) => {
        const index = indexAgentRoles(resources);
        if (agentRoles(index, config.agentRolePath).length === 0) {
            notApplicable("no agent role in the stack");
        }
        const policies = StackIndex.of(resources).keyIndex([T.iamPolicy], ["arn", "id"]);
        const verdicts = new Map<PolicyResource, Promise<string[]>>();
        const bounded = boundaryPolicies(resources);
        const verdictOf = (policy: PolicyResource) => {
            let v = verdicts.get(policy);
            if (!v) {
                const owned = ownedBy(resources, bounded.get(policy) ?? []);
                const location = `${policy.name}.policy`;
                v = analyzeBoundary(parsePolicyDocument(policy.props.policy, { location, partial: true }), config.extraDestructiveActions, config.allowedPassRoleArns, owned, location).then((a) => a.findings);
                verdicts.set(policy, v);
            }
            return v;
        };
        const approved = config.approvedBoundaryArns;
        // A role whose boundary is undecided at preview does not hide another role's violation.
        await judgeEach(agentRoles(index, config.agentRolePath), async (role) => {
            const { keys, targets } = policies.resolve(role, "permissionsBoundary");
            if (keys.size === 0) {
                report(`agent role ${role.name} has no permissions boundary: its own policies are its only limit`, role.urn);
                return;
            }
            if ([...keys].some((k) => matchesAnyPattern(approved, k))) {
                return;
            }
            if (targets.length === 0) {
                report(
                    `agent role ${role.name} has the boundary ${[...keys].join(", ")}, which is neither an approved boundary (approvedBoundaryArns) nor a policy of this stack`,
                    role.urn,
                );
                return;
            }
            for (const policy of targets) {
                const findings = await verdictOf(policy);
                if (findings.length > 0) {
                    report(`agent role ${role.name} has the boundary ${policy.name}, which is not a ceiling: ${findings.join("; ")}`, role.urn);
                }
            }
        });
    },
});
