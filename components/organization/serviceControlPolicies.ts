/**
 * The three service control policies of the organization baseline, as documents built from the
 * pack's control values. Operators sit inside `Condition` (an operator next to it makes AWS reject
 * the policy), and every document is checked against the SCP size limit before anything is created.
 * Source: AWS Organizations user guide, "SCP syntax" and "Quotas for AWS Organizations".
 */
import { BEDROCK_API_KEY_SERVICE, BEDROCK_BEARER_TOKEN_ACTIONS, SERVICE_CREDENTIAL_ACTION, SERVICE_CREDENTIAL_SERVICE_KEY } from "../../policypack/controls/bedrock-api-keys";
import { destructiveActions, PASS_ROLE_ACTION } from "../../policypack/controls/destructive-actions";
import { customSandboxPivots, ESCALATION_PIVOTS } from "../../policypack/controls/escalation-paths";
import { actionMatches } from "../../policypack/lib/iam/actions";
import { actionsOfService } from "../../policypack/lib/iam/catalog";
import { wildcardToRegExp } from "../../policypack/lib/wildcards";
import {
    agentRoleArnPattern,
    boundaryPolicyArnPattern,
    GOVERNANCE_ACTION_GROUPS,
    GovernanceScope,
    PRINCIPAL_ARN_KEY,
    SCP_MAX_CHARACTERS,
    SOURCE_VPCE_KEY,
    VIA_AWS_SERVICE_KEY,
} from "../../policypack/controls/organization";
import { INVOKE_CLASS_PATTERNS, MANTLE_INFERENCE_ACTION } from "../../policypack/controls/invoke-class";

export interface ScpStatement {
    Sid: string;
    Effect: "Deny";
    Action: string[];
    Resource?: string | string[];
    NotResource?: string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

export interface ScpDocument {
    Version: "2012-10-17";
    Statement: ScpStatement[];
}

/** The document as Organizations stores it: minified, because white space counts towards the limit. */
export function scpText(doc: ScpDocument): string {
    return JSON.stringify(doc);
}

/** Throws a clear error when an SCP exceeds Organizations' 5,120-character limit. */
export function assertScpSize(name: string, doc: ScpDocument): string {
    const text = scpText(doc);
    if (text.length > SCP_MAX_CHARACTERS) {
        throw new Error(
            `The SCP ${name} has ${text.length} characters; Organizations accepts at most ${SCP_MAX_CHARACTERS}. ` +
                "Shorten the lists that feed it (endpoint IDs, exempt roles, extra actions) or use wildcards such as s3:Delete*.",
        );
    }
    return text;
}

/** Service-linked roles act for AWS services from AWS networks; no SCP should confine them to a VPC endpoint. */
export function serviceLinkedRolePattern(partition: string): string {
    return `arn:${partition}:iam::*:role/aws-service-role/*`;
}

export interface InvokeViaVpceInput {
    partition: string;
    approvedVpcEndpointIds: readonly string[];
    /** Role ARN patterns not confined (the service-linked roles are always added). */
    exemptPrincipalArns: readonly string[];
    /** The actions confined; defaults to the invoke class's patterns. */
    actions?: readonly string[];
    /** Leave Mantle inference to the endpoint confinement instead of denying it outright (the stack gave a reason). */
    allowMantleInference?: boolean;
}

/**
 * Deny every invoke-class action unless it arrives through an approved VPC endpoint. The
 * conditions are ANDed: a call is denied when it did not come through an approved endpoint AND it
 * is not an AWS service calling on the principal's behalf AND the caller is not an exempt role.
 * Mantle inference is denied outright unless the organization allowed it with a reason: it takes
 * no guardrail and no invocation logging, wherever it comes from.
 */
export function invokeViaVpceScp(input: InvokeViaVpceInput): ScpDocument {
    const mantle: ScpStatement[] = input.allowMantleInference ? [] : [{ Sid: "DenyMantleInference", Effect: "Deny", Action: [MANTLE_INFERENCE_ACTION], Resource: "*" }];
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyBedrockInvokeOutsideApprovedEndpoints",
                Effect: "Deny",
                Action: [...(input.actions ?? INVOKE_CLASS_PATTERNS)],
                Resource: "*",
                Condition: {
                    StringNotEquals: { [SOURCE_VPCE_KEY]: [...input.approvedVpcEndpointIds] },
                    BoolIfExists: { [VIA_AWS_SERVICE_KEY]: "false" },
                    ArnNotLike: { [PRINCIPAL_ARN_KEY]: [...new Set([serviceLinkedRolePattern(input.partition), ...input.exemptPrincipalArns])] },
                },
            },
            ...mantle,
        ],
    };
}

export interface GovernanceProtectionInput {
    partition: string;
    securityAutomationRoleArns: readonly string[];
    agentRolePath: string;
}

function scopeResource(scope: GovernanceScope, partition: string, agentRolePath: string): string {
    switch (scope) {
        case "all":
            return "*";
        case "agent-roles":
            return agentRoleArnPattern(partition, agentRolePath);
        case "boundary-policies":
            return boundaryPolicyArnPattern(partition, agentRolePath);
    }
}

/**
 * Deny changes to the AI governance controls to everyone but the security automation role, and
 * Bedrock API keys to everyone (aws-samples' Deny-Bedrock-api-keys): a bearer token works from
 * outside the data perimeter until it is revoked.
 */
export function governanceProtectionScp(input: GovernanceProtectionInput): ScpDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            ...GOVERNANCE_ACTION_GROUPS.map(
                (group): ScpStatement => ({
                    Sid: `Protect${group.id}`,
                    Effect: "Deny",
                    Action: [...group.actions],
                    Resource: scopeResource(group.scope, input.partition, input.agentRolePath),
                    Condition: { ArnNotLike: { [PRINCIPAL_ARN_KEY]: [...input.securityAutomationRoleArns] } },
                }),
            ),
            {
                Sid: "DenyLongTermBedrockApiKeys",
                Effect: "Deny",
                Action: [SERVICE_CREDENTIAL_ACTION],
                Resource: "*",
                Condition: { StringEquals: { [SERVICE_CREDENTIAL_SERVICE_KEY]: BEDROCK_API_KEY_SERVICE } },
            },
            { Sid: "DenyBedrockApiKeyCalls", Effect: "Deny", Action: [...BEDROCK_BEARER_TOKEN_ACTIONS], Resource: "*" },
        ],
    };
}

export interface AgentCeilingInput {
    partition: string;
    agentRolePath: string;
    extraDestructiveActions: readonly string[];
    /** Roles agents may pass (`iam:PassRole`); every other role stays denied. */
    allowedPassRoleArns: readonly string[];
}

/**
 * The patterns without those another pattern of the list already covers (`iam:CreatePolicyVersion`
 * under `iam:Create*`): the same actions in fewer characters. Catalogue patterns end in their only
 * wildcard, so a pattern that matches another's text covers every action the other matches.
 */
export function withoutCoveredPatterns(patterns: readonly string[]): string[] {
    const unique = [...new Set(patterns)];
    return unique.filter((p) => !unique.some((q) => q !== p && wildcardToRegExp(q).test(p)));
}

/**
 * Each named action as the shortest wildcard over its leading words (`s3:BypassGovernanceRetention`
 * -> `s3:Bypass*`) that matches, in the service authorization reference, only actions the list
 * already denies: the same actions in fewer characters, so that the agent ceiling fits the SCP size
 * limit. The deny can widen to actions AWS adds later under the same prefix, never narrow; since the
 * catalogue and the tool-action check read the same reference, no allowed tool action is matched.
 * `keep` stays named (the PassRole exemption removes it by name), and no wildcard may match it.
 */
export function compactActionPatterns(patterns: readonly string[], keep: readonly string[] = []): string[] {
    const denied = (action: string) => patterns.some((p) => actionMatches(p, action));
    const kept = (pattern: string) => keep.some((k) => actionMatches(pattern, k));
    return patterns.map((pattern) => {
        const [service, name] = pattern.split(":");
        if (/[*?]/.test(pattern) || keep.includes(pattern) || name === undefined) {
            return pattern;
        }
        const words = name.match(/[A-Z][a-z0-9]*/g) ?? [];
        const all = actionsOfService(service).map((a) => a.action);
        for (let n = 1; n < words.length; n++) {
            const candidate = `${service}:${words.slice(0, n).join("")}*`;
            if (candidate.length < pattern.length && !kept(candidate) && all.filter((a) => actionMatches(candidate, a)).every(denied)) {
                return candidate;
            }
        }
        return pattern;
    });
}

/**
 * Deny the destructive-action catalogue and the escalation pivots to every role on the agent path,
 * in every member account; pivots on AgentCore sandboxes only on the custom ones (the built-in code
 * interpreter and browser run under no role of the account).
 */
export function agentCeilingScp(input: AgentCeilingInput): ScpDocument {
    const onAgentPath = { ArnLike: { [PRINCIPAL_ARN_KEY]: agentRoleArnPattern(input.partition, input.agentRolePath) } };
    const pivots = ESCALATION_PIVOTS.filter((p) => p.resourceType === undefined).map((p) => p.action);
    const sandboxes = customSandboxPivots(input.partition);
    const passRoleApproved = input.allowedPassRoleArns.length > 0;
    const actions = withoutCoveredPatterns(compactActionPatterns([...destructiveActions(input.extraDestructiveActions), ...pivots], [PASS_ROLE_ACTION])).filter(
        (a) => !(passRoleApproved && a === PASS_ROLE_ACTION),
    );
    const statements: ScpStatement[] = [
        { Sid: "DenyDestructiveActionsToAgents", Effect: "Deny", Action: actions, Resource: "*", Condition: onAgentPath },
        {
            Sid: "DenyCustomSandboxSessionsToAgents",
            Effect: "Deny",
            Action: sandboxes.actions,
            Resource: sandboxes.resources,
            Condition: onAgentPath,
        },
    ];
    if (passRoleApproved) {
        statements.push({ Sid: "DenyPassingOtherRolesToAgents", Effect: "Deny", Action: [PASS_ROLE_ACTION], NotResource: [...input.allowedPassRoleArns], Condition: onAgentPath });
    }
    return { Version: "2012-10-17", Statement: statements };
}
