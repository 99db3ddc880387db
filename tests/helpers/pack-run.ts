/**
 * Runs policy-pack rules in-process over what components or a program registered under the mock
 * runtime (tests/helpers/mocks.ts), through the policy harness: the one step from registrations to
 * the resources the rules receive, and the one loop that runs rules over them.
 */
import { Rule } from "../../policypack/lib/rule";
import { RegisteredResource } from "./mocks";
import { FakeResource, messages, Outcome, runResourceRule, runStackRule } from "./policy-harness";

export interface PackRunOptions {
    /**
     * Model `pulumi preview`: the rules read the inputs with their unknowns (render with
     * `{preview: true}` too, so computed outputs stay unknown); otherwise the outputs after `up`.
     */
    preview?: boolean;
    /**
     * "state" (default): every rule reads the same props (outputs, or inputs with `preview`).
     * "engine": as CrossGuard's two calls, resource rules the inputs and stack rules the outputs
     * (at preview the mocks' outputs are the checked inputs).
     */
    props?: "state" | "engine";
    /**
     * What the resources are named: "urn" (default), so same-named resources of different types stay
     * apart, or "name", the logical name as the engine gives it. Property dependencies stay URNs,
     * which the harness resolves either way.
     */
    names?: "urn" | "name";
}

/** Custom resources as the engine sends them to stack rules (and, under "state", to resource rules). */
export function asFakes(resources: readonly RegisteredResource[], options: PackRunOptions = {}): FakeResource[] {
    const stackProps = options.preview && options.props !== "engine" ? "inputs" : "outputs";
    return resources.filter((r) => r.custom).map((r) => asFake(r, stackProps, options));
}

function asFake(r: RegisteredResource, props: "inputs" | "outputs", options: PackRunOptions): FakeResource {
    const name = options.names === "name" ? r.name : r.urn;
    return { type: r.type, name, urn: r.urn, props: r[props], protect: r.protect, propertyDependencies: r.propertyDependencies };
}

export interface RuleOutcome {
    rule: string;
    /** The resource's type, for a resource rule's outcome. */
    type?: string;
    outcome: Outcome;
}

/** Every outcome: one per stack rule, one per resource a resource rule governs by type. */
export async function packOutcomes(rules: readonly Rule[], resources: readonly RegisteredResource[], options: PackRunOptions = {}): Promise<RuleOutcome[]> {
    const fakes = asFakes(resources, options);
    const custom = resources.filter((r) => r.custom);
    const resourceFakes = options.props === "engine" ? custom.map((r) => asFake(r, "inputs", options)) : fakes;
    const out: RuleOutcome[] = [];
    for (const rule of rules) {
        if (rule.kind === "stack") {
            out.push({ rule: rule.name, outcome: await runStackRule(rule, fakes) });
            continue;
        }
        for (const fake of resourceFakes.filter((f) => rule.resourceTypes.includes(f.type))) {
            out.push({ rule: rule.name, type: fake.type, outcome: await runResourceRule(rule, fake) });
        }
    }
    return out;
}

export interface PackRun {
    /** Violation messages, each prefixed with the rule's name. */
    violations: string[];
    /** Rules that could not decide (a value unknown at preview), with the resource's type when a resource rule. */
    undecided: string[];
}

/** The violations and undecided rules of a run over the resources (after `up`, or at `preview`). */
export async function runPack(rules: readonly Rule[], resources: readonly RegisteredResource[], options: PackRunOptions = {}): Promise<PackRun> {
    const run: PackRun = { violations: [], undecided: [] };
    for (const { rule, type, outcome } of await packOutcomes(rules, resources, options)) {
        run.violations.push(...messages(outcome).map((m) => `${rule}: ${m}`));
        if (outcome.previewUnknown) {
            run.undecided.push(type ? `${rule} (${type})` : rule);
        }
    }
    return run;
}
