/**
 * The catalogue's framework mapping: every rule maps to both frameworks with known control IDs,
 * and findings can be selected by framework through a pack config the Pulumi CLI also takes.
 */
import { strict as assert } from "assert";
import { catalogueJson, frameworkPolicyConfig, selectByFramework } from "../../cli/catalogue";
import { UsageError } from "../../cli/errors";
import { parsePolicyConfig } from "../../cli/policy-config";
import { AWS_AISF, OWASP_LLM } from "../../policypack/controls/frameworks";
import { rules } from "../../policypack/rules";

describe("cli catalogue: frameworks", () => {
    it("maps every rule to OWASP Top 10 for LLM Applications 2025 and to the AWS AI Security Framework, with known IDs", () => {
        for (const rule of rules) {
            assert.ok(rule.frameworks.owaspLlm.length > 0 && rule.frameworks.awsAisf.length > 0, rule.name);
            assert.ok(rule.frameworks.owaspLlm.every((c) => c in OWASP_LLM.controls), rule.name);
            assert.ok(rule.frameworks.awsAisf.every((c) => c in AWS_AISF.controls && /^AISF-[A-Z]+-\d\d$/.test(c)), rule.name);
            assert.ok(rule.displayName.length > 0 && rule.displayName.length <= 60, `${rule.name}: a short display name`);
        }
        const json = JSON.parse(catalogueJson()) as { id: string; frameworks: Record<string, string[]>; url: string }[];
        assert.deepEqual(Object.keys(json[0].frameworks), ["owasp-llm-2025", "aws-aisf"]);
    });

    it("selects rules by control, by bare control ID or by whole framework; an unknown one is a usage error naming the nearest", () => {
        const byOwasp = selectByFramework("owasp-llm-2025:LLM06").map((r) => r.name);
        assert.ok(byOwasp.includes("agent-role-no-admin-policies") && !byOwasp.includes("bedrock-guardrail-prompt-attack-high"));
        assert.deepEqual(selectByFramework("LLM06"), selectByFramework("owasp-llm-2025:LLM06"));
        assert.deepEqual(
            selectByFramework("AISF-AI-02,aws-aisf:AISF-AI-03").map((r) => r.id),
            ["AIG-MI-1", "AIG-MI-3"],
        );
        assert.equal(selectByFramework("aws-aisf").length, rules.length);
        assert.throws(() => selectByFramework("LLM66"), (e: unknown) => e instanceof UsageError && /did you mean LLM06\?/.test((e as Error).message));
    });

    it("writes the selection as a pack config that disables every other rule, in the format both CLIs read", () => {
        const selected = selectByFramework("LLM01");
        const config = parsePolicyConfig(frameworkPolicyConfig(selected));
        assert.equal(Object.keys(config).length, rules.length - selected.length);
        assert.ok(Object.values(config).every((c) => c.enforcementLevel === "disabled"));
        assert.ok(selected.every((r) => !(r.name in config)));
    });
});
