/**
 * The destructive-action catalogue against the service authorization reference: it names real
 * actions only, covers every action the control lists, and leaves no IAM write, no role chaining
 * and no way out of the organization uncovered.
 */
import { strict as assert } from "assert";
import { BEDROCK_BEARER_TOKEN_ACTIONS } from "../../../policypack/controls/bedrock-api-keys";
import { DESTRUCTIVE_ACTION_GROUPS, DESTRUCTIVE_ACTIONS } from "../../../policypack/controls/destructive-actions";
import { actionMatches } from "../../../policypack/lib/iam/actions";
import { actionsOfService, expandActionPattern } from "../../../policypack/lib/iam/catalog";

/** Services whose Service Authorization Reference page is not named after their prefix. */
const PAGE_NAMES: Record<string, string> = { elasticfilesystem: "efs", "access-analyzer": "accessanalyzer" };

const covered = (action: string) => DESTRUCTIVE_ACTIONS.some((p) => actionMatches(p, action));

/** The service's actions at the given access levels, as `service:Action`. */
function actionsAt(service: string, levels: (level: string) => boolean): string[] {
    return actionsOfService(service)
        .filter((a) => levels(a.accessLevel))
        .map((a) => a.action);
}

describe("destructive-action catalogue", () => {
    it("expands every pattern to at least one real action, and group ids are usable as statement Sids", async () => {
        for (const pattern of DESTRUCTIVE_ACTIONS) {
            assert.ok((await expandActionPattern(pattern)).length > 0, pattern);
        }
        for (const group of DESTRUCTIVE_ACTION_GROUPS) {
            assert.match(group.id, /^[A-Za-z0-9]+$/);
        }
    });

    it("cites a source for every group: a Service Authorization Reference page of each of its services", () => {
        for (const group of DESTRUCTIVE_ACTION_GROUPS) {
            assert.ok(group.source.trim().length > 0, group.id);
            for (const service of new Set(group.actions.map((a) => a.slice(0, a.indexOf(":"))))) {
                const page = `https://docs.aws.amazon.com/service-authorization/latest/reference/list_${PAGE_NAMES[service] ?? service}.html`;
                assert.ok(group.source.includes(page), `${group.id} cites no page for ${service}: ${page}`);
            }
        }
    });

    it("covers every action the control names", () => {
        for (const action of [
            "s3:DeleteBucket", "s3:DeleteObjectVersion", "dynamodb:DeleteTable", "rds:DeleteDBInstance", "ec2:TerminateInstances", "lambda:DeleteFunction",
            "kms:ScheduleKeyDeletion", "kms:DisableKey",
            "iam:CreateUser", "iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:DeleteRole", "iam:PassRole", "iam:CreateAccessKey",
            "sts:AssumeRole",
            "cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors", "config:StopConfigurationRecorder", "logs:DeleteLogGroup",
            "bedrock:DeleteGuardrail", "bedrock:UpdateGuardrail", "bedrock:DeleteModelInvocationLoggingConfiguration", "bedrock:PutModelInvocationLoggingConfiguration",
            "organizations:LeaveOrganization",
            "iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary",
        ]) {
            assert.ok(covered(action), action);
        }
    });

    it("covers every IAM action that is not a read or a list (identities, grants, credentials, delegation)", () => {
        const writes = actionsAt("iam", (level) => level !== "Read" && level !== "List");
        assert.ok(writes.length > 100, "the IAM catalogue was not loaded");
        assert.deepEqual(writes.filter((a) => !covered(a)), []);
    });

    it("covers every STS action that assumes a role or a member account's root user", () => {
        const assuming = actionsAt("sts", () => true).filter((a) => /^sts:AssumeRo(le|ot)$/.test(a));
        assert.deepEqual(assuming.sort(), ["sts:AssumeRole", "sts:AssumeRoot"]);
        assert.deepEqual(assuming.filter((a) => !covered(a)), []);
    });

    it("covers every way out of the organization or its policies: leaving, removal, closing the account, deleting the organization, moving the account, trusted access", () => {
        for (const action of [
            "organizations:LeaveOrganization", "organizations:RemoveAccountFromOrganization", "organizations:CloseAccount", "organizations:DeleteOrganization", "account:CloseAccount",
            "organizations:MoveAccount", "organizations:DisableAWSServiceAccess",
        ]) {
            assert.ok(covered(action), action);
        }
    });

    it("covers changes to what an agent or a gateway can call: action groups, aliases, gateway targets, resource policies", () => {
        for (const action of [
            "bedrock:CreateAgentActionGroup", "bedrock:UpdateAgentActionGroup", "bedrock:DeleteAgentActionGroup", "bedrock:UpdateAgentAlias", "bedrock:DeleteAgentAlias",
            "bedrock-agentcore:CreateGatewayTarget", "bedrock-agentcore:UpdateGatewayTarget", "bedrock-agentcore:DeleteGatewayTarget",
            "bedrock-agentcore:PutResourcePolicy", "bedrock-agentcore:DeleteResourcePolicy",
        ]) {
            assert.ok(covered(action), action);
        }
    });

    it("leaves the reads and the runtime calls agents need uncovered, object and item CRUD included (the audit's design note)", () => {
        for (const action of [
            "iam:GetRole", "iam:ListRoles", "sts:GetCallerIdentity", "bedrock:GetAgent", "bedrock-agentcore:InvokeGateway", "bedrock-agentcore:AuthorizeAction", "logs:PutLogEvents",
            "s3:DeleteObject", "s3:PutObject", "dynamodb:DeleteItem", "dynamodb:UpdateItem", "bedrock:PutInvocationStep", "bedrock-agentcore:CreateEvent", "cloudwatch:PutMetricData",
            "events:PutEvents",
        ]) {
            assert.ok(!covered(action), action);
        }
    });

    it("covers the classes audit section 9 found missing: detection, evidence, exposure, protection, the AI controls, Bedrock API keys", () => {
        for (const action of [
            "guardduty:DeleteDetector", "guardduty:UpdateDetector", "securityhub:DisableSecurityHub", "access-analyzer:DeleteAnalyzer", "macie2:DisableMacie", "inspector2:Disable",
            "detective:DeleteGraph", "config:DeleteConfigRule", "config:PutConfigurationRecorder", "cloudtrail:DeleteEventDataStore", "events:DeleteRule", "events:DisableRule",
            "events:PutRule", "events:PutTargets", "securityhub:BatchDisableStandards", "securityhub:UpdateStandardsControl", "access-analyzer:CreateArchiveRule",
            "access-analyzer:UpdateArchiveRule", "guardduty:CreateFilter", "guardduty:UpdateFilter", "config:PutConfigRule", "config:PutDeliveryChannel",
            "logs:PutMetricFilter", "cloudwatch:PutMetricAlarm", "cloudwatch:PutAlarmMuteRule", "sns:Unsubscribe", "sns:SetSubscriptionAttributes",
            "s3:PutBucketPolicy", "s3:PutBucketAcl", "s3:PutBucketPublicAccessBlock", "s3:PutAccountPublicAccessBlock", "ec2:ModifySnapshotAttribute", "ec2:ModifyImageAttribute",
            "rds:ModifyDBSnapshotAttribute", "kms:CreateGrant", "ram:CreateResourceShare",
            "s3:PutBucketVersioning", "s3:BypassGovernanceRetention", "s3:PutBucketObjectLockConfiguration", "rds:ModifyDBInstance", "dynamodb:UpdateTable",
            "dynamodb:UpdateContinuousBackups", "backup:UpdateBackupPlan", "backup:PutBackupVaultAccessPolicy", "kms:DisableKeyRotation", "ecr:DeleteRepository",
            "ecr:BatchDeleteImage", "elasticache:DeleteReplicationGroup", "redshift:DeleteCluster", "es:DeleteDomain", "glacier:DeleteVault", "ssm:DeleteParameters",
            "glue:DeleteDatabase", "dsql:DeleteCluster", "firehose:DeleteDeliveryStream", "sqs:PurgeQueue", "route53:ChangeResourceRecordSets",
            "bedrock:PutEnforcedGuardrailConfiguration", "bedrock:DeleteEnforcedGuardrailConfiguration", "bedrock:PutResourcePolicy", "bedrock:DeleteResourcePolicy",
            "bedrock-agentcore:UpdateAgentRuntime", "bedrock-agentcore:DeleteAgentRuntime", "bedrock-agentcore:DeleteMemory", "bedrock-agentcore:BatchDeleteMemoryRecords",
            "bedrock-agentcore:DeleteMemoryRecord", "bedrock-agentcore:CreateGatewayRule", "bedrock-agentcore:UpdateGatewayRule", "bedrock-agentcore:DeleteGatewayRule",
            "bedrock-agentcore:ManageAdminPolicy", "bedrock-agentcore:ManageResourceScopedPolicy", "bedrock-agentcore:DeleteOauth2CredentialProvider",
            "bedrock-agentcore:DeleteApiKeyCredentialProvider", "bedrock-agentcore:DeleteWorkloadIdentity", "bedrock-agentcore:SetTokenVaultCMK", "bedrock-agentcore:GatewayDisassociateWebACL",
            "iam:CreateServiceSpecificCredential", "bedrock:CallWithBearerToken", "bedrock-mantle:CallWithBearerToken",
        ]) {
            assert.ok(covered(action), action);
        }
    });

    it("denies exactly the bearer-token calls the Bedrock API key controls name", () => {
        assert.deepEqual(DESTRUCTIVE_ACTION_GROUPS.find((g) => g.id === "BedrockApiKeys")!.actions, [...BEDROCK_BEARER_TOKEN_ACTIONS]);
    });

    it("uses a wildcard only at the end of a pattern, the form every SCP accepts", () => {
        assert.deepEqual(DESTRUCTIVE_ACTIONS.filter((p) => /[*?](?!$)/.test(p)), []);
    });
});
