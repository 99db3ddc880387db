#!/usr/bin/env node
// Entry point of the `ai-guardrails` command: compiles the TypeScript sources on the fly (types are
// checked by `npm run typecheck`, not at every start) and runs the command line.
const path = require("path");

require("ts-node").register({
    project: path.join(__dirname, "..", "tsconfig.json"),
    transpileOnly: true,
});

require("./main")
    .main(process.argv.slice(2))
    .then(
        (code) => {
            process.exitCode = code;
        },
        (err) => {
            process.stderr.write(`ai-guardrails: ${err && err.stack ? err.stack : err}\n`);
            process.exitCode = 3;
        },
    );
