import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as library from "../../components";

describe("the component library (components/index.ts)", () => {
    const components = [
        "AiSecurityBaseline",
        "ModelGuardrail",
        "InvocationLogging",
        "ModelAccessPolicy",
        "AgentIdentity",
        "AgentPermissionBoundary",
        "GuardedAgent",
        "ToolGateway",
        "PrivateModelEndpoints",
        "ModelApiEdge",
        "AiAuditTrail",
        "AiMonitoring",
        "OrganizationGuardrails",
    ];

    for (const name of components) {
        it(`exports ${name} as a Pulumi component`, () => {
            const value = (library as Record<string, unknown>)[name] as { prototype?: unknown } | undefined;
            assert.ok(typeof value === "function", `${name} is exported`);
            assert.ok(value.prototype instanceof pulumi.ComponentResource, `${name} extends ComponentResource`);
        });
    }

    it("exports the settings loader", () => {
        assert.strictEqual(typeof library.loadStackSettings, "function");
    });
});
