/**
 * The organization baseline as data: which policy types the organization enables, which actions
 * the service control policies confine or protect, and the grammar of the Organizations Bedrock
 * policy. The OrganizationGuardrails component builds its policies from these values and the
 * organization rules check policies against them.
 * Sources: AWS Organizations user guide, "Amazon Bedrock policy syntax and examples"
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_bedrock_syntax.html),
 * "Best practices for using Amazon Bedrock policies", "Quotas for AWS Organizations" (SCP size);
 * Amazon Bedrock user guide, "Using resource-based policies for guardrails".
 */

export const SCP_TYPE = "SERVICE_CONTROL_POLICY";
export const BEDROCK_POLICY_TYPE = "BEDROCK_POLICY";

/** Policy types the organization root must have enabled before these policies can be attached. */
export const REQUIRED_POLICY_TYPES: readonly string[] = [SCP_TYPE, BEDROCK_POLICY_TYPE];

/** Organizations' limit on a service control policy document, white space included. */
export const SCP_MAX_CHARACTERS = 5120;

/** Service control policies attached to one root, OU or account, `FullAWSAccess` included. */
export const MAX_SCPS_PER_TARGET = 5;

/** Root (`r-`), OU (`ou-`) or account IDs that policies can be attached to. */
export const ORG_TARGET_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;

/** An interface VPC endpoint ID. */
export const VPC_ENDPOINT_ID = /^vpce-[0-9a-f]{8,17}$/;

/**
 * Inference actions the invoke SCP confines to the approved VPC endpoints: model inference
 * (bedrock-runtime endpoint), agents, flows and knowledge bases (bedrock-agent-runtime), AgentCore
 * runtimes (bedrock-agentcore).
 */
export const VPCE_CONFINED_ACTIONS: readonly string[] = [
    "bedrock:InvokeModel",
    "bedrock:InvokeModelWithResponseStream",
    "bedrock:InvokeAgent",
    "bedrock:InvokeInlineAgent",
    "bedrock:InvokeFlow",
    "bedrock:Retrieve",
    "bedrock:RetrieveAndGenerate",
    "bedrock-agentcore:InvokeAgentRuntime",
];

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

/** What the component writes: every message guarded whatever its tags; system prompts as tagged. */
export const DEFAULT_CONTENT_GUARDING: Readonly<{ system: ContentGuardingMode; messages: ContentGuardingMode }> = {
    system: "selective",
    messages: "comprehensive",
};

/** `model_enforcement.included_models` value meaning every model. */
export const ALL_MODELS = "ALL";

/** Name of the configuration block inside each Region of the policy. */
export const DEFAULT_BEDROCK_POLICY_CONFIG_NAME = "ai_guardrails_baseline";

/** A Bedrock policy configuration name: letters, digits and underscores. */
export const BEDROCK_POLICY_CONFIG_NAME = /^[A-Za-z0-9_]{1,64}$/;

/** A guardrail ARN followed by its version: `arn:aws:bedrock:REGION:ACCOUNT:guardrail/ID:VERSION`. */
const GUARDRAIL_IDENTIFIER = /^arn:(aws[a-z-]*):bedrock:([a-z0-9-]+):(\d{12}):guardrail\/([a-z0-9]+)(?::([^:]*))?$/;

export interface ParsedGuardrailIdentifier {
    partition: string;
    region: string;
    accountId: string;
    guardrailId: string;
    /** What follows the ARN; undefined when no version is given. */
    version?: string;
}

export function parseGuardrailIdentifier(identifier: string): ParsedGuardrailIdentifier | undefined {
    const m = GUARDRAIL_IDENTIFIER.exec(identifier);
    return m ? { partition: m[1], region: m[2], accountId: m[3], guardrailId: m[4], version: m[5] } : undefined;
}

/** A published guardrail version is a positive integer; `DRAFT` is the mutable working copy. */
export function isNumericGuardrailVersion(version: string | undefined): boolean {
    return version !== undefined && /^[1-9]\d*$/.test(version);
}

export interface BedrockPolicyGuardrail {
    region: string;
    /** Guardrail ARN without version. */
    guardrailArn: string;
    /** Published numeric version. */
    version: string;
}

export interface BedrockPolicyOptions {
    configName?: string;
    contentGuarding?: { system: ContentGuardingMode; messages: ContentGuardingMode };
    /** Models the guardrail is enforced on; defaults to every model. */
    includedModels?: readonly string[];
    /** Models left out of enforcement (for example embedding models). */
    excludedModels?: readonly string[];
}

/**
 * The content of a BEDROCK_POLICY that enforces one guardrail version per Region on the chosen
 * models. Throws when a guardrail is not pinned to a numeric version or sits in another Region:
 * AWS would accept the policy and every Bedrock call in the target accounts would then fail.
 */
export function bedrockPolicyContent(guardrails: readonly BedrockPolicyGuardrail[], options: BedrockPolicyOptions = {}): Record<string, unknown> {
    const configName = options.configName ?? DEFAULT_BEDROCK_POLICY_CONFIG_NAME;
    const guarding = options.contentGuarding ?? DEFAULT_CONTENT_GUARDING;
    const problems: string[] = [];
    const regions: Record<string, unknown> = {};
    for (const g of guardrails) {
        const identifier = `${g.guardrailArn}:${g.version}`;
        problems.push(...identifierProblems(identifier, g.region));
        if (regions[g.region] !== undefined) {
            problems.push(`Region ${g.region} is listed twice`);
        }
        regions[g.region] = {
            [configName]: {
                identifier: { "@@assign": identifier },
                selective_content_guarding: { system: { "@@assign": guarding.system }, messages: { "@@assign": guarding.messages } },
                model_enforcement: {
                    included_models: { "@@assign": [...(options.includedModels ?? [ALL_MODELS])] },
                    excluded_models: { "@@assign": [...(options.excludedModels ?? [])] },
                },
            },
        };
    }
    if (guardrails.length === 0) {
        problems.push("at least one Region with a guardrail is required");
    }
    if (!BEDROCK_POLICY_CONFIG_NAME.test(configName)) {
        problems.push(`configuration name ${JSON.stringify(configName)} must be 1-64 letters, digits or underscores`);
    }
    if (problems.length > 0) {
        throw new Error(`Invalid Bedrock policy: ${problems.join("; ")}`);
    }
    return { bedrock: { guardrail_inference: regions } };
}

function identifierProblems(identifier: string, region: string): string[] {
    const parsed = parseGuardrailIdentifier(identifier);
    if (!parsed) {
        return [`${region}: identifier ${JSON.stringify(identifier)} is not a guardrail ARN followed by :VERSION`];
    }
    if (parsed.version === undefined) {
        return [`${region}: identifier ${identifier} has no version; append the published numeric version (:1)`];
    }
    if (parsed.version === "DRAFT") {
        return [`${region}: identifier ${identifier} points at DRAFT, the mutable working copy; pin a published numeric version`];
    }
    if (!isNumericGuardrailVersion(parsed.version)) {
        return [`${region}: identifier ${identifier} has version ${JSON.stringify(parsed.version)}, not a published numeric version`];
    }
    if (parsed.region !== region) {
        return [`${region}: the guardrail ${identifier} lives in ${parsed.region}; a Region's policy must name a guardrail in that Region`];
    }
    return [];
}

export interface BedrockPolicyExpectations {
    /** Regions that must carry a configuration. */
    requiredRegions?: readonly string[];
    /** The account the guardrails must live in (the management account). */
    managementAccountId?: string;
    /** Require `included_models` to be `["ALL"]`. */
    requireAllModels?: boolean;
    /** Models that may be excluded; any other exclusion is a problem. */
    allowedExcludedModels?: readonly string[];
    /** Require `selective_content_guarding.messages` to be `comprehensive`. */
    requireComprehensiveMessages?: boolean;
}

export interface BedrockPolicyEntry {
    region: string;
    configName: string;
    identifier?: string;
}

const CONFIG_KEYS = new Set(["identifier", "selective_content_guarding", "model_enforcement", "input_tags"]);
const CHILD_CONTROL = "@@operators_allowed_for_child_policies";

function isObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The `@@assign` value of a node, or undefined with a problem when the node is malformed. */
function assigned(node: unknown, where: string, problems: string[]): unknown {
    if (!isObject(node) || !("@@assign" in node)) {
        problems.push(`${where} must be an object with "@@assign"`);
        return undefined;
    }
    return node["@@assign"];
}

function stringList(value: unknown, where: string, problems: string[]): string[] | undefined {
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
        problems.push(`${where} must assign a list of model IDs`);
        return undefined;
    }
    return value as string[];
}

/**
 * Checks a BEDROCK_POLICY's content (a JSON string or an object) against the syntax AWS documents
 * and the expectations; never throws. Returns the problems and the configurations it found.
 */
export function validateBedrockPolicyContent(content: unknown, expect: BedrockPolicyExpectations = {}): { problems: string[]; entries: BedrockPolicyEntry[] } {
    const problems: string[] = [];
    const entries: BedrockPolicyEntry[] = [];
    let doc: unknown = content;
    if (typeof content === "string") {
        try {
            doc = JSON.parse(content);
        } catch (e) {
            return { problems: [`the content is not valid JSON: ${(e as Error).message}`], entries };
        }
    }
    const inference = isObject(doc) && isObject(doc.bedrock) ? doc.bedrock.guardrail_inference : undefined;
    if (!isObject(inference)) {
        return { problems: ['the content has no "bedrock" -> "guardrail_inference" object'], entries };
    }
    for (const [region, configs] of Object.entries(inference)) {
        if (region === CHILD_CONTROL) {
            continue;
        }
        if (!isObject(configs)) {
            problems.push(`${region}: must map configuration names to configurations`);
            continue;
        }
        for (const [configName, config] of Object.entries(configs)) {
            if (configName === CHILD_CONTROL) {
                continue;
            }
            const where = `${region}.${configName}`;
            if (!isObject(config)) {
                problems.push(`${where}: must be an object`);
                continue;
            }
            for (const key of Object.keys(config)) {
                if (!CONFIG_KEYS.has(key) && key !== CHILD_CONTROL) {
                    problems.push(`${where}: unknown element ${JSON.stringify(key)}`);
                }
            }
            const identifier = assigned(config.identifier, `${where}.identifier`, problems);
            const entry: BedrockPolicyEntry = { region, configName };
            entries.push(entry);
            if (identifier !== undefined) {
                if (typeof identifier !== "string") {
                    problems.push(`${where}.identifier must assign a string`);
                } else {
                    entry.identifier = identifier;
                    problems.push(...identifierProblems(identifier, region).map((p) => p.replace(`${region}:`, `${where}:`)));
                    const parsed = parseGuardrailIdentifier(identifier);
                    if (parsed && expect.managementAccountId && parsed.accountId !== expect.managementAccountId) {
                        problems.push(`${where}: the guardrail belongs to account ${parsed.accountId}, not the management account ${expect.managementAccountId}`);
                    }
                }
            }
            checkContentGuarding(config.selective_content_guarding, where, expect, problems);
            checkModelEnforcement(config.model_enforcement, where, expect, problems);
        }
    }
    for (const region of expect.requiredRegions ?? []) {
        if (!entries.some((e) => e.region === region)) {
            problems.push(`no guardrail is enforced in ${region}`);
        }
    }
    if (entries.length === 0) {
        problems.push("the policy enforces no guardrail in any Region");
    }
    return { problems, entries };
}

function checkContentGuarding(node: unknown, where: string, expect: BedrockPolicyExpectations, problems: string[]): void {
    if (node === undefined) {
        if (expect.requireComprehensiveMessages) {
            problems.push(`${where}: selective_content_guarding.messages is not set; set it to "comprehensive" so every message is guarded`);
        }
        return;
    }
    if (!isObject(node)) {
        problems.push(`${where}.selective_content_guarding must be an object`);
        return;
    }
    for (const part of ["system", "messages"] as const) {
        if (node[part] === undefined) {
            if (part === "messages" && expect.requireComprehensiveMessages) {
                problems.push(`${where}: selective_content_guarding.messages is not set; set it to "comprehensive" so every message is guarded`);
            }
            continue;
        }
        const mode = assigned(node[part], `${where}.selective_content_guarding.${part}`, problems);
        if (mode === undefined) {
            continue;
        }
        if (!(CONTENT_GUARDING_MODES as readonly unknown[]).includes(mode)) {
            problems.push(`${where}.selective_content_guarding.${part} is ${JSON.stringify(mode)}; expected "selective" or "comprehensive"`);
        } else if (part === "messages" && mode !== "comprehensive" && expect.requireComprehensiveMessages) {
            problems.push(`${where}: selective_content_guarding.messages is "${mode}": only tagged content is checked; set "comprehensive"`);
        }
    }
}

function checkModelEnforcement(node: unknown, where: string, expect: BedrockPolicyExpectations, problems: string[]): void {
    if (node === undefined) {
        // Without model_enforcement the guardrail applies to every model.
        return;
    }
    if (!isObject(node)) {
        problems.push(`${where}.model_enforcement must be an object`);
        return;
    }
    if (node.included_models !== undefined) {
        const included = stringList(assigned(node.included_models, `${where}.model_enforcement.included_models`, problems), `${where}.model_enforcement.included_models`, problems);
        if (included && expect.requireAllModels && !(included.length === 1 && included[0] === ALL_MODELS)) {
            problems.push(`${where}: the guardrail is enforced only on ${JSON.stringify(included)}; include ["${ALL_MODELS}"] so no model escapes it`);
        }
    }
    if (node.excluded_models !== undefined) {
        const excluded = stringList(assigned(node.excluded_models, `${where}.model_enforcement.excluded_models`, problems), `${where}.model_enforcement.excluded_models`, problems);
        const allowed = expect.allowedExcludedModels;
        const extra = allowed && excluded ? excluded.filter((m) => !allowed.includes(m)) : [];
        if (extra.length > 0) {
            problems.push(`${where}: ${extra.join(", ")} ${extra.length === 1 ? "is" : "are"} excluded from the guardrail without approval`);
        }
    }
}

/**
 * The guardrail's resource-based policy: lets principals of the organization's accounts apply the
 * guardrail, which the Bedrock policy requires (member accounts evaluate the management account's
 * guardrail on every call). Nothing else is granted.
 */
export function guardrailOrganizationSharePolicy(guardrailArn: string, organizationId: string): Record<string, unknown> {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "OrganizationAppliesBaselineGuardrail",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: ["bedrock:ApplyGuardrail"],
                Resource: guardrailArn,
                Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId } },
            },
        ],
    };
}

/** An organization ID: `o-` and 10 to 32 lower-case letters or digits. */
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
