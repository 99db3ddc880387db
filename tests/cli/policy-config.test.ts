/**
 * The `--policy-config` file (the format of `pulumi preview --policy-pack-config`) and the engine's
 * reconciliation of it with the policies' schema defaults.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { expiredExemptions, parsePolicyConfig, PolicyConfigError, readPolicyConfigFile, resolvePolicyConfig } from "../../cli/policy-config";
import { PolicyInfo } from "../../cli/protocol";
import { exemptionSchema } from "../../policypack/lib/exemptions";
import { FIXTURES } from "./fixtures";

const POLICIES: PolicyInfo[] = [
    {
        name: "strength",
        description: "",
        kind: "resource",
        enforcementLevel: "mandatory",
        severity: "high",
        tags: [],
        remediationSteps: "",
        configSchema: {
            properties: {
                minimum: { type: "string", enum: ["LOW", "MEDIUM", "HIGH"], default: "HIGH" },
                models: { type: "array", items: { type: "string" }, default: ["a", "b"] },
                exemptions: exemptionSchema,
            },
            required: [],
        },
    },
    { name: "advisor", description: "", kind: "stack", enforcementLevel: "advisory", severity: "low", tags: [], remediationSteps: "" },
];

function problemsOf(fn: () => unknown): string[] {
    try {
        fn();
    } catch (e) {
        assert.ok(e instanceof PolicyConfigError, `expected a PolicyConfigError, got ${e}`);
        return e.problems;
    }
    assert.fail("expected the config to be rejected");
}

describe("cli policy config: the --policy-config file", () => {
    it("reads levels, and objects with enforcementLevel and settings", () => {
        assert.deepEqual(parsePolicyConfig('{"all": "advisory", "strength": {"enforcementLevel": "mandatory", "minimum": "MEDIUM"}, "advisor": {"x": 1}}'), {
            all: { enforcementLevel: "advisory", properties: {} },
            strength: { enforcementLevel: "mandatory", properties: { minimum: "MEDIUM" } },
            advisor: { properties: { x: 1 } },
        });
        assert.deepEqual(readPolicyConfigFile(path.join(FIXTURES, "policy-config", "prompt-attack-only.json")), {
            all: { enforcementLevel: "disabled", properties: {} },
            "bedrock-guardrail-prompt-attack-high": { enforcementLevel: "mandatory", properties: {} },
        });
    });

    it("rejects what the Pulumi CLI rejects: invalid levels, values that are neither a level nor an object, non-JSON", () => {
        assert.deepEqual(problemsOf(() => readPolicyConfigFile(path.join(FIXTURES, "policy-config", "invalid-level.json"))), [
            'bedrock-guardrail-prompt-attack-high: "strict" is not an enforcement level (advisory, mandatory, remediate, disabled)',
        ]);
        assert.match(problemsOf(() => parsePolicyConfig('{"a": {"enforcementLevel": 3}}'))[0], /^a\.enforcementLevel: 3 is not an enforcement level/);
        assert.match(problemsOf(() => parsePolicyConfig('{"a": [1]}'))[0], /^a: \[1\] is not valid/);
        assert.match(problemsOf(() => parsePolicyConfig("[]"))[0], /expected a JSON object/);
        assert.match(problemsOf(() => parsePolicyConfig('"mandatory"'))[0], /expected a JSON object/);
        assert.match(problemsOf(() => parsePolicyConfig("  \n", "empty.json"))[0], /^empty\.json: the file is empty; expected a JSON object/);
        assert.match(problemsOf(() => parsePolicyConfig("{", "cfg.json"))[0], /^cfg\.json: not valid JSON/);
        assert.match(problemsOf(() => readPolicyConfigFile(path.join(FIXTURES, "policy-config", "missing.json")))[0], /cannot read \(ENOENT\)/);
    });
});

describe("cli policy config: reconciliation as the engine does it", () => {
    it("starts every policy from its own level and its schema defaults", () => {
        assert.deepEqual(resolvePolicyConfig(POLICIES, {}, {}), {
            strength: { enforcementLevel: "mandatory", properties: { minimum: "HIGH", models: ["a", "b"], exemptions: [] } },
            advisor: { enforcementLevel: "advisory", properties: {} },
        });
    });

    it("applies the pack's initial config, then the user's; all sets every level before per-policy entries", () => {
        const resolved = resolvePolicyConfig(POLICIES, { strength: { properties: { models: ["c"] } } }, { all: { enforcementLevel: "disabled", properties: {} }, advisor: { enforcementLevel: "mandatory", properties: {} }, strength: { properties: { minimum: "LOW" } } });
        assert.deepEqual(resolved.strength, { enforcementLevel: "disabled", properties: { minimum: "LOW", models: ["c"], exemptions: [] } });
        assert.deepEqual(resolved.advisor, { enforcementLevel: "mandatory", properties: {} });
        assert.equal(Object.keys(resolved).includes("all"), false);
    });

    it("does not share default objects between runs", () => {
        const first = resolvePolicyConfig(POLICIES, {}, {});
        (first.strength.properties.models as string[]).push("mutated");
        assert.deepEqual(resolvePolicyConfig(POLICIES, {}, {}).strength.properties.models, ["a", "b"]);
    });

    it("validates the result against each policy's schema, naming policy and key", () => {
        const problems = problemsOf(() => resolvePolicyConfig(POLICIES, {}, { strength: { properties: { minimum: "HIGHEST", models: "a", exemptions: [{}] } } }));
        assert.ok(problems.some((p) => p.startsWith("strength.minimum:")), problems.join("\n"));
        assert.ok(problems.some((p) => p.startsWith("strength.models:")), problems.join("\n"));
        assert.ok(problems.some((p) => p.startsWith("strength.exemptions[0].resource:")), problems.join("\n"));
    });

    it("rejects a policy name the pack does not have, naming the nearest one or listing the policies", () => {
        assert.deepEqual(problemsOf(() => resolvePolicyConfig(POLICIES, {}, { strenght: { enforcementLevel: "advisory", properties: {} } })), ["strenght: no such policy in the pack (did you mean strength?)"]);
        assert.deepEqual(problemsOf(() => resolvePolicyConfig(POLICIES, {}, { zzz: { enforcementLevel: "advisory", properties: {} } })), ["zzz: no such policy in the pack (policies: strength, advisor)"]);
    });

    it("rejects a key the policy does not have, naming the nearest valid one (the schema cannot say additionalProperties over the protocol)", () => {
        assert.deepEqual(problemsOf(() => resolvePolicyConfig(POLICIES, {}, { strength: { properties: { minimun: "HIGH" } } })), ['strength: unknown key "minimun" (did you mean "minimum"?)']);
        assert.deepEqual(problemsOf(() => resolvePolicyConfig(POLICIES, {}, { advisor: { properties: { x: 1 } } })), ['advisor: unknown key "x" (valid keys: none)']);
        assert.deepEqual(problemsOf(() => resolvePolicyConfig(POLICIES, {}, { all: { enforcementLevel: "advisory", properties: { minimum: "LOW" } } })), ["all: takes an enforcement level only (got minimum)"]);
    });

    it("accepts only calendar dates as exemption expiries", () => {
        const exemption = (expires: string) => ({ strength: { properties: { exemptions: [{ resource: "a", reason: "r", approver: "x", expires }] } } });
        for (const bad of ["2027-02-30", "2025-02-29", "2027-13-01", "2027-1-01"]) {
            assert.ok(
                problemsOf(() => resolvePolicyConfig(POLICIES, {}, exemption(bad))).some((p) => p.startsWith("strength.exemptions[0].expires:") || p.startsWith("strength: exemptions[0].expires:")),
                bad,
            );
        }
        assert.doesNotThrow(() => resolvePolicyConfig(POLICIES, {}, exemption("2028-02-29")));
    });

    it("reports exemptions already expired, even when no resource matches them", () => {
        const resolved = resolvePolicyConfig(POLICIES, {}, { strength: { properties: { exemptions: [{ resource: "old-*", reason: "r", approver: "sec", expires: "2020-01-31" }, { resource: "new", reason: "r", approver: "sec", expires: "2999-12-31" }] } } });
        assert.deepEqual(expiredExemptions(resolved, new Date("2026-06-01T00:00:00Z")), ["strength: the exemption for old-* (approved by sec) expired on 2020-01-31; it no longer applies"]);
        assert.deepEqual(expiredExemptions(resolved, new Date("2020-01-31T23:00:00Z")), [], "the last day still counts");
    });
});
