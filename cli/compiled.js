// Whether the compiled CLI (`dist/cli-build`, written by `npm run build` from tsconfig.cli.json) can
// run instead of the sources:
// it must be newer than every source it is built from and than the build settings. Plain JavaScript,
// as `cli/bin.js` reads it before any compiler is registered.
const fs = require("fs");
const path = require("path");

/**
 * What the compiled CLI is built from: tsconfig.cli.json compiles `cli/` and what it imports (the
 * rule catalogue included; tests/cli/compiled.test.ts checks the list against the compiler's).
 */
const SOURCES = ["cli", "components", "policypack/lib", "policypack/controls", "policypack/rules"];
const SETTINGS = ["tsconfig.json", "tsconfig.cli.json"];

/** The newest modification time of the `.ts` files under `dir`, in ms. */
function newestSource(dir) {
    let newest = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            newest = Math.max(newest, newestSource(full));
        } else if (entry.name.endsWith(".ts")) {
            newest = Math.max(newest, fs.statSync(full).mtimeMs);
        }
    }
    return newest;
}

/** The compiled entry point under `root`, or undefined when it is missing or older than a source. */
function currentCompiledCli(root) {
    const main = path.join(root, "dist", "cli-build", "cli", "main.js");
    try {
        const built = fs.statSync(main).mtimeMs;
        const settings = SETTINGS.map((f) => fs.statSync(path.join(root, f)).mtimeMs);
        return Math.max(...settings, ...SOURCES.map((d) => newestSource(path.join(root, d)))) <= built ? main : undefined;
    } catch {
        return undefined;
    }
}

module.exports = { currentCompiledCli, SOURCES };
