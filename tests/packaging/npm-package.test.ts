/**
 * The npm package as a new user gets it: `npm pack`, installed into a fresh project made like
 * Pulumi's `aws-typescript` template (its tsconfig: strict, no skipLibCheck), the README's library
 * example compiled with `tsc`, then run with plain `node` under the SDK's mock runtime. Slow (it
 * installs from the npm registry): `npm run test:packaging`, which CI runs.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const rootPackage = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

/** Pulumi's aws-typescript template tsconfig (github.com/pulumi/templates, aws-typescript/tsconfig.json). */
const TEMPLATE_TSCONFIG = {
    compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
    },
};

/** The README's TypeScript library example (the block after the `example:library` marker). */
export function readmeLibraryExample(): string {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const match = /<!-- example:library -->\s*```ts\n([\s\S]*?)```/.exec(readme);
    assert.ok(match, "README.md has no library example after <!-- example:library -->");
    return match[1];
}

/** Runs the compiled program under mocks and prints every registration as JSON. */
const RUNNER = `
const pulumi = require("@pulumi/pulumi");
pulumi.runtime.setAllConfig({ "consumer:accountId": "123456789012" });
const registered = [];
pulumi.runtime.setMocks({
    newResource: (args) => {
        registered.push({ type: args.type, name: args.name });
        const id = args.name + "-id";
        return { id, state: { ...args.inputs, arn: "arn:aws:mock:eu-west-1:123456789012:" + args.name, id, guardrailArn: "arn:aws:bedrock:eu-west-1:123456789012:guardrail/abc123", version: "1" } };
    },
    call: (args) => args.inputs,
}, "consumer", "dev", false);
const program = require("./bin/index.js");
Promise.resolve(typeof program === "function" ? program() : program)
    .then(() => new Promise((resolve) => setTimeout(resolve, 2000)))
    .then(() => process.stdout.write(JSON.stringify(registered)), (e) => { process.stderr.write(String(e && e.message || e)); process.exitCode = 1; });
`;

function run(command: string, args: string[], cwd: string): string {
    return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
}

describe("npm package: installed into a fresh Pulumi TypeScript project", function () {
    this.timeout(600000);
    let consumer: string;
    let packed: { files: { path: string }[]; filename: string };

    before(() => {
        consumer = fs.mkdtempSync(path.join(os.tmpdir(), "ai-guardrails-consumer-"));
        packed = JSON.parse(run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", consumer], ROOT))[0];
        fs.writeFileSync(
            path.join(consumer, "package.json"),
            JSON.stringify({
                name: "consumer",
                private: true,
                dependencies: {
                    [rootPackage.name]: `file:./${packed.filename}`,
                    "@pulumi/pulumi": rootPackage.dependencies["@pulumi/pulumi"],
                    "@pulumi/aws": rootPackage.dependencies["@pulumi/aws"],
                },
                devDependencies: { "@types/node": rootPackage.devDependencies["@types/node"], typescript: rootPackage.devDependencies.typescript },
            }),
        );
        fs.writeFileSync(path.join(consumer, "tsconfig.json"), JSON.stringify(TEMPLATE_TSCONFIG));
        fs.writeFileSync(path.join(consumer, "index.ts"), readmeLibraryExample());
        fs.writeFileSync(path.join(consumer, "run-under-mocks.js"), RUNNER);
        run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], consumer);
    });

    after(() => {
        if (consumer) {
            fs.rmSync(consumer, { recursive: true, force: true });
        }
    });

    it("ships compiled JavaScript and declarations, the licence and the README, and no TypeScript sources or tests", () => {
        const files = packed.files.map((f) => f.path);
        for (const required of ["package.json", "README.md", "LICENSE", "dist/components/index.js", "dist/components/index.d.ts"]) {
            assert.ok(files.includes(required), `${required} is missing from the package`);
        }
        assert.deepStrictEqual(files.filter((f) => (f.endsWith(".ts") && !f.endsWith(".d.ts")) || f.startsWith("tests/") || f.startsWith("cli/")), []);
    });

    it("compiles the README's library example with the template's tsconfig (no skipLibCheck): 0 errors", () => {
        try {
            run(path.join(consumer, "node_modules", ".bin", "tsc"), ["-p", "."], consumer);
        } catch (e: any) {
            assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
        }
        assert.ok(fs.existsSync(path.join(consumer, "bin", "index.js")));
    });

    it("runs under plain node with the SDK's mock runtime and registers the components and their resources", () => {
        const registered: { type: string; name: string }[] = JSON.parse(run(process.execPath, ["run-under-mocks.js"], consumer));
        const types = new Set(registered.map((r) => r.type));
        for (const type of ["ai-guardrails:index:AiSecurityBaseline", "ai-guardrails:index:ModelGuardrail", "ai-guardrails:index:ModelAccessPolicy", "aws:bedrock/guardrail:Guardrail", "aws:iam/policy:Policy", "aws:cloudtrail/trail:Trail"]) {
            assert.ok(types.has(type), `${type} was not registered; got ${[...types].join(", ")}`);
        }
    });
});
