/**
 * Runs policy-pack rules in-process over what a component registered under the mock runtime: the
 * outputs (after `pulumi up`) or the inputs with their unknowns (during `pulumi preview`), with the
 * property dependencies the SDK recorded. Names are the URNs, so same-named resources of different
 * types stay apart.
 */
import { Rule } from "../../../policypack/lib/rule";
import { FakeResource, messages, Outcome, runResourceRule, runStackRule } from "../../helpers/policy-harness";
import { RegisteredResource } from "../../helpers/mocks";

export function asFakes(resources: readonly RegisteredResource[], preview = false): FakeResource[] {
    return resources
        .filter((r) => r.custom)
        .map((r) => ({ type: r.type, name: r.urn, urn: r.urn, props: preview ? r.inputs : r.outputs, propertyDependencies: r.propertyDependencies, protect: r.protect }));
}

export interface PackRun {
    /** Violation messages, each prefixed with the rule's name. */
    violations: string[];
    /** Rules that could not decide (a value unknown at preview), with the resource when a resource rule. */
    undecided: string[];
}

/** Runs the rules over the resources as the engine would after `up` (or during `preview`). */
export async function runPack(rules: readonly Rule[], resources: readonly RegisteredResource[], preview = false): Promise<PackRun> {
    const fakes = asFakes(resources, preview);
    const run: PackRun = { violations: [], undecided: [] };
    const collect = (rule: Rule, outcome: Outcome, where?: string) => {
        run.violations.push(...messages(outcome).map((m) => `${rule.name}: ${m}`));
        if (outcome.previewUnknown) {
            run.undecided.push(where ? `${rule.name} (${where})` : rule.name);
        }
    };
    for (const rule of rules) {
        if (rule.kind === "stack") {
            collect(rule, await runStackRule(rule, fakes));
            continue;
        }
        for (const fake of fakes.filter((f) => rule.resourceTypes.includes(f.type))) {
            collect(rule, await runResourceRule(rule, fake), fake.type);
        }
    }
    return run;
}
