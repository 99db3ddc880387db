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
