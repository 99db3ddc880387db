/**
 * `cli/bin.js` runs the compiled CLI only while it is current (cli/compiled.js): newer than every
 * source it is built from and than the build settings; otherwise the sources run under ts-node.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync, spawnSync } from "child_process";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { currentCompiledCli, SOURCES } = require("../../cli/compiled") as { currentCompiledCli(root: string): string | undefined; SOURCES: string[] };

describe("cli/bin.js: the compiled CLI, while it is current", () => {
    let root: string;
    const at = (file: string, seconds: number) => {
        const full = path.join(root, file);
        fs.mkdirSync(path.dirname(full), { recursive: true });
        if (!fs.existsSync(full)) {
            fs.writeFileSync(full, "");
        }
        fs.utimesSync(full, seconds, seconds);
    };

    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "aig-compiled-"));
        for (const dir of SOURCES) {
            at(path.join(dir, "a.ts"), 1000);
        }
        at("tsconfig.json", 1000);
        at("tsconfig.cli.json", 1000);
        at("dist/cli-build/cli/main.js", 2000);
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("is chosen when it is newer than every source and the build settings", () => {
        assert.equal(currentCompiledCli(root), path.join(root, "dist", "cli-build", "cli", "main.js"));
    });

    it("reads every source the build compiles", () => {
        const repo = path.join(__dirname, "..", "..");
        const listed = execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.cli.json", "--listFilesOnly"], { cwd: repo, encoding: "utf8" });
        const compiled = listed
            .split("\n")
            .map((file) => path.relative(repo, file.trim()))
            .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts") && !file.split(path.sep).includes("node_modules"));
        assert.ok(compiled.includes(path.join("cli", "main.ts")) && compiled.some((f) => f.startsWith(path.join("policypack", "rules"))), "the compiler's list was read");
        const unread = compiled.filter((file) => !SOURCES.some((dir) => file.startsWith(dir + path.sep)));
        assert.deepEqual(unread, []);
    });

    for (const source of ["cli/nested/deeper/b.ts", "components/config/x.ts", "policypack/lib/iam/y.ts", "policypack/controls/z.ts", "policypack/rules/access/r.ts", "tsconfig.cli.json"]) {
        it(`is not chosen once ${source} is newer`, () => {
            at(source, 3000);
            assert.equal(currentCompiledCli(root), undefined);
        });
    }

    it("ignores files that are not TypeScript sources, and is not chosen when it was never built", () => {
        at("cli/notes.md", 3000);
        at("policypack/lib/data.json", 3000);
        assert.ok(currentCompiledCli(root));
        fs.rmSync(path.join(root, "dist"), { recursive: true });
        assert.equal(currentCompiledCli(root), undefined);
    });

    it("decides how cli/bin.js runs: compiled while current, under ts-node otherwise", () => {
        const repo = path.join(__dirname, "..", "..");
        // What bin.js loaded, seen from inside the process it runs in.
        const probe = `process.argv = [process.argv[0], "cli/bin.js", "rules", "--format", "json"];
            process.stdout.write = () => true;
            require("./cli/bin.js");
            process.on("exit", () => process.stderr.write(JSON.stringify({ ts: Boolean(require.extensions[".ts"]), compiled: Object.keys(require.cache).some((f) => f.includes(${JSON.stringify(path.join("dist", "cli-build", "cli", "main.js"))})) })));`;
        const run = spawnSync(process.execPath, ["-e", probe], { cwd: repo, encoding: "utf8" });
        assert.equal(run.status, 0, run.stderr);
        const seen = JSON.parse(run.stderr.trim().split("\n").pop()!);
        const current = currentCompiledCli(repo) !== undefined;
        assert.deepEqual(seen, { ts: !current, compiled: current });
    });

    it("does not load the Pulumi SDK for the rule catalogue (what cli/main.ts imports, every command loads)", () => {
        const repo = path.join(__dirname, "..", "..");
        // The SDK's entry point pulls in its automation API and package tooling: about 60 MB of memory.
        const sdkModulesLoaded = (preamble: string): string[] => {
            const probe = `${preamble}
                process.argv = [process.argv[0], "cli/bin.js", "rules", "--format", "json"];
                process.stdout.write = () => true;
                require("./cli/bin.js");
                process.on("exit", () => process.stderr.write(JSON.stringify(Object.keys(require.cache).filter((f) => /@pulumi[\\/]pulumi[\\/]index[.]js$/.test(f)))));`;
            const run = spawnSync(process.execPath, ["-e", probe], { cwd: repo, encoding: "utf8" });
            assert.equal(run.status, 0, run.stderr);
            return JSON.parse(run.stderr.trim().split("\n").pop()!);
        };
        assert.equal(sdkModulesLoaded(`require("@pulumi/pulumi");`).length, 1, "the probe sees the SDK when it is loaded");
        assert.deepEqual(sdkModulesLoaded(""), []);
    });
});
