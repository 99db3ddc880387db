/** Runs the agents-and-tools rules in-process over what a component or program registered. */
import { agentsRules } from "../../../policypack/rules/agents";
import { FakeResource, messages, Outcome, runResourceRule, runStackRule } from "../../helpers/policy-harness";
import { RegisteredResource } from "../../helpers/mocks";

/** Custom resources as the engine sends them: outputs after `up`, inputs (with unknowns) in preview. */
export function asFakes(resources: readonly RegisteredResource[], preview = false): FakeResource[] {
    return resources
        .filter((r) => r.custom)
        .map((r) => ({ type: r.type, name: r.urn, urn: r.urn, props: preview ? r.inputs : r.outputs, propertyDependencies: r.propertyDependencies }));
}

/** Every outcome of every agents-and-tools rule, by rule name. */
export async function agentsOutcomes(resources: readonly RegisteredResource[], preview = false): Promise<Array<{ rule: string; outcome: Outcome }>> {
    const fakes = asFakes(resources, preview);
    const out: Array<{ rule: string; outcome: Outcome }> = [];
    for (const rule of agentsRules) {
        if (rule.kind === "stack") {
            out.push({ rule: rule.name, outcome: await runStackRule(rule, fakes) });
            continue;
        }
        for (const fake of fakes.filter((f) => rule.resourceTypes.includes(f.type))) {
            out.push({ rule: rule.name, outcome: await runResourceRule(rule, fake) });
        }
    }
    return out;
}

/** Violation messages of the agents-and-tools rules, prefixed with the rule's name. */
export async function agentsViolations(resources: readonly RegisteredResource[], preview = false): Promise<string[]> {
    return (await agentsOutcomes(resources, preview)).flatMap(({ rule, outcome }) => messages(outcome).map((m) => `${rule}: ${m}`));
}
