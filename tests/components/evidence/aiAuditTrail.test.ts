import * as assert from "assert";
import { AiAuditTrail } from "../../../components/evidence/aiAuditTrail";
import { DEFAULT_DATA_EVENT_TYPES, REQUIRED_DATA_EVENT_TYPES } from "../../../policypack/controls/cloudtrail";
import { evidenceRules } from "../../../policypack/rules/evidence";
import { T } from "../../../policypack/lib/types";
import { byType, policyOf, RegisteredResource, renderComponent, single, statement } from "../../helpers/mocks";
import { runPack } from "./pack-run";

const ACCOUNT = "111111111111";
const REGION = "us-east-1";
const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/ai-audit`;
const base = { accountId: ACCOUNT, region: REGION };

function render(args: Partial<ConstructorParameters<typeof AiAuditTrail>[1]> = {}, preview = false) {
    return renderComponent(() => new AiAuditTrail("ai-audit", { ...base, ...args }), { preview });
}

/** The KMS key whose policy carries a statement with this Sid. */
function keyWith(resources: RegisteredResource[], sid: string): RegisteredResource {
    const found = byType(resources, T.kmsKey).filter((k) => policyOf(k).Statement.some((s: any) => s.Sid === sid));
    assert.strictEqual(found.length, 1, sid);
    return found[0];
}

describe("AiAuditTrail", () => {
    it("creates a multi-Region trail with log-file validation, logging on, a customer key and CloudWatch Logs delivery", async () => {
        const resources = await render();
        const trail = single(resources, T.trail);
        assert.strictEqual(trail.inputs.name, "ai-audit");
        assert.strictEqual(trail.inputs.isMultiRegionTrail, true);
        assert.strictEqual(trail.inputs.includeGlobalServiceEvents, true);
        assert.strictEqual(trail.inputs.enableLogFileValidation, true);
        assert.strictEqual(trail.inputs.enableLogging, true);
        assert.strictEqual(trail.inputs.eventSelectors, undefined, "basic selectors cannot carry Bedrock types and conflict with advanced ones");
        const trailKey = keyWith(resources, "CloudTrailEncryptsThisTrailsLogs");
        assert.strictEqual(trail.inputs.kmsKeyId, trailKey.outputs.arn);
        const group = single(resources, T.logGroup);
        assert.strictEqual(trail.inputs.cloudWatchLogsGroupArn, `${group.outputs.arn}:*`);
        assert.strictEqual(trail.inputs.cloudWatchLogsRoleArn, single(resources, T.iamRole).outputs.arn);
        assert.strictEqual(trail.inputs.s3BucketName, single(resources, T.s3Bucket).outputs.bucket);
        assert.ok(trail.dependencies.includes(single(resources, T.s3BucketPolicy).urn), "the bucket policy exists before CloudTrail checks it");
    });

    it("records all management events and one data selector per AI data-event type", async () => {
        const trail = single(await render(), T.trail);
        const selectors = trail.inputs.advancedEventSelectors as { fieldSelectors: { field: string; equals: string[] }[] }[];
        assert.deepStrictEqual(selectors[0].fieldSelectors, [{ field: "eventCategory", equals: ["Management"] }]);
        const types = selectors.slice(1).map((s) => {
            assert.deepStrictEqual(s.fieldSelectors[0], { field: "eventCategory", equals: ["Data"] });
            assert.strictEqual(s.fieldSelectors[1].field, "resources.type");
            assert.strictEqual(s.fieldSelectors[1].equals.length, 1);
            return s.fieldSelectors[1].equals[0];
        });
        assert.deepStrictEqual(types, [...DEFAULT_DATA_EVENT_TYPES]);
    });

    it("logs only the configured data-event types", async () => {
        const trail = single(await render({ dataEventTypes: REQUIRED_DATA_EVENT_TYPES }), T.trail);
        assert.strictEqual((trail.inputs.advancedEventSelectors as unknown[]).length, REQUIRED_DATA_EVENT_TYPES.length + 1);
    });

    it("lets only this trail encrypt with the log-file key (aws:SourceArn and the CloudTrail encryption context)", async () => {
        const key = keyWith(await render(), "CloudTrailEncryptsThisTrailsLogs");
        const policy = policyOf(key);
        const encrypt = statement(policy, "CloudTrailEncryptsThisTrailsLogs");
        assert.deepStrictEqual(encrypt.Principal, { Service: "cloudtrail.amazonaws.com" });
        assert.deepStrictEqual(encrypt.Action, ["kms:GenerateDataKey*"]);
        assert.deepStrictEqual(encrypt.Condition, {
            StringEquals: { "aws:SourceArn": TRAIL_ARN },
            StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` },
        });
        assert.deepStrictEqual(statement(policy, "CloudTrailDescribesKey").Condition, { StringEquals: { "aws:SourceArn": TRAIL_ARN } });
        const services = policy.Statement.filter((s: any) => s.Principal?.Service).map((s: any) => s.Principal.Service);
        assert.deepStrictEqual([...new Set(services)], ["cloudtrail.amazonaws.com"], "no other service may use the trail key");
        assert.strictEqual(key.inputs.enableKeyRotation, true);
    });

    it("encrypts the log group with its own key, scoped to that log group", async () => {
        const resources = await render();
        const group = single(resources, T.logGroup);
        assert.strictEqual(group.inputs.name, "/aws/cloudtrail/ai-audit");
        assert.strictEqual(group.inputs.retentionInDays, 365);
        const logsKey = keyWith(resources, "CloudWatchLogsEncryptsTrailLogGroup");
        assert.strictEqual(group.inputs.kmsKeyId, logsKey.outputs.arn);
        assert.notStrictEqual(logsKey.urn, keyWith(resources, "CloudTrailEncryptsThisTrailsLogs").urn);
        const grant = statement(policyOf(logsKey), "CloudWatchLogsEncryptsTrailLogGroup");
        assert.deepStrictEqual(grant.Principal, { Service: `logs.${REGION}.amazonaws.com` });
        assert.deepStrictEqual(grant.Condition, { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/cloudtrail/ai-audit` } });
    });

    it("delivers to CloudWatch Logs through a role only this trail can assume, limited to its log streams", async () => {
        const resources = await render();
        const role = single(resources, T.iamRole);
        const trust = statement(policyOf(role, "assumeRolePolicy"), "TrustServiceForThisAccountOnly");
        assert.deepStrictEqual(trust.Principal, { Service: "cloudtrail.amazonaws.com" });
        assert.deepStrictEqual(trust.Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": TRAIL_ARN } });
        const delivery = statement(policyOf(single(resources, T.iamRolePolicy)), "DeliverTrailEventsToLogGroup");
        assert.deepStrictEqual(delivery.Action, ["logs:CreateLogStream", "logs:PutLogEvents"]);
        assert.strictEqual(delivery.Resource, `${single(resources, T.logGroup).outputs.arn}:log-stream:${ACCOUNT}_CloudTrail_*`);
    });

    it("writes to a hardened bucket only this trail may write to, over TLS only", async () => {
        const resources = await render();
        const bucket = single(resources, T.s3Bucket);
        const arn = bucket.outputs.arn;
        const policy = policyOf(single(resources, T.s3BucketPolicy));
        assert.deepStrictEqual(statement(policy, "DenyInsecureTransport").Condition, { Bool: { "aws:SecureTransport": "false" } });
        const acl = statement(policy, "CloudTrailAclCheck");
        assert.deepStrictEqual([acl.Action, acl.Resource, acl.Condition], ["s3:GetBucketAcl", arn, { StringEquals: { "aws:SourceArn": TRAIL_ARN } }]);
        const write = statement(policy, "CloudTrailWritesThisTrailsLogs");
        assert.strictEqual(write.Resource, `${arn}/AWSLogs/${ACCOUNT}/*`);
        assert.deepStrictEqual(write.Condition, { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": TRAIL_ARN } });
        const deny = statement(policy, "DenyWritesExceptCloudTrail");
        assert.deepStrictEqual([deny.Effect, deny.Principal, deny.Action], ["Deny", "*", "s3:PutObject"]);
        assert.deepStrictEqual(deny.Condition, { StringNotEquals: { "aws:PrincipalServiceName": "cloudtrail.amazonaws.com" } });
        assert.strictEqual(single(resources, T.s3Versioning).inputs.versioningConfiguration.status, "Enabled");
        const pab = single(resources, T.s3PublicAccessBlock);
        assert.ok(["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].every((f) => pab.inputs[f] === true));
        const sse = single(resources, T.s3Encryption).inputs.rules[0].applyServerSideEncryptionByDefault;
        assert.deepStrictEqual(sse, { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyWith(resources, "CloudTrailEncryptsThisTrailsLogs").outputs.arn });
        assert.strictEqual(bucket.inputs.forceDestroy, false);
    });

    it("applies the lifecycle and object lock from its arguments", async () => {
        const resources = await render({ expirationDays: 3650, noncurrentVersionExpirationDays: 90, objectLock: { mode: "COMPLIANCE", days: 365 } });
        const rule = single(resources, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules[0];
        assert.deepStrictEqual(rule.expiration, { days: 3650 });
        assert.deepStrictEqual(rule.noncurrentVersionExpiration, { noncurrentDays: 90 });
        assert.strictEqual(single(resources, T.s3Bucket).inputs.objectLockEnabled, true);
        const lock = single(resources, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration");
        assert.deepStrictEqual(lock.inputs.rule.defaultRetention, { mode: "COMPLIANCE", days: 365 });
        const unlocked = await render();
        assert.strictEqual(byType(unlocked, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration").length, 0);
    });

    it("passes protect on to every resource it creates", async () => {
        const resources = await renderComponent(() => new AiAuditTrail("ai-audit", base, { protect: true }));
        const custom = resources.filter((r) => r.custom);
        assert.ok(custom.length > 10);
        assert.deepStrictEqual(custom.filter((r) => !r.protect).map((r) => r.name), []);
    });

    it("satisfies every evidence rule it can on its own, after deployment and at preview", async () => {
        const rules = evidenceRules.filter((r) => r.name !== "governance-change-alarms");
        assert.deepStrictEqual(await runPack(rules, await render()), { violations: [], undecided: [] });
        // At preview the key ARN and the bucket policy (it names the bucket's ARN) are not known yet:
        // those two checks wait for `up`, as the SDK reports; nothing is flagged.
        assert.deepStrictEqual(await runPack(rules, await render({}, true), true), {
            violations: [],
            undecided: [`cloudtrail-customer-key (${T.trail})`, "cloudtrail-bucket-protected"],
        });
    });

    it("refuses bad arguments before registering anything", async () => {
        for (const [args, expected] of [
            [{ trailName: "x" }, /trailName "x"/],
            [{ trailName: "bad..name" }, /trailName "bad\.\.name"/],
            [{ dataEventTypes: ["AWS::S3::Object", ...REQUIRED_DATA_EVENT_TYPES] }, /AWS::S3::Object is not a Bedrock or AgentCore data-event type/],
            [{ dataEventTypes: ["AWS::Bedrock::Model"] }, /the required types .*AWS::Bedrock::AgentAlias.* are missing/],
        ] as const) {
            let error: Error | undefined;
            const resources = await renderComponent(() => {
                try {
                    new AiAuditTrail("ai-audit", { ...base, ...(args as object) });
                } catch (e) {
                    error = e as Error;
                }
            });
            assert.match(error?.message ?? "", expected);
            assert.deepStrictEqual(resources, []);
        }
    });
});
