import { agentRolePathProperty, isMarkedAgentRole } from "../../lib/agent-roles";
import { AGENT_SERVICE_PRINCIPALS, CONFUSED_DEPUTY_KEYS } from "../../controls/agent-identity";
import { parsePolicyDocument } from "../../lib/iam/document";
import { analyzeTrust } from "../../lib/iam/trust";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

interface Config {
    agentRolePath: string;
}

export const agentRoleTrustScoped = resourceRule<Config>({
    name: "agent-role-trust-scoped",
    id: "AIG-ID-2",
    layer: "identity",
    severity: "critical",
    displayName: "Agent role trusts only the agent service",
    frameworks: { owaspLlm: ["LLM06"], awsAisf: ["AISF-IAM-05"] },
    description: `An agent role's trust policy names only the Bedrock or AgentCore service principal and requires ${CONFUSED_DEPUTY_KEYS.join(" or ")}.`,
    explanation:
        "The trust policy decides who becomes the agent. Any other principal (\"AWS\": \"*\", an account, a human's role, a federated " +
        "identity, another service) can act with the agent's permissions. Without aws:SourceAccount or aws:SourceArn, the Bedrock service " +
        "could be made to assume the role on behalf of an agent in another account (the confused-deputy problem).",
    seedControl: "Agent identity: trust only the Bedrock / AgentCore service with aws:SourceAccount and aws:SourceArn",
    peers: ["Prowler:iam_role_cross_service_confused_deputy_prevention", "Checkov:CKV_AWS_60", "Checkov:CKV_AWS_61"],
    remediation:
        `Trust only ${Object.values(AGENT_SERVICE_PRINCIPALS).join(" or ")} with {"StringEquals": {"aws:SourceAccount": "ACCOUNT"}, ` +
        "\"ArnLike\": {\"aws:SourceArn\": \"arn:aws:bedrock:REGION:ACCOUNT:agent/*\"}} (the AgentIdentity component does).",
    configSchema: {
        properties: {
            agentRolePath: agentRolePathProperty("IAM path that marks a role as an agent identity; such roles are checked even when their trust names another principal."),
        },
    },
    resourceTypes: [T.iamRole],
    validate: ({ props, notApplicable }, { config, report }) => {
        const doc = parsePolicyDocument(props.assumeRolePolicy);
        const trust = analyzeTrust(doc);
        // The rule applies to roles that trust an agent service or are marked as agent identities.
        if (!trust.trustsAgentService && !isMarkedAgentRole(props, config.agentRolePath)) {
            notApplicable("not an agent role: it neither trusts an agent service nor sits on the agent path");
        }
        const problems: string[] = [];
        if (doc.statements.length === 0) {
            problems.push(`the trust policy cannot be read (${doc.errors.join("; ") || "no statements"})`);
        } else if (!trust.trustsAgentService) {
            problems.push(`the role sits on the agent path or carries the agent tag but does not trust ${Object.values(AGENT_SERVICE_PRINCIPALS).join(" or ")}`);
        }
        problems.push(...trust.humanOrAccountPrincipals);
        problems.push(...trust.otherServicePrincipals.map((p) => `${p} is not an agent service`));
        problems.push(
            ...trust.missingConfusedDeputyCondition.map(
                (where) => `${where} trusts the agent service without ${CONFUSED_DEPUTY_KEYS.join(" or ")} pinned to this account or its agents (confused deputy)`,
            ),
        );
        if (problems.length > 0) {
            report(problems.join("; "));
        }
    },
});
