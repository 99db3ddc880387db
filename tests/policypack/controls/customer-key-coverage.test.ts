/**
 * The classification's customer-key properties (CUSTOMER_KEY_PROPERTIES) are read by a rule: every
 * classified type that stores data under a key of its own is among some resource rule's types,
 * or is a listed exception with the reason it is not.
 */
import { strict as assert } from "assert";
import { CUSTOMER_KEY_PROPERTIES } from "../../../policypack/lib/types";
import { rules } from "../../../policypack/policies";

/** Types with a customer-key property that no resource rule reads, and why. */
const EXCEPTIONS: Readonly<Record<string, string>> = {
    "aws:bedrock/agentcoreTokenVaultCmk:AgentcoreTokenVaultCmk": "judged by the stack rule agentcore-token-vault-customer-key (AIG-AT-13), which also asks for it where credentials are kept",
    "aws:bedrock/agentcoreHarness:AgentcoreHarness": "not yet read by a rule (gap): the managed memory key of a harness",
    "aws:bedrock/agentcoreEvaluator:AgentcoreEvaluator": "not yet read by a rule (gap)",
    "aws:bedrock/evaluationJob:EvaluationJob": "not yet read by a rule (gap)",
    "aws:agentregistry/registry:Registry": "not yet read by a rule (gap)",
};

describe("customer-key properties of the classification", () => {
    const read = new Set(rules.flatMap((r) => (r.kind === "resource" ? r.resourceTypes : [])));
    const keyed = Object.keys(CUSTOMER_KEY_PROPERTIES);

    it("are each read by a resource rule, or listed as an exception with its reason", () => {
        assert.deepEqual(keyed.filter((t) => !read.has(t) && !(t in EXCEPTIONS)), []);
    });

    it("list no exception that a rule now reads, or that the classification no longer keys", () => {
        assert.deepEqual(Object.keys(EXCEPTIONS).filter((t) => read.has(t) || !keyed.includes(t)), []);
    });
});
