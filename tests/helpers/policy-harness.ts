/**
 * Runs one rule in-process the way the CrossGuard engine and SDK run it: through `toPolicy`
 * (exemptions included), props wrapped in `unknownCheckingProxy`, the rule's schema defaults
 * applied to `getConfig()`, a throwing `notApplicable`, the SDK's message format, and an
 * `UnknownValueError` turned into the SDK's advisory "can't run policy during preview" note.
 */
import {
    EnforcementLevel,
    PolicyResource,
    ResourceValidationPolicy,
    StackValidationPolicy,
    UnknownValueError,
    unknownCheckingProxy,
} from "@pulumi/policy";
import { configSchemaOf, Rule, toPolicy } from "../../policypack/lib/rule";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy: Record<string, string> = require("@pulumi/policy/proxy");

/** Put this where the engine would send an unknown string at preview. */
export const UNKNOWN: string = proxy.unknownStringValue;

export interface Diagnostic {
    policyName: string;
    message: string;
    urn?: string;
    enforcementLevel: EnforcementLevel;
}

export interface Outcome {
    /** Violations as the engine receives them (exempt ones are advisory and contain `[exempt]`). */
    violations: Diagnostic[];
    /** The SDK's preview note when the rule read an unknown value. */
    previewUnknown?: string;
    /** The reason given when the rule does not apply to the resource's type. */
    notApplicable?: string;
}

class NotApplicable extends Error {
    constructor(readonly reason: string) {
        super(reason);
    }
}

/** Schema defaults merged under the given overrides, as the engine does before `configure`. */
export function configWithDefaults(rule: Rule, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const defaults: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(configSchemaOf(rule).properties)) {
        if (schema.default !== undefined) {
            defaults[key] = structuredClone(schema.default);
        }
    }
    return { ...defaults, ...overrides };
}

function collector(rule: Rule, policyDescription: string, level: EnforcementLevel, sink: Diagnostic[]) {
    return (message: any, urn?: string) => {
        if (typeof message === "object") {
            sink.push({
                policyName: rule.name,
                message: message.message ?? policyDescription,
                urn: message.urn,
                enforcementLevel: message.enforcementLevel ?? level,
            });
            return;
        }
        sink.push({ policyName: rule.name, message: message ? `${policyDescription}\n${message}` : policyDescription, urn, enforcementLevel: level });
    };
}

async function capture(rule: Rule, run: () => Promise<void> | void, outcome: Outcome): Promise<Outcome> {
    try {
        await run();
    } catch (e) {
        if (e instanceof UnknownValueError) {
            outcome.previewUnknown = `can't run policy '${rule.name}' during preview: ${(e as Error).message}`;
        } else if (e instanceof NotApplicable) {
            outcome.notApplicable = e.reason;
        } else {
            throw e;
        }
    }
    return outcome;
}

const throwNotApplicable = (reason?: string): never => {
    throw new NotApplicable(reason ?? "not applicable");
};

export interface FakeResource {
    type: string;
    name: string;
    props: Record<string, unknown>;
    urn?: string;
    protect?: boolean;
    /** Parent resource name or URN. */
    parent?: string;
    /** Property name -> names (or URNs) of the resources its value comes from. */
    propertyDependencies?: Record<string, string[]>;
}

export interface RunOptions {
    config?: Record<string, unknown>;
    level?: EnforcementLevel;
    now?: Date;
    /** Counts every read the rule makes of the resources and their props, at any depth. */
    reads?: { count: number };
}

/** `target` seen through a proxy that counts every property read, nested objects included. */
function countingProps<T extends object>(target: T, reads: { count: number }): T {
    return new Proxy(target, {
        get(obj, prop, receiver) {
            reads.count++;
            const value = Reflect.get(obj, prop, receiver);
            return value !== null && typeof value === "object" ? countingProps(value, reads) : value;
        },
    });
}

/** A resource whose own fields (type, URN, dependencies) count their reads; the same object every time, so identity holds. */
function countingResource(resource: PolicyResource, reads: { count: number }): PolicyResource {
    return new Proxy(resource, {
        get(obj, prop, receiver) {
            reads.count++;
            return Reflect.get(obj, prop, receiver);
        },
    });
}

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:test::ai-guardrails::${type}::${name}`;
}

function options(r: FakeResource) {
    return {
        protect: r.protect ?? false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        parent: r.parent ? (r.parent.startsWith("urn:") ? r.parent : urnOf("parent", r.parent)) : undefined,
    };
}

/** Runs a resource rule on one resource. */
export async function runResourceRule(rule: Rule, resource: FakeResource, run: RunOptions = {}): Promise<Outcome> {
    const policy = toPolicy(rule, () => run.now ?? new Date()) as ResourceValidationPolicy;
    if (!policy.validateResource || Array.isArray(policy.validateResource)) {
        throw new Error(`${rule.name} is not a resource rule`);
    }
    const validate = policy.validateResource;
    const config = configWithDefaults(rule, run.config);
    const level = run.level ?? policy.enforcementLevel ?? "mandatory";
    const outcome: Outcome = { violations: [] };
    const props = unknownCheckingProxy(structuredClone(resource.props));
    const args = {
        type: resource.type,
        props,
        urn: resource.urn ?? urnOf(resource.type, resource.name),
        name: resource.name,
        opts: options(resource),
        stackTags: new Map<string, string>(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T>() => config as T,
        notApplicable: throwNotApplicable,
    };
    return capture(rule, () => validate(args as any, collector(rule, policy.description, level, outcome.violations)), outcome);
}

/** Runs a stack rule over a set of resources, linking parents and property dependencies by name or URN. */
export async function runStackRule(rule: Rule, resources: FakeResource[], run: RunOptions = {}): Promise<Outcome> {
    const policy = toPolicy(rule, () => run.now ?? new Date()) as StackValidationPolicy;
    if (!policy.validateStack) {
        throw new Error(`${rule.name} is not a stack rule`);
    }
    const config = configWithDefaults(rule, run.config);
    const level = run.level ?? policy.enforcementLevel ?? "mandatory";
    const byName = new Map<string, PolicyResource>();
    const byUrn = new Map<string, PolicyResource>();
    const built = resources.map((r) => {
        const raw = structuredClone(r.props);
        const props = unknownCheckingProxy(run.reads ? countingProps(raw, run.reads) : raw);
        const resource: PolicyResource = {
            type: r.type,
            props,
            urn: r.urn ?? urnOf(r.type, r.name),
            name: r.name,
            opts: options(r),
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        } as unknown as PolicyResource;
        const seen = run.reads ? countingResource(resource, run.reads) : resource;
        byName.set(r.name, seen);
        byUrn.set(resource.urn, seen);
        return seen;
    });
    resources.forEach((r, i) => {
        const resource = built[i];
        if (r.parent) {
            resource.parent = byUrn.get(r.parent) ?? byName.get(r.parent);
        }
        for (const [prop, names] of Object.entries(r.propertyDependencies ?? {})) {
            const deps = names.map((n) => byUrn.get(n) ?? byName.get(n)).filter((d): d is PolicyResource => d !== undefined);
            resource.propertyDependencies[prop] = deps;
            resource.dependencies.push(...deps);
        }
    });
    const outcome: Outcome = { violations: [] };
    if (run.reads) {
        // Only what the rule reads counts, not the linking above.
        run.reads.count = 0;
    }
    const args = {
        resources: built,
        getConfig: <T>() => config as T,
        stackTags: new Map<string, string>(),
        notApplicable: throwNotApplicable,
    };
    return capture(rule, () => policy.validateStack(args as any, collector(rule, policy.description, level, outcome.violations)), outcome);
}

/** Violation messages without the policy description line, for readable assertions. */
export function messages(outcome: Outcome): string[] {
    return outcome.violations.map((v) => v.message.split("\n").slice(1).join("\n") || v.message);
}
