/**
 * How one resource refers to another in a stack: through the engine's property dependencies
 * (always present when the value came from another resource's output, and the only link during
 * preview, when the value itself is unknown) or, for values written out, by comparing the value
 * with the target's identifiers (ID, ARN). Identifiers unknown at preview are skipped, never read.
 * The reference side is read once, by `referenceKeys` (lib/references.ts).
 */
import { PolicyResource } from "@pulumi/policy";
import { intersects, referenceKeys } from "./references";
import { isUnknownProp } from "./unknowns";

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

/** The last path segment of each identifier (`.../restapis/abc` -> `abc`), and the identifiers themselves. */
export function withTailSegments(identifiers: readonly string[]): string[] {
    return [...identifiers, ...identifiers.map((id) => id.slice(Math.max(id.lastIndexOf("/"), id.lastIndexOf(":")) + 1))];
}

/**
 * Whether `from.props[prop]` refers to `to`: by a property dependency on `to`, or by the written
 * value equal to one of `identifiers(to)`. A value unknown at preview that no in-stack resource
 * supplies cannot be matched: it is read through the SDK's proxy, whose UnknownValueError tells
 * the engine the rule cannot decide during preview (never a guessed "not linked").
 */
export function refersTo(from: PolicyResource, prop: string, to: PolicyResource, identifiers: (r: PolicyResource) => string[]): boolean {
    return intersects(referenceKeys(from, prop), new Set([to.urn, ...identifiers(to)]));
}

/** Resources of the stack grouped by type token, built once per stack rule. */
export function byType(resources: readonly PolicyResource[]): Map<string, PolicyResource[]> {
    const index = new Map<string, PolicyResource[]>();
    for (const r of resources) {
        const list = index.get(r.type);
        if (list) {
            list.push(r);
        } else {
            index.set(r.type, [r]);
        }
    }
    return index;
}

/** The stack name in a URN (`urn:pulumi:STACK::PROJECT::TYPE::NAME`). */
export function stackOfUrn(urn: string): string | undefined {
    const m = /^urn:pulumi:([^:]+)::/.exec(urn);
    return m?.[1];
}
