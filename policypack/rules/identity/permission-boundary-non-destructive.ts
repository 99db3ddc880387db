import { analyzeBoundary } from "../../lib/iam/boundary";
import { parsePolicyDocument } from "../../lib/iam/document";
import { boundaryPolicies } from "../../lib/agent-roles";
import { ownedBy } from "../../lib/owned-resources";
import { judgeEach } from "../../lib/unknowns";
import { stackRule } from "../../lib/rule";

interface Config {
    extraDestructiveActions: string[];
    allowedPassRoleArns: string[];
}

/** Shared with `agent-role-permission-boundary`: extra patterns a boundary must deny. */
export const extraDestructiveActionsSchema = {
    type: "array",
    items: { type: "string", pattern: "^[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+$" },
    uniqueItems: true,
    default: [],
    description: "Action patterns a boundary must deny on top of the destructive-action catalogue (keep in line with ai-guardrails:identity.extraDestructiveActions).",
} as const;

/** Shared with `agent-role-permission-boundary`: the roles a boundary's PassRole deny may exempt. */
export const allowedPassRoleArnsSchema = {
    type: "array",
    items: { type: "string", pattern: "^arn:[^:*?]+:iam::\\d{12}:role/[^*?]+$" },
    uniqueItems: true,
    default: [],
    description: "Roles agents may pass, which a boundary's iam:PassRole deny may exempt (NotResource); keep in line with ai-guardrails:identity.allowedPassRoleArns.",
} as const;

export const permissionBoundaryNonDestructive = stackRule<Config>({
    name: "permission-boundary-non-destructive",
    id: "AIG-ID-4",
    layer: "identity",
    severity: "critical",
    displayName: "Permission boundary denies destructive actions",
    frameworks: { owaspLlm: ["LLM06"], awsAisf: ["AISF-IAM-02", "AISF-AGENT-05"] },
    description:
        "A policy used as a permissions boundary denies every action of the destructive-action catalogue, allows neither * nor iam:*, and allows no " +
        "escalation path (running code as another role) beyond the resources its own roles run as.",
    explanation:
        "A boundary is only a ceiling if it really excludes the destructive actions: an attached boundary that allows \"*\" caps nothing, " +
        "and one that forgets ec2:TerminateInstances or iam:PutRolePermissionsBoundary leaves the agent a way to destroy data or lift its own " +
        "ceiling. The catalogue's wildcards are expanded against the real action catalogue, and each action must meet an unconditional " +
        "Deny on every resource; only iam:PassRole may spare the approved roles (allowedPassRoleArns). A boundary that denies iam:* and " +
        "sts:AssumeRole but allows lambda:UpdateFunctionCode, ssm:SendCommand or AgentCore's InvokeAgentRuntimeCommand still lets the agent run " +
        "code under another, more powerful role: the paths of pathfinding.cloud's privilege-escalation library are checked by name.",
    seedControl: "Permission ceiling: a non-destructive permissions boundary",
    peers: [],
    remediation:
        "Use the AgentPermissionBoundary component, or add Deny statements (Resource \"*\", no Condition) that cover every action listed in the " +
        "finding, and remove (or deny) the actions of each escalation path named, or limit them to the resources the agents themselves run as.",
    configSchema: { properties: { extraDestructiveActions: extraDestructiveActionsSchema, allowedPassRoleArns: allowedPassRoleArnsSchema } },
    validateStack: async ({ resources, notApplicable }, { config, report }) => {
        const boundaries = boundaryPolicies(resources);
        if (boundaries.size === 0) {
            notApplicable("no policy of the stack is used as a permissions boundary");
        }
        // One boundary undecided at preview does not hide another's violations.
        await judgeEach(boundaries, async ([policy, roles]) => {
            const location = `${policy.name}.policy`;
            const analysis = await analyzeBoundary(parsePolicyDocument(policy.props.policy, { location, partial: true }), config.extraDestructiveActions, config.allowedPassRoleArns, ownedBy(resources, roles), location);
            if (analysis.findings.length > 0) {
                report(`policy ${policy.name}, the permissions boundary of ${roles.map((r) => r.name).join(", ")}: ${analysis.findings.join("; ")}`, policy.urn);
            }
        });
    },
});
