import * as assert from "assert";
import { ConfigValidationError } from "../../../components/config";
import { ModelApiEdge, ModelApiEdgeArgs } from "../../../components/edge/modelApiEdge";
import { DEFAULT_PROMPT_INJECTION_PATTERNS, DEFAULT_PROMPT_INJECTION_PHRASES } from "../../../policypack/controls/waf";
import { accessRules } from "../../../policypack/rules/access";
import { edgeRules } from "../../../policypack/rules/edge";
import { T } from "../../../policypack/lib/types";
import { byType, policyOf, renderComponent, single, statement, valueOf } from "../../helpers/mocks";
import { runPack } from "../../helpers/pack-run";
import { MODEL } from "../../helpers/fixtures";

const GUARDRAIL_ARN = "arn:aws:bedrock:us-east-1:111111111111:guardrail/abcdef123456";
const KEY_ARN = "arn:aws:kms:us-east-1:111111111111:key/0b4f5a3c-1d2e-4f60-9a8b-7c6d5e4f3a2b";

const args = (extra: Partial<ModelApiEdgeArgs> = {}): ModelApiEdgeArgs => ({
    accountId: "111111111111",
    region: "us-east-1",
    modelId: MODEL,
    guardrail: { arn: GUARDRAIL_ARN, version: "1", kmsKeyArn: KEY_ARN },
    tags: { "ai-guardrails:layer": "edge" },
    ...extra,
});
const render = (extra: Partial<ModelApiEdgeArgs> = {}, preview = false) => renderComponent(() => new ModelApiEdge("model-edge", args(extra)), { preview });
const rule = (acl: any, name: string) => acl.inputs.rules.find((r: any) => r.name === name);

describe("ModelApiEdge", () => {
    it("integrates POST /invoke with bedrock-runtime InvokeModel for the approved model, the guardrail set by the integration", async () => {
        const resources = await render();
        const integration = single(resources, T.apiIntegration);
        assert.strictEqual(integration.inputs.type, "AWS");
        assert.strictEqual(integration.inputs.uri, `arn:aws:apigateway:us-east-1:bedrock-runtime:path/model/${MODEL}/invoke`);
        assert.strictEqual(integration.inputs.passthroughBehavior, "NEVER");
        assert.deepStrictEqual(integration.inputs.requestParameters, {
            "integration.request.header.X-Amzn-Bedrock-GuardrailIdentifier": `'${GUARDRAIL_ARN}'`,
            "integration.request.header.X-Amzn-Bedrock-GuardrailVersion": "'1'",
            "integration.request.header.Content-Type": "'application/json'",
            "integration.request.header.Accept": "'application/json'",
        });
        const role = byType(resources, T.iamRole).find((r) => r.name === "model-edge-integration-role")!;
        assert.strictEqual(integration.inputs.credentials, role.outputs.arn);
        assert.strictEqual(single(resources, "aws:apigateway/resource:Resource").inputs.pathPart, "invoke");
        const method = single(resources, "aws:apigateway/method:Method");
        assert.strictEqual(method.inputs.httpMethod, "POST");
        assert.strictEqual(method.inputs.authorization, "AWS_IAM");
        assert.strictEqual(single(resources, T.restApi).inputs.endpointConfiguration.types, "REGIONAL");
    });

    it("lets the integration role invoke only the approved model, and only with the guardrail version", async () => {
        const resources = await render();
        const trust = policyOf(byType(resources, T.iamRole).find((r) => r.name === "model-edge-integration-role")!, "assumeRolePolicy");
        assert.deepStrictEqual(trust.Statement.map((s) => s.Principal), [{ Service: "apigateway.amazonaws.com" }]);
        const doc = policyOf(single(resources, T.iamRolePolicy));
        assert.deepStrictEqual(statement(doc, "InvokeApprovedModelsOnly").Resource, [`arn:aws:bedrock:us-east-1::foundation-model/${MODEL}`]);
        assert.deepStrictEqual(statement(doc, "DenyInvokeWithoutApprovedGuardrail").Condition, { StringNotEquals: { "bedrock:GuardrailIdentifier": `${GUARDRAIL_ARN}:1` } });
        assert.strictEqual(statement(doc, "ApplyApprovedGuardrail").Resource, GUARDRAIL_ARN);
        assert.strictEqual(statement(doc, "DecryptGuardrailThroughBedrock").Resource, KEY_ARN);
    });

    it("throttles the stage, logs access to a KMS-encrypted log group and never logs bodies", async () => {
        const resources = await render({ throttle: { rateLimit: 5, burstLimit: 8 }, logRetentionDays: 731 });
        const stage = single(resources, T.apiStage);
        const groups = byType(resources, T.logGroup);
        const access = groups.find((g) => g.inputs.name === "/aws/apigateway/model-edge-access")!;
        assert.strictEqual(stage.inputs.accessLogSettings.destinationArn, access.outputs.arn);
        assert.match(stage.inputs.accessLogSettings.format, /\$context\.wafResponseCode/);
        assert.strictEqual(stage.inputs.stageName, "v1");
        assert.strictEqual(stage.inputs.xrayTracingEnabled, true);
        const key = single(resources, T.kmsKey);
        for (const g of groups) {
            assert.strictEqual(g.inputs.kmsKeyId, key.outputs.arn);
            assert.strictEqual(g.inputs.retentionInDays, 731);
        }
        const keyPolicy = policyOf(key);
        assert.deepStrictEqual(statement(keyPolicy, "CloudWatchLogsEncryptsThisAccountsLogGroups").Principal, { Service: "logs.us-east-1.amazonaws.com" });
        const settings = single(resources, "aws:apigateway/methodSettings:MethodSettings").inputs.settings;
        assert.deepStrictEqual([settings.throttlingRateLimit, settings.throttlingBurstLimit, settings.dataTraceEnabled], [5, 8, false]);
        assert.strictEqual(single(resources, "aws:apigateway/account:Account").inputs.cloudwatchRoleArn, byType(resources, T.iamRole).find((r) => r.name === "model-edge-apigateway-logging-role")!.outputs.arn);
        assert.deepStrictEqual(byType(resources, "aws:apigateway/usagePlan:UsagePlan"), []);
    });

    it("guards the stage with a regional web ACL: per-IP rate limit, body size limit, injection phrases and patterns, managed groups", async () => {
        const resources = await render();
        const acl = single(resources, T.webAcl);
        assert.strictEqual(acl.inputs.scope, "REGIONAL");
        assert.deepStrictEqual(rule(acl, "rate-limit-per-ip").statement.rateBasedStatement, { aggregateKeyType: "IP", limit: 300, evaluationWindowSec: 300 });
        assert.deepStrictEqual(rule(acl, "rate-limit-per-ip").action, { block: {} });
        const size = rule(acl, "body-size-limit").statement.sizeConstraintStatement;
        assert.deepStrictEqual([size.comparisonOperator, size.size, size.fieldToMatch.body.oversizeHandling], ["GT", 16383, "MATCH"]);
        const phrases = rule(acl, "prompt-injection-phrases").statement.orStatement.statements.map((s: any) => s.byteMatchStatement);
        assert.deepStrictEqual(phrases.map((m: any) => m.searchString), [...DEFAULT_PROMPT_INJECTION_PHRASES]);
        assert.ok(phrases.every((m: any) => m.textTransformations.map((t: any) => t.type).join(",") === "LOWERCASE,COMPRESS_WHITE_SPACE" && m.fieldToMatch.body));
        const set = single(resources, T.regexPatternSet);
        assert.deepStrictEqual(set.inputs.regularExpressions.map((r: any) => r.regexString), [...DEFAULT_PROMPT_INJECTION_PATTERNS]);
        assert.strictEqual(rule(acl, "prompt-injection-patterns").statement.regexPatternSetReferenceStatement.arn, set.outputs.arn);
        assert.deepStrictEqual(rule(acl, "AWSManagedRulesCommonRuleSet").statement.managedRuleGroupStatement, {
            vendorName: "AWS",
            name: "AWSManagedRulesCommonRuleSet",
            // 16,383-byte bodies are allowed: the group's 8 KB body rule would block them.
            ruleActionOverrides: [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }],
        });
        assert.deepStrictEqual(rule(acl, "AWSManagedRulesKnownBadInputsRuleSet").statement.managedRuleGroupStatement, { vendorName: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" });
        for (const group of ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"]) {
            assert.deepStrictEqual(rule(acl, group).overrideAction, { none: {} });
        }
        assert.strictEqual(acl.inputs.associationConfig, undefined);
        const association = single(resources, T.webAclAssociation);
        assert.strictEqual(association.inputs.resourceArn, single(resources, T.apiStage).outputs.arn);
        assert.strictEqual(association.inputs.webAclArn, acl.outputs.arn);
    });

    it("logs WAF decisions to an aws-waf-logs- group with the credentials headers redacted", async () => {
        const resources = await render();
        const logging = single(resources, T.webAclLogging);
        const wafLogs = byType(resources, T.logGroup).find((g) => g.inputs.name.startsWith("aws-waf-logs-"))!;
        assert.strictEqual(wafLogs.inputs.name, "aws-waf-logs-model-edge");
        assert.deepStrictEqual(logging.inputs.logDestinationConfigs, [wafLogs.outputs.arn]);
        assert.deepStrictEqual(logging.inputs.redactedFields, [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "x-api-key" } }]);
    });

    it("with API keys: requires a key on the method, and throttles and caps it in a usage plan", async () => {
        const resources = await render({ authorization: "API_KEY", quota: { limit: 500, period: "WEEK" }, manageAccountLoggingRole: false });
        const method = single(resources, "aws:apigateway/method:Method");
        assert.deepStrictEqual([method.inputs.authorization, method.inputs.apiKeyRequired], ["NONE", true]);
        const plan = single(resources, "aws:apigateway/usagePlan:UsagePlan");
        assert.deepStrictEqual(plan.inputs.quotaSettings, { limit: 500, period: "WEEK" });
        assert.deepStrictEqual(plan.inputs.throttleSettings, { rateLimit: 10, burstLimit: 20 });
        assert.strictEqual(plan.inputs.apiStages[0].stage, "v1");
        const planKey = single(resources, "aws:apigateway/usagePlanKey:UsagePlanKey");
        // The mocks give an API key its name as ID, so the plan key points at the key created here.
        assert.deepStrictEqual([planKey.inputs.keyId, planKey.inputs.keyType], [single(resources, "aws:apigateway/apiKey:ApiKey").inputs.name, "API_KEY"]);
        assert.deepStrictEqual(byType(resources, "aws:apigateway/account:Account"), []);
    });

    it("leaves the common rule set's 8 KB body rule blocking when bodies are capped at 8 KB or less", async () => {
        const acl = single(await render({ waf: { maxBodyBytes: 8192 } }), T.webAcl);
        assert.deepStrictEqual(rule(acl, "AWSManagedRulesCommonRuleSet").statement.managedRuleGroupStatement, { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" });
        assert.strictEqual(rule(acl, "body-size-limit").statement.sizeConstraintStatement.size, 8192);
    });

    it("redeploys the stage when the guardrail version changes, so callers get the new version", async () => {
        const triggers = async (version: string) => single(await render({ guardrail: { arn: GUARDRAIL_ARN, version, kmsKeyArn: KEY_ARN } }), "aws:apigateway/deployment:Deployment").inputs.triggers;
        const [v1, v2] = [await triggers("1"), await triggers("2")];
        assert.strictEqual(v1.guardrail, `${GUARDRAIL_ARN}:1`);
        assert.notDeepStrictEqual(v1, v2);
        assert.strictEqual(v1.shape, v2.shape);
    });

    it("raises the body inspection limit when larger bodies are allowed", async () => {
        const acl = single(await render({ waf: { maxBodyBytes: 30000 } }), T.webAcl);
        assert.deepStrictEqual(acl.inputs.associationConfig, { requestBodies: [{ apiGateway: { defaultSizeInspectionLimit: "KB_32" } }] });
        assert.strictEqual(rule(acl, "body-size-limit").statement.sizeConstraintStatement.size, 30000);
    });

    it("refuses, before registering anything, what the stack settings refuse: one line per argument with its value and what is allowed", async () => {
        const cases: [string, Record<string, unknown>, RegExp][] = [
            ["a model that is not a Bedrock model", { modelId: "gpt-4" }, /^modelId = "gpt-4": expected a Bedrock foundation-model ID/],
            ["an upper-case phrase", { waf: { injectionPhrases: ["Ignore Previous Instructions"] } }, /^waf\.injectionPhrases\[0\] = "Ignore Previous Instructions": write phrases in lower case/],
            ["a body WAF cannot inspect whole", { waf: { maxBodyBytes: 70000 } }, /^waf\.maxBodyBytes = 70000: WAF inspects at most 65536 bytes of a body; allowed: 1 to 65535$/],
            ["a rate window WAF does not offer", { waf: { rateLimitWindowSec: 30 } }, /^waf\.rateLimitWindowSec = 30: expected one of 60, 120, 300, 600$/],
            ["a rate below WAF's minimum", { waf: { rateLimit: 5 } }, /^waf\.rateLimit = 5: /],
            ["an authorization API Gateway does not take here", { authorization: "COGNITO" }, /^authorization = "COGNITO": /],
            ["a quota period", { quota: { period: "YEAR" } }, /^quota\.period = "YEAR": /],
            ["a draft guardrail", { guardrail: { arn: GUARDRAIL_ARN, version: "DRAFT" } }, /^guardrail\.version = "DRAFT": expected a published numeric version/],
            ["a versioned guardrail ARN", { guardrail: { arn: `${GUARDRAIL_ARN}:1`, version: "1" } }, /^guardrail\.arn = .*: expected a guardrail ARN without version/],
            ["a log retention CloudWatch does not offer", { logRetentionDays: 42 }, /^logRetentionDays = 42: expected one of CloudWatch's retention periods/],
            ["the stack-only switch", { enabled: true }, /^enabled = true: unknown key; allowed keys: .*waf/],
        ];
        for (const [label, change, expected] of cases) {
            let error: unknown;
            const resources = await renderComponent(() => {
                try {
                    new ModelApiEdge("bad", args(change as Partial<ModelApiEdgeArgs>));
                } catch (e) {
                    error = e;
                }
            });
            assert.ok(error instanceof ConfigValidationError, `${label}: ${error}`);
            assert.strictEqual(error.problems.length, 1, `${label}: ${error.problems.join(" | ")}`);
            assert.match(error.problems[0], expected, label);
            assert.match(error.message, /^ModelApiEdge bad: invalid arguments \(1 problem\):/);
            assert.deepStrictEqual(resources, [], `${label}: nothing registered`);
        }
    });

    it("keeps deployed stacks in place: aliases from the token of earlier releases and from the API's former name", async () => {
        const resources = await render();
        const component = single(resources, "ai-guardrails:index:ModelApiEdge");
        assert.ok(component.aliases.some((a) => a.endsWith("ai-guardrails:edge:ModelApiEdge::model-edge")), JSON.stringify(component.aliases));
        const api = single(resources, T.restApi);
        assert.deepStrictEqual([api.name, api.inputs.name], ["model-edge", "model-edge"], "no repeated -api suffix");
        assert.ok(api.aliases.some((a) => a.endsWith("aws:apigateway/restApi:RestApi::model-edge-api")), JSON.stringify(api.aliases));
    });

    it("exposes the API's IDs, ARNs, URL and log groups as outputs", async () => {
        let component!: ModelApiEdge;
        const resources = await renderComponent(() => {
            component = new ModelApiEdge("model-edge", args({ authorization: "API_KEY" }));
        });
        assert.strictEqual(await valueOf(component.restApiId), single(resources, "aws:apigateway/resource:Resource").inputs.restApi);
        assert.strictEqual(await valueOf(component.stageArn), single(resources, T.apiStage).outputs.arn);
        assert.strictEqual(await valueOf(component.webAclArn), single(resources, T.webAcl).outputs.arn);
        assert.strictEqual(await valueOf(component.logsKmsKeyArn), single(resources, T.kmsKey).outputs.arn);
        assert.strictEqual(await valueOf(component.wafLogGroupName), "aws-waf-logs-model-edge");
        assert.strictEqual(await valueOf(component.apiKeyId!), single(resources, "aws:apigateway/usagePlanKey:UsagePlanKey").inputs.keyId);
        assert.ok(await valueOf(component.invokeUrl));
    });

    it("passes the edge and model-access rules after up and at preview", async () => {
        for (const preview of [false, true]) {
            const resources = await render({}, preview);
            const run = await runPack([...edgeRules, ...accessRules], resources, { preview });
            assert.deepStrictEqual(run.violations, [], `preview=${preview}`);
        }
    });
});
