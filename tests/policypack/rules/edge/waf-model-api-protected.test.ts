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
        assert.match(messages(out).join("\n"), /does not apply AWS\/AWSManagedRulesCommonRuleSet \(overridden to count as a whole\)/);
    });

    describe("rules of a managed group overridden to count (ruleActionOverrides) or excluded", () => {
        const withOverrides = (group: string, statement: Record<string, unknown>, base = compliantRules()) =>
            base.map((r) => (r.name === group ? { ...r, statement: { managedRuleGroupStatement: { ...r.statement.managedRuleGroupStatement, ...statement } } } : r));

        it("flags a group whose rules are set to count or allow: they match and do not block", async () => {
            // Terraform's rule_action_override { name = ...; action_to_use { count {} } }, in Pulumi's names.
            const counted = withOverrides("AWSManagedRulesKnownBadInputsRuleSet", {
                ruleActionOverrides: [
                    { name: "Log4JRCE_BODY", actionToUse: { count: {} } },
                    { name: "JavaDeserializationRCE_BODY", actionToUse: { allow: {} } },
                ],
            });
            assert.match(
                messages(await run([...modelApi(), webAcl({ rules: counted })])).join("\n"),
                /does not apply AWS\/AWSManagedRulesKnownBadInputsRuleSet \(its rules Log4JRCE_BODY \(ruleActionOverrides: count\), JavaDeserializationRCE_BODY \(ruleActionOverrides: allow\) match and do not block\)/,
            );
        });

        it("reads the older excluded_rule form of Checkov's CKV_AWS_192 fixtures (which count), which that check accepts unless Log4JRCE is excluded", async () => {
            const excluded = withOverrides("AWSManagedRulesCommonRuleSet", { excludedRules: [{ name: "SizeRestrictions_BODY" }, { name: "CrossSiteScripting_COOKIE" }] });
            const m = messages(await run([...modelApi(), webAcl({ rules: excluded })])).join("\n");
            // The 8 KB body rule may count here (the web ACL blocks larger bodies itself); the XSS rule may not.
            assert.match(m, /AWS\/AWSManagedRulesCommonRuleSet \(its rules CrossSiteScripting_COOKIE \(excludedRules: count\) match and do not block\)/);
            assert.ok(!m.includes("SizeRestrictions_BODY"), m);
        });

        it("accepts the 8 KB body rule counted only where the web ACL has its own size rule, and rules the config declares countable", async () => {
            const sizeCounted = { ruleActionOverrides: [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }] };
            assert.deepStrictEqual((await run([...modelApi(), webAcl({ rules: withOverrides("AWSManagedRulesCommonRuleSet", sizeCounted) })])).violations, []);
            const withoutSizeRule = withOverrides("AWSManagedRulesCommonRuleSet", sizeCounted).filter((r) => r.name !== "body-size");
            assert.match(messages(await run([...modelApi(), webAcl({ rules: withoutSizeRule })])).join("\n"), /SizeRestrictions_BODY \(ruleActionOverrides: count\)/);
            const xss = withOverrides("AWSManagedRulesCommonRuleSet", { ruleActionOverrides: [{ name: "CrossSiteScripting_BODY", actionToUse: { count: {} } }] });
            const allowed = await run([...modelApi(), webAcl({ rules: xss })], { countableManagedRules: ["AWSManagedRulesCommonRuleSet/CrossSiteScripting_BODY"] });
            assert.deepStrictEqual(allowed.violations, []);
        });

        it("does not count overrides to block, captcha or challenge against the group, and reads ruleJson and group associations", async () => {
            const stricter = withOverrides("AWSManagedRulesCommonRuleSet", { ruleActionOverrides: [{ name: "NoUserAgent_HEADER", actionToUse: { challenge: {} } }, { name: "UserAgent_BadBots_HEADER", actionToUse: { block: {} } }] });
            assert.deepStrictEqual((await run([...modelApi(), webAcl({ rules: stricter })])).violations, []);
            const json = JSON.stringify(
                withOverrides("AWSManagedRulesCommonRuleSet", { ruleActionOverrides: [{ name: "GenericRFI_BODY", actionToUse: { count: {} } }] }).map((r) =>
                    r.name === "AWSManagedRulesCommonRuleSet"
                        ? { Name: r.name, Priority: r.priority, OverrideAction: { None: {} }, Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name: r.name, RuleActionOverrides: [{ Name: "GenericRFI_BODY", ActionToUse: { Count: {} } }] } }, VisibilityConfig: {} }
                        : null,
                ).filter((r) => r !== null),
            );
            const viaJson = await run([...modelApi(), webAcl({ rules: compliantRules().filter((r) => r.name !== "AWSManagedRulesCommonRuleSet"), ruleJson: json })]);
            assert.match(messages(viaJson).join("\n"), /GenericRFI_BODY \(ruleActionOverrides: count\)/);
            const association: FakeResource = {
                type: T.webAclRuleGroupAssociation,
                name: "common",
                props: { ruleName: "common", priority: 10, webAclArn: webAcl().props.arn, managedRuleGroup: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet", ruleActionOverrides: [{ name: "GenericLFI_BODY", actionToUse: { count: {} } }] } },
            };
            const viaAssociation = await run([...modelApi(), webAcl({ rules: compliantRules().filter((r) => r.name !== "AWSManagedRulesCommonRuleSet") }), association]);
            assert.match(messages(viaAssociation).join("\n"), /GenericLFI_BODY \(ruleActionOverrides: count\)/);
        });
    });

    it("flags managed rule groups placed after an allow rule, which the requests it allows skip; passes them placed before it", async () => {
        const before = await run([...modelApi(), webAcl({ rules: [allowRule(5), ...compliantRules()] })]);
        assert.match(messages(before).join("\n"), /does not apply AWS\/AWSManagedRulesCommonRuleSet \(placed after allow rule .*\), AWS\/AWSManagedRulesKnownBadInputsRuleSet \(placed after allow rule/);
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
        assert.match(messages(broken)[0], /does not apply AWS\/AWSManagedRulesCommonRuleSet \(absent\), AWS\/AWSManagedRulesKnownBadInputsRuleSet \(absent\)/);
    });
});
