/**
 * Answers already computed, by key, for work that rules repeat over the same inputs (pattern
 * comparisons, catalogue expansions, Cedar parses). The keys come from the stack, so the memo is
 * bounded: it starts again empty when it is full. Callers treat the values as read-only.
 */
export class BoundedMemo<V> {
    private readonly values = new Map<string, V>();

    constructor(private readonly max: number) {}

    /** The value for `key`, computed on first use (an `undefined` answer is computed again each time). */
    get(key: string, compute: () => V): V {
        let value = this.values.get(key);
        if (value === undefined) {
            value = compute();
            if (this.values.size >= this.max) {
                this.values.clear();
            }
            this.values.set(key, value);
        }
        return value;
    }
}

/**
 * A `BoundedMemo` keyed by a pair of strings. The pair is not joined into one key: the strings come
 * from decoded resources and settings, and a joined key would be a new string to build and hash on
 * every call, where each string of the pair keeps its own hash.
 */
export class BoundedPairMemo<V> {
    private readonly values = new Map<string, Map<string, V>>();
    private size = 0;

    constructor(private readonly max: number) {}

    /** The value for (`first`, `second`), computed on first use (an `undefined` answer is computed again each time). */
    get(first: string, second: string, compute: () => V): V {
        let bySecond = this.values.get(first);
        let value = bySecond?.get(second);
        if (value === undefined) {
            value = compute();
            if (this.size >= this.max) {
                this.values.clear();
                this.size = 0;
                bySecond = undefined;
            }
            if (bySecond === undefined) {
                bySecond = new Map();
                this.values.set(first, bySecond);
            }
            bySecond.set(second, value);
            this.size++;
        }
        return value;
    }
}
