import * as assert from "assert";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { configSchemaOf, resourceRule, stackRule, toPolicy } from "../../../policypack/lib/rule";
import { T } from "../../../policypack/lib/types";
import { messages, runResourceRule, runStackRule, UNKNOWN } from "../../helpers/policy-harness";

const metadata = {
    id: "AIG-MI-99",
    layer: "model" as const,
    severity: "low" as const,
    displayName: "Test rule",
    frameworks: { owaspLlm: ["LLM01" as const], awsAisf: ["AISF-AI-01" as const] },
    description: "A test rule.",
    explanation: "Exercises the framework.",
    seedControl: "none",
    peers: [],
    remediation: "None needed.",
};

const probe = resourceRule<{ limit: number }>({
    ...metadata,
    name: "framework-probe",
    configSchema: { properties: { limit: { type: "number", default: 3 } }, required: ["limit"] },
    resourceTypes: [T.guardrail],
    validate: async ({ props }, { config, report }) => {
        await new Promise((resolve) => setImmediate(resolve));
        if (props.count > config.limit) {
            report(`count ${props.count} is over ${config.limit}`);
        }
    },
});

const stackProbe = stackRule({
    ...metadata,
    name: "framework-stack-probe",
    enforcementLevel: "advisory",
    validateStack: ({ resources }, { report }) => {
        for (const r of resources) {
            report(`saw ${r.name}`, r.urn);
        }
        report("stack-level");
    },
});

describe("the rule framework", () => {
    it("turns metadata into the CrossGuard policy: name, display name, description, level, severity, remediation, url, framework, tags", () => {
        const policy = toPolicy(probe) as ResourceValidationPolicy;
        assert.strictEqual(policy.name, "framework-probe");
        assert.strictEqual(policy.description, "A test rule.");
        assert.strictEqual(policy.enforcementLevel, "mandatory", "mandatory unless the rule says otherwise");
        assert.strictEqual(policy.severity, "low");
        assert.strictEqual(policy.remediationSteps, "None needed.");
        assert.strictEqual(policy.displayName, "Test rule");
        assert.strictEqual(policy.url, "https://github.com/pulumi-ai-guardrails/pulumi-ai-guardrails/blob/main/README.md#aig-mi-99");
        assert.deepStrictEqual(policy.framework, { name: "OWASP Top 10 for LLM Applications", version: "2025", reference: "LLM01:2025", specification: "Prompt Injection" });
        assert.deepStrictEqual(policy.tags, ["AIG-MI-99", "model", "owasp-llm-2025:LLM01", "aws-aisf:AISF-AI-01"]);
        assert.strictEqual((toPolicy(stackProbe) as StackValidationPolicy).enforcementLevel, "advisory");
    });

    it("adds exemptions to the rule's own config schema, keeping required keys", () => {
        const schema = configSchemaOf(probe);
        assert.deepStrictEqual(Object.keys(schema.properties), ["limit", "exemptions"]);
        assert.deepStrictEqual(schema.required, ["limit"]);
        assert.deepStrictEqual(schema.properties.exemptions.default, []);
        assert.deepStrictEqual(Object.keys(configSchemaOf(stackProbe).properties), ["exemptions"]);
    });

    it("applies config defaults and overrides, and awaits asynchronous rules", async () => {
        assert.deepStrictEqual(messages(await runResourceRule(probe, { type: T.guardrail, name: "g", props: { count: 4 } })), ["count 4 is over 3"]);
        assert.deepStrictEqual((await runResourceRule(probe, { type: T.guardrail, name: "g", props: { count: 4 } }, { config: { limit: 5 } })).violations, []);
    });

    it("answers not applicable for other resource types without running the rule", async () => {
        const outcome = await runResourceRule(probe, { type: T.iamRole, name: "r", props: { count: UNKNOWN } });
        assert.strictEqual(outcome.notApplicable, `Policy only applies to resources of type '${T.guardrail}'`);
        assert.strictEqual(outcome.previewUnknown, undefined);
    });

    it("answers not applicable with the SDK's error, built without a stack trace, and leaves the trace limit as it was", () => {
        const validate = (toPolicy(probe) as ResourceValidationPolicy).validateResource as (args: unknown, report: unknown) => unknown;
        let thrown: (Error & { reason?: string }) | undefined;
        const limit = Error.stackTraceLimit;
        const args = {
            type: T.iamRole,
            notApplicable: (reason: string) => {
                assert.strictEqual(Error.stackTraceLimit, 0, "no trace is captured while the error is built");
                throw Object.assign(new Error(reason), { reason });
            },
        };
        try {
            validate(args, () => undefined);
        } catch (e) {
            thrown = e as Error & { reason?: string };
        }
        assert.strictEqual(thrown?.reason, `Policy only applies to resources of type '${T.guardrail}'`);
        assert.strictEqual(Error.stackTraceLimit, limit);
    });

    it("builds a rule's own not-applicable answer without a stack trace too", async () => {
        const ownAnswer = resourceRule({ ...metadata, name: "own-answer", resourceTypes: [T.guardrail], validate: ({ notApplicable }) => notApplicable("nothing to judge") });
        const validate = (toPolicy(ownAnswer) as ResourceValidationPolicy).validateResource as (args: unknown, report: unknown) => unknown;
        const limits: number[] = [];
        const args = {
            type: T.guardrail,
            props: {},
            getConfig: () => ({}),
            notApplicable: (reason: string) => {
                limits.push(Error.stackTraceLimit);
                throw Object.assign(new Error(reason), { reason });
            },
        };
        assert.throws(() => validate(args, () => undefined), (e: Error & { reason?: string }) => e.reason === "nothing to judge");
        assert.deepStrictEqual(limits, [0]);
    });

    it("checks a policy's settings again when a configured value changes, and answers from the values it was given", async () => {
        const validate = (toPolicy(probe) as ResourceValidationPolicy).validateResource as (args: unknown, report: (m: unknown) => void) => Promise<void>;
        // As the SDK hands them: a new object on every call, holding the configured values.
        const callWith = async (settings: () => Record<string, unknown>) => {
            const reported: string[] = [];
            await validate({ type: T.guardrail, urn: "urn:pulumi:s::p::t::g", name: "g", props: { count: 4 }, getConfig: settings }, (m) =>
                reported.push(typeof m === "string" ? m : (m as { message: string }).message),
            );
            return reported;
        };
        const none: unknown[] = [];
        const exempt = [{ resource: "g", reason: "r", approver: "a", expires: "2099-01-01" }];
        assert.deepStrictEqual(await callWith(() => ({ limit: 5, exemptions: none })), []);
        assert.deepStrictEqual(await callWith(() => ({ limit: 5, exemptions: none })), [], "the same values, in a new object");
        assert.deepStrictEqual(await callWith(() => ({ limit: 3, exemptions: none })), ["count 4 is over 3"], "a changed value is read");
        assert.match((await callWith(() => ({ limit: 3, exemptions: exempt })))[0], /\[exempt\] count 4 is over 3/);
        assert.deepStrictEqual(await callWith(() => ({ limit: 3 })), ["count 4 is over 3"], "a key that is gone is noticed");
        await assert.rejects(callWith(() => ({ limt: 3, exemptions: none })), /unknown key "limt"/);
        await assert.rejects(callWith(() => ({ limt: 3, exemptions: none })), /unknown key "limt"/, "refused again on the next call");
    });

    it("leaves unknowns to the SDK: reading one stops the rule with the preview note", async () => {
        const outcome = await runResourceRule(probe, { type: T.guardrail, name: "g", props: { count: UNKNOWN } });
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.previewUnknown ?? "", /can't run policy 'framework-probe' during preview: string value at \.count/);
    });

    it("reports stack findings on a resource or on the stack, and exempts only those on a matching resource", async () => {
        const exemptions = [{ resource: "a", reason: "r", approver: "p", expires: "2099-01-01" }];
        const outcome = await runStackRule(stackProbe, [{ type: T.guardrail, name: "a", props: {} }, { type: T.guardrail, name: "b", props: {} }], { config: { exemptions } });
        assert.deepStrictEqual(
            outcome.violations.map((v) => [v.enforcementLevel, v.message.split("\n")[1]]),
            [
                ["advisory", "[exempt] saw a (exempted: r; approved by p; expires 2099-01-01)"],
                ["advisory", "saw b"],
                ["advisory", "stack-level"],
            ],
        );
    });
});

describe("the rule framework: strict settings in the pack itself (what a Pulumi CLI cannot check through the schema)", () => {
    it("refuses a key the policy does not have, naming the nearest, and an exemption expiring on a day that does not exist", async () => {
        const resource = { type: T.guardrail, name: "g", props: { count: 1 } };
        await assert.rejects(runResourceRule(probe, resource, { config: { limt: 3 } }), /policy framework-probe: invalid settings: unknown key "limt" \(did you mean "limit"\?\)/);
        const exemptions = [{ resource: "g", reason: "r", approver: "a", expires: "2027-02-30" }];
        await assert.rejects(runResourceRule(probe, resource, { config: { exemptions } }), /exemptions\[0\]\.expires: "2027-02-30" is not a calendar date/);
    });
});
