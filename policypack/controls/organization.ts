/**
 * The organization baseline as data: which policy types the organization enables, which actions
 * the service control policies confine or protect, and the grammar of the Organizations Bedrock
 * policy. The OrganizationGuardrails component builds its policies from these values and the
 * organization rules check policies against them; the builders and the Bedrock policy's validator
 * are in lib/organizations/, guardrail identifiers are parsed in lib/guardrail-arn.ts.
 * Sources: AWS Organizations user guide, "Amazon Bedrock policy syntax and examples"
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_bedrock_syntax.html),
 * "Best practices for using Amazon Bedrock policies", "Quotas for AWS Organizations" (SCP size);
 * Amazon Bedrock user guide, "Using resource-based policies for guardrails".
 */

export const SCP_TYPE = "SERVICE_CONTROL_POLICY";
export const BEDROCK_POLICY_TYPE = "BEDROCK_POLICY";
/**
 * Organizations' AI services opt-out policy: whether AWS AI services may store and use the content
 * they process (prompts, documents, images) to develop and improve services ("AI services opt-out
 * policies" and "AI services opt-out policy syntax and examples", AWS Organizations user guide).
 */
export const AI_OPT_OUT_POLICY_TYPE = "AISERVICES_OPT_OUT_POLICY";

/** Policy types the organization root must have enabled before these policies can be attached. */
export const REQUIRED_POLICY_TYPES: readonly string[] = [SCP_TYPE, BEDROCK_POLICY_TYPE, AI_OPT_OUT_POLICY_TYPE];

/** The opt-out setting, the key that names every AI service, and the child-policy lock of the syntax page. */
export const AI_OPT_OUT = { optOut: "optOut", optIn: "optIn", allServices: "default", childControl: "@@operators_allowed_for_child_policies", noChildOperators: "@@none" } as const;

/** Organizations' limit on a service control policy document, white space included. */
export const SCP_MAX_CHARACTERS = 5120;

/** Service control policies attached to one root, OU or account, `FullAWSAccess` included. */
export const MAX_SCPS_PER_TARGET = 5;

/** Root (`r-`), OU (`ou-`) or account IDs that policies can be attached to. */
export const ORG_TARGET_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;

/** An interface VPC endpoint ID. */
export const VPC_ENDPOINT_ID = /^vpce-[0-9a-f]{8,17}$/;

// The actions the invoke SCP confines are the invoke class (controls/invoke-class.ts), derived from the action catalogue.

/** The condition key naming the VPC endpoint a request came through. */
export const SOURCE_VPCE_KEY = "aws:SourceVpce";
/** True when an AWS service makes the call with the principal's credentials (forward access sessions). */
export const VIA_AWS_SERVICE_KEY = "aws:ViaAWSService";
/** The ARN of the calling principal (for a role session: the role's ARN, path included). */
export const PRINCIPAL_ARN_KEY = "aws:PrincipalArn";

/** Where a governance action applies: everywhere, or only to agent roles or boundary policies. */
export type GovernanceScope = "all" | "agent-roles" | "boundary-policies";

export interface GovernanceActionGroup {
    /** Short identifier, used in statement Sids (letters and digits only). */
    id: string;
    description: string;
    scope: GovernanceScope;
    actions: readonly string[];
}

/**
 * Changes to the AI governance controls themselves: only the security automation role may make
 * them. Each action was checked against the service authorization reference.
 */
export const GOVERNANCE_ACTION_GROUPS: readonly GovernanceActionGroup[] = [
    {
        id: "Guardrails",
        description: "Deleting or rewriting a guardrail, its enforcement or its resource policy switches model filtering off.",
        scope: "all",
        actions: [
            "bedrock:DeleteGuardrail",
            "bedrock:UpdateGuardrail",
            "bedrock:PutEnforcedGuardrailConfiguration",
            "bedrock:DeleteEnforcedGuardrailConfiguration",
            "bedrock:PutResourcePolicy",
            "bedrock:DeleteResourcePolicy",
        ],
    },
    {
        id: "InvocationLogging",
        description: "Changing model invocation logging erases the record of prompts and responses.",
        scope: "all",
        actions: ["bedrock:PutModelInvocationLoggingConfiguration", "bedrock:DeleteModelInvocationLoggingConfiguration"],
    },
    {
        id: "Trails",
        description: "Stopping, deleting or narrowing a trail hides who changed what.",
        scope: "all",
        actions: ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"],
    },
    {
        id: "OrganizationsPolicies",
        description: "Detaching or rewriting Organizations policies removes every SCP and the Bedrock policy at once.",
        scope: "all",
        actions: ["organizations:DetachPolicy", "organizations:DeletePolicy", "organizations:UpdatePolicy", "organizations:DisablePolicyType"],
    },
    {
        id: "GatewayPolicyEngines",
        description: "Changing a gateway's Cedar policy engine or its policies changes which tools agents may call.",
        scope: "all",
        actions: [
            "bedrock-agentcore:UpdatePolicyEngine",
            "bedrock-agentcore:DeletePolicyEngine",
            "bedrock-agentcore:CreatePolicy",
            "bedrock-agentcore:UpdatePolicy",
            "bedrock-agentcore:DeletePolicy",
            "bedrock-agentcore:UpdateGateway",
        ],
    },
    {
        id: "AgentBoundaries",
        description: "Removing or replacing an agent role's permissions boundary lifts its ceiling.",
        scope: "agent-roles",
        actions: ["iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary"],
    },
    {
        id: "AgentRolePolicies",
        description: "Changing an agent role's policies or trust widens what the agent can do or who can become it.",
        scope: "agent-roles",
        actions: ["iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:DeleteRole"],
    },
    {
        id: "BoundaryPolicies",
        description: "A new default version of the boundary policy rewrites the ceiling of every agent at once.",
        scope: "boundary-policies",
        actions: ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicyVersion", "iam:DeletePolicy"],
    },
];

/** Every governance-protected action, in catalogue order. */
export const GOVERNANCE_PROTECTED_ACTIONS: readonly string[] = GOVERNANCE_ACTION_GROUPS.flatMap((g) => g.actions);

/** ARN pattern of the roles on an IAM path in every account of the organization. */
export function agentRoleArnPattern(partition: string, rolePath: string): string {
    return `arn:${partition}:iam::*:role${rolePath}*`;
}

/** ARN pattern of the managed policies on an IAM path in every account (boundary policies). */
export function boundaryPolicyArnPattern(partition: string, policyPath: string): string {
    return `arn:${partition}:iam::*:policy${policyPath}*`;
}

/**
 * A role ARN the security automation role may be given as: a concrete account, or `*` for the
 * same role name in every member account (the role that deploys the baseline in each of them).
 */
export const AUTOMATION_ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::(\d{12}|\*):role\/[\w+=,.@/-]+$/;

// ---- The Organizations Bedrock policy (BEDROCK_POLICY) ----

/** Values of `selective_content_guarding.system` and `.messages`. */
export const CONTENT_GUARDING_MODES = ["selective", "comprehensive"] as const;
export type ContentGuardingMode = (typeof CONTENT_GUARDING_MODES)[number];

/**
 * What the component writes: every system prompt and every message guarded whatever its tags, as
 * AWS does when the element is omitted. `selective` "does not evaluate any content when no tags are
 * specified" (Organizations, "Amazon Bedrock policy syntax and examples"), so untagged system
 * prompts, where injected instructions often sit, would go unguarded; the settings accept it for
 * system prompts only with a stated reason.
 */
export const DEFAULT_CONTENT_GUARDING: Readonly<{ system: ContentGuardingMode; messages: ContentGuardingMode }> = {
    system: "comprehensive",
    messages: "comprehensive",
};

/** `model_enforcement.included_models` value meaning every model. */
export const ALL_MODELS = "ALL";

/** Name of the configuration block inside each Region of the policy. */
export const DEFAULT_BEDROCK_POLICY_CONFIG_NAME = "ai_guardrails_baseline";

/** A Bedrock policy configuration name: letters, digits and underscores. */
export const BEDROCK_POLICY_CONFIG_NAME = /^[A-Za-z0-9_]{1,64}$/;

/** An organization ID: `o-` and 10 to 32 lower-case letters or digits. */
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
