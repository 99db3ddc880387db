/**
 * Following references between resources in a stack rule: a trail's `s3BucketName` to its bucket,
 * a bucket policy's `bucket` to the same bucket, a metric filter's `logGroupName` to the trail's log
 * group. A reference is matched by value when it is known and by the in-stack resource it comes
 * from (`propertyDependencies`) in any case, so preview-time unknowns and names that differ in form
 * (an ARN against a name) still meet.
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
        value.forEach((_, i) => {
            if (!isUnknownProp(value, String(i))) {
                add(value[i]);
            } else if (!fromDependencies) {
                void value[i];
            }
        });
    } else {
        add(value);
    }
    return keys;
}

/** How a resource can be referred to: its URN and the known values of the given identifying props. */
export function identityKeys(resource: PolicyResource, props: readonly string[]): Set<string> {
    const keys = new Set<string>([resource.urn]);
    for (const prop of props) {
        if (isUnknownProp(resource.props, prop)) {
            continue;
        }
        const value = resource.props[prop];
        if (typeof value === "string" && value !== "") {
            keys.add(value);
        }
    }
    return keys;
}

export function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
    for (const k of a) {
        if (b.has(k)) {
            return true;
        }
    }
    return false;
}

