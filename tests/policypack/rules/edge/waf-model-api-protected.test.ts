import * as assert from "assert";
import { wafModelApiProtected } from "../../../../policypack/rules/edge/waf-model-api-protected";
import { T } from "../../../../policypack/lib/types";
import { FakeResource, messages, runStackRule, UNKNOWN } from "../../../helpers/policy-harness";
import { allowRule, compliantRules, managedRules, modelApi, webAcl } from "./fixtures";

const run = (resources: FakeResource[], config?: Record<string, unknown>) => runStackRule(wafModelApiProtected, resources, { config });

describe("waf-model-api-protected", () => {
    it("passes a Bedrock-fronting stage with an associated web ACL carrying the managed rule groups", async () => {
        const out = await run([...modelApi(), webAcl()]);
        assert.deepStrictEqual(out.violations, []);
        assert.strictEqual(out.previewUnknown, undefined);
    });

    it("flags a Bedrock-fronting stage without a web ACL", async () => {
        const out = await run([...modelApi({ associate: false }), webAcl()]);
        assert.strictEqual(out.violations.length, 1);
        assert.match(messages(out)[0], /stage "model-api-stage" of model API "model-api" .* has no web ACL associated/);
        assert.strictEqual(out.violations[0].urn, "urn:pulumi:test::ai-guardrails::aws:apigateway/stage:Stage::model-api-stage");
    });

    it("flags a web ACL that lacks a required managed rule group", async () => {
        const rules = compliantRules().filter((r) => r.name !== "AWSManagedRulesKnownBadInputsRuleSet");
        const out = await run([...modelApi(), webAcl({ rules })]);
        assert.match(messages(out).join("\n"), /does not apply AWS\/AWSManagedRulesKnownBadInputsRuleSet/);
    });

    it("flags a managed rule group overridden to count", async () => {
        const rules = compliantRules().map((r) => (r.name === "AWSManagedRulesCommonRuleSet" ? { ...r, overrideAction: { count: {} } } : r));
        const out = await run([...modelApi(), webAcl({ rules })]);
        assert.match(messages(out).join("\n"), /does not apply AWS\/AWSManagedRulesCommonRuleSet \(absent, overridden to count, or placed after an allow rule\)/);
    });

    it("flags managed rule groups placed after an allow rule, which the requests it allows skip; passes them placed before it", async () => {
        const before = await run([...modelApi(), webAcl({ rules: [allowRule(5), ...compliantRules()] })]);
        assert.match(messages(before).join("\n"), /does not apply AWS\/AWSManagedRulesCommonRuleSet, AWS\/AWSManagedRulesKnownBadInputsRuleSet \(absent, overridden to count, or placed after an allow rule\)/);
        assert.deepStrictEqual((await run([...modelApi(), webAcl({ rules: [allowRule(50), ...compliantRules()] })])).violations, []);
    });

    it("cannot decide at preview when the association's stage ARN is unknown and comes from no resource in the stack", async () => {
        const resources = [...modelApi(), webAcl()];
        resources.find((r) => r.type === T.webAclAssociation)!.props.resourceArn = UNKNOWN;
        const out = await run(resources);
        assert.deepStrictEqual(out.violations, [], "not guessed to be unprotected");
        assert.match(out.previewUnknown ?? "", /can't run policy 'waf-model-api-protected' during preview/);
    });

    it("reads managed rule groups added as WebAclRuleGroupAssociation resources", async () => {
        const groups: FakeResource[] = managedRules().map((r, i) => ({
            type: T.webAclRuleGroupAssociation,
            name: `group-${i}`,
            props: { ruleName: r.name, priority: r.priority, webAclArn: webAcl().props.arn, managedRuleGroup: { vendorName: "AWS", name: r.name } },
        }));
        const out = await run([...modelApi(), webAcl({ rules: compliantRules().slice(0, 3) }), ...groups]);
        assert.deepStrictEqual(out.violations, []);
    });

    it("flags an API whose OpenAPI body integrates with Bedrock and has no web ACL", async () => {
        const [api, , stage] = modelApi({ associate: false });
        api.props.body = JSON.stringify({ paths: { "/invoke": { post: { "x-amazon-apigateway-integration": { type: "aws", uri: "arn:aws:apigateway:us-east-1:bedrock-runtime:path/model/m/invoke" } } } } });
        const out = await run([api, stage]);
        assert.match(messages(out)[0], /its OpenAPI body integrates with Bedrock/);
    });

    it("flags an HTTP API integration that reaches Bedrock, which WAF cannot protect", async () => {
        const out = await run([{ type: T.httpApiIntegration, name: "http-proxy", props: { integrationType: "HTTP_PROXY", integrationUri: "https://bedrock-runtime.us-east-1.amazonaws.com/model/m/invoke" } }]);
        assert.match(messages(out)[0], /AWS WAF cannot be associated with an HTTP API/);
    });

    it("ignores APIs that do not front Bedrock", async () => {
        const out = await run(modelApi({ associate: false, uri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations" }));
        assert.deepStrictEqual(out.violations, []);
        assert.strictEqual(out.notApplicable, "no API in the stack fronts Bedrock, and no web ACL is tagged as a model API's guard");
    });

    it("links the API, stage and association through property dependencies when IDs are unknown at preview", async () => {
        const [api, integration, stage, association] = modelApi();
        api.props = { name: "model-api", arn: UNKNOWN, executionArn: UNKNOWN };
        integration.props.restApi = UNKNOWN;
        integration.propertyDependencies = { restApi: ["model-api"] };
        stage.props = { restApi: UNKNOWN, stageName: "v1", arn: UNKNOWN };
        stage.propertyDependencies = { restApi: ["model-api"] };
        association.props = { resourceArn: UNKNOWN, webAclArn: UNKNOWN };
        association.propertyDependencies = { resourceArn: ["model-api-stage"], webAclArn: ["model-api-acl"] };
        const acl = webAcl();
        acl.props.arn = UNKNOWN;
        assert.deepStrictEqual((await run([api, integration, stage, association, acl])).violations, []);

        const unprotected = await run([api, integration, stage, acl]);
        assert.match(messages(unprotected)[0], /has no web ACL associated/);
    });

    it("reports a preview-time unknown integration URI as not runnable, without a violation", async () => {
        const resources = modelApi({ associate: false });
        resources[1].props.uri = UNKNOWN;
        const out = await run(resources);
        assert.deepStrictEqual(out.violations, []);
        assert.match(out.previewUnknown ?? "", /can't run policy 'waf-model-api-protected' during preview/);
    });

    it("does not crash on odd input: missing restApi, rules that are not a list, malformed ruleJson", async () => {
        const [api, integration, stage, association] = modelApi();
        delete stage.props.restApi;
        const out = await run([api, integration, stage, association, webAcl({ rules: "nonsense", ruleJson: "{not json" })]);
        assert.deepStrictEqual(out.violations, []);

        const broken = await run([...modelApi(), webAcl({ rules: "nonsense", ruleJson: "{not json" })]);
        assert.match(messages(broken)[0], /does not apply AWS\/AWSManagedRulesCommonRuleSet, AWS\/AWSManagedRulesKnownBadInputsRuleSet/);
    });
});
