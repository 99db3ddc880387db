/**
 * The organization baseline of the management account (stack settings: `organization`).
 * Settings are data only (no validation here: components/config holds the schemas), so every
 * language the component plugin serves can express them.
 */
/** A policy type Organizations knows (see EnablePolicyType). */
export const OrganizationPolicyType = {
    AISERVICES_OPT_OUT_POLICY: "AISERVICES_OPT_OUT_POLICY",
    BACKUP_POLICY: "BACKUP_POLICY",
    BEDROCK_POLICY: "BEDROCK_POLICY",
    CHATBOT_POLICY: "CHATBOT_POLICY",
    DECLARATIVE_POLICY_EC2: "DECLARATIVE_POLICY_EC2",
    INSPECTOR_POLICY: "INSPECTOR_POLICY",
    RESOURCE_CONTROL_POLICY: "RESOURCE_CONTROL_POLICY",
    S3_POLICY: "S3_POLICY",
    SECURITYHUB_POLICY: "SECURITYHUB_POLICY",
    SERVICE_CONTROL_POLICY: "SERVICE_CONTROL_POLICY",
    TAG_POLICY: "TAG_POLICY",
    UPGRADE_ROLLOUT_POLICY: "UPGRADE_ROLLOUT_POLICY",
} as const;
export type OrganizationPolicyType = (typeof OrganizationPolicyType)[keyof typeof OrganizationPolicyType];

/** What the Bedrock policy's guardrail checks in one part of a request (`selective_content_guarding`): only the content the caller tags, or all of it. */
export const ContentGuardingMode = { Selective: "selective", Comprehensive: "comprehensive" } as const;
export type ContentGuardingMode = (typeof ContentGuardingMode)[keyof typeof ContentGuardingMode];

/** What the enforced guardrail checks in system prompts and in messages. */
export interface ContentGuardingSettings {
    /** System prompts: `comprehensive` (every system prompt; the default) or `selective` (only tagged content, which needs `selectiveSystemReason`). */
    system?: ContentGuardingMode;
    /** Why system prompts are guarded only where tagged: required with `system: selective`, which evaluates nothing in an untagged system prompt. */
    selectiveSystemReason?: string;
    /** User and assistant messages: `comprehensive` (every message; the default) or `selective`. */
    messages?: ContentGuardingMode;
}

/** The Organizations Bedrock policy (BEDROCK_POLICY) that enforces the baseline guardrail on every model call. */
export interface BedrockPolicySettings {
    /** Regions where the guardrail is enforced, one guardrail per Region in the management account. Default: the stack's Region (for the component: the Regions of its guardrails). */
    regions?: string[];
    /** Name of the configuration block in each Region: 1-64 letters, digits or underscores. Defaults to `ai_guardrails_baseline`. */
    configName?: string;
    /** What the guardrail checks in system prompts and messages. */
    contentGuarding?: ContentGuardingSettings;
    /** Model IDs left out of enforcement: only models that cannot take a guardrail. Defaults to all of those (embeddings, rerank, speech). */
    excludedModels?: string[];
}

/** Where each policy is attached: root (`r-...`), OU (`ou-...-...`) or 12-digit account IDs. */
export interface OrganizationPolicyTargets {
    /** The Bedrock policy. Defaults to the root. */
    bedrockPolicy?: string[];
    /** The invoke SCP: the OUs (or accounts) whose accounts have the approved endpoints; never the root. */
    invokeViaVpce: string[];
    /** The governance-protection SCP. Defaults to the root. */
    governanceProtection?: string[];
    /** The agent-ceiling SCP. Defaults to the root. */
    agentCeiling?: string[];
    /** The AI services opt-out policy. Defaults to the root. */
    aiServicesOptOut?: string[];
}

/**
 * The organization baseline the management account applies to member accounts (stack settings:
 * `organization`, org stack only): the Bedrock policy, three SCPs, the AI services opt-out policy
 * and their attachments.
 */
export interface OrganizationSettings {
    /** The AWS Organizations ID (`o-...`). */
    organizationId: string;
    /** The organization root's ID (`r-...`). */
    rootId: string;
    /**
     * Manage the Organization resource here, so that it enables BEDROCK_POLICY and
     * SERVICE_CONTROL_POLICY. Off by default: the organization usually belongs to the landing zone.
     * When on, import it first; it is then protected and retained on delete, and its trusted
     * services and feature set are never changed from here.
     */
    manageOrganization?: boolean;
    /** Policy types already enabled that must stay enabled when the organization is managed here. */
    keepPolicyTypes?: OrganizationPolicyType[];
    /** The roles exempt from the governance SCP: the security automation that deploys the baseline (the account may be `*`). */
    securityAutomationRoleArns: string[];
    /** The VPC endpoints model invocations must come through (`vpce-...`). */
    approvedVpcEndpointIds: string[];
    /**
     * Let roles on the agent path invoke outside the endpoints: Bedrock and AgentCore run agents on
     * those roles from the service's own network. Service-linked roles are always exempt. Defaults to true.
     */
    exemptAgentRolesFromInvokeScp?: boolean;
    /** Further role ARN patterns the invoke SCP does not confine (service roles used from AWS networks). */
    invokeExemptPrincipalArns?: string[];
    /**
     * Allow Mantle inference (bedrock-mantle:CreateInference, Bedrock's OpenAI-compatible API) in the
     * accounts under the invoke SCP, confined to the approved endpoints like every invocation, and say
     * why: it takes no guardrail and invocation logging does not record it. Unset (the default): the
     * invoke SCP denies it outright.
     */
    mantleInferenceReason?: string;
    /** The Bedrock policy. */
    bedrockPolicy?: BedrockPolicySettings;
    /**
     * Opt every account out of AWS AI services storing and using the content they process, with an
     * AISERVICES_OPT_OUT_POLICY that child policies cannot override (the policy type must be enabled on
     * the root). Defaults to true.
     */
    aiServicesOptOut?: boolean;
    /** Where each policy is attached. */
    targets: OrganizationPolicyTargets;
}
