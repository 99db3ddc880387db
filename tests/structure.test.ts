/**
 * The shape of the code base: no import cycles among the project's sources, no source file over
 * 400 lines except data tables (policypack/controls/), and one naming rule for the tests.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const SOURCE_DIRS = ["components", "policypack", "cli", "stacks", "plugin"];
const MAX_LINES = 400;

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) {
            return ["node_modules", "bin", "dist"].includes(e.name) ? [] : sources(full);
        }
        return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [full] : [];
    });
}

const files = SOURCE_DIRS.flatMap((d) => sources(path.join(ROOT, d)));

function importsOf(file: string): string[] {
    const text = fs.readFileSync(file, "utf8");
    const out: string[] = [];
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+"(\.[^"]+)"/gm)) {
        const base = path.resolve(path.dirname(file), m[1]);
        const target = [`${base}.ts`, path.join(base, "index.ts")].find((c) => fs.existsSync(c));
        if (target) {
            out.push(target);
        }
    }
    return out;
}

describe("code structure", () => {
    it("has no import cycle (type-only imports aside)", () => {
        const graph = new Map(files.map((f) => [f, importsOf(f)]));
        const cycles: string[] = [];
        const state = new Map<string, "visiting" | "done">();
        const stack: string[] = [];
        const visit = (f: string) => {
            state.set(f, "visiting");
            stack.push(f);
            for (const next of graph.get(f) ?? []) {
                if (state.get(next) === "visiting") {
                    cycles.push([...stack.slice(stack.indexOf(next)), next].map((x) => path.relative(ROOT, x)).join(" -> "));
                } else if (!state.has(next)) {
                    visit(next);
                }
            }
            stack.pop();
            state.set(f, "done");
        };
        for (const f of files) {
            if (!state.has(f)) {
                visit(f);
            }
        }
        assert.deepStrictEqual(cycles, []);
    });

    it(`keeps every source file under ${MAX_LINES} lines, data tables (policypack/controls/) aside`, () => {
        const long = files
            .filter((f) => !f.includes(`${path.sep}policypack${path.sep}controls${path.sep}`))
            .map((f) => [path.relative(ROOT, f), fs.readFileSync(f, "utf8").split("\n").length] as const)
            .filter(([, lines]) => lines > MAX_LINES);
        assert.deepStrictEqual(long, []);
    });

    it("names a test file after the source file it tests (tests/components/<dir>/<file>.test.ts), any other test or helper file in kebab-case", () => {
        const testFiles = (dir: string): string[] =>
            fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
                const full = path.join(dir, e.name);
                // Fixture programs and documents are shaped like what they stand for.
                return e.isDirectory() ? (e.name === "fixtures" ? [] : testFiles(full)) : /\.[jt]s$/.test(e.name) ? [full] : [];
            });
        const kebab = /^[a-z0-9]+(-[a-z0-9]+)*(\.test)?\.[jt]s$/;
        const misnamed = testFiles(path.join(ROOT, "tests"))
            .map((f) => path.relative(path.join(ROOT, "tests"), f))
            .filter((f) => !kebab.test(path.basename(f)) && !fs.existsSync(path.join(ROOT, f.replace(/\.test\.ts$/, ".ts"))));
        assert.deepStrictEqual(misnamed, []);
    });
});
