/**
 * The JSON report is written in pieces (cli/report/json-chunks.ts): joined, they are exactly
 * `JSON.stringify(value, null, 2)`, whatever the value holds and however deep the walk goes.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { jsonChunks } from "../../cli/report/json-chunks";

const joined = (value: unknown, depth?: number) => [...jsonChunks(value, depth)].join("");

const VALUES: Record<string, unknown> = {
    "nested objects and arrays": { a: [1, [2, [3, { b: [4] }]]], c: { d: { e: { f: "g" } } } },
    "empty arrays and objects at every level": { a: [], b: {}, c: [[], {}, [[]], [{}]], d: { e: {}, f: [] } },
    "what JSON leaves out or writes as null": { u: undefined, f: () => 1, s: Symbol("s"), list: [undefined, () => 1, Symbol("t"), null], n: null },
    "values with toJSON": { when: new Date(Date.UTC(2026, 10, 30)), nested: [{ at: new Date(0) }] },
    "strings needing escapes, keys too": { "line\nbreak": "a\nb\t\"c\"\\", "\u2028": "\u{1F512}", "": "" },
    "numbers JSON cannot hold": { nan: NaN, inf: Infinity, neg: -0 },
    "a top-level array": [{ a: 1 }, [], "x"],
    "a scalar": "just text",
    "an object holding only left-out values": { u: undefined, list: [{ f: () => 1 }] },
};

describe("jsonChunks: the JSON report in pieces", () => {
    for (const [shape, value] of Object.entries(VALUES)) {
        for (const depth of [0, 1, 2, 3, 8]) {
            it(`joins to JSON.stringify(value, null, 2): ${shape}, walking ${depth} levels`, () => {
                assert.equal(joined(value, depth), JSON.stringify(value, null, 2));
            });
        }
    }

    it("joins to JSON.stringify for a large document (the report's JSON schema), and comes in more than one piece", () => {
        const example = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "cli", "report", "report.schema.json"), "utf8"));
        assert.equal(joined(example), JSON.stringify(example, null, 2));
        assert.ok([...jsonChunks(example)].length > 10);
    });
});
