import { agentRoles, indexAgentRoles, agentRolePathProperty, labelOf } from "../../lib/agent-roles";
import { parsePolicyDocument } from "../../lib/iam/document";
import { analyzeTrust } from "../../lib/iam/trust";
import { stackRule } from "../../lib/rule";

interface Config {
    agentRolePath: string;
}

export const agentRoleDedicated = stackRule<Config>({
    name: "agent-role-dedicated",
    id: "AIG-ID-1",
    layer: "identity",
    severity: "high",
    displayName: "One dedicated role per agent",
    frameworks: { owaspLlm: ["LLM06"], awsAisf: ["AISF-AGENT-01"] },
    description:
        "Every role a Bedrock or AgentCore resource executes as (agent, flow, knowledge base, harness, runtime, gateway, browser, code interpreter, " +
        "memory, evaluation, model job) serves exactly one of them, and no human or account principal can assume an agent role.",
    explanation:
        "A role shared by two agents gives each the other's permissions and makes CloudTrail unable to tell them apart; a role a human " +
        "or a whole account can assume lets a person act with the agent's permissions, or an agent inherit a person's. One identity per " +
        "agent keeps the blast radius and the audit trail per agent.",
    seedControl: "Agent identity: a dedicated IAM role per agent, never a human principal",
    peers: ["Prowler:bedrock_agent_role_not_shared_across_agents"],
    remediation:
        "Give each agent, harness, runtime, gateway, browser, code interpreter, memory, flow, knowledge base and job its own role (AgentIdentity), and trust only bedrock.amazonaws.com or " +
        "bedrock-agentcore.amazonaws.com in its trust policy (no AWS, Federated or \"*\" principal).",
    configSchema: {
        properties: {
            agentRolePath: agentRolePathProperty(),
        },
    },
    validateStack: ({ resources, notApplicable }, { config, report }) => {
        const index = indexAgentRoles(resources);
        if (index.usesByRole.size === 0 && agentRoles(index, config.agentRolePath).length === 0) {
            notApplicable("no role in the stack that a Bedrock or AgentCore resource executes as, and none marked as an agent identity");
        }
        for (const [key, uses] of index.usesByRole) {
            // A memory strategy runs as its memory: one identity, not two.
            const identities = new Set(uses.map((u) => u.identity));
            if (identities.size > 1) {
                const role = index.roleByKey.get(key);
                const users = uses.map((u) => `${labelOf(u.consumer)}.${u.prop}`).join(", ");
                report(`role ${role ? role.name : key} is shared by ${identities.size} resources that execute as it (${users}); each needs its own role`, role?.urn ?? uses[0].consumer.urn);
            }
        }
        for (const role of agentRoles(index, config.agentRolePath)) {
            const trust = role.props.assumeRolePolicy;
            const doc = parsePolicyDocument(trust);
            if (doc.statements.length === 0) {
                report(`agent role ${role.name}: its trust policy cannot be read (${doc.errors.join("; ") || "no statements"}), so who can assume it is unknown`, role.urn);
                continue;
            }
            const humans = analyzeTrust(doc).humanOrAccountPrincipals;
            if (humans.length > 0) {
                report(`agent role ${role.name} can be assumed by a human or account principal: ${humans.join("; ")}`, role.urn);
            }
        }
    },
});
