import * as assert from "assert";
import { governanceResourcesProtected } from "../../../../policypack/rules/integrity/governance-resources-protected";
import { T } from "../../../../policypack/lib/types";
import { FakeResource, messages, runStackRule, UNKNOWN } from "../../../helpers/policy-harness";

const inStack = (stack: string, r: FakeResource): FakeResource => ({ ...r, urn: `urn:pulumi:${stack}::ai-guardrails::${r.type}::${r.name}` });
const run = (resources: FakeResource[], config?: Record<string, unknown>) => runStackRule(governanceResourcesProtected, resources, { config });

const BOUNDARY_ARN = "arn:aws:iam::123456789012:policy/ai-agents/agent-boundary";
function stack(stackName: string, protect: boolean): FakeResource[] {
    return [
        { type: T.guardrail, name: "guardrail", props: {}, protect },
        { type: T.guardrailVersion, name: "guardrail-version", props: {}, protect },
        { type: T.trail, name: "trail", props: {}, protect },
        { type: T.invocationLogging, name: "invocation-logging", props: {}, protect },
        { type: T.agentcorePolicyEngine, name: "policy-engine", props: {}, protect },
        { type: T.iamPolicy, name: "agent-boundary", props: { arn: BOUNDARY_ARN }, protect },
        { type: T.iamRole, name: "agent-role", props: { permissionsBoundary: BOUNDARY_ARN } },
        { type: T.kmsKey, name: "key", props: {} },
    ].map((r) => inStack(stackName, r));
}

describe("governance-resources-protected", () => {
    it("passes a prod stack whose governance resources are protected", async () => {
        assert.deepStrictEqual((await run(stack("prod", true))).violations, []);
    });

    it("flags each unprotected governance resource of a prod stack, the boundary policy included", async () => {
        const out = await run(stack("prod", false));
        const text = messages(out).join("\n");
        assert.strictEqual(out.violations.length, 6);
        for (const name of ["guardrail", "guardrail-version", "trail", "invocation-logging", "policy-engine", "agent-boundary"]) {
            assert.match(text, new RegExp(`"${name}" is a governance control but is not protected`));
        }
        assert.ok(out.violations.every((v) => v.urn?.startsWith("urn:pulumi:prod::")));
    });

    it("flags unprotected Organizations policies in the org stack", async () => {
        const org = [{ type: T.orgPolicy, name: "scp", props: {} }, { type: T.orgPolicyAttachment, name: "scp-root", props: {} }].map((r) => inStack("org", r));
        assert.strictEqual((await run(org)).violations.length, 2);
    });

    it("leaves stacks that are not protected stacks alone, and honours the configured stacks and types", async () => {
        assert.match((await run(stack("dev", false))).notApplicable ?? "", /not a protected stack/);
        assert.strictEqual((await run(stack("dev", false), { protectedStacks: ["*"] })).violations.length, 6);
        assert.strictEqual((await run(stack("prod", false), { governanceTypes: [T.trail], includeBoundaryPolicies: false })).violations.length, 1);
    });

    it("finds the boundary policy through the role's property dependencies when its ARN is unknown at preview", async () => {
        const resources = stack("prod", true).map((r) => (r.name === "agent-boundary" ? { ...r, protect: false, props: { arn: UNKNOWN } } : r));
        const role = resources.find((r) => r.name === "agent-role")!;
        role.props = { permissionsBoundary: UNKNOWN };
        role.propertyDependencies = { permissionsBoundary: ["agent-boundary"] };
        const out = await run(resources);
        assert.strictEqual(out.previewUnknown, undefined);
        assert.match(messages(out)[0], /"agent-boundary" is a governance control but is not protected/);
    });

    it("copes with odd input: URNs without a stack, props missing", async () => {
        const odd: FakeResource[] = [{ type: T.guardrail, name: "g", props: {}, urn: "not-a-urn" }, { type: T.iamRole, name: "r", props: { permissionsBoundary: 42 } }];
        const out = await run(odd);
        assert.deepStrictEqual(out.violations, []);
        assert.ok(out.notApplicable);
    });

    it("covers every Bedrock and AgentCore control of the classification (policy engines, resource policies, gateway rules, the token vault key)", async () => {
        for (const type of ["aws:bedrock/agentcoreResourcePolicy:AgentcoreResourcePolicy", "aws:bedrock/agentcoreGatewayRule:AgentcoreGatewayRule", "aws:bedrock/agentcoreTokenVaultCmk:AgentcoreTokenVaultCmk"]) {
            assert.strictEqual((await run([inStack("prod", { type, name: "c", props: {} })])).violations.length, 1, type);
        }
    });

    it("answers not applicable where the pack config declares that deletion protection comes from elsewhere (providedBy), and still checks the declared stacks", async () => {
        const providedBy = { stacks: ["org"], description: "the governance SCP" };
        const out = await run(stack("prod", false), { providedBy });
        assert.deepStrictEqual(out.violations, []);
        assert.match(out.notApplicable ?? "", /^deletion protection of governance resources is provided outside this stack, by stack org \(the governance SCP\)/);
        const org = [{ type: T.orgPolicy, name: "scp", props: {} }].map((r) => inStack("org", r));
        assert.strictEqual((await run(org, { providedBy })).violations.length, 1);
    });
});
