import * as assert from "assert";
import { componentOptions, componentType } from "../../../components/shared/component";

describe("componentOptions", () => {
    it("adds an alias from the former module token", () => {
        assert.deepStrictEqual(componentOptions("AgentIdentity", "identity", undefined).aliases, [{ type: "ai-guardrails:identity:AgentIdentity" }]);
        assert.strictEqual(componentType("AgentIdentity"), "ai-guardrails:index:AgentIdentity");
    });

    it("gives a caller's alias for a former name a copy under the former token, since deployed stacks hold that name with that token", () => {
        const opts = componentOptions("AgentIdentity", "identity", { aliases: [{ name: "triage-identity" }, "urn:pulumi:dev::p::t::n"] });
        assert.deepStrictEqual(opts.aliases, [
            { name: "triage-identity" },
            "urn:pulumi:dev::p::t::n",
            { type: "ai-guardrails:identity:AgentIdentity" },
            { name: "triage-identity", type: "ai-guardrails:identity:AgentIdentity" },
        ]);
    });
});
