import { strict as assert } from "assert";
import { cloudtrailBucketProtected as rule } from "../../../../policypack/rules/evidence/cloudtrail-bucket-protected";
import { T } from "../../../../policypack/lib/types";
import { FakeResource, messages, runStackRule, UNKNOWN } from "../../../helpers/policy-harness";

const NAME = "ai-trail-logs-1a2b3c4";
const tlsDeny = {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [`arn:aws:s3:::${NAME}`, `arn:aws:s3:::${NAME}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
};
const policy = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

/** A trail and a bucket protected the way SecureBucket protects it; `bucketRef` is how the satellites name it. */
function stack(overrides: { versioning?: Partial<FakeResource> | null; pab?: Partial<FakeResource> | null; policy?: Partial<FakeResource> | null; trail?: Partial<FakeResource> } = {}, bucketRef: unknown = NAME): FakeResource[] {
    const deps = { bucket: ["bucket"] };
    const parts: (FakeResource | null)[] = [
        { type: T.s3Bucket, name: "bucket", props: { bucket: NAME } },
        overrides.versioning === null
            ? null
            : { type: T.s3Versioning, name: "versioning", props: { bucket: bucketRef, versioningConfiguration: { status: "Enabled" } }, propertyDependencies: deps, ...overrides.versioning },
        overrides.pab === null
            ? null
            : {
                  type: T.s3PublicAccessBlock,
                  name: "pab",
                  props: { bucket: bucketRef, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
                  propertyDependencies: deps,
                  ...overrides.pab,
              },
        overrides.policy === null ? null : { type: T.s3BucketPolicy, name: "policy", props: { bucket: bucketRef, policy: policy(tlsDeny) }, propertyDependencies: deps, ...overrides.policy },
        { type: T.trail, name: "trail", props: { s3BucketName: bucketRef }, propertyDependencies: { s3BucketName: ["bucket"] }, ...overrides.trail },
    ];
    return parts.filter((p): p is FakeResource => p !== null);
}

describe("cloudtrail-bucket-protected", () => {
    it("passes a trail whose bucket has versioning, a full public access block and a TLS-only policy", async () => {
        assert.deepEqual((await runStackRule(rule, stack())).violations, []);
    });

    it("resolves the bucket through propertyDependencies when names are unknown at preview", async () => {
        const out = await runStackRule(rule, stack({}, UNKNOWN));
        assert.deepEqual(out.violations, []);
        assert.equal(out.previewUnknown, undefined);
    });

    it("resolves the bucket by name when no dependencies are recorded", async () => {
        const resources = stack().map((r) => ({ ...r, propertyDependencies: undefined }));
        assert.deepEqual((await runStackRule(rule, resources)).violations, []);
    });

    it("flags a bucket without versioning", async () => {
        const m = messages(await runStackRule(rule, stack({ versioning: null })));
        assert.deepEqual(m, [`the trail's bucket bucket: versioning is not enabled (an overwritten or deleted log file is gone)`]);
    });

    it("flags suspended versioning", async () => {
        const m = messages(await runStackRule(rule, stack({ versioning: { props: { bucket: NAME, versioningConfiguration: { status: "Suspended" } } } })));
        assert.match(m[0], /versioning is not enabled/);
    });

    it("accepts inline versioning on the bucket", async () => {
        const resources = stack({ versioning: null });
        resources[0].props.versioning = { enabled: true };
        assert.deepEqual((await runStackRule(rule, resources)).violations, []);
    });

    it("flags a missing public access block", async () => {
        assert.match(messages(await runStackRule(rule, stack({ pab: null })))[0], /no public access block/);
    });

    it("names the public-access flags left off", async () => {
        const m = messages(await runStackRule(rule, stack({ pab: { props: { bucket: NAME, blockPublicAcls: true, blockPublicPolicy: false, ignorePublicAcls: true } } })));
        assert.match(m[0], /leaves blockPublicPolicy, restrictPublicBuckets off/);
    });

    it("flags a bucket without a policy", async () => {
        assert.match(messages(await runStackRule(rule, stack({ policy: null })))[0], /no bucket policy, so requests without TLS are not denied/);
    });

    it("flags a policy without a TLS-only deny", async () => {
        const allowOnly = policy({ Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${NAME}/*` });
        assert.match(messages(await runStackRule(rule, stack({ policy: { props: { bucket: NAME, policy: allowOnly } } })))[0], /does not deny requests without TLS/);
    });

    it("does not count a TLS deny that covers only the bucket, not its objects", async () => {
        const bucketOnly = policy({ ...tlsDeny, Resource: `arn:aws:s3:::${NAME}` });
        assert.match(messages(await runStackRule(rule, stack({ policy: { props: { bucket: NAME, policy: bucketOnly } } })))[0], /does not deny requests without TLS/);
    });

    it("accepts BoolIfExists, a single Action and a policy object instead of a string", async () => {
        const doc = { Version: "2012-10-17", Statement: { ...tlsDeny, Action: "s3:*", Condition: { BoolIfExists: { "aws:SecureTransport": "false" } } } };
        assert.deepEqual((await runStackRule(rule, stack({ policy: { props: { bucket: NAME, policy: doc } } }))).violations, []);
    });

    it("reports a malformed policy instead of crashing", async () => {
        const m = messages(await runStackRule(rule, stack({ policy: { props: { bucket: NAME, policy: "{not json" } } })));
        assert.match(m[0], /bucket policy: not valid JSON/);
        assert.match(m[0], /does not deny requests without TLS/);
    });

    it("does not credit another bucket's protection", async () => {
        const resources = stack();
        resources.push({ type: T.s3Bucket, name: "other", props: { bucket: "other-bucket" } });
        resources[resources.length - 2].props.s3BucketName = "other-bucket";
        resources[resources.length - 2].propertyDependencies = { s3BucketName: ["other"] };
        const m = messages(await runStackRule(rule, resources));
        assert.equal(m.length, 1);
        assert.match(m[0], /the trail's bucket other: versioning is not enabled.*no public access block.*no bucket policy/);
    });

    it("flags a bucket that is not in the stack, unless listed as external", async () => {
        const trailOnly: FakeResource[] = [{ type: T.trail, name: "trail", props: { s3BucketName: "central-log-archive" } }];
        assert.match(messages(await runStackRule(rule, trailOnly))[0], /central-log-archive is not managed in this stack/);
        assert.deepEqual((await runStackRule(rule, trailOnly, { config: { externalBuckets: ["central-log-archive"] } })).violations, []);
    });

    it("cannot decide at preview when the bucket name is unknown and nothing in the stack supplies it", async () => {
        const out = await runStackRule(rule, [{ type: T.trail, name: "trail", props: { s3BucketName: UNKNOWN } }]);
        assert.deepEqual(out.violations, []);
        assert.ok(out.previewUnknown);
    });

    it("does not apply to a stack without trails", async () => {
        const out = await runStackRule(rule, [{ type: T.s3Bucket, name: "b", props: {} }]);
        assert.deepEqual(out.violations, []);
        assert.equal(out.notApplicable, "no trail in the stack");
    });
});
