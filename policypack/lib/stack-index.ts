/**
 * One index of the stack for a stack rule: resources by type, by position, by identity key and by
 * what they refer to, built on first use and shared by the rule and every helper it calls, so no
 * rule scans the stack once per resource.
 *
 * The `@pulumi/policy` server hands each stack policy its own copy of the stack (it deserializes
 * every resource again for every policy), so an index lives as long as that copy: it is keyed by
 * the `resources` array a rule receives, and a rule's helpers given the same array find the same
 * index. Nothing is kept from one policy, or one analyzeStack call, to the next.
 */
import { PolicyResource } from "@pulumi/policy";
import { KeyIndex, referenceKeys } from "./references";

const NONE: readonly PolicyResource[] = Object.freeze([]);

/** Resources by what one of their reference properties points at. */
export class ReferrerIndex {
    private readonly byKey = new Map<string, PolicyResource[]>();
    private readonly position = new Map<PolicyResource, number>();

    constructor(holders: readonly PolicyResource[], prop: string) {
        holders.forEach((holder, i) => {
            this.position.set(holder, i);
            for (const key of referenceKeys(holder, prop)) {
                const list = this.byKey.get(key);
                if (list) {
                    list.push(holder);
                } else {
                    this.byKey.set(key, [holder]);
                }
            }
        });
    }

    /** The holders whose reference names any of the keys, in the order they were indexed. */
    referring(keys: Iterable<string>): PolicyResource[] {
        const found = new Set<PolicyResource>();
        for (const k of keys) {
            for (const holder of this.byKey.get(k) ?? []) {
                found.add(holder);
            }
        }
        return [...found].sort((a, b) => this.position.get(a)! - this.position.get(b)!);
    }
}

export class StackIndex {
    private static readonly built = new WeakMap<readonly PolicyResource[], StackIndex>();

    /** The index of this array of resources, built on first use. */
    static of(resources: readonly PolicyResource[]): StackIndex {
        let index = StackIndex.built.get(resources);
        // An array that changed since (a test adding resources) gets a fresh index.
        if (!index || index.size !== resources.length) {
            index = new StackIndex(resources);
            StackIndex.built.set(resources, index);
        }
        return index;
    }

    private readonly byType = new Map<string, PolicyResource[]>();
    private readonly position = new Map<PolicyResource, number>();
    private readonly memo = new Map<string, unknown>();
    private stacks?: readonly string[];

    private constructor(readonly resources: readonly PolicyResource[]) {
        resources.forEach((r, i) => {
            this.position.set(r, i);
            const list = this.byType.get(r.type);
            if (list) {
                list.push(r);
            } else {
                this.byType.set(r.type, [r]);
            }
        });
    }

    get size(): number {
        return this.resources.length;
    }

    /** Resources of one type, in stack order. */
    ofType(type: string): readonly PolicyResource[] {
        return this.byType.get(type) ?? NONE;
    }

    /** Resources of any of the types, in stack order. */
    ofTypes(types: readonly string[]): PolicyResource[] {
        const found = [...new Set(types)].flatMap((t) => this.byType.get(t) ?? []);
        return types.length > 1 ? found.sort((a, b) => this.position.get(a)! - this.position.get(b)!) : found;
    }

    has(type: string): boolean {
        return this.byType.has(type);
    }

    hasAny(types: readonly string[]): boolean {
        return types.some((t) => this.byType.has(t));
    }

    /** The type tokens present in the stack. */
    types(): IterableIterator<string> {
        return this.byType.keys();
    }

    /** The stack names the resources' URNs carry (one, for a real stack), in order of appearance. */
    stackNames(): readonly string[] {
        if (!this.stacks) {
            const names = new Set<string>();
            for (const r of this.resources) {
                const stack = stackOfUrn(r.urn);
                if (stack !== undefined) {
                    names.add(stack);
                }
            }
            this.stacks = [...names];
        }
        return this.stacks;
    }

    /**
     * Resources of the types (in stack order) by their URN and the known values of the identifying
     * props, built once per index for each (types, props).
     */
    keyIndex(types: readonly string[], props: readonly string[]): KeyIndex {
        return this.remember(`keys ${types.join(",")} ${props.join(",")}`, () => new KeyIndex(this.ofTypes(types), props));
    }

    /** Resources of the types (in stack order) by what their reference property `prop` points at. */
    referrers(types: readonly string[], prop: string): ReferrerIndex {
        return this.remember(`referrers ${types.join(",")} ${prop}`, () => new ReferrerIndex(this.ofTypes(types), prop));
    }

    /** Anything derived from the stack, computed once per index under a key of the caller's choosing. */
    remember<T>(key: string, compute: () => T): T {
        if (this.memo.has(key)) {
            return this.memo.get(key) as T;
        }
        const value = compute();
        this.memo.set(key, value);
        return value;
    }
}

/** The stack name in a URN (`urn:pulumi:STACK::PROJECT::TYPE::NAME`). */
export function stackOfUrn(urn: string): string | undefined {
    const m = /^urn:pulumi:([^:]+)::/.exec(urn);
    return m?.[1];
}
