/**
 * The pack is published on its own (`pulumi policy publish` uploads policypack/): it may import only
 * its own files and the dependencies its package.json declares, never @pulumi/aws, and never the
 * AGPL-licensed simulator that only the tests use.
 */
import * as assert from "assert";
import * as fs from "fs";
import { builtinModules } from "module";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..", "..");
const PACK = path.join(ROOT, "policypack");

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) {
            return e.name === "node_modules" ? [] : sourceFiles(full);
        }
        return e.name.endsWith(".ts") ? [full] : [];
    });
}

function specifiers(file: string): string[] {
    const text = fs.readFileSync(file, "utf8");
    const statements = [...text.matchAll(/^\s*(?:import|export)\b[^;=()]*?\bfrom\s+"([^"]+)"/gm)];
    const calls = [...text.matchAll(/\b(?:require|import)\("([^"]+)"\)/g)];
    return [...statements, ...calls].map((m) => m[1]);
}

/** `@scope/name/sub` -> `@scope/name`; `name/sub` -> `name`. */
function packageOf(specifier: string): string {
    const parts = specifier.split("/");
    return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

describe("the policy pack is self-contained", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8"));
    const declared = new Set(Object.keys(manifest.dependencies ?? {}));
    const files = sourceFiles(PACK);

    it("has sources to check", () => {
        assert.ok(files.length > 40, `${files.length} files`);
    });

    it("imports only its own files and the dependencies its package.json declares", () => {
        const problems: string[] = [];
        for (const file of files) {
            for (const spec of specifiers(file)) {
                if (spec.startsWith(".")) {
                    const target = path.resolve(path.dirname(file), spec);
                    if (!target.startsWith(PACK + path.sep)) {
                        problems.push(`${path.relative(ROOT, file)} imports ${spec}, outside policypack/`);
                    }
                } else if (!spec.startsWith("node:") && !builtinModules.includes(spec) && !declared.has(packageOf(spec))) {
                    problems.push(`${path.relative(ROOT, file)} imports ${spec}, not a dependency of policypack/package.json`);
                }
            }
        }
        assert.deepStrictEqual(problems, []);
    });

    it("does not depend on @pulumi/aws", () => {
        assert.ok(!declared.has("@pulumi/aws"));
        assert.deepStrictEqual(files.filter((f) => specifiers(f).some((s) => s.startsWith("@pulumi/aws"))), []);
    });

    it("keeps the AGPL simulator out of everything users install: only tests import it, and only as a dev dependency", () => {
        const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        assert.ok(!("@cloud-copilot/iam-simulate" in (root.dependencies ?? {})));
        assert.ok("@cloud-copilot/iam-simulate" in (root.devDependencies ?? {}));
        assert.ok(!("@cloud-copilot/iam-simulate" in (manifest.dependencies ?? {})));
        const shipped = ["components", "policypack", "stacks", "cli"].flatMap((d) => sourceFiles(path.join(ROOT, d)));
        assert.deepStrictEqual(shipped.filter((f) => specifiers(f).some((s) => s.startsWith("@cloud-copilot/iam-simulate"))), []);
    });
});
