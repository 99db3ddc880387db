/**
 * Starting a policy pack as the Pulumi CLI does: `@pulumi/pulumi/cmd/run-policy-pack` spawned in the
 * pack's folder with the stack's identity in the environment, the port read from its first line of
 * output. The proto and gRPC modules come from the `@pulumi/pulumi` the pack itself resolves.
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as readline from "readline";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";

export interface PackStartOptions {
    /** The pack's folder (where `PulumiPolicy.yaml` and its `package.json` live). */
    packDir: string;
    organization?: string;
    project: string;
    stack: string;
    /** `true` for a preview (unknowns possible), `false` for an update or an audit of real state. */
    dryRun: boolean;
    /** Stack configuration handed to the pack in `PULUMI_CONFIG`, as the CLI does. */
    config?: Record<string, string>;
    /** How long to wait for the pack to print its port. */
    startTimeoutMs?: number;
    /** Deadline of each RPC. */
    callTimeoutMs?: number;
}

/** Thrown when the pack cannot be started or an RPC fails; carries the pack's stderr. */
export class PolicyPackError extends Error {
    constructor(
        message: string,
        readonly stderr = "",
    ) {
        super(stderr.trim() ? `${message}\n--- policy pack stderr ---\n${stderr.trim()}` : message);
        this.name = "PolicyPackError";
    }
}

/**
 * The proto and gRPC modules, loaded from the `@pulumi/pulumi` the pack itself resolves (as the CLI's
 * `pulumi-analyzer-policy` shim does), with `@grpc/grpc-js` and `google-protobuf` resolved from that
 * module's own path so the message and client classes are the ones the generated code expects.
 */
export interface ProtoModules {
    runPolicyPack: string;
    grpc: typeof import("@grpc/grpc-js");
    pb: typeof analyzerPb;
    rpc: any;
    Struct: any;
    Empty: any;
}

function loadProtoModules(packDir: string): ProtoModules {
    let pulumiPackageJson: string;
    try {
        pulumiPackageJson = require.resolve("@pulumi/pulumi/package.json", { paths: [packDir] });
    } catch {
        throw new PolicyPackError(`the policy pack's dependencies are not installed: @pulumi/pulumi is not resolvable from ${packDir} (run npm ci)`);
    }
    const pulumiDir = path.dirname(pulumiPackageJson);
    const protoDir = path.join(pulumiDir, "proto");
    // The modules are chosen at run time from the pack's dependencies, hence require().
    /* eslint-disable @typescript-eslint/no-require-imports */
    const fromProto = (id: string) => require(require.resolve(id, { paths: [protoDir] }));
    return {
        runPolicyPack: path.join(pulumiDir, "cmd", "run-policy-pack"),
        grpc: fromProto("@grpc/grpc-js"),
        pb: require(path.join(protoDir, "analyzer_pb")),
        rpc: require(path.join(protoDir, "analyzer_grpc_pb")),
        Struct: fromProto("google-protobuf/google/protobuf/struct_pb").Struct,
        Empty: fromProto("google-protobuf/google/protobuf/empty_pb").Empty,
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
}

/** Children still running, killed if this process exits before they are closed (for example on Ctrl-C). */
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;
function trackChild(child: ChildProcess): void {
    liveChildren.add(child);
    child.once("exit", () => liveChildren.delete(child));
    if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.once("exit", () => {
            for (const c of liveChildren) {
                c.kill("SIGKILL");
            }
        });
    }
}

export interface SpawnedPack {
    child: ChildProcess;
    /** A gRPC Analyzer client connected to the pack. */
    client: any;
    mods: ProtoModules;
    /** The last 20 000 characters the pack wrote to stderr. */
    stderr: () => string;
    /** Milliseconds from spawn to the port on stdout (type-checking the pack included). */
    startupMs: number;
}

/** Spawns the pack as the Pulumi CLI does and connects a client to it. */
export async function spawnPack(options: PackStartOptions): Promise<SpawnedPack> {
    const packDir = path.resolve(options.packDir);
    const mods = loadProtoModules(packDir);
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PULUMI_NODEJS_ORGANIZATION: options.organization ?? "organization",
        PULUMI_NODEJS_PROJECT: options.project,
        PULUMI_NODEJS_STACK: options.stack,
        PULUMI_NODEJS_DRY_RUN: String(options.dryRun),
    };
    if (options.config) {
        env.PULUMI_CONFIG = JSON.stringify(options.config);
    }
    const started = Date.now();
    // The first argument is the engine's address; run-policy-pack shifts it away. No engine runs
    // here, so a placeholder stands in for it.
    const child = spawn(process.execPath, [mods.runPolicyPack, "127.0.0.1:0", "."], {
        cwd: packDir,
        env,
        stdio: ["ignore", "pipe", "pipe"],
    });
    trackChild(child);
    let stderr = "";
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
        stderr = (stderr + chunk).slice(-20000);
    });
    const timeoutMs = options.startTimeoutMs ?? 120000;
    const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new PolicyPackError(`the policy pack did not report its port within ${timeoutMs} ms`, stderr));
        }, timeoutMs);
        const lines = readline.createInterface({ input: child.stdout! });
        lines.once("line", (line) => {
            clearTimeout(timer);
            const n = Number(line.trim());
            if (Number.isInteger(n) && n > 0) {
                resolve(n);
            } else {
                child.kill("SIGKILL");
                reject(new PolicyPackError(`the policy pack printed "${line}" instead of its port`, stderr));
            }
            // The pack may log more on stdout later; keep draining it so it never blocks.
            lines.on("line", () => undefined);
        });
        child.once("exit", (code, signal) => {
            clearTimeout(timer);
            reject(new PolicyPackError(`the policy pack exited before it was ready (${signal ?? `exit code ${code}`})`, stderr));
        });
        child.once("error", (err) => {
            clearTimeout(timer);
            reject(new PolicyPackError(`could not start the policy pack: ${err.message}`, stderr));
        });
    });
    const startupMs = Date.now() - started;
    const client = new mods.rpc.AnalyzerClient(`127.0.0.1:${port}`, mods.grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": 1024 * 1024 * 400,
        "grpc.max_send_message_length": 1024 * 1024 * 400,
    });
    return { child, client, mods, stderr: () => stderr, startupMs };
}
