/**
 * Every component meets its own rules. Each component of the layer table, and the AiSecurityBaseline,
 * built with minimal valid arguments (./builds.ts), goes through the whole pack as the engine hands
 * resources to it (inputs to resource rules, outputs to stack rules, logical names), after `up` and at
 * a first `pulumi preview` (computed outputs unknown): no violation, and each rule of its layer (and of
 * the other layers that judge its resources) has something to judge, apart from the rules listed with
 * the reason it builds nothing for them.
 */
import * as assert from "assert";
import { LAYERS, layerOfComponent } from "../../policypack/controls/layers";
import { isUnknownValue } from "../../policypack/lib/unknowns";
import { rules } from "../../policypack/rules";
import { renderComponent } from "../helpers/mocks";
import { PackRunOptions, packOutcomes, RuleOutcome } from "../helpers/pack-run";
import { messages } from "../helpers/policy-harness";
import { BUILDS } from "./builds";

const ENGINE: PackRunOptions = { props: "engine", names: "name" };

/** Whether the rule applied to something (decided, or waiting for a value at preview). */
const applied = (outcomes: RuleOutcome[], rule: string) => outcomes.some((o) => o.rule === rule && !o.outcome.notApplicable);
const decided = (outcomes: RuleOutcome[], rule: string) => outcomes.some((o) => o.rule === rule && !o.outcome.notApplicable && !o.outcome.previewUnknown);
const undecided = (outcomes: RuleOutcome[]) => [...new Set(outcomes.filter((o) => o.outcome.previewUnknown).map((o) => o.rule))].sort();
const violations = (outcomes: RuleOutcome[], except: object) => outcomes.filter((o) => !(o.rule in except)).flatMap((o) => messages(o.outcome).map((m) => `${o.rule}: ${m}`));

describe("conformance: every component meets its own rules", function () {
    this.timeout(120000);

    it("covers every component of the layer table, and the AiSecurityBaseline", () => {
        assert.deepStrictEqual(Object.keys(BUILDS).sort(), [...LAYERS.flatMap((l) => l.components), "AiSecurityBaseline"].sort());
    });

    for (const [component, spec] of Object.entries(BUILDS)) {
        const layer = layerOfComponent(component);
        // The baseline composes every layer.
        const own = [...rules.filter((r) => layer === undefined || r.layer === layer).map((r) => r.name), ...(spec.alsoJudgedBy ?? [])];
        const notBuilt = spec.notBuilt ?? {};
        const providedBy = spec.providedBy ?? {};
        const expected = own.filter((name) => !(name in notBuilt));

        describe(component, () => {
            it("after `up`: no violation, every rule decides, and each of its rules judges something", async () => {
                const outcomes = await packOutcomes(rules, await renderComponent(spec.build, spec.options), ENGINE);
                assert.deepStrictEqual(violations(outcomes, providedBy), []);
                assert.deepStrictEqual(undecided(outcomes), []);
                assert.deepStrictEqual(expected.filter((rule) => !decided(outcomes, rule)), [], "rules with nothing to judge");
                assert.deepStrictEqual(Object.keys(notBuilt).filter((rule) => applied(outcomes, rule)), [], "rules listed as not built that judged something");
                // The other layers' components are needed indeed: alone, the component leaves these rules reporting.
                for (const [rule, other] of Object.entries(providedBy)) {
                    assert.ok(outcomes.some((o) => o.rule === rule && o.outcome.violations.length > 0), `${rule} is satisfied without ${other}`);
                }
            });

            it("at a first preview: no violation, only the listed rules wait for values, and each of its rules applies", async () => {
                const outcomes = await packOutcomes(rules, await renderComponent(spec.build, { ...spec.options, preview: true }), { ...ENGINE, preview: true });
                assert.deepStrictEqual(violations(outcomes, providedBy), []);
                assert.deepStrictEqual(undecided(outcomes), [...(spec.undecidedAtPreview ?? [])].sort());
                assert.deepStrictEqual(expected.filter((rule) => !applied(outcomes, rule)), [], "rules with nothing to judge");
            });
        });
    }

    it("InvocationLogging at a first preview: the logging rule reaches its destinations through property dependencies", async () => {
        const resources = await renderComponent(BUILDS.InvocationLogging.build, { preview: true });
        const logging = resources.find((r) => r.type === "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration")!;
        // The provider names the bucket when it checks the inputs: known at preview; the role's ARN is not.
        assert.ok(!isUnknownValue(logging.outputs.loggingConfig.s3Config.bucketName), "the bucket's auto-name is known at preview");
        assert.ok(isUnknownValue(logging.outputs.loggingConfig.cloudwatchConfig.roleArn), "the delivery role's ARN is unknown at preview");
        assert.ok(logging.propertyDependencies.loggingConfig?.length, "the engine links loggingConfig to its destinations");
    });
});
