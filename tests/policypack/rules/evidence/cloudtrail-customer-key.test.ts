import { strict as assert } from "assert";
import { cloudtrailCustomerKey as rule } from "../../../../policypack/rules/evidence/cloudtrail-customer-key";
import { T } from "../../../../policypack/lib/types";
import { FakeResource, messages, runStackRule, UNKNOWN } from "../../../helpers/policy-harness";

const trail = (props: Record<string, unknown>, others: FakeResource[] = [], keyFrom?: string[]) =>
    runStackRule(rule, [...others, { type: T.trail, name: "audit", props: { s3BucketName: "logs", ...props }, propertyDependencies: keyFrom ? { kmsKeyId: keyFrom } : {} }]);

/** What a program creates beside the trail (Checkov's CKV_AWS_35 fixture: kms_key_id = aws_kms_key.trail.arn). */
const key: FakeResource = { type: T.kmsKey, name: "trail-key", props: { arn: UNKNOWN, keyId: UNKNOWN, enableKeyRotation: true } };
const alias: FakeResource = { type: "aws:kms/alias:Alias", name: "trail-key-alias", props: { name: "alias/trail", arn: UNKNOWN, targetKeyArn: UNKNOWN }, propertyDependencies: { targetKeyId: ["trail-key"] } };

describe("cloudtrail-customer-key", () => {
    it("passes a customer-managed key ARN", async () => {
        assert.deepEqual((await trail({ kmsKeyId: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" })).violations, []);
    });

    it("passes a customer alias ARN", async () => {
        assert.deepEqual((await trail({ kmsKeyId: "arn:aws:kms:us-east-1:111122223333:alias/ai-trail" })).violations, []);
    });

    it("flags a trail without a key", async () => {
        assert.match(messages(await trail({}))[0], /has no kmsKeyId/);
        assert.match(messages(await trail({ kmsKeyId: "" }))[0], /has no kmsKeyId/);
    });

    it("flags an AWS managed key alias", async () => {
        assert.match(messages(await trail({ kmsKeyId: "arn:aws:kms:us-east-1:111122223333:alias/aws/s3" }))[0], /AWS managed key/);
    });

    it("flags a bare key ID or an alias name (the provider needs an ARN)", async () => {
        assert.match(messages(await trail({ kmsKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" }))[0], /is not a KMS key or alias ARN/);
        assert.match(messages(await trail({ kmsKeyId: "alias/ai-trail" }))[0], /is not a KMS key or alias ARN/);
    });

    it("reports a non-string key instead of crashing (odd input)", async () => {
        assert.match(messages(await trail({ kmsKeyId: { arn: "x" } }))[0], /has no kmsKeyId/);
    });

    it("does not apply to a stack without a trail", async () => {
        assert.match((await runStackRule(rule, [key])).notApplicable ?? "", /no trail/);
    });

    it("decides at preview a key ARN unknown because the stack creates the key (a KMS key a program creates is customer-managed)", async () => {
        const out = await trail({ kmsKeyId: UNKNOWN }, [key], ["trail-key"]);
        assert.deepEqual(out.violations, []);
        assert.equal(out.previewUnknown, undefined);
    });

    it("cannot decide at preview a key unknown from anything else: no source, an alias, or a key and something else", async () => {
        for (const sources of [[], ["trail-key-alias"], ["trail-key", "trail-key-alias"]]) {
            const out = await trail({ kmsKeyId: UNKNOWN }, [key, alias], sources);
            assert.deepEqual(out.violations, [], sources.join(","));
            assert.match(out.previewUnknown ?? "", /audit \(aws:cloudtrail\/trail:Trail\): string value at \.kmsKeyId/, sources.join(","));
        }
    });
});
