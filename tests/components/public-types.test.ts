/**
 * What a TypeScript consumer's compiler reads: the declarations reachable from the package's
 * `types` entry. They may name only Pulumi's SDKs and Node's own types: a validation library's
 * declarations (zod's need esModuleInterop) would break programs made from Pulumi's templates,
 * which compile without skipLibCheck. Reads the build (`npm test` builds first).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const ALLOWED = new Set(["@pulumi/pulumi", "@pulumi/aws", "@pulumi/aws-native"]);

function packageOf(specifier: string): string {
    const parts = specifier.split("/");
    return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

describe("the package's public declarations", () => {
    it("reach only this package's files and Pulumi's SDKs", () => {
        const entry = path.join(ROOT, JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).types);
        assert.ok(fs.existsSync(entry), `${entry} is missing: run npm run build`);
        const seen = new Set<string>();
        const foreign: string[] = [];
        const visit = (file: string) => {
            if (seen.has(file)) {
                return;
            }
            seen.add(file);
            const text = fs.readFileSync(file, "utf8");
            for (const m of text.matchAll(/(?:import|export)[^;]*?from\s+["']([^"']+)["']|import\(["']([^"']+)["']\)/g)) {
                const spec = m[1] ?? m[2];
                if (spec.startsWith(".")) {
                    const base = path.resolve(path.dirname(file), spec);
                    const target = [`${base}.d.ts`, path.join(base, "index.d.ts")].find((c) => fs.existsSync(c));
                    assert.ok(target, `${path.relative(ROOT, file)} imports ${spec}, which is not in the build`);
                    visit(target);
                } else if (!ALLOWED.has(packageOf(spec)) && !spec.startsWith("node:")) {
                    foreign.push(`${path.relative(ROOT, file)} imports ${spec}`);
                }
            }
        };
        visit(entry);
        assert.ok(seen.size > 20, `only ${seen.size} declaration files reached`);
        assert.deepStrictEqual(foreign, []);
    });
});
