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
