/**
 * The offline preview: loads `stacks/Pulumi.<stack>.yaml`, validates it, runs the program `pulumi up`
 * runs (`stacks/index.ts`) under the recording mock runtime, and returns every registered resource
 * in the shape the engine hands to analyzers.
 */
import * as path from "path";
import { StackSettingsError } from "./errors";
import type { StackResource } from "./protocol";
import { providerRef } from "./analysis";
import { MockContext, RegisteredResource, runUnderMocks } from "./mock-runtime";
import { loadStackConfigFile, offlineConfig, PROJECT_ROOT, projectName, stackConfigPath } from "./stack-config";
import { ConfigValidationError, loadStackConfig } from "../components/config";
import { partitionOf } from "../components/config/location";

/** The program Pulumi runs (`main` in Pulumi.yaml). */
export const PROGRAM = path.join(PROJECT_ROOT, "stacks", "index.ts");

/** Source folders of the program, reloaded for every run so module state never leaks between stacks. */
const PROGRAM_SOURCES = ["stacks", "components", "policypack"].map((d) => path.join(PROJECT_ROOT, d) + path.sep);

function forgetProgramModules(): void {
    for (const file of Object.keys(require.cache)) {
        if (PROGRAM_SOURCES.some((dir) => file.startsWith(dir)) && !file.includes(`${path.sep}node_modules${path.sep}`)) {
            delete require.cache[file];
        }
    }
}

/**
 * The program is TypeScript: when the CLI runs compiled (`dist/cli-build`, see `cli/bin.js`), nothing has
 * registered a compiler for it yet. Type-checking is `npm run typecheck`'s, not every preview's. The
 * compiler's stack-trace formatter (source maps) must be in place before the mocks wrap it, or every
 * trace the SDK records while the program runs would be source-mapped.
 */
function compileTypeScriptOnLoad(): void {
    if (!require.extensions[".ts"]) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("ts-node").register({ project: path.join(PROJECT_ROOT, "tsconfig.json"), transpileOnly: true });
    }
}

/**
 * Loads the program fresh and runs it as `@pulumi/pulumi`'s run-program does: a module that exports
 * a function is called and its result awaited (the stack's outputs).
 */
async function runProgramModule(program: string): Promise<unknown> {
    forgetProgramModules();
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const exported = require(program);
        return await (typeof exported === "function" ? exported() : exported);
    } catch (e) {
        // The program loaded its own copy of the settings module (from the sources, even when this
        // runs compiled): its error class is that copy's.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const loaded: typeof import("../components/config") = require(path.join(PROJECT_ROOT, "components", "config"));
        throw e instanceof loaded.ConfigValidationError || e instanceof ConfigValidationError ? new StackSettingsError((e as Error).message) : e;
    }
}

/** The engine's view of what the program registered. */
export function toStackResources(registered: readonly RegisteredResource[]): StackResource[] {
    const byUrn = new Map(registered.map((r) => [r.urn, r]));
    return registered.map((r) => {
        const provider = providerRef(r.provider, byUrn);
        return {
            urn: r.urn,
            type: r.type,
            name: r.name,
            custom: r.custom,
            inputs: r.inputs,
            outputs: r.outputs,
            ...(r.parent ? { parent: r.parent } : {}),
            protect: r.protect,
            dependencies: r.dependencies,
            propertyDependencies: r.propertyDependencies,
            ...(provider ? { provider } : {}),
            ...(r.sourcePosition ? { sourcePosition: r.sourcePosition } : {}),
        };
    });
}

/** A stack whose settings file was found, read and validated. */
export interface PreparedStack {
    stack: string;
    project: string;
    /** The stack's settings file, relative to the working directory. */
    configFile: string;
    /** Raw configuration (`namespace:key` -> string), as the program and the pack receive it. */
    config: Record<string, string>;
    /** What the mocks answer for: the stack's account, Region and partition. */
    context: MockContext;
    /** What the report should say about the settings: secrets read as placeholders, keys nobody honours. */
    notes: string[];
}

/**
 * Finds, reads and validates a stack's settings. Throws `StackConfigFileError` for an unknown stack
 * or an unreadable file and `StackSettingsError` for invalid settings; nothing runs before this.
 */
export function prepareStack(stack: string, options: { configDir?: string } = {}): PreparedStack {
    const file = stackConfigPath(stack, options.configDir);
    const secrets: string[] = [];
    const { config, notes } = offlineConfig(loadStackConfigFile(stack, { dir: options.configDir, secrets }), secrets);
    let validated: ReturnType<typeof loadStackConfig>;
    try {
        validated = loadStackConfig(config);
    } catch (e) {
        throw e instanceof ConfigValidationError ? new StackSettingsError(e.message) : e;
    }
    return {
        stack,
        project: projectName(),
        configFile: path.relative(process.cwd(), file) || file,
        config,
        context: { accountId: validated.accountId, region: validated.region, partition: partitionOf(validated.region) },
        notes,
    };
}

export interface ProgramRun {
    resources: StackResource[];
    /** Milliseconds spent running the program under mocks. */
    programMs: number;
}

/**
 * Runs the stack's program under the recording mocks; with `unknowns`, as `pulumi preview` sees a
 * new stack (computed outputs such as ARNs unknown).
 */
export async function runStackProgram(prepared: PreparedStack, options: { unknowns?: boolean; program?: string } = {}): Promise<ProgramRun> {
    // Before the mocks are set up: they wrap the stack-trace formatter the compiler installs.
    compileTypeScriptOnLoad();
    const started = Date.now();
    const { resources } = await runUnderMocks(
        { project: prepared.project, stack: prepared.stack, config: prepared.config, context: prepared.context, preview: options.unknowns ?? false },
        () => runProgramModule(options.program ?? PROGRAM),
    );
    return { resources: toStackResources(resources), programMs: Date.now() - started };
}
