/**
 * The component plugin as Pulumi's Node.js host runs it: `plugin/` started through the SDK's
 * `run-plugin`, served over the provider gRPC protocol.
 */
import * as path from "path";

export const PLUGIN_DIR = path.join(__dirname, "..", "..", "plugin");

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
