/**
 * The multi-language component plugin over the provider gRPC protocol, started the way Pulumi's
 * Node.js host starts a source-based plugin (node on the plugin folder, from the consumer's
 * directory): `GetSchema` describes every public component as the SDK generators see it, and
 * `Construct` (what a Python, Go, .NET, Java or YAML program's `new ModelGuardrail(...)` becomes)
 * registers the component's resources with a stand-in engine and answers with its outputs; a bad
 * argument comes back as the engine's invalid-property error, one line per problem.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LAYERS } from "../../policypack/controls/layers";
import { FakeEngine, startFakeEngine } from "../helpers/fake-engine";
import { PLUGIN_DIR, PluginProcess, startPlugin } from "../helpers/plugin";

// The compiled entry the host loads (package.json main), read as the host reads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PUBLIC_COMPONENTS = Object.keys(require(path.join(PLUGIN_DIR, JSON.parse(fs.readFileSync(path.join(PLUGIN_DIR, "package.json"), "utf8")).main))).sort();

const structOf = (value: Record<string, unknown>) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))] }));
    return Struct.fromJavaScript(value);
};

describe("component plugin over the provider protocol", function () {
    this.timeout(180000);
    let engine: FakeEngine;
    let plugin: PluginProcess;
    let consumer: string;
    let schema: any;

    before(async () => {
        consumer = fs.mkdtempSync(path.join(os.tmpdir(), "ai-guardrails-plugin-consumer-"));
        engine = await startFakeEngine("consumer", "dev");
        plugin = await startPlugin(engine.address, consumer);
        const resp: any = await new Promise((resolve, reject) => plugin.client.getSchema(new plugin.proto.GetSchemaRequest(), (e: any, r: any) => (e ? reject(e) : resolve(r))));
        schema = JSON.parse(resp.getSchema());
    });

    after(async () => {
        plugin?.stop();
        await engine?.stop();
        fs.rmSync(consumer, { recursive: true, force: true });
    });

    function construct(type: string, name: string, inputs: Record<string, unknown>): Promise<any> {
        const req = new plugin.proto.ConstructRequest();
        req.setProject("consumer");
        req.setStack("dev");
        req.setDryrun(false);
        req.setParallel(1);
        req.setMonitorendpoint(engine.address);
        req.setType(type);
        req.setName(name);
        req.setInputs(structOf(inputs));
        return new Promise((resolve, reject) => plugin.client.construct(req, (e: any, r: any) => (e ? reject(e) : resolve(r))));
    }

    it("GetSchema: the package is ai-guardrails and serves every public component as ai-guardrails:index:<Class>", () => {
        assert.strictEqual(schema.name, "ai-guardrails");
        const tokens = Object.keys(schema.resources).sort();
        assert.deepStrictEqual(tokens, PUBLIC_COMPONENTS.map((c) => `ai-guardrails:index:${c}`));
        for (const layer of LAYERS) {
            for (const component of layer.components) {
                assert.ok(tokens.includes(`ai-guardrails:index:${component}`), `${component} (layer ${layer.key}) is not served`);
            }
        }
    });

    it("GetSchema: each component is a documented component resource with its required inputs and its outputs", () => {
        for (const [token, resource] of Object.entries<any>(schema.resources)) {
            assert.strictEqual(resource.isComponent, true, token);
            assert.ok(resource.description && resource.description.length > 20, `${token}: no description`);
            assert.ok((resource.requiredInputs ?? []).includes("accountId"), `${token}: accountId is not a required input`);
            assert.ok((resource.requiredInputs ?? []).includes("region"), `${token}: region is not a required input`);
            assert.ok(Object.keys(resource.properties ?? {}).length > 0, `${token}: no outputs`);
            for (const [name, input] of Object.entries<any>(resource.inputProperties ?? {})) {
                assert.ok(input.description, `${token}.${name}: no description`);
            }
        }
        const guardrail = schema.resources["ai-guardrails:index:ModelGuardrail"];
        for (const output of ["guardrailArn", "guardrailId", "version", "versionedArn", "kmsKeyArn"]) {
            assert.ok(guardrail.properties[output], `ModelGuardrail.${output}`);
        }
        assert.deepStrictEqual(schema.types["ai-guardrails:index:PiiAction"].enum.map((e: any) => e.value).sort(), ["ANONYMIZE", "BLOCK"]);
    });

    it("Construct: registers the component, its guardrail, published version and key, with the former token as an alias, and returns its outputs", async () => {
        const before = engine.registrations.length;
        const resp = await construct("ai-guardrails:index:ModelGuardrail", "gr", { accountId: "111111111111", region: "us-east-1", harmFilters: { HATE: { input: "MEDIUM" } } });
        const made = engine.registrations.slice(before);
        const component = made.find((r) => r.type === "ai-guardrails:index:ModelGuardrail")!;
        assert.ok(component, "component registered");
        assert.strictEqual(resp.getUrn(), component.urn);
        assert.ok(component.aliases.includes("ai-guardrails:model:ModelGuardrail"), JSON.stringify(component.aliases));
        const guardrail = made.find((r) => r.type === "aws:bedrock/guardrail:Guardrail")!;
        assert.strictEqual(guardrail.parent, component.urn);
        const hate = guardrail.inputs.contentPolicyConfig.filtersConfigs.find((f: any) => f.type === "HATE");
        assert.deepStrictEqual([hate.inputStrength, hate.outputStrength], ["MEDIUM", "HIGH"]);
        assert.ok(made.some((r) => r.type === "aws:bedrock/guardrailVersion:GuardrailVersion"));
        assert.ok(made.some((r) => r.type === "aws:kms/key:Key"));
        const state = resp.getState().toJavaScript();
        for (const output of ["guardrailArn", "guardrailId", "version", "versionedArn", "kmsKeyArn"]) {
            assert.ok(output in state, `output ${output} missing from ${JSON.stringify(Object.keys(state))}`);
        }
    });

    it("Construct: a bad argument is an invalid-property error naming the argument, its value and what is allowed, and nothing is registered", async () => {
        const before = engine.registrations.length;
        await assert.rejects(construct("ai-guardrails:index:ModelGuardrail", "weak", { accountId: "111111111111", region: "us-east-1", harmFilters: { HATE: { input: "LOW" } } }), (e: any) => {
            assert.strictEqual(e.code, 3 /* INVALID_ARGUMENT */);
            assert.match(e.details, /ModelGuardrail weak: invalid arguments \(1 problem\)/);
            assert.match(e.details, /harmFilters\.HATE\.input = "LOW": below the minimum MEDIUM the policy pack requires; allowed: MEDIUM, HIGH/);
            return true;
        });
        assert.strictEqual(engine.registrations.length, before);
    });

    it("Construct: the whole baseline from a YAML-shaped argument object, with its layers' components under it", async () => {
        const before = engine.registrations.length;
        const resp = await construct("ai-guardrails:index:AiSecurityBaseline", "ai", {
            environment: "dev",
            accountId: "111111111111",
            region: "us-east-1",
            models: { approved: ["anthropic.claude-3-5-sonnet-20240620-v1:0"] },
            network: { endpoints: { enabled: false } },
        });
        const made = engine.registrations.slice(before);
        const root = made.find((r) => r.type === "ai-guardrails:index:AiSecurityBaseline")!;
        assert.strictEqual(resp.getUrn(), root.urn);
        for (const component of ["ModelGuardrail", "InvocationLogging", "ModelAccessPolicy", "AgentPermissionBoundary", "AiAuditTrail", "AiMonitoring"]) {
            const registered = made.find((r) => r.type === `ai-guardrails:index:${component}`);
            assert.ok(registered, `${component} registered`);
            assert.strictEqual(registered.parent, root.urn, `${component} is a child of the baseline`);
        }
        const state = resp.getState().toJavaScript();
        for (const output of ["guardrailVersionedArn", "modelAccessPolicyArn", "agentPermissionBoundaryArn", "trailArn"]) {
            assert.ok(output in state, `output ${output} missing`);
        }
    });
});
