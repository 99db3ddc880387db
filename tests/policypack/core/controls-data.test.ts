/**
 * Control values are data that components, rules and tools share: controls/ imports nothing, so
 * analysis and builders (lib/) depend on the data and never the other way round.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const CONTROLS = path.join(__dirname, "..", "..", "..", "policypack", "controls");

describe("control data", () => {
    it("imports nothing", () => {
        const files = fs.readdirSync(CONTROLS).filter((f) => f.endsWith(".ts"));
        assert.ok(files.length > 5, `${files.length} files`);
        const importing = files.filter((f) => /^\s*(import|export)\b[^;]*\bfrom\s+"|\brequire\(/m.test(fs.readFileSync(path.join(CONTROLS, f), "utf8")));
        assert.deepStrictEqual(importing, []);
    });
});
