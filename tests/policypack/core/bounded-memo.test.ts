/** The one memo the rules' repeated work shares (pattern answers, catalogue expansions, Cedar parses): computed once per key, and bounded. */
import { strict as assert } from "assert";
import { BoundedMemo, BoundedPairMemo } from "../../../policypack/lib/bounded-memo";

describe("BoundedMemo", () => {
    it("computes a key's value once and answers it again", () => {
        const memo = new BoundedMemo<number>(10);
        let calls = 0;
        const compute = () => ++calls;
        assert.equal(memo.get("a", compute), 1);
        assert.equal(memo.get("a", compute), 1);
        assert.equal(memo.get("b", compute), 2);
        assert.equal(calls, 2);
    });

    it("starts again empty when it holds its bound, so keys from a stack cannot grow it without limit", () => {
        const memo = new BoundedMemo<string>(2);
        let calls = 0;
        const compute = (v: string) => () => (calls++, v);
        memo.get("a", compute("A"));
        memo.get("b", compute("B"));
        memo.get("c", compute("C"));
        assert.equal(calls, 3);
        memo.get("a", compute("A"));
        assert.equal(calls, 4, "a was dropped when the memo was full");
        memo.get("c", compute("C"));
        assert.equal(calls, 4, "c was kept after the reset");
    });
});

describe("BoundedPairMemo", () => {
    it("computes a pair's value once, and keeps pairs that would join to the same string apart", () => {
        const memo = new BoundedPairMemo<string>(10);
        let calls = 0;
        const compute = (v: string) => () => (calls++, v);
        assert.equal(memo.get("a", "bc", compute("a|bc")), "a|bc");
        assert.equal(memo.get("ab", "c", compute("ab|c")), "ab|c");
        assert.equal(memo.get("bc", "a", compute("bc|a")), "bc|a", "the order of the pair matters");
        assert.equal(memo.get("a", "bc", compute("other")), "a|bc");
        assert.equal(calls, 3);
    });

    it("starts again empty when it holds its bound, counting pairs and not first strings", () => {
        const memo = new BoundedPairMemo<number>(2);
        let calls = 0;
        const compute = () => ++calls;
        memo.get("a", "1", compute);
        memo.get("a", "2", compute);
        memo.get("a", "3", compute);
        assert.equal(calls, 3);
        memo.get("a", "1", compute);
        assert.equal(calls, 4, "(a, 1) was dropped when the memo was full");
        memo.get("a", "3", compute);
        assert.equal(calls, 4, "(a, 3) was kept after the reset");
    });
});
