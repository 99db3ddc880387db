import { strict as assert } from "assert";
import { cloudtrailCustomerKey as rule } from "../../../../policypack/rules/evidence/cloudtrail-customer-key";
import { T } from "../../../../policypack/lib/types";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";

const trail = (props: Record<string, unknown>) => runResourceRule(rule, { type: T.trail, name: "audit", props: { s3BucketName: "logs", ...props } });

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

    it("cannot decide at preview when the key is unknown", async () => {
        const out = await trail({ kmsKeyId: UNKNOWN });
        assert.deepEqual(out.violations, []);
        assert.ok(out.previewUnknown);
    });
});
