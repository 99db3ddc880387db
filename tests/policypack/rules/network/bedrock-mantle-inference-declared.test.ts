import { strict as assert } from "assert";
import { bedrockMantleInferenceDeclared as rule } from "../../../../policypack/rules/network/bedrock-mantle-inference-declared";
import { T } from "../../../../policypack/lib/types";
import { FakeResource, messages, runStackRule, UNKNOWN } from "../../../helpers/policy-harness";

const doc = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const endpoint = (service: string, tags?: Record<string, string>): FakeResource => ({
    type: T.vpcEndpoint,
    name: service,
    props: { serviceName: `com.amazonaws.us-east-1.${service}`, vpcEndpointType: "Interface", vpcId: "vpc-0a1b2c3d", tags },
});
const policy = (document: string): FakeResource => ({ type: T.iamPolicy, name: "app", props: { name: "app", policy: document } });

describe("bedrock-mantle-inference-declared (AIG-NET-3)", () => {
    it("is not applicable to a stack that opens no Mantle path, and passes the runtime endpoints", async () => {
        const outcome = await runStackRule(rule, [endpoint("bedrock-runtime"), policy(doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" }))]);
        assert.deepEqual(outcome.violations, []);
        assert.match(outcome.notApplicable ?? "", /no Mantle endpoint/);
    });

    it("flags a Mantle endpoint and a Mantle grant without a reason, saying what Mantle bypasses", async () => {
        const outcome = await runStackRule(rule, [
            endpoint("bedrock-mantle"),
            // An OpenAI-compatible client's policy, as Bedrock's Mantle quick start grants it.
            policy(doc({ Sid: "Mantle", Effect: "Allow", Action: ["bedrock-mantle:CreateInference", "bedrock-mantle:ListModels"], Resource: "*" })),
        ]);
        assert.equal(outcome.violations.length, 2);
        assert.ok(outcome.violations.every((v) => v.enforcementLevel === "mandatory"));
        assert.match(messages(outcome)[0], /the VPC endpoint bedrock-mantle opens a private path to Mantle inference without a declared reason: .*no Bedrock guardrail.*invocation logging does not record it/);
        assert.match(messages(outcome)[1], /app \(policy, statement "Mantle"\) allows bedrock-mantle:CreateInference without a declared reason/);
    });

    it("reports a declared use as advisory: the endpoint's tag (the component's), or the policy's reason", async () => {
        const tagged = await runStackRule(rule, [endpoint("bedrock-mantle", { "ai-guardrails:mantle-inference-reason": "support bot's OpenAI client" })]);
        assert.equal(tagged.violations[0].enforcementLevel, "advisory");
        assert.match(messages(tagged)[0], /\[acknowledged\] the VPC endpoint bedrock-mantle .*declared \(support bot's OpenAI client\): Mantle inference/);
        const configured = await runStackRule(rule, [policy(doc({ Effect: "Allow", Action: "bedrock-mantle:*", Resource: "*" }))], { config: { reason: "evaluation account" } });
        assert.equal(configured.violations[0].enforcementLevel, "advisory");
    });

    it("reads the FIPS endpoint name, and an endpoint whose tags are unknown at preview falls back to the configured reason", async () => {
        const fips: FakeResource = { ...endpoint("bedrock-mantle-fips"), name: "fips" };
        assert.equal((await runStackRule(rule, [fips])).violations.length, 1);
        const preview: FakeResource = { ...endpoint("bedrock-mantle"), props: { ...endpoint("bedrock-mantle").props, tags: UNKNOWN } };
        assert.equal((await runStackRule(rule, [preview])).violations[0].enforcementLevel, "mandatory");
        assert.equal((await runStackRule(rule, [preview], { config: { reason: "evaluation account" } })).violations[0].enforcementLevel, "advisory");
    });
});
