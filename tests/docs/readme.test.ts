import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { CATALOGUE_END, CATALOGUE_START, catalogueMarkdown, withCatalogue } from "../../cli/catalogue";
import { configSchemaOf, RULE_DOCS, ruleUrl } from "../../policypack/lib/rule";
import { rules } from "../../policypack/rules";
import { destructiveActions } from "../../policypack/controls/destructive-actions";
import { expandActionPatterns } from "../../policypack/lib/iam/catalog";

const README = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");

describe("README", () => {
    it("carries the rule catalogue generated from the rules' metadata (run npm run docs:rules after changing a rule)", () => {
        assert.ok(README.includes(CATALOGUE_START) && README.includes(CATALOGUE_END));
        assert.strictEqual(withCatalogue(README), README);
        for (const rule of rules) {
            assert.ok(catalogueMarkdown().includes(`| [${rule.id}](#${rule.id.toLowerCase()}) | \`${rule.name}\` |`), rule.name);
        }
    });

    it("gives the pack's rule count as it is", () => {
        const stated = /\(`policypack\/`, (\d+) rules\)/.exec(README);
        assert.ok(stated, "README's introduction states the number of rules");
        assert.strictEqual(Number(stated[1]), rules.length);
    });

    it("gives the size of the destructive catalogue as it is", () => {
        const stated = /the destructive catalogue \((\d+) actions once wildcards are expanded/.exec(README);
        assert.ok(stated, "README's layer table states the catalogue's size");
        assert.strictEqual(Number(stated[1]), expandActionPatterns(destructiveActions([])).length);
    });

    it("has an entry for every rule at the anchor its policy url (Pulumi Cloud) and SARIF helpUri point to, with its remediation", () => {
        for (const rule of rules) {
            const url = ruleUrl(rule);
            assert.ok(url.startsWith(`${RULE_DOCS}#`), url);
            const anchor = url.slice(url.indexOf("#") + 1);
            const at = README.indexOf(`<a id="${anchor}"></a>`);
            assert.ok(at >= 0, `README has the anchor ${anchor}`);
            const entry = README.slice(at, README.indexOf("<a id=", at + 1) > 0 ? README.indexOf("<a id=", at + 1) : undefined);
            assert.ok(entry.includes(rule.name) && entry.includes(rule.remediation), `${rule.id}'s entry names the policy and its remediation`);
        }
        const repository = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")).repository.url as string;
        assert.ok(repository.includes(RULE_DOCS.split("/blob/")[0].replace("https://", "")), "the docs URL is the package's repository");
    });

    it("shows a policy-pack config whose policy names and keys exist in the pack's schemas", () => {
        const block = /```json\n([\s\S]*?)\n```/.exec(README);
        assert.ok(block, "README has a JSON policy config example");
        const example = JSON.parse(block[1]) as Record<string, unknown>;
        const byName = new Map(rules.map((r) => [r.name, r]));
        for (const [policy, setting] of Object.entries(example)) {
            if (policy === "all") {
                continue;
            }
            const rule = byName.get(policy);
            assert.ok(rule, `${policy} is a policy of the pack`);
            const keys = Object.keys(setting as object).filter((k) => k !== "enforcementLevel");
            const known = Object.keys(configSchemaOf(rule).properties);
            for (const key of keys) {
                assert.ok(known.includes(key), `${policy}.${key} is one of ${known.join(", ")}`);
            }
        }
    });

    it("shows the test command CI runs", () => {
        const ci = fs.readFileSync(path.join(__dirname, "..", "..", ".ci", "run"), "utf8");
        assert.match(ci, /^\s*npm test$/m);
        assert.match(README, /^npm test$/m);
    });
});
