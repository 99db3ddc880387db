/**
 * The component plugin as Pulumi's Node.js host sees it: the schema analyzer of
 * `@pulumi/pulumi/provider/experimental` run over `plugin/` (its tsconfig and entry point), for
 * all the public components or a few.
 */
import * as fs from "fs";
import * as path from "path";

export const PLUGIN_DIR = path.join(__dirname, "..", "..", "plugin");

export interface AnalyzedComponent {
    name: string;
    description?: string;
    inputs: Record<string, any>;
    outputs: Record<string, any>;
}

export interface Analysis {
    components: Record<string, AnalyzedComponent>;
    typeDefinitions: Record<string, any>;
}

/** Analyzes the named components exactly as `GetSchema` does; throws the host's own error. */
export function analyzePlugin(componentNames: readonly string[]): Analysis {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Analyzer } = require("@pulumi/pulumi/provider/experimental/analyzer");
    const packageJson = JSON.parse(fs.readFileSync(path.join(PLUGIN_DIR, "package.json"), "utf8"));
    return new Analyzer(PLUGIN_DIR, packageJson.name, packageJson, new Set(componentNames)).analyze();
}

/** The plugin process, started as Pulumi's Node.js language host starts a source-based plugin. */
export interface PluginProcess {
    client: any;
    proto: any;
    stderr(): string;
    stop(): void;
}

/**
 * `node <@pulumi/pulumi>/cmd/run-plugin <plugin folder> <engine address>`, from a working directory
 * that is not the plugin's (the host runs it in the consumer's project); the port is the first line
 * the plugin prints.
 */
export async function startPlugin(engineAddress: string, cwd: string): Promise<PluginProcess> {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { spawn } = require("child_process") as typeof import("child_process");
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const grpc: typeof import("@grpc/grpc-js") = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
    const proto = require(path.join(pulumiDir, "proto/provider_pb"));
    const rpc = require(path.join(pulumiDir, "proto/provider_grpc_pb"));
    /* eslint-enable @typescript-eslint/no-require-imports */
    const child = spawn(process.execPath, [path.join(pulumiDir, "cmd", "run-plugin"), PLUGIN_DIR, engineAddress], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    const port = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout!.on("data", (d) => {
            out += d;
            const line = out.split("\n")[0].trim();
            if (out.includes("\n") && /^\d+$/.test(line)) {
                resolve(line);
            }
        });
        child.on("exit", (code) => reject(new Error(`plugin exited with ${code} before printing its port:\n${stderr}`)));
    });
    const client = new rpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return { client, proto, stderr: () => stderr, stop: () => child.kill() };
}
