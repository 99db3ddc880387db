import * as assert from "assert";
import { bedrockOrgGuardrailPolicy } from "../../../../policypack/rules/organization/bedrock-org-guardrail-policy";
import { T } from "../../../../policypack/lib/types";
import { FakeResource, messages, runStackRule, UNKNOWN } from "../../../helpers/policy-harness";
import { bedrockPolicy, detach, GUARDRAIL_ARN, MANAGEMENT_ACCOUNT, orgStack } from "./fixtures";

const run = (resources: FakeResource[], config?: Record<string, unknown>) => runStackRule(bedrockOrgGuardrailPolicy, resources, { config });
const config = (doc: any) => doc.bedrock.guardrail_inference["us-east-1"].ai_guardrails_baseline;
const edited = (edit: (c: any, doc: any) => void) => {
    const doc = bedrockPolicy();
    edit(config(doc), doc);
    return doc;
};

describe("bedrock-org-guardrail-policy", () => {
    it("passes an attached Bedrock policy pinning a numeric guardrail version on all models, with the guardrail shared to the organization", async () => {
        const out = await run(orgStack(), { requiredRegions: ["us-east-1"], managementAccountId: MANAGEMENT_ACCOUNT });
        assert.deepStrictEqual(out.violations, []);
    });

    it("flags a policy pointing at DRAFT", async () => {
        const out = await run(orgStack({ bedrock: edited((c) => (c.identifier["@@assign"] = `${GUARDRAIL_ARN}:DRAFT`)) }));
        assert.match(messages(out)[0], /us-east-1\.ai_guardrails_baseline: identifier .*:DRAFT points at DRAFT, the mutable working copy; pin a published numeric version/);
    });

    it("flags an identifier without a version, with a non-numeric version, or in another Region", async () => {
        assert.match(messages(await run(orgStack({ bedrock: edited((c) => (c.identifier["@@assign"] = GUARDRAIL_ARN)) })))[0], /has no version/);
        assert.match(messages(await run(orgStack({ bedrock: edited((c) => (c.identifier["@@assign"] = `${GUARDRAIL_ARN}:v2`)) })))[0], /not a published numeric version/);
        const moved = edited((c, doc) => {
            doc.bedrock.guardrail_inference["eu-west-1"] = doc.bedrock.guardrail_inference["us-east-1"];
            delete doc.bedrock.guardrail_inference["us-east-1"];
        });
        assert.match(messages(await run(orgStack({ bedrock: moved })))[0], /lives in us-east-1; a Region's policy must name a guardrail in that Region/);
    });

    it("flags a missing policy, an unattached one, and a missing required Region", async () => {
        assert.match(messages(await run(orgStack({ bedrock: null })))[0], /has no BEDROCK_POLICY/);
        assert.match(messages(await run(detach(orgStack(), "bedrock-baseline")))[0], /it is not attached/);
        assert.match(messages(await run(orgStack(), { requiredRegions: ["us-east-1", "eu-west-1"] }))[0], /no guardrail is enforced in eu-west-1/);
    });

    it("flags enforcement limited to some models, unapproved exclusions and selective message guarding", async () => {
        assert.match(messages(await run(orgStack({ bedrock: edited((c) => (c.model_enforcement.included_models["@@assign"] = ["anthropic.claude-3-haiku-20240307-v1:0"])) })))[0], /enforced only on/);
        const llama = "meta.llama3-70b-instruct-v1:0";
        assert.match(
            messages(await run(orgStack({ bedrock: edited((c) => (c.model_enforcement.excluded_models["@@assign"] = [llama])) })))[0],
            /meta\.llama3-70b-instruct-v1:0 is excluded from the guardrail without approval \(meta\.llama3-70b-instruct-v1:0 can take a guardrail: its calls run unguarded\)/,
        );
        assert.deepStrictEqual((await run(orgStack({ bedrock: edited((c) => (c.model_enforcement.excluded_models["@@assign"] = [llama])) }), { allowedExcludedModels: [llama] })).violations, []);
        assert.match(messages(await run(orgStack({ bedrock: edited((c) => (c.selective_content_guarding.messages["@@assign"] = "selective")) })))[0], /only tagged content is checked/);
    });

    it("accepts the Organizations guide's own exclusions: embedding models cannot take a guardrail", async () => {
        // "Amazon Bedrock policy syntax and examples" excludes these two from enforcement.
        const guide = edited((c) => (c.model_enforcement.excluded_models["@@assign"] = ["amazon.titan-embed-text-v2:0", "cohere.embed-english-v3"]));
        assert.deepStrictEqual((await run(orgStack({ bedrock: guide }))).violations, []);
    });

    it("flags selective system-prompt guarding unless the config states why; an omitted system element is AWS's comprehensive default", async () => {
        const selective = edited((c) => (c.selective_content_guarding.system["@@assign"] = "selective"));
        assert.match(messages(await run(orgStack({ bedrock: selective })))[0], /selective_content_guarding\.system is "selective": AWS evaluates no system-prompt content without guard-content tags/);
        assert.deepStrictEqual((await run(orgStack({ bedrock: selective }), { selectiveSystemReason: "every system prompt is tagged by the platform SDK" })).violations, []);
        assert.deepStrictEqual((await run(orgStack({ bedrock: edited((c) => delete c.selective_content_guarding.system) }))).violations, []);
    });

    it("flags a guardrail of another account, and one without a resource-based policy for the organization", async () => {
        assert.match(messages(await run(orgStack(), { managementAccountId: "111122223333" }))[0], /belongs to account 999999999999, not the management account 111122223333/);
        const unshared = orgStack().filter((r) => r.type !== T.guardrailResourcePolicy);
        assert.match(messages(await run(unshared))[0], /has no resource-based policy in this stack letting member accounts call bedrock:ApplyGuardrail/);
        assert.deepStrictEqual((await run(unshared, { requireGuardrailResourcePolicy: false })).violations, []);
    });

    it("flags a resource-based policy that does not allow bedrock:ApplyGuardrail on the guardrail (odd shapes included)", async () => {
        const withDocument = (policyDocument: unknown) =>
            orgStack().map((r) => (r.type === T.guardrailResourcePolicy ? { ...r, props: { ...r.props, policyDocument } } : r));
        const readOnly = { Version: "2012-10-17", Statement: { Effect: "Allow", Principal: "*", Action: "bedrock:GetGuardrail", Resource: GUARDRAIL_ARN } };
        const otherGuardrail = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "bedrock:ApplyGuardrail", Resource: `${GUARDRAIL_ARN}x` }] };
        for (const doc of [readOnly, otherGuardrail, JSON.stringify(readOnly), "{not json", undefined]) {
            const m = messages(await run(withDocument(doc)));
            assert.strictEqual(m.length, 1, JSON.stringify(doc));
            assert.match(m[0], /the resource-based policy of the guardrail .*: (policy grammar: .*; )?it does not allow bedrock:ApplyGuardrail on/);
        }
    });

    it("accepts the organization pattern of the Bedrock user guide and flags shapes the restricted guardrail policy language does not document", async () => {
        const withStatement = (statement: Record<string, unknown>) =>
            orgStack().map((r) => (r.type === T.guardrailResourcePolicy ? { ...r, props: { ...r.props, policyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) } } : r));
        // "Using resource-based policies for guardrails", sharing with an organization.
        const documented = {
            Effect: "Allow",
            Principal: "*",
            Action: ["bedrock:ApplyGuardrail", "bedrock:GetGuardrail"],
            Resource: GUARDRAIL_ARN,
            Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
        };
        assert.deepStrictEqual((await run(withStatement(documented))).violations, []);
        const objectPrincipal = messages(await run(withStatement({ ...documented, Principal: { AWS: "*" } })))[0];
        assert.match(objectPrincipal, /writes the principal as \{"AWS": "\*"\}; guardrail resource policies document only the string form "Principal": "\*"/);
        const anyone = messages(await run(withStatement({ ...documented, Condition: undefined })))[0];
        assert.match(anyone, /allows Principal "\*" without a StringEquals aws:PrincipalOrgID \(or aws:PrincipalOrgPaths\) condition, which guardrail resource policies do not support/);
        const applyOnly = messages(await run(withStatement({ ...documented, Action: "bedrock:ApplyGuardrail" })))[0];
        assert.match(applyOnly, /does not allow bedrock:GetGuardrail: the documented organization pattern grants bedrock:ApplyGuardrail and bedrock:GetGuardrail/);
        const more = messages(await run(withStatement({ ...documented, Action: ["bedrock:*"] })))[0];
        assert.match(more, /grants bedrock:\* besides bedrock:ApplyGuardrail and bedrock:GetGuardrail/);
        const namedAccounts = messages(await run(withStatement({ ...documented, Principal: { AWS: "arn:aws:iam::111122223333:root" }, Condition: undefined })))[0];
        assert.match(namedAccounts, /allows bedrock:ApplyGuardrail only to named principals, not to the organization/);
        // An organization path condition (OU-level sharing) is accepted too.
        const ou = { ...documented, Condition: { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"] } } };
        assert.deepStrictEqual((await run(withStatement(ou))).violations, []);
    });

    it("links the resource-based policy to the guardrail through property dependencies", async () => {
        const resources = orgStack();
        const share = resources.find((r) => r.type === T.guardrailResourcePolicy)!;
        share.props.resourceArn = "arn:aws:bedrock:us-east-1:999999999999:guardrail/other";
        share.propertyDependencies = { resourceArn: ["org-guardrail"] };
        assert.deepStrictEqual((await run(resources)).violations, []);
    });

    it("flags a managed organization that does not enable BEDROCK_POLICY", async () => {
        const org: FakeResource = { type: T.organization, name: "org", props: { enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"] } };
        assert.match(messages(await run([...orgStack(), org]))[0], /does not enable BEDROCK_POLICY/);
    });

    it("is not applicable outside organization stacks", async () => {
        assert.match((await run([{ type: T.guardrail, name: "g", props: {} }])).notApplicable ?? "", /not an organization stack/);
    });

    it("reports a preview-time unknown content (the guardrail's ARN) as not runnable, without a violation", async () => {
        const resources = orgStack();
        const policy = resources.find((r) => r.name === "bedrock-baseline")!;
        policy.props.content = UNKNOWN;
        policy.propertyDependencies = { content: ["org-guardrail", "org-guardrail-version"] };
        const out = await run(resources);
        assert.deepStrictEqual(out.violations, []);
        assert.match(out.previewUnknown ?? "", /can't run policy 'bedrock-org-guardrail-policy' during preview/);
    });

    it("reports odd input without crashing", async () => {
        assert.match(messages(await run(orgStack({ bedrock: "{bad" })))[0], /not valid JSON/);
        assert.match(messages(await run(orgStack({ bedrock: { bedrock: {} } })))[0], /has no "bedrock" -> "guardrail_inference" object/);
        const odd = await run(orgStack({ bedrock: edited((c) => Object.assign(c, { identifer: c.identifier, identifier: "plain", model_enforcement: "ALL" })) }));
        const text = messages(odd)[0];
        assert.match(text, /unknown element "identifer"/);
        assert.match(text, /identifier must be an object with "@@assign"/);
        assert.match(text, /model_enforcement must be an object/);
    });
});
