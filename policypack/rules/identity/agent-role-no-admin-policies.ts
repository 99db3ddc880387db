import { PolicyResource } from "@pulumi/policy";
import { FORBIDDEN_MANAGED_POLICIES, isForbiddenManagedPolicyArn } from "../../controls/agent-identity";
import { agentRoles, indexAgentRoles, agentRolePathProperty } from "../../lib/agent-roles";
import { parsePolicyDocument } from "../../lib/iam/document";
import { describeEscalation, escalationPaths, OwnedResource } from "../../lib/iam/escalation";
import { administrativeGrants } from "../../lib/iam/privilege";
import { ownedBy } from "../../lib/owned-resources";
import { identityPolicyDocuments } from "../../lib/iam/sources";
import { stackRule } from "../../lib/rule";
import { T } from "../../lib/types";
import { KeyIndex, referenceKeys } from "../../lib/references";
import { StackIndex } from "../../lib/stack-index";

interface Config {
    agentRolePath: string;
}

/** Findings for one identity document attached to an agent role: admin grants and escalation paths beyond what the role itself runs. */
function documentFindings(where: string, value: unknown, owned: OwnedResource): string[] {
    const doc = parsePolicyDocument(value);
    if (doc.statements.length === 0) {
        return [`${where} cannot be read (${doc.errors.join("; ") || "no statements"}), so what it grants is unknown`];
    }
    return [...administrativeGrants(doc), ...escalationPaths(doc, owned).map(describeEscalation)].map((f) => `${where}: ${f}`);
}

export const agentRoleNoAdminPolicies = stackRule<Config>({
    name: "agent-role-no-admin-policies",
    id: "AIG-ID-5",
    layer: "identity",
    severity: "critical",
    displayName: "No administrative policies on agent roles",
    frameworks: { owaspLlm: ["LLM06"], awsAisf: ["AISF-IAM-02"] },
    description:
        `No agent role carries ${FORBIDDEN_MANAGED_POLICIES.join(", ")} or another *FullAccess policy, nor an inline or managed policy that allows *, ` +
        "iam:*, iam:PassRole on every role, or an escalation path (running code as another role) beyond the resources the role itself runs as.",
    explanation:
        "An agent with an administrative policy can do anything its boundary does not forbid, and iam:PassRole on every role lets it hand " +
        "a more powerful role to a service it controls. Updating another function's code, sending a command to an instance or opening a shell in " +
        "an AgentCore runtime is the same escape without any IAM write: pathfinding.cloud's privilege-escalation paths are checked by name. " +
        "Least privilege for an agent means the actions its purpose needs, on its resources.",
    seedControl: "Agent identity: only least-privilege policies on agent roles",
    peers: [
        "Prowler:bedrock_full_access_policy_attached",
        "Prowler:bedrockagentcore_full_access_policy_attached",
        "Prowler:iam_role_administratoraccess_policy",
        "SecurityHub:IAM.1",
        "Checkov:CKV_AWS_274",
        "Checkov:CKV_AWS_63",
        "cdk-nag:IAM4",
        "cdk-nag:IAM5",
    ],
    remediation:
        "Detach the administrative or *FullAccess policy; grant the specific actions on the specific resources instead, limit " +
        "iam:PassRole to named role ARNs, and grant an escalation path's actions only on resources that run as the agent's own role.",
    configSchema: {
        properties: {
            agentRolePath: agentRolePathProperty(),
        },
    },
    validateStack: ({ resources, notApplicable }, { config, report }) => {
        const roles = agentRoles(indexAgentRoles(resources), config.agentRolePath);
        if (roles.length === 0) {
            notApplicable("no agent role in the stack");
        }
        const stack = StackIndex.of(resources);
        const roleIndex = new KeyIndex(roles, ["name", "id", "arn"]);
        const customerPolicies = stack.keyIndex([T.iamPolicy], ["arn", "id"]);
        const findings = new Map<PolicyResource, string[]>(roles.map((r) => [r, []]));
        const add = (role: PolicyResource, lines: string[]) => findings.get(role)?.push(...lines);
        // What each role runs as itself (its functions, runtimes, sandboxes), read once per role when a path needs it.
        const ownedByRole = new Map<PolicyResource, OwnedResource>();
        const ownedOf = (role: PolicyResource): OwnedResource => {
            let o = ownedByRole.get(role);
            if (!o) {
                o = ownedBy(resources, [role]);
                ownedByRole.set(role, o);
            }
            return o;
        };

        /**
         * Findings for managed policies attached by ARN (one `prop` of `holder`, a single ARN or a list):
         * forbidden AWS managed policies, and in-stack customer policies with admin grants.
         */
        const managedFindings = (holder: PolicyResource, prop: string, owned: OwnedResource, where = ""): string[] => {
            const keys = referenceKeys(holder, prop);
            const lines = [...keys].filter(isForbiddenManagedPolicyArn).map((arn) => `the AWS managed policy ${arn} is attached${where}`);
            for (const p of customerPolicies.lookup(keys)) {
                lines.push(...documentFindings(`the attached policy ${p.name}${where}`, p.props.policy, owned));
            }
            return lines;
        };
        /** Attaches the findings of `holder`'s managed policies to the agent roles its `roleProp` names. */
        const attachment = (holder: PolicyResource, roleProp: string, policyProp: string) => {
            const targets = roleIndex.resolve(holder, roleProp).targets;
            targets.forEach((role) => add(role, managedFindings(holder, policyProp, ownedOf(role))));
        };

        for (const role of roles) {
            const owned = ownedOf(role);
            for (const source of identityPolicyDocuments(T.iamRole, role.props)) {
                add(role, documentFindings(`inline policy ${source.location}`, source.value, owned));
            }
            add(role, managedFindings(role, "managedPolicyArns", owned, " (managedPolicyArns)"));
        }
        for (const r of stack.ofTypes([T.iamRolePolicy, T.iamRolePolicyAttachment, T.iamRolePolicyAttachmentsExclusive, T.iamPolicyAttachment])) {
            if (r.type === T.iamRolePolicy) {
                for (const role of roleIndex.resolve(r, "role").targets) {
                    add(role, documentFindings(`role policy ${r.name}`, r.props.policy, ownedOf(role)));
                }
            } else if (r.type === T.iamRolePolicyAttachment) {
                attachment(r, "role", "policyArn");
            } else if (r.type === T.iamRolePolicyAttachmentsExclusive) {
                attachment(r, "roleName", "policyArns");
            } else if (r.type === T.iamPolicyAttachment) {
                attachment(r, "roles", "policyArn");
            }
        }
        for (const [role, lines] of findings) {
            if (lines.length > 0) {
                report(`agent role ${role.name} is not least-privilege: ${[...new Set(lines)].join("; ")}`, role.urn);
            }
        }
    },
});
