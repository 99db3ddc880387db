import * as assert from "assert";
import { ConfigValidationError } from "../../../components/config";
import { DataEventType } from "../../../components/settings/evidence";
import { AiAuditTrail, AiAuditTrailArgs } from "../../../components/evidence/aiAuditTrail";
import { AI_DATA_EVENT_TYPES, DEFAULT_DATA_EVENT_TYPES, REQUIRED_DATA_EVENT_TYPES } from "../../../policypack/controls/cloudtrail";
import { evidenceRules } from "../../../policypack/rules/evidence";
import { T } from "../../../policypack/lib/types";
import { byType, policyOf, RegisteredResource, renderComponent, single, statement, valueOf } from "../../helpers/mocks";
import { runPack } from "../../helpers/pack-run";
import { ACCOUNT, REGION } from "../../helpers/fixtures";

const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/ai-audit`;
const base = { accountId: ACCOUNT, region: REGION };

function render(args: Partial<AiAuditTrailArgs> = {}, preview = false) {
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
        const trail = single(await render({ dataEventTypes: [...REQUIRED_DATA_EVENT_TYPES] }), T.trail);
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
        // At preview the key's ARN is not known yet (KMS assigns its ID), but it comes from the key the
        // component creates, a customer-managed key; the bucket policy is known (its ARNs come from the
        // bucket's name). Everything is decided.
        assert.deepStrictEqual(await runPack(rules, await render({}, true), { preview: true }), { violations: [], undecided: [] });
    });

    it("refuses, before registering anything, what the stack settings refuse: one line per argument with its value and what is allowed", async () => {
        const cases: [string, Record<string, unknown>, RegExp][] = [
            ["a trail name too short", { trailName: "x" }, /^trailName = "x": 3-128 letters/],
            ["two separators in a row", { trailName: "bad..name" }, /^trailName = "bad\.\.name": /],
            ["a basic-selector type", { dataEventTypes: ["AWS::S3::Object", ...REQUIRED_DATA_EVENT_TYPES] }, /^dataEventTypes\[0\] = "AWS::S3::Object": /],
            ["a required type dropped", { dataEventTypes: ["AWS::Bedrock::Model"] }, /^dataEventTypes = \["AWS::Bedrock::Model"\]: must include the required AI data-event types; missing .*AWS::Bedrock::AgentAlias/],
            ["a retention CloudWatch does not offer", { logRetentionDays: 100 }, /^logRetentionDays = 100: expected one of CloudWatch's retention periods/],
            ["a lock longer than the files live", { expirationDays: 30, objectLock: { mode: "COMPLIANCE", days: 365 } }, /^objectLock\.days = 365: must not exceed expirationDays \(30\)/],
            ["a lock mode S3 does not have", { objectLock: { mode: "STRICT", days: 1 } }, /^objectLock\.mode = "STRICT": /],
            ["an account that is not one", { accountId: "1234" }, /^accountId = "1234": expected a 12-digit AWS account ID/],
        ];
        for (const [label, change, expected] of cases) {
            let error: unknown;
            const resources = await renderComponent(() => {
                try {
                    new AiAuditTrail("ai-audit", { ...base, ...change } as AiAuditTrailArgs);
                } catch (e) {
                    error = e;
                }
            });
            assert.ok(error instanceof ConfigValidationError, `${label}: ${error}`);
            assert.strictEqual(error.problems.length, 1, `${label}: ${error.problems.join(" | ")}`);
            assert.match(error.problems[0], expected, label);
            assert.match(error.message, /^AiAuditTrail ai-audit: invalid arguments \(1 problem\):/);
            assert.deepStrictEqual(resources, [], `${label}: nothing registered`);
        }
        // The trail name defaults to the component's name, which must then be a valid trail name.
        assert.throws(() => new AiAuditTrail("a", base), /trailName = "a": 3-128 letters/);
    });

    it("keeps deployed stacks in place: an alias from the token of earlier releases", async () => {
        const component = single(await render(), "ai-guardrails:index:AiAuditTrail");
        assert.ok(component.aliases.some((a) => a.endsWith("ai-guardrails:evidence:AiAuditTrail::ai-audit")), JSON.stringify(component.aliases));
    });

    it("exposes the trail's ARN and name, its key, bucket and log group as outputs", async () => {
        let component!: AiAuditTrail;
        const resources = await renderComponent(() => {
            component = new AiAuditTrail("ai-audit", base);
        });
        assert.strictEqual(await valueOf(component.trailArn), TRAIL_ARN);
        assert.strictEqual(await valueOf(component.trailName), "ai-audit");
        assert.strictEqual(await valueOf(component.kmsKeyArn), keyWith(resources, "CloudTrailEncryptsThisTrailsLogs").outputs.arn);
        assert.strictEqual(await valueOf(component.bucketName), single(resources, T.s3Bucket).outputs.bucket);
        assert.strictEqual(await valueOf(component.logGroupName), "/aws/cloudtrail/ai-audit");
        assert.strictEqual(await valueOf(component.logGroupArn), single(resources, T.logGroup).outputs.arn);
    });

    it("offers every AI data-event type of the controls as an enum value", () => {
        assert.deepStrictEqual(Object.values(DataEventType), [...AI_DATA_EVENT_TYPES]);
    });
});
