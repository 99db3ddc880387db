import * as assert from "assert";
import { aiServicesOptOutContent } from "../../../../policypack/lib/organizations/ai-opt-out";
import { T } from "../../../../policypack/lib/types";
import { aiServicesOptOutPolicy as rule } from "../../../../policypack/rules/organization/ai-services-opt-out-policy";
import { FakeResource, messages, runStackRule, UNKNOWN } from "../../../helpers/policy-harness";
import { orgStack, ROOT_ID } from "./fixtures";

const policy = (content: unknown, attached = true): FakeResource[] => [
    { type: T.orgPolicy, name: "ai-opt-out", props: { name: "ai-opt-out", type: "AISERVICES_OPT_OUT_POLICY", content: typeof content === "string" ? content : JSON.stringify(content), id: "p-aioptout1" } },
    ...(attached ? [{ type: T.orgPolicyAttachment, name: "ai-opt-out-root", props: { policyId: "p-aioptout1", targetId: ROOT_ID } }] : []),
];
const run = (resources: FakeResource[]) => runStackRule(rule, [...orgStack(), ...resources]);
// The AWS Organizations guide's example, which Prowler's organizations_opt_out_ai_services_policy passes.
const GUIDE = { services: { default: { opt_out_policy: { "@@operators_allowed_for_child_policies": ["@@none"], "@@assign": "optOut" } } } };

describe("ai-services-opt-out-policy", () => {
    it("passes the guide's policy attached to the root, and the component's content is that policy", async () => {
        assert.deepStrictEqual((await run(policy(GUIDE))).violations, []);
        assert.deepStrictEqual(aiServicesOptOutContent(), GUIDE);
    });

    it("flags an organization without the policy, and an unattached one", async () => {
        assert.match(messages(await run([]))[0], /has no AISERVICES_OPT_OUT_POLICY/);
        assert.match(messages(await run(policy(GUIDE, false)))[0], /it is not attached to any root, OU or account/);
    });

    it("flags the cases Prowler fails: no default opt-out, and no lock on child policies", async () => {
        const optIn = { services: { default: { opt_out_policy: { "@@assign": "optIn" } } } };
        assert.match(messages(await run(policy(optIn)))[0], /services\.default\.opt_out_policy does not assign "optOut"/);
        const unlocked = { services: { default: { opt_out_policy: { "@@assign": "optOut" } } } };
        assert.match(messages(await run(policy(unlocked)))[0], /does not set @@operators_allowed_for_child_policies to \["@@none"\]: a policy on an OU or account can opt back in/);
    });

    it("flags a service opted back in next to the default opt-out", async () => {
        const back = { services: { ...GUIDE.services, lex: { opt_out_policy: { "@@assign": "optIn" } } } };
        assert.match(messages(await run(policy(back)))[0], /services\.lex opts back in \("optIn"\)/);
    });

    it("cannot decide during preview when the content is unknown", async () => {
        const resources = policy(GUIDE);
        resources[0].props.content = UNKNOWN;
        const outcome = await run(resources);
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.previewUnknown ?? "", /during preview/);
    });

    it("asks only the declared organization stack for an effective policy; elsewhere it reviews each policy", async () => {
        const optIn = { services: { default: { opt_out_policy: { "@@assign": "optIn" } } } };
        const two = [...policy(optIn), { ...policy(optIn)[0], name: "second", props: { ...policy(optIn)[0].props, name: "second", id: "p-aioptout2" } }];
        const providedBy = { stacks: ["org"], accountId: "999999999999" };
        const at = (stack: string, resources: FakeResource[]) => resources.map((r) => ({ ...r, urn: `urn:pulumi:${stack}::platform::${r.type}::${r.name}` }));
        const home = messages(await runStackRule(rule, at("org", [...orgStack(), ...two]), { config: { providedBy } }));
        assert.equal(home[home.length - 1], "no AISERVICES_OPT_OUT_POLICY of the organization stack is both valid and attached");
        const review = messages(await runStackRule(rule, at("security-prod", two), { config: { providedBy } }));
        assert.equal(review.length, 2);
        assert.ok(review.every((m) => /^AI services opt-out policy "(ai-opt-out|second)": /.test(m)), review.join("\n"));
    });

    it("is not applicable outside organization stacks", async () => {
        assert.match((await runStackRule(rule, [{ type: T.guardrail, name: "g", props: {} }])).notApplicable ?? "", /not an organization stack/);
    });

    it("reports odd input in one line", async () => {
        assert.match(messages(await run(policy("{opt")))[0], /not valid JSON/);
        assert.match(messages(await run(policy({ default: "optOut" })))[0], /has no "services" object/);
    });
});
