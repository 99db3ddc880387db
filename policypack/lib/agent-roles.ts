/**
 * Which IAM roles in a stack are agent identities, indexed once per stack rule (linear in the
 * number of resources). A role is an agent role when a Bedrock or AgentCore resource executes as
 * it (every execution-role property of controls/bedrock-resources.ts: an agent's
 * `agentResourceRoleArn`, a harness's or a browser's `executionRoleArn`, a memory's
 * `memoryExecutionRoleArn`, ...), or when it is marked as one (the agent path or the agent-identity tag). Roles are matched by ARN when it is known, else through the engine's
 * `propertyDependencies` (preview); a value unknown with no in-stack source is read, so the SDK
 * reports the rule as not runnable during preview.
 */
import { PolicyResource } from "@pulumi/policy";
import { AGENT_IDENTITY_TAG, DEFAULT_AGENT_ROLE_PATH } from "../controls/agent-identity";
import { BEDROCK_RESOURCE_TYPES } from "../controls/bedrock-resources";
import { StackIndex } from "./stack-index";
import { T } from "./types";
import { isUnknownProp } from "./unknowns";

/** The `agentRolePath` setting of every rule about agent roles, with the components' default path. */
export function agentRolePathProperty(
    description = "IAM path that marks a role as an agent identity (roles tagged ai-guardrails:agent-identity=true count too).",
): { type: "string"; pattern: string; default: string; description: string } {
    return { type: "string", pattern: "^/", default: DEFAULT_AGENT_ROLE_PATH, description };
}

/** Resources that execute as a role, and the property that names the role (from the classification). */
export const AGENT_ROLE_CONSUMERS: Readonly<Record<string, string>> = Object.fromEntries(
    Object.entries(BEDROCK_RESOURCE_TYPES).flatMap(([type, c]) => c.executionRoles.map((r) => [type, r.property] as const)),
);

/** Consumers that may share their owner's role (a memory strategy runs as its memory): type -> owner reference property and type. */
const ROLE_OWNERS: Readonly<Record<string, { property: string; type: string }>> = Object.fromEntries(
    Object.entries(BEDROCK_RESOURCE_TYPES).flatMap(([type, c]) => c.executionRoles.flatMap((r) => (r.owner ? [[type, r.owner] as const] : []))),
);

export interface RoleUse {
    consumer: PolicyResource;
    prop: string;
    /** The resource whose identity this use is: the consumer, or the in-stack owner it runs as part of. */
    identity: PolicyResource;
}

export interface AgentRoleIndex {
    /** Every role of the stack. */
    roles: PolicyResource[];
    /** Consumers per role: key is the in-stack role's URN, or the role ARN when it is not in the stack. */
    usesByRole: Map<string, RoleUse[]>;
    /** The in-stack role behind each key of `usesByRole`, when there is one. */
    roleByKey: Map<string, PolicyResource>;
    /** In-stack roles that Bedrock or AgentCore resources execute as. */
    usedRoles: Set<PolicyResource>;
}

/** Which roles of the stack Bedrock and AgentCore resources execute as, indexed once per stack rule. */
export function indexAgentRoles(resources: readonly PolicyResource[]): AgentRoleIndex {
    const stack = StackIndex.of(resources);
    return stack.remember("agent roles", () => {
        const roles = [...stack.ofType(T.iamRole)];
        const roleIndex = stack.keyIndex([T.iamRole], ["arn"]);
        const usesByRole = new Map<string, RoleUse[]>();
        const roleByKey = new Map<string, PolicyResource>();
        const usedRoles = new Set<PolicyResource>();
        for (const consumer of stack.ofTypes(Object.keys(AGENT_ROLE_CONSUMERS))) {
            const prop = AGENT_ROLE_CONSUMERS[consumer.type];
            const owner = ROLE_OWNERS[consumer.type];
            const identity = (owner && stack.keyIndex([owner.type], ["id", "arn"]).resolve(consumer, owner.property).targets[0]) || consumer;
            const { keys, targets } = roleIndex.resolve(consumer, prop);
            // A role outside the stack is known by its ARN only.
            const entries: [string, PolicyResource | undefined][] = targets.length > 0 ? targets.map((t) => [t.urn, t]) : [...keys].map((k) => [k, undefined]);
            for (const [key, role] of entries) {
                const uses = usesByRole.get(key);
                if (uses) {
                    uses.push({ consumer, prop, identity });
                } else {
                    usesByRole.set(key, [{ consumer, prop, identity }]);
                }
                if (role) {
                    roleByKey.set(key, role);
                    usedRoles.add(role);
                }
            }
        }
        return { roles, usesByRole, roleByKey, usedRoles };
    });
}

/**
 * Whether a role (its props) is marked as an agent identity: on the agent path, or tagged as one.
 * A path or tags unknown at preview do not mark it.
 */
export function isMarkedAgentRole(props: Record<string, any>, agentRolePath: string): boolean {
    const path = isUnknownProp(props, "path") ? undefined : props.path;
    if (typeof path === "string" && path.startsWith(agentRolePath)) {
        return true;
    }
    if (isUnknownProp(props, "tags")) {
        return false;
    }
    const tags = props.tags;
    return tags !== null && typeof tags === "object" && String((tags as Record<string, unknown>)[AGENT_IDENTITY_TAG]).toLowerCase() === "true";
}

/** Agent roles: executed as by a Bedrock or AgentCore resource, or marked as an agent identity. */
export function agentRoles(index: AgentRoleIndex, agentRolePath: string): PolicyResource[] {
    return index.roles.filter((r) => index.usedRoles.has(r) || isMarkedAgentRole(r.props, agentRolePath));
}

/** Label for messages. */
export function labelOf(resource: PolicyResource): string {
    return `${resource.name} (${resource.type.split(":").pop()})`;
}

/** The in-stack managed policies some role uses as its permissions boundary. */
export function boundaryPolicies(resources: readonly PolicyResource[]): Map<PolicyResource, PolicyResource[]> {
    const stack = StackIndex.of(resources);
    const policies = stack.keyIndex([T.iamPolicy], ["arn", "id"]);
    const used = new Map<PolicyResource, PolicyResource[]>();
    for (const role of stack.ofType(T.iamRole)) {
        for (const policy of policies.resolve(role, "permissionsBoundary").targets) {
            const roles = used.get(policy);
            if (roles) {
                roles.push(role);
            } else {
                used.set(policy, [role]);
            }
        }
    }
    return used;
}
