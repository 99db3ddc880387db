import type { PolicyResource } from "@pulumi/policy";

/*
 * Preview-time unknowns. Rules read a resource's props through the SDK's proxy when they hold an
 * unknown (`plainWhenKnown`), so reading one throws `UnknownValueError` and the SDK reports "can't
 * run policy during preview" (never caught here).
 * Stack rules may first ask whether a property is unknown, to follow `propertyDependencies` to
 * the in-stack resource that will supply the value.
 *
 * The SDK is loaded on first use and may be absent: the components share the document parser
 * (policypack/lib/iam) without depending on the policy SDK, and nothing they parse is unknown.
 */

/** The SDK's proxy module: its sentinels, proxy key and error class are exported at run time but not typed. */
let sdk: Record<string, any> | null | undefined;
function proxySdk(): Record<string, any> | null {
    if (sdk === undefined) {
        try {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            sdk = require("@pulumi/policy/proxy") as Record<string, any>;
        } catch {
            sdk = null;
        }
    }
    return sdk;
}

const SENTINEL_NAMES = ["unknownBooleanValue", "unknownNumberValue", "unknownStringValue", "unknownArrayValue", "unknownAssetValue", "unknownArchiveValue", "unknownObjectValue"];

/** The sentinels the engine sends for values not known during preview (from the SDK itself). */
let sentinels: ReadonlySet<unknown> | undefined;
function unknownSentinels(): ReadonlySet<unknown> {
    sentinels ??= new Set(SENTINEL_NAMES.map((n) => proxySdk()?.[n]).filter((v) => typeof v === "string"));
    return sentinels;
}

/** Key the SDK's proxy answers with the raw, unproxied object. */
const PROXY_TARGET = "__getSpecialProxyTarget";
const IS_SPECIAL_PROXY = "__isSpecialProxy";

function rawOf(props: Record<string, any>): Record<string, any> {
    return (props as any)[PROXY_TARGET] ?? props;
}

export function isUnknownValue(value: unknown): boolean {
    return typeof value === "string" && unknownSentinels().has(value);
}

/** Whether a top-level property of a resource is unknown at preview, without tripping the proxy. */
export function isUnknownProp(props: Record<string, any>, prop: string): boolean {
    return isUnknownValue(rawOf(props)[prop]);
}

/** The in-stack resources the engine says a property's value comes from (empty when none). */
export function dependenciesOf(resource: PolicyResource, prop: string): PolicyResource[] {
    return resource.propertyDependencies?.[prop] ?? [];
}

/**
 * Whether the property's value comes from exactly one in-stack resource, of the given type: what a
 * value unknown at preview is when only its source is known (the engine records sources per
 * top-level property).
 */
export function soleSourceIsOfType(resource: PolicyResource, prop: string, type: string): boolean {
    const sources = new Set(dependenciesOf(resource, prop));
    return sources.size === 1 && [...sources][0].type === type;
}

type SdkUnknownError = Error & { props: string[]; unknownTypeSentinel: string };

interface ErrorClasses {
    /** The SDK's error for a read of an unknown value: the server reports the policy as not runnable during preview. */
    base: new (sentinel: string, props: string[]) => SdkUnknownError;
    undecided: new (path: readonly string[], detail?: string) => SdkUnknownError;
    inResource: new (e: SdkUnknownError, resource: PolicyResource) => SdkUnknownError;
}

let errorClasses: ErrorClasses | undefined;
function errors(): ErrorClasses {
    if (!errorClasses) {
        const proxy = proxySdk();
        if (!proxy) {
            throw new Error("@pulumi/policy is needed to report a verdict undecided at preview");
        }
        const base = proxy.UnknownValueError as ErrorClasses["base"];
        class UndecidedAtPreview extends base {
            constructor(path: readonly string[], detail?: string) {
                super(proxy!.unknownStringValue, [...path]);
                if (detail) {
                    this.message = `${this.message}: ${detail}`;
                }
            }
        }
        /** An unknown read in a stack rule, named after its resource (the server's stack diagnostics carry no URN). */
        class UnknownInResource extends base {
            constructor(e: SdkUnknownError, resource: PolicyResource) {
                super(e.unknownTypeSentinel, e.props);
                this.message = `${resource.name} (${resource.type}): ${e.message}`;
            }
        }
        errorClasses = { base, undecided: UndecidedAtPreview, inResource: UnknownInResource };
    }
    return errorClasses;
}

/**
 * A verdict that depends on a value unknown at preview. Thrown as the SDK's own error, so the
 * server reports "can't run policy ... during preview: string value at .PATH can't be known during
 * preview" (with `detail` appended), never a guessed verdict.
 */
export function undecided(path: readonly string[], detail?: string): never {
    throw new (errors().undecided)(path, detail);
}

/** The raw value behind the SDK's proxy (unknowns as sentinel strings, nothing thrown on reading them). */
export function rawValue<T>(value: T): T {
    return value !== null && typeof value === "object" ? ((value as any)[PROXY_TARGET] ?? value) : value;
}

/** Whether a raw value holds an unknown anywhere (a sentinel string, or one nested in a list or object). */
export function containsUnknownValue(value: unknown): boolean {
    if (isUnknownValue(value)) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some(containsUnknownValue);
    }
    return value !== null && typeof value === "object" && Object.values(value).some(containsUnknownValue);
}

/**
 * Whether a resource's decoded properties hold an unknown, remembered per decoded object: the pack
 * decodes each resource once per request (decode-once.ts), so every stack rule of an analyzeStack
 * call asks about the same objects and the stack is scanned once, not once per rule.
 */
const unknownIn = new WeakMap<object, boolean>();
function propsContainUnknown(props: Record<string, any>): boolean {
    let found = unknownIn.get(props);
    if (found === undefined) {
        found = containsUnknownValue(props);
        unknownIn.set(props, found);
    }
    return found;
}

/**
 * A resource's properties as a rule reads them: the SDK's proxy only when they hold an unknown.
 * Without one, the proxy has nothing to catch and reading through it costs a new proxy and path
 * for every object read; plain, the rule reads the same values.
 */
export function plainWhenKnown<T extends Record<string, any>>(props: T): T {
    const raw = rawOf(props) as T;
    return propsContainUnknown(raw) ? props : raw;
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
            if (key === PROXY_TARGET || key === IS_SPECIAL_PROXY) {
                return Reflect.get(target, key);
            }
            let field: unknown;
            try {
                field = Reflect.get(target, key);
            } catch (e) {
                const { base, inResource } = errors();
                throw e instanceof base && !(e instanceof inResource) ? new inResource(e, resource) : e;
            }
            // The proxy invariant: a non-configurable, read-only property must be returned as it is.
            const desc = Object.getOwnPropertyDescriptor(target, key);
            return desc && "value" in desc && desc.configurable === false && desc.writable === false ? field : naming(field, resource, cache);
        },
    });
    cache.set(value, wrapped);
    return wrapped;
}

/** The named view of each stack the server hands every stack rule (lib/stack-once: one array per call). */
const namedStacks = new WeakMap<PolicyResource[], PolicyResource[]>();

/**
 * The stack a stack rule receives, with every unknown read naming its resource: a verdict left
 * undecided at preview says which resource and which property it waited for. Resources are
 * returned as they are when nothing in the stack is unknown (an update, an export).
 */
export function withNamedUnknowns(resources: PolicyResource[]): PolicyResource[] {
    let named = namedStacks.get(resources);
    if (named === undefined) {
        named = namedView(resources);
        namedStacks.set(resources, named);
    }
    return named;
}

function namedView(resources: PolicyResource[]): PolicyResource[] {
    if (!resources.some((r) => propsContainUnknown(rawOf(r.props)))) {
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

/** Whether an error is the SDK's report of a value unknown at preview (ours included). */
export function isUndecided(e: unknown): boolean {
    const proxy = proxySdk();
    return proxy !== null && e instanceof (proxy.UnknownValueError as new (...args: any[]) => Error);
}

/**
 * Judges every subject of a stack rule: one left undecided at preview does not keep the others
 * from being judged (their violations are reported); the first undecided one is raised at the end.
 */
export async function judgeEach<T>(subjects: Iterable<T>, judge: (subject: T) => unknown): Promise<void> {
    let pending: unknown;
    for (const subject of subjects) {
        try {
            const judged = judge(subject);
            // A judgement given at once is not awaited: each await is another turn per subject.
            if (typeof (judged as PromiseLike<unknown> | undefined)?.then === "function") {
                await judged;
            }
        } catch (e) {
            if (!isUndecided(e)) {
                throw e;
            }
            pending ??= e;
        }
    }
    if (pending !== undefined) {
        throw pending;
    }
}
