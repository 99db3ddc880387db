/**
 * No stack rule scans the stack once per resource: what a rule reads grows in proportion to the
 * stack. Counted, not timed: every stack rule runs over 1 and then 4 copies of the prod and org
 * stacks (their programs under mocks; each copy with its own URNs, names and IDs, so references
 * stay within their copy) and may read at most 4 times as much (10% slack) of the resources and
 * their properties over the larger one. A rule that matched every resource against every other
 * would read 16 times as much.
 */
import { strict as assert } from "assert";
import { StackResource } from "../../../cli/analyzer-client";
import { prepareStack, runStackProgram } from "../../../cli/preview";
import { replicate } from "../../../benchmarks/stacks";
import { rules } from "../../../policypack/rules";
import { FakeResource, runStackRule } from "../../helpers/policy-harness";

const SMALL = 1;
const LARGE = 4;
const SLACK = 1.1;

function fake(resources: readonly StackResource[]): FakeResource[] {
    return resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: r.urn,
        props: r.outputs,
        protect: r.protect,
        ...(r.parent ? { parent: r.parent } : {}),
        propertyDependencies: r.propertyDependencies,
    }));
}

describe("stack rules read in proportion to the stack", function () {
    this.timeout(300000);
    const stacks = new Map<string, StackResource[]>();

    before(async () => {
        for (const stack of ["prod", "org"]) {
            stacks.set(stack, (await runStackProgram(prepareStack(stack))).resources);
        }
    });

    for (const rule of rules.filter((r) => r.kind === "stack")) {
        it(rule.name, async () => {
            let judged = 0;
            for (const [stack, resources] of stacks) {
                const reads = { small: { count: 0 }, large: { count: 0 } };
                await runStackRule(rule, fake(replicate(resources, SMALL)), { reads: reads.small });
                await runStackRule(rule, fake(replicate(resources, LARGE)), { reads: reads.large });
                if (reads.small.count === 0) {
                    // Not applicable to this stack before reading anything (an organization rule on prod).
                    assert.equal(reads.large.count, 0, `${stack}: read nothing over ${SMALL} copies, ${reads.large.count} over ${LARGE}`);
                    continue;
                }
                judged++;
                const growth = reads.large.count / reads.small.count;
                assert.ok(growth <= (LARGE / SMALL) * SLACK, `${stack}: ${reads.small.count} reads over ${SMALL} copies, ${reads.large.count} over ${LARGE} (x${growth.toFixed(2)})`);
            }
            assert.ok(judged > 0, "the rule read the resources of at least one stack");
        });
    }
});
