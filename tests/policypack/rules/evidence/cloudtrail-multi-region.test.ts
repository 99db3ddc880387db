import { strict as assert } from "assert";
import { cloudtrailMultiRegion as rule } from "../../../../policypack/rules/evidence/cloudtrail-multi-region";
import { T } from "../../../../policypack/lib/types";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";

const trail = (props: Record<string, unknown>) => runResourceRule(rule, { type: T.trail, name: "audit", props: { s3BucketName: "logs", ...props } });

describe("cloudtrail-multi-region", () => {
    it("passes a multi-Region trail with global service events", async () => {
        assert.deepEqual((await trail({ isMultiRegionTrail: true, includeGlobalServiceEvents: true })).violations, []);
        assert.deepEqual((await trail({ isMultiRegionTrail: true })).violations, [], "global service events default to on");
    });

    it("flags a single-Region trail", async () => {
        assert.match(messages(await trail({ isMultiRegionTrail: false }))[0], /records one Region only/);
        assert.match(messages(await trail({}))[0], /records one Region only/);
    });

    it("flags global service events switched off", async () => {
        assert.deepEqual(messages(await trail({ isMultiRegionTrail: true, includeGlobalServiceEvents: false })), [
            "includeGlobalServiceEvents = false: IAM, STS and Organizations changes (boundaries, role policies, SCPs) are not recorded",
        ]);
    });

    it("treats a string flag as not set (odd input)", async () => {
        assert.equal(messages(await trail({ isMultiRegionTrail: "yes" })).length, 1);
    });

    it("cannot decide at preview when the flag is unknown", async () => {
        const out = await trail({ isMultiRegionTrail: UNKNOWN });
        assert.deepEqual(out.violations, []);
        assert.ok(out.previewUnknown);
    });
});
