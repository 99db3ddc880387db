/**
 * Which IAM roles in a stack are agent identities, indexed once per stack rule (linear in the
 * number of resources). A role is an agent role when a Bedrock agent (`agentResourceRoleArn`), an
 * AgentCore runtime or gateway (`roleArn`) uses it, or when it is marked as one (the agent path or
 * the agent-identity tag). Roles are matched by ARN when it is known, else through the engine's
 * `propertyDependencies` (preview); a value unknown with no in-stack source is read, so the SDK
 * reports the rule as not runnable during preview.
 */
import { PolicyResource } from "@pulumi/policy";
import { AGENT_IDENTITY_TAG, DEFAULT_AGENT_ROLE_PATH } from "../controls/agent-identity";
import { StackIndex } from "./stack-index";
import { T } from "./types";
import { isUnknownProp } from "./unknowns";

/** The `agentRolePath` setting of every rule about agent roles, with the components' default path. */
export function agentRolePathProperty(
    description = "IAM path that marks a role as an agent identity (roles tagged ai-guardrails:agent-identity=true count too).",
): { type: "string"; pattern: string; default: string; description: string } {
    return { type: "string", pattern: "^/", default: DEFAULT_AGENT_ROLE_PATH, description };
}

/** Resources that run an agent on a role, and the property that names the role. */
export const AGENT_ROLE_CONSUMERS: Readonly<Record<string, string>> = {
    [T.agent]: "agentResourceRoleArn",
    [T.agentcoreRuntime]: "roleArn",
    [T.agentcoreGateway]: "roleArn",
    // Built-in tools act for the agent with their execution role: it belongs under the agent boundary too.
    [T.agentcoreCodeInterpreter]: "executionRoleArn",
    [T.agentcoreBrowser]: "executionRoleArn",
};

export interface RoleUse {
    consumer: PolicyResource;
    prop: string;
}

export interface AgentRoleIndex {
    /** Every role of the stack. */
    roles: PolicyResource[];
    /** Consumers per role: key is the in-stack role's URN, or the role ARN when it is not in the stack. */
    usesByRole: Map<string, RoleUse[]>;
    /** The in-stack role behind each key of `usesByRole`, when there is one. */
    roleByKey: Map<string, PolicyResource>;
    /** In-stack roles that agents, runtimes or gateways use. */
    usedRoles: Set<PolicyResource>;
}

/** Which roles of the stack agents, runtimes and gateways use, indexed once per stack rule. */
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
            const { keys, targets } = roleIndex.resolve(consumer, prop);
            // A role outside the stack is known by its ARN only.
            const entries: [string, PolicyResource | undefined][] = targets.length > 0 ? targets.map((t) => [t.urn, t]) : [...keys].map((k) => [k, undefined]);
            for (const [key, role] of entries) {
                const uses = usesByRole.get(key);
                if (uses) {
                    uses.push({ consumer, prop });
                } else {
                    usesByRole.set(key, [{ consumer, prop }]);
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

/** Agent roles: used by an agent, runtime or gateway, or marked as an agent identity. */
export function agentRoles(index: AgentRoleIndex, agentRolePath: string): PolicyResource[] {
    return index.roles.filter((r) => index.usedRoles.has(r) || isMarkedAgentRole(r.props, agentRolePath));
}

/** Label for messages. */
export function labelOf(resource: PolicyResource): string {
    return `${resource.name} (${resource.type.split(":").pop()})`;
}
