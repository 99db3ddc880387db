/**
 * The model-layer components are compliant by construction: what ModelGuardrail, InvocationLogging
 * and ModelAccessPolicy register under the mock runtime passes every model-interaction and
 * model-access rule, after `up` and at a first `pulumi preview` (computed ARNs and names unknown),
 * where the invocation-logging rule reaches its destinations through property dependencies.
 */
import * as assert from "assert";
import { ModelAccessPolicy } from "../../../components/access/modelAccessPolicy";
import { InvocationLogging } from "../../../components/model/invocationLogging";
import { ModelGuardrail } from "../../../components/model/modelGuardrail";
import { Rule } from "../../../policypack/lib/rule";
import { isUnknownValue } from "../../../policypack/lib/unknowns";
import { accessRules } from "../../../policypack/rules/access";
import { modelRules } from "../../../policypack/rules/model";
import { renderComponent, RegisteredResource, TEST_CONTEXT } from "../../helpers/mocks";
import { packOutcomes } from "../../helpers/pack-run";
import { Outcome } from "../../helpers/policy-harness";
import { MODEL, PROFILE } from "../fixtures/iam";

function baseline() {
    const { accountId, region } = TEST_CONTEXT;
    const guardrail = new ModelGuardrail("ai-guardrail", { accountId, region, enforceInAccount: true });
    new InvocationLogging("ai-invocation-logging", { accountId, region });
    new ModelAccessPolicy("ai-model-access", {
        accountId,
        region,
        models: { approved: [MODEL, PROFILE] },
        guardrail: { arn: guardrail.guardrailArn, version: guardrail.version, kmsKeyArn: guardrail.kmsKeyArn },
    });
}

/** Outcomes by rule, with the props as the engine hands them: inputs to resource rules, outputs to stack rules. */
async function judge(resources: RegisteredResource[], rules: readonly Rule[]): Promise<Map<string, Outcome[]>> {
    const outcomes = new Map<string, Outcome[]>(rules.map((r) => [r.name, []]));
    for (const { rule, outcome } of await packOutcomes(rules, resources, { props: "engine", names: "name" })) {
        outcomes.get(rule)!.push(outcome);
    }
    return outcomes;
}

const RULES = [...modelRules, ...accessRules];
/** Rules of these layers on resources no component builds (custom models, batch inference jobs): nothing to check here. */
const NOT_BUILT = new Set(["bedrock-custom-model-customer-key", "bedrock-batch-inference-customer-key"]);

describe("the model-layer components against the model-interaction and model-access rules", function () {
    this.timeout(120000);

    it("pass every rule after `up`, each rule having something to check", async () => {
        const outcomes = await judge(await renderComponent(baseline), RULES);
        for (const [name, list] of outcomes) {
            assert.ok(list.length > 0 || NOT_BUILT.has(name), `${name} found nothing to check`);
            for (const outcome of list) {
                assert.deepStrictEqual(outcome.violations, [], name);
                assert.strictEqual(outcome.previewUnknown, undefined, name);
            }
        }
    });

    it("at a first preview, pass or wait for values, never violate; the guardrail and logging rules decide", async () => {
        const resources = await renderComponent(baseline, { preview: true });
        const outcomes = await judge(resources, RULES);
        for (const [name, list] of outcomes) {
            for (const outcome of list) {
                assert.deepStrictEqual(outcome.violations, [], name);
            }
        }
        for (const rule of modelRules) {
            for (const outcome of outcomes.get(rule.name)!) {
                assert.strictEqual(outcome.previewUnknown, undefined, `${rule.name} decides at preview`);
            }
        }
        const logging = resources.find((r) => r.type === "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration")!;
        // The provider names the bucket when it checks the inputs: known at preview; the role's ARN is not.
        assert.ok(!isUnknownValue(logging.outputs.loggingConfig.s3Config.bucketName), "the bucket's auto-name is known at preview");
        assert.ok(isUnknownValue(logging.outputs.loggingConfig.cloudwatchConfig.roleArn), "the delivery role's ARN is unknown at preview");
        assert.ok(logging.propertyDependencies.loggingConfig?.length, "the engine links loggingConfig to its destinations");
    });
});
