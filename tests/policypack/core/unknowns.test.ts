/**
 * policypack/lib/unknowns.ts: `judgeEach` judges every subject, raises the first undecided verdict
 * at the end, passes errors on, and does not await judgements given at once one turn per subject;
 * `plainWhenKnown` hands rules a resource's properties past the SDK's proxy only when nothing in
 * them is unknown.
 */
import { strict as assert } from "assert";
import { isUndecided, judgeEach, plainWhenKnown, undecided } from "../../../policypack/lib/unknowns";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxySdk = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T>(value: T): T; unknownStringValue: string };

describe("plainWhenKnown", () => {
    it("reads past the SDK's proxy when nothing in the properties is unknown", () => {
        const raw = { name: "g", policy: { Statement: [{ Action: ["bedrock:InvokeModel"] }] }, tags: { team: "ai" } };
        const proxied = proxySdk.unknownCheckingProxy(raw);
        assert.notEqual(proxied.policy, raw.policy, "the SDK hands a proxy");
        assert.equal(plainWhenKnown(proxied), raw);
        assert.equal(plainWhenKnown(raw), raw, "properties given plain stay plain");
    });

    it("keeps the SDK's proxy when an unknown is anywhere in them, so reading it leaves the verdict undecided", () => {
        for (const raw of [
            { name: proxySdk.unknownStringValue },
            { policy: { Statement: [{ Action: ["bedrock:InvokeModel", proxySdk.unknownStringValue] }] } },
        ]) {
            const proxied = proxySdk.unknownCheckingProxy(raw as Record<string, any>);
            const props = plainWhenKnown(proxied);
            assert.equal(props, proxied);
            assert.throws(() => JSON.stringify(props), (e: unknown) => isUndecided(e));
        }
    });
});

describe("judgeEach", () => {
    it("judges every subject, and raises the first undecided verdict after the others", async () => {
        const judged: string[] = [];
        const verdict = judgeEach(["a", "b", "c", "d"], (s) => {
            judged.push(s);
            if (s === "b" || s === "d") {
                undecided([s]);
            }
        });
        await assert.rejects(verdict, (e: Error) => /\.b\b/.test(e.message) && !/\.d\b/.test(e.message));
        assert.deepEqual(judged, ["a", "b", "c", "d"]);
    });

    it("judges subjects given at once in the same turn, and waits for those given later", async () => {
        const judged: string[] = [];
        const verdict = judgeEach(["now-1", "now-2", "later", "after-later"], (s) => {
            judged.push(s);
            return s === "later" ? new Promise<void>((resolve) => setImmediate(resolve)) : undefined;
        });
        assert.deepEqual(judged, ["now-1", "now-2", "later"], "no turn between judgements given at once");
        await verdict;
        assert.deepEqual(judged, ["now-1", "now-2", "later", "after-later"]);
    });

    it("passes on an error that is not an undecided verdict, from a promise or a thenable", async () => {
        await assert.rejects(judgeEach([1], () => Promise.reject(new Error("broken"))), /broken/);
        const thenable = { then: (_: unknown, reject: (e: Error) => void) => reject(new Error("thenable broken")) };
        await assert.rejects(judgeEach([1], () => thenable), /thenable broken/);
        await assert.rejects(judgeEach([1, 2], (s) => { if (s === 2) throw new Error("thrown"); }), /thrown/);
    });
});
