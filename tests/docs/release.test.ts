/**
 * One version and one home for everything the project releases: the npm package, the component
 * plugin, the policy pack (package.json and PulumiPolicy.yaml), and the README's install lines.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

const ROOT = path.join(__dirname, "..", "..");
const json = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8"));
const root = json("package.json");
const pack = json("policypack/package.json");
const plugin = json("plugin/package.json");
const policyYaml = parse(fs.readFileSync(path.join(ROOT, "policypack/PulumiPolicy.yaml"), "utf8"));
const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

describe("release metadata", () => {
    it("gives the package, the plugin and the pack one version", () => {
        assert.strictEqual(plugin.version, root.version);
        assert.strictEqual(pack.version, root.version);
        assert.strictEqual(String(policyYaml.version), root.version);
    });

    it("names the plugin after the component tokens' package and keeps it out of npm", () => {
        assert.strictEqual(plugin.name, "ai-guardrails");
        assert.strictEqual(plugin.private, true);
        assert.ok(root.workspaces.includes("plugin"), "the plugin's dependencies install with the root's");
        assert.ok(fs.existsSync(path.join(ROOT, "plugin", "PulumiPlugin.yaml")));
        assert.ok(fs.existsSync(path.join(ROOT, "plugin", "README.md")), "pulumi package publish needs a README");
    });

    it("points every release at the same repository, and the README installs the current version", () => {
        const repository = root.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
        assert.strictEqual(pack.repository.url, root.repository.url);
        assert.strictEqual(policyYaml.website, repository);
        assert.strictEqual(policyYaml.license, root.license);
        assert.strictEqual(pack.license, root.license);
        const tag = `${repository.replace(/^https:\/\//, "")}/plugin@v${root.version}`;
        assert.ok(readme.includes(`pulumi package add ${tag}`), `README does not show pulumi package add ${tag}`);
    });

    it("pins the pack's dependencies, so Pulumi Cloud installs what was tested", () => {
        for (const [name, range] of Object.entries<string>(pack.dependencies)) {
            assert.match(range, /^\d+\.\d+\.\d+$/, `${name}@${range} is not pinned`);
        }
    });
});
