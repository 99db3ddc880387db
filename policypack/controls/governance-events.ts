/**
 * Changes to the AI governance controls that must raise an alarm, as CloudTrail sees them. A
 * CloudTrail management event's `eventName` is the API operation's name, which is also the IAM
 * action name, and its `eventSource` is the service's endpoint host; the tests check every name
 * here against the IAM action catalogue. AiMonitoring builds one metric filter and one alarm per
 * class from this list; the `governance-change-alarms` rule requires them.
 *
 * Sources: the service authorization reference (action names), CloudTrail User Guide "CloudTrail
 * record contents" (`eventSource`, `eventName`), the Amazon Bedrock AgentCore developer guide
 * (events from `bedrock-agentcore.amazonaws.com`).
 */

export interface GovernanceEventSource {
    /** CloudTrail `eventSource`, for example `bedrock.amazonaws.com`. */
    eventSource: string;
    /** CloudTrail `eventName` values (API operation names) from that source. */
    eventNames: readonly string[];
}

export interface GovernanceEventClass {
    /** Stable kebab-case identifier (used in resource names and rule messages). */
    id: string;
    /** What the class covers, for alarm descriptions and reports. */
    description: string;
    /** CloudWatch metric name the class's metric filter emits. */
    metricName: string;
    events: readonly GovernanceEventSource[];
    /** Why a missing alarm matters more than usual, for findings. */
    note?: string;
}

/** The management account: SCPs do not apply to its principals (AWS Organizations user guide, "Service control policies"). */
const MANAGEMENT_ACCOUNT_NOTE = "these calls are made in the management account, where no SCP applies: there this alarm is the only control";

/** Namespace of the metrics the governance metric filters emit. */
export const GOVERNANCE_METRIC_NAMESPACE = "AiGuardrails/Governance";

export const GOVERNANCE_EVENT_CLASSES: readonly GovernanceEventClass[] = [
    {
        // The enforced guardrail configuration (account-level enforcement) and the guardrail's
        // resource policy (what lets member accounts apply the organization's guardrail): audit A10.
        id: "guardrail-changes",
        description: "A Bedrock guardrail, its account-level enforcement or its resource policy was changed or deleted",
        metricName: "GuardrailChanges",
        events: [
            {
                eventSource: "bedrock.amazonaws.com",
                eventNames: [
                    "UpdateGuardrail",
                    "DeleteGuardrail",
                    "PutEnforcedGuardrailConfiguration",
                    "DeleteEnforcedGuardrailConfiguration",
                    "PutResourcePolicy",
                    "DeleteResourcePolicy",
                ],
            },
        ],
    },
    {
        id: "permission-boundary-changes",
        description: "A permissions boundary was removed from or set on a role or user, or a managed policy (boundaries are managed policies) got a new default version",
        metricName: "PermissionBoundaryChanges",
        events: [
            {
                eventSource: "iam.amazonaws.com",
                eventNames: [
                    "DeleteRolePermissionsBoundary",
                    "PutRolePermissionsBoundary",
                    "DeleteUserPermissionsBoundary",
                    "PutUserPermissionsBoundary",
                    "CreatePolicyVersion",
                    "SetDefaultPolicyVersion",
                    "DeletePolicyVersion",
                    "DeletePolicy",
                ],
            },
        ],
    },
    {
        // CloudTrail records the role's name, not its path, so the filter cannot single out roles
        // on the agent path: it counts every role-policy change in the account.
        id: "agent-role-policy-changes",
        description: "A role's inline or attached policies or its trust policy changed, or a role was deleted (agent roles included)",
        metricName: "AgentRolePolicyChanges",
        events: [
            {
                eventSource: "iam.amazonaws.com",
                eventNames: ["PutRolePolicy", "DeleteRolePolicy", "AttachRolePolicy", "DetachRolePolicy", "UpdateAssumeRolePolicy", "DeleteRole"],
            },
        ],
    },
    {
        id: "trail-changes",
        description: "A CloudTrail trail was stopped, deleted or updated",
        metricName: "TrailChanges",
        events: [{ eventSource: "cloudtrail.amazonaws.com", eventNames: ["StopLogging", "DeleteTrail", "UpdateTrail"] }],
    },
    {
        id: "event-selector-changes",
        description: "A trail's event selectors changed (what it records)",
        metricName: "EventSelectorChanges",
        events: [{ eventSource: "cloudtrail.amazonaws.com", eventNames: ["PutEventSelectors"] }],
    },
    {
        id: "invocation-logging-changes",
        description: "Bedrock model invocation logging was changed or deleted",
        metricName: "InvocationLoggingChanges",
        events: [{ eventSource: "bedrock.amazonaws.com", eventNames: ["PutModelInvocationLoggingConfiguration", "DeleteModelInvocationLoggingConfiguration"] }],
    },
    {
        // Organizations is a global service: these events appear in the management account's trail.
        // They are made there, where no SCP applies (AWS Organizations user guide, "Service control
        // policies": SCPs do not affect users or roles in the management account): for these calls the
        // org stack's alarm is the control, not the SCP (audit A12). MoveAccount can take a member out of
        // the OU an SCP is attached to (the invoke SCP on the production OU); DisableAWSServiceAccess for
        // CloudTrail stops an organization trail from logging the member accounts.
        id: "organizations-policy-changes",
        description:
            "An Organizations policy was detached, deleted or updated, a policy type or a service's trusted access disabled, or an account moved " +
            "to another OU, left, removed or closed, or the organization deleted",
        metricName: "OrganizationsPolicyChanges",
        note: MANAGEMENT_ACCOUNT_NOTE,
        events: [
            {
                eventSource: "organizations.amazonaws.com",
                eventNames: [
                    "DetachPolicy",
                    "DeletePolicy",
                    "UpdatePolicy",
                    "DisablePolicyType",
                    "LeaveOrganization",
                    "RemoveAccountFromOrganization",
                    "CloseAccount",
                    "DeleteOrganization",
                    "MoveAccount",
                    "DisableAWSServiceAccess",
                ],
            },
        ],
    },
    {
        id: "gateway-policy-engine-changes",
        // A new Cedar permit or a new target widens what agents may call as surely as an update (audit A11).
        description: "An AgentCore gateway, its targets or rules, a policy engine or a Cedar policy was created, updated or deleted",
        metricName: "GatewayPolicyEngineChanges",
        events: [
            {
                eventSource: "bedrock-agentcore.amazonaws.com",
                eventNames: [
                    "UpdateGateway",
                    "DeleteGateway",
                    "CreateGatewayTarget",
                    "UpdateGatewayTarget",
                    "DeleteGatewayTarget",
                    "CreateGatewayRule",
                    "UpdateGatewayRule",
                    "DeleteGatewayRule",
                    "UpdatePolicyEngine",
                    "DeletePolicyEngine",
                    "CreatePolicy",
                    "UpdatePolicy",
                    "DeletePolicy",
                ],
            },
        ],
    },
    {
        // Long-term Bedrock API keys are IAM service-specific credentials. The organization's SCP denies
        // them in member accounts; in the management account, where no SCP applies, this alarm is the control.
        id: "service-specific-credentials",
        description: "A service-specific credential (a long-term Bedrock API key, or a CodeCommit or Keyspaces password) was created or reactivated",
        metricName: "ServiceSpecificCredentialChanges",
        note: "the organization's SCP denies long-term Bedrock API keys in member accounts but not in the management account, where this alarm is the only control",
        events: [{ eventSource: "iam.amazonaws.com", eventNames: ["CreateServiceSpecificCredential", "UpdateServiceSpecificCredential", "ResetServiceSpecificCredential"] }],
    },
];

/** The IAM action prefix of a CloudTrail event source (`bedrock.amazonaws.com` -> `bedrock`). */
export function iamPrefixOfEventSource(eventSource: string): string {
    return eventSource.replace(/\.amazonaws\.com$/, "");
}

/**
 * The CloudWatch Logs JSON filter pattern that matches a class's events in CloudTrail records, e.g.
 * `{ (($.eventSource = "bedrock.amazonaws.com") && (($.eventName = "UpdateGuardrail") || ...)) }`.
 * Failed attempts match too: an attempt to switch off a control is worth an alarm.
 */
export function governanceFilterPattern(cls: GovernanceEventClass): string {
    const perSource = cls.events.map((e) => {
        const names = e.eventNames.map((n) => `($.eventName = "${n}")`).join(" || ");
        return `(($.eventSource = "${e.eventSource}") && (${names}))`;
    });
    return `{ ${perSource.join(" || ")} }`;
}

/** Events of a class that a filter pattern does not mention (empty when it covers them all). */
export function eventsMissingFromPattern(cls: GovernanceEventClass, pattern: string): string[] {
    const missing: string[] = [];
    for (const e of cls.events) {
        if (!pattern.includes(e.eventSource)) {
            missing.push(...e.eventNames.map((n) => `${e.eventSource}:${n}`));
            continue;
        }
        for (const n of e.eventNames) {
            if (!new RegExp(`\\$\\.eventName\\s*=\\s*"?${n}"?(?![A-Za-z0-9])`).test(pattern)) {
                missing.push(`${e.eventSource}:${n}`);
            }
        }
    }
    return missing;
}
