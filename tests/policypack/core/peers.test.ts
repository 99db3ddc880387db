import * as assert from "assert";
import { rules } from "../../../policypack/rules";

/** The tools a rule's peers may name, spelled one way, so reports can group by tool. */
const TOOLS = ["SecurityHub", "AWSConfig", "Prowler", "Checkov", "cdk-nag", "Parliament"];

describe("rule peers", () => {
    it("name the tool and the check as Tool:ID, each once", () => {
        for (const rule of rules) {
            for (const peer of rule.peers) {
                const [tool, id] = peer.split(/:(.*)/s);
                assert.ok(TOOLS.includes(tool) && id !== undefined && id.trim() !== "", `${rule.name}: ${peer}`);
            }
            assert.strictEqual(new Set(rule.peers).size, rule.peers.length, rule.name);
        }
    });

    it("spell the scanners' own IDs: Security Hub controls, AWS Config rule names, Prowler check names, Checkov IDs", () => {
        const patterns: Record<string, RegExp> = {
            SecurityHub: /^[A-Za-z0-9]+\.\d+$/,
            AWSConfig: /^[a-z0-9-]+$/,
            Prowler: /^[a-z0-9_]+$/,
            Checkov: /^CKV2?_AWS_\d+$/,
        };
        for (const rule of rules) {
            for (const peer of rule.peers) {
                const [tool, id] = peer.split(/:(.*)/s);
                if (patterns[tool]) {
                    assert.match(id, patterns[tool], `${rule.name}: ${peer}`);
                }
            }
        }
    });
});
