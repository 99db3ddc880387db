/**
 * The pack decodes each resource once per Analyzer request (policypack/lib/decode-once.ts) instead
 * of once per policy, as the `@pulumi/policy` server alone does. Shown here: the memo is installed
 * with the pinned SDK and answers the same object for the same Struct. `served-pack.test.ts` shows
 * the pack served this way gives every answer of the SDK alone.
 */
import { strict as assert } from "assert";
import { decodeEachResourceOnce } from "../../../policypack/lib/decode-once";

describe("each resource decoded once per request (decode-once)", () => {
    it("is installed in the pinned @pulumi/policy and answers one object per Struct", () => {
        assert.equal(decodeEachResourceOnce(), true);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const sdk = require("@pulumi/policy/deserialize") as { deserializeProperties: (s: unknown, secrets: boolean) => Record<string, unknown> };
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
        const one = Struct.fromJavaScript({ name: "a", tags: { k: "v" } });
        const other = Struct.fromJavaScript({ name: "a", tags: { k: "v" } });
        const first = sdk.deserializeProperties(one, false);
        assert.deepEqual(first, { name: "a", tags: { k: "v" } });
        assert.equal(sdk.deserializeProperties(one, false), first, "the same Struct gives the same decoded object");
        assert.notEqual(sdk.deserializeProperties(other, false), first, "another Struct is decoded on its own");
        assert.equal(decodeEachResourceOnce(), true, "installing twice keeps one memo");
    });
});
