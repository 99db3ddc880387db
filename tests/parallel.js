// Runs npm scripts side by side (`node tests/parallel.js typecheck lint build`) and exits with the
// first failure's status. The compilers and the linter are single-threaded, so on two cores they
// finish sooner together than one after the other. Each script's output is printed whole when it
// ends: interleaved compiler output would be unreadable.
"use strict";
const { spawn } = require("child_process");

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
    console.error("usage: node tests/parallel.js <npm script>...");
    process.exit(2);
}

const runs = scripts.map(
    (script) =>
        new Promise((resolve) => {
            const child = spawn("npm", ["run", "--silent", script], { stdio: ["ignore", "pipe", "pipe"], shell: process.platform === "win32" });
            let output = "";
            child.stdout.on("data", (chunk) => (output += chunk));
            child.stderr.on("data", (chunk) => (output += chunk));
            child.on("close", (code, signal) => {
                const status = code ?? 1;
                process.stdout.write(`> ${script}: ${status === 0 ? "ok" : `failed (${signal ?? `exit ${status}`})`}\n${output}`);
                resolve(status);
            });
        }),
);

Promise.all(runs).then((statuses) => {
    process.exitCode = statuses.find((s) => s !== 0) ?? 0;
});
