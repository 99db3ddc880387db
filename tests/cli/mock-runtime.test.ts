/**
 * The mock runtime skips formatting the SDK's debug-only promise stack traces while a program runs
 * (under ts-node each is source-mapped frame by frame, which was most of a program's time), and
 * nothing else: other errors keep their traces, the variable that asks for them still works, and
 * the formatter is put back afterwards.
 */
import { strict as assert } from "assert";
import { runUnderMocks } from "../../cli/mock-runtime";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require("@pulumi/pulumi/runtime/debuggable");

/** The trace the SDK records on a promise it wraps (on the promise it was given). */
function debugTraceOf(): string {
    const p = Promise.resolve();
    void debuggable.debuggablePromise(p, "test");
    return (p as unknown as { _debugStackTrace: string })._debugStackTrace;
}

const CONTEXT = { accountId: "111122223333", region: "us-east-1", partition: "aws" };

async function tracesUnderMocks(): Promise<{ promise: string; error: string }> {
    const seen = { promise: "", error: "" };
    await runUnderMocks({ stack: "test", config: {}, context: CONTEXT }, () => {
        seen.promise = debugTraceOf();
        seen.error = new Error("from the program").stack ?? "";
    });
    return seen;
}

describe("cli mock runtime: stack traces while a program runs", () => {
    const saved = process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    afterEach(() => {
        if (saved === undefined) {
            delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
        } else {
            process.env.PULUMI_DEBUG_PROMISE_LEAKS = saved;
        }
    });

    it("records the SDK's promise traces as a note, keeps the program's own errors' traces, and restores the formatter", async () => {
        delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
        const formatter = Error.prepareStackTrace;
        const seen = await tracesUnderMocks();
        assert.equal(seen.promise, "(stack trace recorded only with PULUMI_DEBUG_PROMISE_LEAKS set)");
        assert.match(seen.error, /^Error: from the program\n\s+at /);
        assert.equal(Error.prepareStackTrace, formatter);
        // Outside a run the SDK's traces are formatted as before.
        assert.match(debugTraceOf(), /\n\s+at /);
    });

    it("formats them when PULUMI_DEBUG_PROMISE_LEAKS asks for them", async () => {
        process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
        assert.match((await tracesUnderMocks()).promise, /debuggablePromise/);
    });
});
