/**
 * Component and stack tests on top of the recording mock runtime (`cli/mock-runtime.ts`): render a
 * component or a stack's program, then look at what reached the engine.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockContext, RegisteredResource, runUnderMocks } from "../../cli/mock-runtime";
import { loadStackConfigFile, mockContextFromConfig } from "../../cli/stack-config";
import program from "../../stacks";
import { TEST_CONTEXT } from "./fixtures";

export type { MockContext, RegisteredResource } from "../../cli/mock-runtime";
export { availableStacks, loadStackConfigFile, mockContextFromConfig, parseStackConfigYaml, StackConfigFileError } from "../../cli/stack-config";

export { TEST_CONTEXT } from "./fixtures";

export interface RenderOptions extends Partial<MockContext> {
    stack?: string;
    /** Raw configuration (`namespace:key` -> string). */
    config?: Record<string, string>;
    /** Model `pulumi preview`: computed outputs stay unknown. */
    preview?: boolean;
}

/** Runs `build` (which creates components) under mocks and returns every registration. */
export async function renderComponent(build: () => unknown, options: RenderOptions = {}): Promise<RegisteredResource[]> {
    const { stack = "test", config = {}, preview = false, ...context } = options;
    const { resources } = await runUnderMocks({ stack, config, preview, context: { ...TEST_CONTEXT, ...context } }, build);
    return resources;
}

export interface StackRun {
    resources: RegisteredResource[];
    outputs?: Record<string, unknown>;
    /** What the program threw, if anything (for example a `ConfigValidationError`). */
    error?: Error;
}

/**
 * Runs the stack program (`stacks/index.ts`) with `Pulumi.<stack>.yaml`, optionally with keys
 * replaced or added, and returns what it registered, its outputs, and what it threw.
 */
export async function tryStackProgram(stack: string, overrides: Record<string, string> = {}, options: { preview?: boolean } = {}): Promise<StackRun> {
    const config = { ...loadStackConfigFile(stack), ...overrides };
    let error: Error | undefined;
    const guarded = () => {
        try {
            return program();
        } catch (e) {
            error = e as Error;
            return undefined;
        }
    };
    const { resources, result } = await runUnderMocks({ stack, config, preview: options.preview, context: mockContextFromConfig(config) }, guarded);
    return { resources, outputs: result as Record<string, unknown> | undefined, error };
}

/** As `tryStackProgram`, but fails when the program throws. */
export async function runStackProgram(stack: string, overrides: Record<string, string> = {}, options: { preview?: boolean } = {}): Promise<Required<Omit<StackRun, "error">>> {
    const run = await tryStackProgram(stack, overrides, options);
    if (run.error) {
        throw run.error;
    }
    return { resources: run.resources, outputs: run.outputs! };
}

/** Registrations of one type token. */
export function byType(resources: readonly RegisteredResource[], type: string): RegisteredResource[] {
    return resources.filter((r) => r.type === type);
}

/** The one registration of a type; fails when there is none or more than one. */
export function single(resources: readonly RegisteredResource[], type: string): RegisteredResource {
    const found = byType(resources, type);
    if (found.length !== 1) {
        throw new Error(`expected exactly one ${type}, found ${found.length}`);
    }
    return found[0];
}

/** Every registration below a component, at any depth (the component itself excluded). */
export function descendantsOf(resources: readonly RegisteredResource[], component: RegisteredResource): RegisteredResource[] {
    const inside = new Set([component.urn]);
    for (let grew = true; grew; ) {
        grew = false;
        for (const r of resources) {
            if (r.parent && inside.has(r.parent) && !inside.has(r.urn)) {
                inside.add(r.urn);
                grew = true;
            }
        }
    }
    return resources.filter((r) => inside.has(r.urn) && r.urn !== component.urn);
}

/** A policy document input (JSON string or object) as an object. */
export function policyOf(resource: RegisteredResource, prop = "policy"): { Version: string; Statement: any[] } {
    const value = resource.inputs[prop];
    return typeof value === "string" ? JSON.parse(value) : value;
}

/** The statement with a given Sid; fails when absent. */
export function statement(doc: { Statement: any[] }, sid: string): any {
    const found = doc.Statement.find((s) => s.Sid === sid);
    if (!found) {
        throw new Error(`no statement ${sid} in ${JSON.stringify(doc.Statement.map((s) => s.Sid))}`);
    }
    return found;
}

/** The value of an output once the mocks have answered (undefined when unknown, as in preview). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T | undefined> {
    // Output.promise() is internal to the SDK but stable; apply() would never run for an unknown.
    return (output as any).promise();
}

/**
 * Whether a resource was registered with an alias from this former type and/or name (the mock
 * runtime records aliases as the URNs they name).
 */
export function hasAlias(resource: RegisteredResource, former: { type?: string; name?: string }): boolean {
    return resource.aliases.some((urn) => {
        const parts = urn.split("::");
        const type = (parts[2] ?? "").split("$").pop();
        const name = parts.slice(3).join("::");
        return (former.type === undefined || type === former.type) && (former.name === undefined || name === former.name);
    });
}
