/** Turns what the mock runtime recorded into the fake resources the policy harness runs rules on. */
import { RegisteredResource } from "../../../cli/mock-runtime";
import { FakeResource } from "../../helpers/policy-harness";

/** Custom resources with their outputs as props and property dependencies by resource name. */
export function asStackResources(resources: readonly RegisteredResource[]): FakeResource[] {
    const nameOf = new Map(resources.map((r) => [r.urn, r.name]));
    return resources
        .filter((r) => r.custom)
        .map((r) => ({
            type: r.type,
            name: r.name,
            urn: r.urn,
            props: r.outputs,
            protect: r.protect,
            propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([prop, urns]) => [prop, urns.map((u) => nameOf.get(u)!).filter(Boolean)])),
        }));
}
