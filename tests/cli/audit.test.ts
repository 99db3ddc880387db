/**
 * Reading a `pulumi stack export` file for the audit: the shape is validated with clear errors, and
 * resources reach the pack as the engine would describe them.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ExportFileError, parseExport, readExportFile } from "../../cli/audit";
import { UNKNOWN } from "../helpers/policy-harness";
import { FIXTURES } from "./fixtures";

const exportFile = (name: string) => path.join(FIXTURES, "exports", name);

function problemsOf(fn: () => unknown): string[] {
    try {
        fn();
    } catch (e) {
        assert.ok(e instanceof ExportFileError, `expected an ExportFileError, got ${e}`);
        return e.problems;
    }
    assert.fail("expected the export to be rejected");
}

describe("cli audit: reading a stack export", () => {
    it("reads resources with inputs, outputs, parent, protect, dependencies and the stack's name", () => {
        const exported = readExportFile(exportFile("two-guardrails.json"));
        assert.equal(exported.stack, "audit-demo");
        assert.equal(exported.project, "ai-guardrails");
        const legacy = exported.resources.find((r) => r.name === "legacy-guardrail")!;
        assert.equal(legacy.type, "aws:bedrock/guardrail:Guardrail");
        assert.equal(legacy.custom, true);
        assert.equal(legacy.protect, true);
        assert.equal(legacy.parent, "urn:pulumi:audit-demo::ai-guardrails::ai-guardrails:model:ModelGuardrail::platform");
        assert.equal((legacy.inputs as any).name, "legacy-guardrail");
        assert.equal((legacy.outputs as any).status, "READY");
        assert.deepEqual(legacy.propertyDependencies, { name: [], contentPolicyConfig: [] });
    });

    it("resolves each resource's provider reference to the provider's URN, type, name and inputs", () => {
        const legacy = readExportFile(exportFile("two-guardrails.json")).resources.find((r) => r.name === "legacy-guardrail")!;
        assert.deepEqual(legacy.provider, {
            urn: "urn:pulumi:audit-demo::ai-guardrails::pulumi:providers:aws::default_7_0_0",
            type: "pulumi:providers:aws",
            name: "default_7_0_0",
            properties: { region: "us-east-1", version: "7.0.0" },
        });
    });

    it("skips resources pending deletion, and says so", () => {
        const exported = readExportFile(exportFile("two-guardrails.json"));
        assert.equal(exported.resources.filter((r) => r.name === "legacy-guardrail").length, 1);
        assert.ok(exported.notes.some((n) => /1 resource pending deletion was skipped/.test(n)));
    });

    it("sends encrypted secrets as unknown values, and says so; plaintext secrets as secrets", () => {
        const exported = readExportFile(exportFile("two-guardrails.json"));
        const token = exported.resources.find((r) => r.name === "api-token")!;
        assert.equal((token.inputs as any).value, UNKNOWN);
        assert.equal((token.outputs as any).value, UNKNOWN);
        assert.ok(exported.notes.some((n) => /2 encrypted secret values .* --show-secrets/.test(n)));

        const sig = "4dabf18193072939515e22adb298388d";
        const secret = "1b47061264138c4ac30d75fd1eb44270";
        const shown = parseExport({
            version: 3,
            deployment: { resources: [{ urn: "urn:pulumi:s::p::aws:ssm/parameter:Parameter::t", type: "aws:ssm/parameter:Parameter", custom: true, inputs: { value: { [sig]: secret, plaintext: '{"a":1}' } } }] },
        });
        assert.deepEqual(shown.resources[0].inputs.value, { [sig]: secret, value: { a: 1 } });
        assert.deepEqual(shown.notes, []);
    });

    it("accepts an export of an empty stack", () => {
        const exported = parseExport({ version: 3, deployment: { manifest: {} } });
        assert.deepEqual(exported.resources, []);
        assert.equal(exported.stack, undefined);
    });

    it("rejects a file that is missing or not JSON, naming the file", () => {
        assert.match(problemsOf(() => readExportFile(exportFile("missing.json")))[0], /cannot read the file \(ENOENT\)/);
        assert.match(problemsOf(() => readExportFile(exportFile("truncated.json")))[0], /not valid JSON/);
        assert.throws(() => readExportFile(exportFile("truncated.json")), /truncated\.json is not a usable `pulumi stack export` file/);
    });

    it("rejects JSON that is not an export: no version, no deployment, resources not a list", () => {
        const [version, deployment] = problemsOf(() => parseExport({ resources: [] }));
        assert.match(version, /^version: expected the deployment format version \(1 to 3\)/);
        assert.match(deployment, /^deployment: expected the deployment object/);
        assert.match(problemsOf(() => parseExport({ version: 7, deployment: {} }))[0], /^version: expected the deployment format version/);
        assert.match(problemsOf(() => parseExport([]))[0], /^\(file\): expected a JSON object/);
        assert.match(problemsOf(() => readExportFile(exportFile("no-resources-array.json")))[0], /^deployment\.resources: expected the list of the stack's resources/);
    });

    it("names each malformed resource field by its path", () => {
        const problems = problemsOf(() => readExportFile(exportFile("bad-resource.json")));
        assert.ok(problems.some((p) => /^deployment\.resources\[1\]\.urn: .*expected string/.test(p)), problems.join("\n"));
        assert.ok(problems.some((p) => /^deployment\.resources\[2\]\.urn: expected a Pulumi URN/.test(p)), problems.join("\n"));
        assert.ok(problems.some((p) => /^deployment\.resources\[2\]\.custom: .*expected boolean/.test(p)), problems.join("\n"));
        assert.ok(!problems.some((p) => p.startsWith("deployment.resources[0]")), "the valid resource is not reported");
    });

    it("reads a file resource by resource as it reads the whole document, wherever the chunks split it", () => {
        const sig = "4dabf18193072939515e22adb298388d";
        const secret = "1b47061264138c4ac30d75fd1eb44270";
        const urn = (name: string) => `urn:pulumi:s::p::aws:iam/policy:Policy::${name}`;
        const provider = "urn:pulumi:s::p::pulumi:providers:aws::default";
        const document = {
            version: 3,
            // Keys named like the resources list, but elsewhere, must not be taken for it.
            metadata: { deployment: { resources: ["not", "these"] } },
            deployment: {
                manifest: { time: "2026-01-01T00:00:00Z" },
                resources: [
                    { urn: provider, type: "pulumi:providers:aws", custom: true, inputs: { region: "eu-west-1" }, outputs: { region: "eu-west-1" } },
                    {
                        urn: urn("tricky"),
                        type: "aws:iam/policy:Policy",
                        custom: true,
                        provider: `${provider}::id-1`,
                        // Brackets, commas, braces, quotes and escapes inside strings; multi-byte characters.
                        inputs: { policy: '{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}', note: 'a "quoted" ] , } \\ text – ünïcödé ✓ 🔒', deployment: { resources: [1, 2] } },
                        outputs: { arn: "arn:aws:iam::111122223333:policy/tricky", token: { [sig]: secret, ciphertext: "AAAA" } },
                        dependencies: [provider],
                        propertyDependencies: { policy: [] },
                    },
                    { urn: urn("gone"), type: "aws:iam/policy:Policy", custom: true, delete: true },
                    { urn: urn("plain"), type: "aws:iam/policy:Policy", custom: true, protect: true, inputs: {}, outputs: { list: [[], {}, [{ a: [1, { b: "]" }] }]] } },
                ],
            },
        };
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aig-export-"));
        const file = path.join(dir, "export.json");
        fs.writeFileSync(file, JSON.stringify(document, null, 2));
        const whole = parseExport(JSON.parse(fs.readFileSync(file, "utf8")), file);
        assert.equal(whole.resources.length, 3);
        for (const chunkBytes of [1, 2, 3, 7, 64, 1 << 20]) {
            assert.deepStrictEqual(readExportFile(file, chunkBytes), whole, `chunks of ${chunkBytes} bytes`);
        }
        // A list that ends early, or holds an empty element, is not JSON: the same answer either way.
        for (const broken of ['{"version": 3, "deployment": {"resources": [{"urn": "x"},', '{"version": 3, "deployment": {"resources": [1,]}}', '{"version": 3, "deployment": {"resources": [1,,2]}}']) {
            fs.writeFileSync(file, broken);
            assert.match(problemsOf(() => readExportFile(file, 3))[0], /not valid JSON/, broken);
        }
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("rejects two live resources with the same URN", () => {
        const r = { urn: "urn:pulumi:s::p::aws:kms/key:Key::k", type: "aws:kms/key:Key", custom: true };
        assert.match(problemsOf(() => parseExport({ version: 3, deployment: { resources: [r, r] } }))[0], /appears twice/);
    });
});
