/**
 * Each resource's properties decoded once per Analyzer request instead of once per policy.
 *
 * The `@pulumi/policy` server (1.21, pinned in package.json) calls `deserializeProperties` on the
 * request's protobuf Struct for every policy that looks at a resource: in `analyze`, for each rule
 * that reads several types; in `analyzeStack`, the whole stack for each stack rule. That decoding,
 * not the rules, is most of this pack's cost per resource (`npm run bench`). The server reaches the
 * function through the module's exports at call time, so a memo installed there is used by it:
 * keyed by the Struct object (protobuf caches one wrapper per field, so every policy of a request
 * is handed the same one), held weakly, so a request's decoded properties go with the request.
 *
 * Sharing is safe because no rule writes to what it reads (the SDK hands rules a read-only proxy
 * view of it, and `tests/policypack/core/decode-once.test.ts` checks every verdict of every
 * repository stack is the same with and without the memo).
 */

type Decode = (struct: unknown, proxySecrets: boolean) => Record<string, unknown>;

/** The SDK's decoding module; its export is marked internal, so it is not in the typings. */
const MODULE = "@pulumi/policy/deserialize";
const MEMOIZED = Symbol.for("ai-guardrails.decodeOnce");

/**
 * Installs the memo in the SDK's decoding module. Returns false, changing nothing, when the module
 * does not have the shape this was written for (a future SDK): the pack then works as before.
 */
export function decodeEachResourceOnce(): boolean {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require(MODULE) as Record<string | symbol, unknown>;
    const original = sdk.deserializeProperties;
    if (typeof original !== "function") {
        return false;
    }
    if ((original as unknown as Record<symbol, unknown>)[MEMOIZED]) {
        return true;
    }
    const decoded = { plain: new WeakMap<object, Record<string, unknown>>(), secrets: new WeakMap<object, Record<string, unknown>>() };
    const memoized: Decode = (struct, proxySecrets) => {
        if (struct === null || typeof struct !== "object") {
            return (original as Decode)(struct, proxySecrets);
        }
        const cache = proxySecrets ? decoded.secrets : decoded.plain;
        let props = cache.get(struct);
        if (props === undefined) {
            props = (original as Decode)(struct, proxySecrets);
            cache.set(struct, props);
        }
        return props;
    };
    Object.defineProperty(memoized, MEMOIZED, { value: true });
    sdk.deserializeProperties = memoized;
    return sdk.deserializeProperties === memoized;
}
