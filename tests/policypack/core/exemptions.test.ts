import * as assert from "assert";
import { Exemption, matchExemption } from "../../../policypack/lib/exemptions";
import { T } from "../../../policypack/lib/types";
import { bedrockGuardrailCustomerKey } from "../../../policypack/rules/model/bedrock-guardrail-customer-key";
import { messages, runResourceRule, urnOf } from "../../helpers/policy-harness";
import { guardrail } from "../fixtures/guardrail";

const exemption: Exemption = { resource: "baseline-guardrail", reason: "key migration in progress", approver: "ciso@example.com", expires: "2030-06-30" };
const noKey = guardrail((p) => delete p.kmsKeyArn);
const NOT_SET = "kmsKeyArn is not set: the guardrail is encrypted with an AWS owned key that the organization cannot govern or revoke";
const run = (exemptions: Exemption[], now: string, resource = noKey) =>
    runResourceRule(bedrockGuardrailCustomerKey, resource, { config: { exemptions }, now: new Date(now) });

describe("exemptions", () => {
    it("turns a violation on an exempt resource into an advisory [exempt] diagnostic with reason, approver and expiry", async () => {
        const outcome = await run([exemption], "2030-01-01T00:00:00Z");
        assert.strictEqual(outcome.violations.length, 1, "reported, never silently skipped");
        const [v] = outcome.violations;
        assert.strictEqual(v.enforcementLevel, "advisory");
        assert.strictEqual(v.urn, urnOf(T.guardrail, "baseline-guardrail"));
        assert.strictEqual(
            v.message,
            `${bedrockGuardrailCustomerKey.description}\n[exempt] ${NOT_SET} (exempted: key migration in progress; approved by ciso@example.com; expires 2030-06-30)`,
        );
    });

    it("applies through the whole expiry day (UTC)", async () => {
        const outcome = await run([exemption], "2030-06-30T23:59:59Z");
        assert.strictEqual(outcome.violations[0].enforcementLevel, "advisory");
    });

    it("lets the violation stand once the exemption has expired, with a note", async () => {
        const outcome = await run([exemption], "2030-07-01T00:00:00Z");
        assert.strictEqual(outcome.violations.length, 1);
        assert.strictEqual(outcome.violations[0].enforcementLevel, "mandatory");
        assert.deepStrictEqual(messages(outcome), [`${NOT_SET} (exemption expired on 2030-06-30)`]);
    });

    it("leaves resources it does not match unaffected", async () => {
        const outcome = await run([{ ...exemption, resource: "other-guardrail" }], "2030-01-01T00:00:00Z");
        assert.strictEqual(outcome.violations[0].enforcementLevel, "mandatory");
        assert.deepStrictEqual(messages(outcome), [NOT_SET]);
    });

    it("matches by name or URN, with * as a wildcard", async () => {
        for (const resource of ["baseline-*", "*guardrail", urnOf(T.guardrail, "baseline-guardrail"), "urn:pulumi:test::*::aws:bedrock/guardrail:Guardrail::*"]) {
            const outcome = await run([{ ...exemption, resource }], "2030-01-01T00:00:00Z");
            assert.strictEqual(outcome.violations[0].enforcementLevel, "advisory", resource);
        }
        const dotIsLiteral = await run([{ ...exemption, resource: "baseline.guardrail" }], "2030-01-01T00:00:00Z");
        assert.strictEqual(dotIsLiteral.violations[0].enforcementLevel, "mandatory");
    });

    it("prefers an active exemption over an expired one for the same resource", async () => {
        const expired = { ...exemption, expires: "2020-01-01" };
        const outcome = await run([expired, exemption], "2030-01-01T00:00:00Z");
        assert.strictEqual(outcome.violations[0].enforcementLevel, "advisory");
    });

    it("reports nothing for a compliant resource, exempt or not", async () => {
        const outcome = await run([exemption], "2030-01-01T00:00:00Z", guardrail());
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("is part of every rule's config, defaulting to none", async () => {
        const outcome = await runResourceRule(bedrockGuardrailCustomerKey, noKey);
        assert.strictEqual(outcome.violations[0].enforcementLevel, "mandatory");
    });

    describe("matchExemption", () => {
        const urn = urnOf(T.guardrail, "baseline-guardrail");
        it("answers active, expired or nothing", () => {
            assert.deepStrictEqual(matchExemption([exemption], urn, new Date("2030-01-01")), { status: "active", exemption });
            assert.deepStrictEqual(matchExemption([exemption], urn, new Date("2031-01-01")), { status: "expired", exemption });
            assert.strictEqual(matchExemption([exemption], urnOf(T.guardrail, "other"), new Date("2030-01-01")), undefined);
            assert.strictEqual(matchExemption([], urn, new Date("2030-01-01")), undefined);
        });

        it("treats an unreadable expiry date as expired", () => {
            assert.strictEqual(matchExemption([{ ...exemption, expires: "someday" }], urn, new Date("2030-01-01"))?.status, "expired");
        });
    });
});
