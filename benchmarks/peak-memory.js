// Preloaded by the benchmark (NODE_OPTIONS=--require) into every Node process of a measured command:
// the CLI and the policy pack it spawns each write their own peak resident memory (VmHWM) to
// $AIG_BENCH_PEAK_DIR/<pid>.json when they end, so the two are reported separately. The pack is
// stopped with SIGTERM, which would end it before any exit handler runs: record, then exit as the
// signal would have.
"use strict";
const fs = require("fs");
const path = require("path");

const dir = process.env.AIG_BENCH_PEAK_DIR;
if (dir) {
    let recorded = false;
    const record = () => {
        if (recorded) {
            return;
        }
        recorded = true;
        const status = fs.readFileSync("/proc/self/status", "utf8");
        const kb = Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
        fs.writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify({ pid: process.pid, argv: process.argv.slice(1), peakKb: kb }));
    };
    process.on("exit", record);
    process.once("SIGTERM", () => {
        record();
        process.exit(128 + 15);
    });
}
