/**
 * The one reading of references between the resources of a stack, for every stack rule: a trail's
 * `s3BucketName` to its bucket, a policy attachment's `policyId` to its policy, a metric filter's
 * `logGroupName` to the trail's log group.
 *
 * A reference property is matched by the in-stack resources its value comes from (the engine's
 * `propertyDependencies`: present whenever the value is another resource's output, and the only
 * link during preview, when the value itself is unknown) and, for values written out, by comparing
 * the value with the target's identifiers (URN, ID, ARN). Identifiers unknown at preview are
 * skipped, never read. A reference unknown at preview that no in-stack resource supplies is read
 * through the SDK's proxy, whose UnknownValueError tells the engine that the rule cannot decide
 * during preview (never a guessed "not linked").
 */
import { PolicyResource } from "@pulumi/policy";
import { dependenciesOf, isUnknownProp } from "./unknowns";

/**
 * What a reference property points at: its value (normalised by `normalise`, for example an ARN to
 * a name) when known, plus the URNs of the in-stack resources it comes from. A list of references
 * (`managedPolicyArns`, `roles`) gives each of its known strings. Empty when the property is
 * absent. When the value (or a list element) is unknown and no in-stack resource supplies it, it is
 * read through the SDK's proxy, which throws its UnknownValueError: the rule cannot decide at preview.
 */
export function referenceKeys(resource: PolicyResource, prop: string, normalise: (value: string) => string[] = (v) => [v]): Set<string> {
    const keys = new Set<string>(dependenciesOf(resource, prop).map((d) => d.urn));
    const fromDependencies = keys.size > 0;
    const add = (value: unknown) => {
        if (typeof value === "string" && value !== "") {
            for (const k of normalise(value)) {
                keys.add(k);
            }
        }
    };
    if (isUnknownProp(resource.props, prop)) {
        if (!fromDependencies) {
            void resource.props[prop];
        }
        return keys;
    }
    const value = resource.props[prop];
    if (Array.isArray(value)) {
        // Indexed, not forEach: forEach reads every element through the proxy, unknown ones included.
        for (let i = 0; i < value.length; i++) {
            if (!isUnknownProp(value, String(i))) {
                add(value[i]);
            } else if (!fromDependencies) {
                void value[i];
            }
        }
    } else {
        add(value);
    }
    return keys;
}

/** Known string props of a resource, by name; unknown or missing ones are left out. */
export function knownStrings(resource: PolicyResource, names: readonly string[]): string[] {
    const out: string[] = [];
    for (const name of names) {
        if (!isUnknownProp(resource.props, name) && typeof resource.props[name] === "string") {
            out.push(resource.props[name]);
        }
    }
    return out;
}

/** How a resource can be referred to: its URN and the known, non-empty values of the given identifying props. */
export function identityKeys(resource: PolicyResource, props: readonly string[]): Set<string> {
    const keys = new Set<string>([resource.urn]);
    for (const value of knownStrings(resource, props)) {
        if (value !== "") {
            keys.add(value);
        }
    }
    return keys;
}

/** The last path segment of each identifier (`.../restapis/abc` -> `abc`), and the identifiers themselves. */
export function withTailSegments(identifiers: readonly string[]): string[] {
    return [...identifiers, ...identifiers.map((id) => id.slice(Math.max(id.lastIndexOf("/"), id.lastIndexOf(":")) + 1))];
}

export function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
    for (const k of a) {
        if (b.has(k)) {
            return true;
        }
    }
    return false;
}


/**
 * Resources looked up by any of their identity keys: the URN and whatever `identifiers` gives
 * (known IDs, ARNs, names). Built once; each look-up costs the number of keys, not the number of
 * resources, so matching every reference of a stack stays linear.
 */
export class KeyIndex {
    private readonly byKey = new Map<string, PolicyResource[]>();
    /** Position of each resource in the list it was built from. */
    private readonly position = new Map<PolicyResource, number>();

    constructor(resources: readonly PolicyResource[], identifiers: readonly string[] | ((r: PolicyResource) => readonly string[])) {
        const idsOf = typeof identifiers === "function" ? identifiers : (r: PolicyResource) => knownStrings(r, identifiers);
        resources.forEach((r, i) => {
            this.position.set(r, i);
            for (const key of new Set([r.urn, ...idsOf(r)])) {
                if (key === "") {
                    continue;
                }
                const list = this.byKey.get(key);
                if (list) {
                    list.push(r);
                } else {
                    this.byKey.set(key, [r]);
                }
            }
        });
    }

    /** The indexed resources any of the keys names, in the order of the keys. */
    lookup(keys: Iterable<string>): PolicyResource[] {
        const targets = new Set<PolicyResource>();
        for (const k of keys) {
            for (const t of this.byKey.get(k) ?? []) {
                targets.add(t);
            }
        }
        return [...targets];
    }

    /** The indexed resources any of the keys names, in the order they were indexed. */
    lookupInOrder(keys: Iterable<string>): PolicyResource[] {
        return this.lookup(keys).sort((a, b) => this.position.get(a)! - this.position.get(b)!);
    }

    /** The in-stack resources a reference property (one reference or a list) points at, by value or property dependencies. */
    resolve(holder: PolicyResource, prop: string): { keys: Set<string>; targets: PolicyResource[] } {
        const keys = referenceKeys(holder, prop);
        return { keys, targets: this.lookup(keys) };
    }
}
