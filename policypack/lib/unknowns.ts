import { PolicyResource } from "@pulumi/policy";

/** The SDK's proxy module: its sentinels and proxy key are exported at run time but not typed. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy: Record<string, string> = require("@pulumi/policy/proxy");

/*
 * Preview-time unknowns. Rules read props through the SDK's proxy, so reading an unknown throws
 * `UnknownValueError` and the SDK reports "can't run policy during preview" (never caught here).
 * Stack rules may first ask whether a property is unknown, to follow `propertyDependencies` to
 * the in-stack resource that will supply the value.
 */

/** The sentinels the engine sends for values not known during preview (from the SDK itself). */
const UNKNOWN_SENTINELS = new Set<unknown>([
    proxy.unknownBooleanValue,
    proxy.unknownNumberValue,
    proxy.unknownStringValue,
    proxy.unknownArrayValue,
    proxy.unknownAssetValue,
    proxy.unknownArchiveValue,
    proxy.unknownObjectValue,
]);

/** Key the SDK's proxy answers with the raw, unproxied object. */
const PROXY_TARGET = proxy.getSpecialProxyTarget;

function rawOf(props: Record<string, any>): Record<string, any> {
    return (props as any)[PROXY_TARGET] ?? props;
}

export function isUnknownValue(value: unknown): boolean {
    return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

/** Whether a top-level property of a resource is unknown at preview, without tripping the proxy. */
export function isUnknownProp(props: Record<string, any>, prop: string): boolean {
    return isUnknownValue(rawOf(props)[prop]);
}

/** The in-stack resources the engine says a property's value comes from (empty when none). */
export function dependenciesOf(resource: PolicyResource, prop: string): PolicyResource[] {
    return resource.propertyDependencies?.[prop] ?? [];
}

/** The SDK's error for a read of an unknown value: the server reports the policy as not runnable during preview. */
const UnknownValueError: new (sentinel: string, props: string[]) => Error & { props: string[]; unknownTypeSentinel: string } = proxy.UnknownValueError as any;

/**
 * A verdict that depends on a value unknown at preview. Thrown as the SDK's own error, so the
 * server reports "can't run policy ... during preview: string value at .PATH can't be known during
 * preview" (with `detail` appended), never a guessed verdict.
 */
export class UndecidedAtPreview extends UnknownValueError {
    constructor(path: readonly string[], detail?: string) {
        super(proxy.unknownStringValue, [...path]);
        if (detail) {
            this.message = `${this.message}: ${detail}`;
        }
    }
}

export function undecided(path: readonly string[], detail?: string): never {
    throw new UndecidedAtPreview(path, detail);
}

/** The raw value behind the SDK's proxy (unknowns as sentinel strings, nothing thrown on reading them). */
export function rawValue<T>(value: T): T {
    return value !== null && typeof value === "object" ? ((value as any)[PROXY_TARGET] ?? value) : value;
}

function containsUnknownValue(value: unknown): boolean {
    if (isUnknownValue(value)) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some(containsUnknownValue);
    }
    return value !== null && typeof value === "object" && Object.values(value).some(containsUnknownValue);
}

/** An unknown read in a stack rule, named after the resource it belongs to (the server's stack diagnostics carry no URN). */
class UnknownInResource extends UnknownValueError {
    constructor(e: InstanceType<typeof UnknownValueError>, resource: PolicyResource) {
        super(e.unknownTypeSentinel, e.props);
        this.message = `${resource.name} (${resource.type}): ${e.message}`;
    }
}

function isSdkUnknownError(e: unknown): e is InstanceType<typeof UnknownValueError> {
    return e instanceof UnknownValueError;
}

/** `value` behind a proxy that turns an unknown read anywhere below it into an error naming `resource`. */
function naming(value: unknown, resource: PolicyResource, cache: WeakMap<object, unknown>): unknown {
    if (value === null || typeof value !== "object") {
        return value;
    }
    const cached = cache.get(value);
    if (cached) {
        return cached;
    }
    const wrapped = new Proxy(value, {
        get: (target, key) => {
            if (key === PROXY_TARGET || key === proxy.isSpecialProxy) {
                return Reflect.get(target, key);
            }
            let field: unknown;
            try {
                field = Reflect.get(target, key);
            } catch (e) {
                throw isSdkUnknownError(e) && !(e instanceof UnknownInResource) ? new UnknownInResource(e, resource) : e;
            }
            // The proxy invariant: a non-configurable, read-only property must be returned as it is.
            const desc = Object.getOwnPropertyDescriptor(target, key);
            return desc && "value" in desc && desc.configurable === false && desc.writable === false ? field : naming(field, resource, cache);
        },
    });
    cache.set(value, wrapped);
    return wrapped;
}

/**
 * The stack a stack rule receives, with every unknown read naming its resource: a verdict left
 * undecided at preview says which resource and which property it waited for. Resources are
 * returned as they are when nothing in the stack is unknown (an update, an export).
 */
export function withNamedUnknowns(resources: PolicyResource[]): PolicyResource[] {
    if (!resources.some((r) => containsUnknownValue(rawOf(r.props)))) {
        return resources;
    }
    const cache = new WeakMap<object, unknown>();
    const wrapped = new Map<PolicyResource, PolicyResource>();
    const map = (r: PolicyResource | undefined): PolicyResource | undefined => (r ? (wrapped.get(r) ?? r) : r);
    for (const r of resources) {
        const props = naming(r.props, r, cache);
        let propertyDependencies: Record<string, PolicyResource[]> | undefined;
        wrapped.set(
            r,
            new Proxy(r, {
                get: (target, key) => {
                    switch (key) {
                        case "props":
                            return props;
                        case "dependencies":
                            return target.dependencies?.map((d) => map(d)!);
                        case "parent":
                            return map(target.parent);
                        case "propertyDependencies":
                            propertyDependencies ??= Object.fromEntries(Object.entries(target.propertyDependencies ?? {}).map(([k, v]) => [k, v.map((d) => map(d)!)]));
                            return propertyDependencies;
                        default:
                            return Reflect.get(target, key);
                    }
                },
            }),
        );
    }
    return resources.map((r) => wrapped.get(r)!);
}
