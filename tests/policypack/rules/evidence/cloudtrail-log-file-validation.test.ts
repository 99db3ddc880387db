import { strict as assert } from "assert";
import { cloudtrailLogFileValidation as rule } from "../../../../policypack/rules/evidence/cloudtrail-log-file-validation";
import { T } from "../../../../policypack/lib/types";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";

const trail = (props: Record<string, unknown>) => runResourceRule(rule, { type: T.trail, name: "audit", props: { s3BucketName: "logs", ...props } });

describe("cloudtrail-log-file-validation", () => {
    it("passes a trail with validation on", async () => {
        assert.deepEqual((await trail({ enableLogFileValidation: true })).violations, []);
    });

    it("flags validation off", async () => {
        assert.deepEqual(messages(await trail({ enableLogFileValidation: false })), [
            "log-file validation is off (enableLogFileValidation = false): changes to delivered log files cannot be detected",
        ]);
    });

    it("flags validation left unset (AWS's default is off)", async () => {
        assert.match(messages(await trail({}))[0], /enableLogFileValidation = null/);
    });

    it("flags a string instead of a boolean (odd input)", async () => {
        assert.match(messages(await trail({ enableLogFileValidation: "true" }))[0], /enableLogFileValidation = "true"/);
    });

    it("cannot decide at preview when the flag is unknown", async () => {
        const out = await trail({ enableLogFileValidation: UNKNOWN });
        assert.deepEqual(out.violations, []);
        assert.ok(out.previewUnknown);
    });
});
