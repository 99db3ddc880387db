import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { LAYER_KEYS, layerOfRuleId } from "../../../policypack/controls/layers";
import { policies } from "../../../policypack/policies";
import { rules } from "../../../policypack/rules";

const RULES_DIR = path.join(__dirname, "../../../policypack/rules");

// `aws:module/file:Type`, or `aws-native:module:Type` (Cloud Control tokens have no file part).
const TYPE_TOKEN = /^[a-z0-9-]+:[a-zA-Z0-9-]+(\/[a-zA-Z0-9-]+)?:[A-Za-z0-9]+$/;

describe("rule metadata (every rule of every layer)", () => {
    it("has rules, including the model-interaction and model-access layers", () => {
        const names = rules.map((r) => r.name);
        for (const name of [
            "bedrock-guardrail-prompt-attack-high",
            "bedrock-guardrail-harm-filters",
            "bedrock-guardrail-sensitive-information",
            "bedrock-guardrail-denied-topics",
            "bedrock-guardrail-contextual-grounding",
            "bedrock-guardrail-customer-key",
            "bedrock-model-invocation-logging",
            "bedrock-invoke-approved-models-only",
            "bedrock-invoke-requires-guardrail",
            "iam-policy-real-actions-and-keys",
        ]) {
            assert.ok(names.includes(name), name);
        }
    });

    it("gives every rule a unique kebab-case name that CrossGuard accepts", () => {
        const seen = new Set<string>();
        for (const rule of rules) {
            assert.match(rule.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, rule.name);
            assert.notStrictEqual(rule.name, "all", "`all` is reserved in policy config");
            assert.ok(!seen.has(rule.name), `duplicate name ${rule.name}`);
            seen.add(rule.name);
        }
    });

    it("gives every rule a unique ID whose code matches its layer", () => {
        const seen = new Set<string>();
        for (const rule of rules) {
            const match = /^AIG-([A-Z]+)-(\d+)$/.exec(rule.id);
            assert.ok(match, `${rule.name}: ID ${rule.id} is not AIG-<LAYER>-<n>`);
            assert.strictEqual(layerOfRuleId(rule.id), rule.layer, `${rule.name}: ${rule.id} does not carry the code of layer ${rule.layer}`);
            assert.ok(!seen.has(rule.id), `duplicate ID ${rule.id}`);
            seen.add(rule.id);
        }
    });

    it("keeps every rule in the folder named after its layer", () => {
        for (const layer of fs.readdirSync(RULES_DIR).filter((f) => fs.statSync(path.join(RULES_DIR, f)).isDirectory())) {
            assert.ok(LAYER_KEYS.includes(layer as never), `rules/${layer}/ is not a layer key`);
            for (const file of fs.readdirSync(path.join(RULES_DIR, layer)).filter((f) => f !== "index.ts")) {
                const rule = rules.find((r) => `${r.name}.ts` === file);
                assert.ok(rule, `rules/${layer}/${file} is not a rule of the pack`);
                assert.strictEqual(rule.layer, layer, `rules/${layer}/${file} declares layer ${rule.layer}`);
            }
        }
    });

    it("gives every rule a layer, severity, texts, remediation and a peers array", () => {
        for (const rule of rules) {
            assert.ok(LAYER_KEYS.includes(rule.layer), `${rule.name}: layer ${rule.layer}`);
            assert.ok(["low", "medium", "high", "critical"].includes(rule.severity), `${rule.name}: severity ${rule.severity}`);
            for (const field of ["description", "explanation", "seedControl", "remediation"] as const) {
                assert.ok(typeof rule[field] === "string" && rule[field].trim().length > 0, `${rule.name}: ${field} is empty`);
            }
            assert.ok(Array.isArray(rule.peers), `${rule.name}: peers must be an array`);
            for (const peer of rule.peers) {
                assert.ok(typeof peer === "string" && peer.trim().length > 0, `${rule.name}: empty peer`);
            }
            assert.ok(rule.enforcementLevel === undefined || ["advisory", "mandatory", "remediate", "disabled"].includes(rule.enforcementLevel), rule.name);
        }
    });

    it("declares what each rule inspects: resource rules list valid type tokens", () => {
        for (const rule of rules) {
            if (rule.kind === "resource") {
                assert.ok(rule.resourceTypes.length > 0, `${rule.name}: no resource types`);
                for (const type of rule.resourceTypes) {
                    assert.match(type, TYPE_TOKEN, `${rule.name}: ${type}`);
                }
                assert.strictEqual(typeof rule.validate, "function");
            } else {
                assert.strictEqual(typeof rule.validateStack, "function", rule.name);
            }
        }
    });

    it("gives every config property a default and never declares enforcementLevel (the SDK exits on it)", () => {
        for (const rule of rules) {
            const properties = rule.configSchema?.properties ?? {};
            assert.ok(!("enforcementLevel" in properties), `${rule.name}: enforcementLevel in configSchema`);
            assert.ok(!("exemptions" in properties), `${rule.name}: exemptions is added by the framework`);
            for (const [key, schema] of Object.entries(properties)) {
                assert.ok(schema.default !== undefined, `${rule.name}: config ${key} has no default`);
            }
        }
    });

    it("builds one CrossGuard policy per rule", () => {
        assert.strictEqual(policies.length, rules.length);
        assert.deepStrictEqual(
            policies.map((p) => p.name),
            rules.map((r) => r.name),
        );
    });
});
