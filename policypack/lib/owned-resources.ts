/**
 * The in-stack resources that run as given roles, by ARN: running code as one of them gains a role
 * nothing it does not already have, so an escalation path limited to them escalates nothing.
 */
import { PolicyResource } from "@pulumi/policy";
import type { OwnedResource } from "./iam/escalation";
import { knownStrings } from "./references";
import { StackIndex } from "./stack-index";
import { T } from "./types";

/** Resource types that run code as a role, and the property that names it. */
export const EXECUTION_ROLE_PROPERTIES: Readonly<Record<string, string>> = {
    [T.lambdaFunction]: "role",
    [T.agentcoreRuntime]: "roleArn",
    [T.agentcoreCodeInterpreter]: "executionRoleArn",
    [T.agentcoreBrowser]: "executionRoleArn",
    [T.glueDevEndpoint]: "roleArn",
    [T.codebuildProject]: "serviceRole",
};

/** The known ARNs of the stack's resources that run as one of the roles. */
export function arnsRunningAs(resources: readonly PolicyResource[], roles: readonly PolicyResource[]): Set<string> {
    const stack = StackIndex.of(resources);
    const roleIndex = stack.keyIndex([T.iamRole], ["arn", "name", "id"]);
    const wanted = new Set(roles);
    const arns = new Set<string>();
    for (const resource of stack.ofTypes(Object.keys(EXECUTION_ROLE_PROPERTIES))) {
        if (roleIndex.resolve(resource, EXECUTION_ROLE_PROPERTIES[resource.type]).targets.some((r) => wanted.has(r))) {
            knownStrings(resource, ["arn"]).forEach((a) => arns.add(a));
        }
    }
    return arns;
}

/** The resources the roles under a boundary run as, looked up when the first escalation path needs them. */
export function ownedBy(resources: readonly PolicyResource[], roles: readonly PolicyResource[]): OwnedResource {
    let arns: Set<string> | undefined;
    return (resource) => (arns ??= arnsRunningAs(resources, roles)).has(resource);
}
