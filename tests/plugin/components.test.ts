import * as assert from "assert";
import { analyzePlugin } from "../helpers/plugin";

/** Components whose arguments and outputs the component host can express. */
const MIGRATED = ["ModelGuardrail", "InvocationLogging", "ModelAccessPolicy", "AgentIdentity", "AgentPermissionBoundary", "GuardedAgent", "ToolGateway", "PrivateModelEndpoints", "ModelApiEdge", "AiAuditTrail", "AiMonitoring", "OrganizationGuardrails"];

describe("component plugin: every public component as the host analyzes it", function () {
    this.timeout(120000);
    for (const name of MIGRATED) {
        it(`${name}: arguments and outputs the host can express, with documentation`, () => {
            const { components } = analyzePlugin([name]);
            const c = components[name];
            assert.ok(c, name);
            assert.ok(c.description && c.description.length > 20, `${name} has no class documentation`);
            assert.ok(Object.keys(c.inputs).includes("accountId") || name === "AiSecurityBaseline", `${name}: no accountId input`);
            assert.ok(Object.keys(c.outputs).length > 0, `${name}: no outputs`);
            for (const [input, def] of Object.entries(c.inputs)) {
                assert.ok(def.description, `${name}.${input} has no documentation`);
            }
        });
    }
});
