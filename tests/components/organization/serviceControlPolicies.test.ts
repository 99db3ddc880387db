import * as assert from "assert";
import { agentCeilingScp, assertScpSize, compactActionPatterns, governanceProtectionScp, invokeViaVpceScp, withoutCoveredPatterns } from "../../../components/organization/serviceControlPolicies";
import { DEFAULT_AGENT_TOOL_ACTIONS } from "../../../policypack/controls/agent-identity";
import { actionMatches } from "../../../policypack/lib/iam/actions";
import { actionsOfService, expandActionPattern } from "../../../policypack/lib/iam/catalog";
import { ESCALATION_PIVOTS } from "../../../policypack/controls/escalation-paths";
import { destructiveActions } from "../../../policypack/controls/destructive-actions";
import { GOVERNANCE_PROTECTED_ACTIONS } from "../../../policypack/controls/organization";
import { INVOKE_CLASS_PATTERNS } from "../../../policypack/controls/invoke-class";
import { bedrockPolicyContent } from "../../../policypack/lib/organizations/bedrock-policy";
import { validateBedrockPolicyContent } from "../../../policypack/lib/organizations/bedrock-policy-check";
import { actionExists } from "../../../policypack/lib/iam/catalog";
import { parsePolicyDocument } from "../../../policypack/lib/iam/document";

const GUARDRAIL = "arn:aws:bedrock:us-east-1:999999999999:guardrail/abc123def456";

/** Whether a statement's action list matches the action (the lists name patterns, not only actions). */
const denies = (actions: readonly string[], action: string) => actions.some((p) => actionMatches(p, action));

describe("service control policies", () => {
    const docs = {
        invoke: invokeViaVpceScp({ partition: "aws", approvedVpcEndpointIds: ["vpce-0a1b2c3d4e5f60718"], exemptPrincipalArns: ["arn:aws:iam::*:role/ai-agents/*"] }),
        governance: governanceProtectionScp({ partition: "aws", securityAutomationRoleArns: ["arn:aws:iam::*:role/sec/auto"], agentRolePath: "/ai-agents/" }),
        ceiling: agentCeilingScp({ partition: "aws", agentRolePath: "/ai-agents/", extraDestructiveActions: ["athena:DeleteWorkGroup"], allowedPassRoleArns: [] }),
    };

    it("parse without a grammar error and fit the SCP size limit", () => {
        for (const [name, doc] of Object.entries(docs)) {
            assert.deepStrictEqual(parsePolicyDocument(doc).errors, [], name);
            assert.ok(assertScpSize(name, doc).length <= 5120, name);
        }
    });

    it("name only real IAM actions (checked against the service authorization reference)", async () => {
        for (const action of [...INVOKE_CLASS_PATTERNS, ...GOVERNANCE_PROTECTED_ACTIONS, ...destructiveActions(["athena:DeleteWorkGroup"])]) {
            assert.ok(await actionExists(action), action);
        }
    });

    it("exempt service-linked roles from the invoke SCP and deny the extra destructive actions to agents", () => {
        assert.deepStrictEqual(docs.invoke.Statement[0].Condition!.ArnNotLike["aws:PrincipalArn"], ["arn:aws:iam::*:role/aws-service-role/*", "arn:aws:iam::*:role/ai-agents/*"]);
        assert.ok(denies(docs.ceiling.Statement[0].Action, "athena:DeleteWorkGroup"));
        assert.deepStrictEqual(docs.ceiling.Statement[0].Condition, { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/ai-agents/*" } });
    });

    it("deny the escalation pivots to agents, sandbox sessions only on custom sandboxes, without repeating what a wildcard already covers", () => {
        const [destructive, sandboxes] = docs.ceiling.Statement;
        for (const pivot of ESCALATION_PIVOTS.filter((p) => !p.resourceType)) {
            assert.ok(denies(destructive.Action, pivot.action), pivot.action);
        }
        assert.deepStrictEqual(sandboxes.Resource, ["arn:aws:bedrock-agentcore:*:*:code-interpreter-custom/*", "arn:aws:bedrock-agentcore:*:*:browser-custom/*"]);
        // iam:Create* covers iam:CreatePolicyVersion (BoundaryRemoval): listed once.
        assert.ok(destructive.Action.includes("iam:Create*") && !destructive.Action.includes("iam:CreatePolicyVersion"));
        assert.deepStrictEqual(withoutCoveredPatterns(["s3:Delete*", "s3:DeleteBucket", "s3:DeleteBucket*", "kms:DisableKey", "kms:DisableKeyRotation"]), ["s3:Delete*", "kms:DisableKey", "kms:DisableKeyRotation"]);
    });

    it("name the ceiling's actions in fewer characters without denying one action more or less, PassRole by name, no tool action denied", async () => {
        const patterns = [...destructiveActions(), ...ESCALATION_PIVOTS.filter((p) => !p.resourceType).map((p) => p.action)];
        const compact = compactActionPatterns(patterns, ["iam:PassRole"]);
        assert.ok(compact.join().length < patterns.join().length);
        assert.ok(compact.includes("iam:PassRole") && !compact.some((p) => p !== "iam:PassRole" && actionMatches(p, "iam:PassRole")));
        const services = [...new Set(patterns.map((p) => p.slice(0, p.indexOf(":"))))];
        const all = services.flatMap((service) => actionsOfService(service).map((a) => a.action));
        assert.deepStrictEqual(all.filter((a) => denies(compact, a) !== denies(patterns, a)), []);
        for (const pattern of compact) {
            assert.ok((await expandActionPattern(pattern)).length > 0, pattern);
        }
        const ceiling = agentCeilingScp({ partition: "aws", agentRolePath: "/ai-agents/", extraDestructiveActions: [], allowedPassRoleArns: ["arn:aws:iam::333333333333:role/ai-tools/report-writer"] });
        assert.deepStrictEqual(DEFAULT_AGENT_TOOL_ACTIONS.filter((a) => denies(ceiling.Statement[0].Action, a)), []);
        assert.ok(assertScpSize("ceiling", ceiling).length <= 5120);
    });

    it("scope agent-role and boundary-policy protection to the agent path", () => {
        const resources = Object.fromEntries(docs.governance.Statement.map((s) => [s.Sid, s.Resource]));
        assert.strictEqual(resources.ProtectAgentRolePolicies, "arn:aws:iam::*:role/ai-agents/*");
        assert.strictEqual(resources.ProtectBoundaryPolicies, "arn:aws:iam::*:policy/ai-agents/*");
        assert.strictEqual(resources.ProtectTrails, "*");
    });

    it("refuse an SCP over 5,120 characters with a clear error", () => {
        const big = invokeViaVpceScp({ partition: "aws", approvedVpcEndpointIds: Array.from({ length: 300 }, (_, i) => `vpce-${String(i).padStart(17, "0")}`), exemptPrincipalArns: [] });
        assert.throws(() => assertScpSize("big", big), /The SCP big has \d+ characters; Organizations accepts at most 5120/);
    });
});

describe("Bedrock policy content", () => {
    it("builds the documented syntax and validates clean", () => {
        const content = bedrockPolicyContent([{ region: "us-east-1", guardrailArn: GUARDRAIL, version: "2" }], { excludedModels: ["amazon.titan-embed-text-v2:0"] });
        const result = validateBedrockPolicyContent(JSON.stringify(content), { requiredRegions: ["us-east-1"], requireAllModels: true, allowedExcludedModels: ["amazon.titan-embed-text-v2:0"], requireComprehensiveMessages: true });
        assert.deepStrictEqual(result.problems, []);
        assert.deepStrictEqual(result.entries, [{ region: "us-east-1", configName: "ai_guardrails_baseline", identifier: `${GUARDRAIL}:2` }]);
    });

    it("refuses DRAFT, a missing version, a guardrail of another Region and an empty list", () => {
        assert.throws(() => bedrockPolicyContent([{ region: "us-east-1", guardrailArn: GUARDRAIL, version: "DRAFT" }]), /points at DRAFT/);
        assert.throws(() => bedrockPolicyContent([{ region: "us-east-1", guardrailArn: GUARDRAIL, version: "" }]), /not a published numeric version/);
        assert.throws(() => bedrockPolicyContent([{ region: "eu-west-1", guardrailArn: GUARDRAIL, version: "1" }]), /lives in us-east-1/);
        assert.throws(() => bedrockPolicyContent([]), /at least one Region/);
        assert.throws(() => bedrockPolicyContent([{ region: "us-east-1", guardrailArn: GUARDRAIL, version: "1" }], { configName: "bad name" }), /configuration name/);
    });
});
