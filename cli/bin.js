#!/usr/bin/env node
// Entry point of the `ai-guardrails` command. It runs the compiled CLI (`dist/cli-build`, written by
// `npm run build`) when that build is newer than every source it was built from; otherwise (sources
// edited since, or never built) it compiles the TypeScript sources on the fly with ts-node (types are
// checked by `npm run typecheck`, not at every start), which takes about a second and 0.1 GB more.
const path = require("path");
const { currentCompiledCli } = require("./compiled");

const root = path.join(__dirname, "..");
const compiled = currentCompiledCli(root);
if (!compiled) {
    require("ts-node").register({ project: path.join(root, "tsconfig.json"), transpileOnly: true });
}
const cli = require(compiled ?? "./main");

cli.main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (err) => {
        process.stderr.write(`ai-guardrails: ${err && err.stack ? err.stack : err}\n`);
        process.exitCode = 3;
    },
);
