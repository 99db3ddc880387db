/**
 * IAM simulation of agent roles as a program registers them under mocks: each role's identity
 * policies (inline and attached in-stack managed policies) and its permissions boundary, evaluated
 * by `@cloud-copilot/iam-simulate` (AGPL; a test-only dev dependency, never imported outside tests/).
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { RegisteredResource } from "../../cli/mock-runtime";
import { AGENT_IDENTITY_TAG, DEFAULT_AGENT_ROLE_PATH } from "../../policypack/controls/agent-identity";
import { ESCALATION_PIVOTS } from "../../policypack/controls/escalation-paths";
import { AGENT_ROLE_CONSUMERS } from "../../policypack/lib/agent-roles";
import { T } from "../../policypack/lib/types";

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface NamedPolicy {
    name: string;
    policy: { Version?: string; Statement: any[] };
}

export interface SimulatedRole {
    name: string;
    arn: string;
    accountId: string;
    identityPolicies: NamedPolicy[];
    boundary?: NamedPolicy;
    /** Attached policies or a boundary this program does not define (cannot be simulated). */
    unresolved: string[];
}

function documentOf(value: unknown): { Version?: string; Statement: any[] } {
    const doc = typeof value === "string" ? JSON.parse(value) : value;
    return { ...doc, Statement: Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement] };
}

function isAgentRole(role: RegisteredResource, usedArns: Set<string>, agentRolePath: string): boolean {
    const out = role.outputs;
    return usedArns.has(out.arn) || (typeof out.path === "string" && out.path.startsWith(agentRolePath)) || out.tags?.[AGENT_IDENTITY_TAG] === "true";
}

/** The agent roles a program registered (used by an agent, runtime or gateway, or marked as one), with their policies. */
export function agentRolesOf(resources: readonly RegisteredResource[], agentRolePath = DEFAULT_AGENT_ROLE_PATH): SimulatedRole[] {
    const usedArns = new Set<string>();
    for (const r of resources) {
        const prop = AGENT_ROLE_CONSUMERS[r.type];
        if (prop && typeof r.outputs[prop] === "string") {
            usedArns.add(r.outputs[prop]);
        }
    }
    const policiesByArn = new Map(resources.filter((r) => r.type === T.iamPolicy).map((p) => [p.outputs.arn as string, p]));
    const roles = resources.filter((r) => r.type === T.iamRole && isAgentRole(r, usedArns, agentRolePath));
    return roles.map((role) => {
        const roleName: string = role.outputs.name;
        const belongs = (r: RegisteredResource) => r.outputs.role === roleName || (r.propertyDependencies.role ?? []).includes(role.urn);
        const unresolved: string[] = [];
        const identityPolicies: NamedPolicy[] = resources
            .filter((r) => r.type === T.iamRolePolicy && belongs(r))
            .map((r) => ({ name: r.outputs.name ?? r.name, policy: documentOf(r.outputs.policy) }));
        for (const attachment of resources.filter((r) => r.type === T.iamRolePolicyAttachment && belongs(r))) {
            const managed = policiesByArn.get(attachment.outputs.policyArn);
            if (managed) {
                identityPolicies.push({ name: managed.outputs.name ?? managed.name, policy: documentOf(managed.outputs.policy) });
            } else {
                unresolved.push(`attached policy ${attachment.outputs.policyArn}`);
            }
        }
        const boundaryArn: string | undefined = role.outputs.permissionsBoundary;
        const boundaryPolicy = boundaryArn ? policiesByArn.get(boundaryArn) : undefined;
        if (boundaryArn && !boundaryPolicy) {
            unresolved.push(`boundary ${boundaryArn}`);
        }
        const accountId = /^arn:[^:]+:iam::(\d{12}):/.exec(role.outputs.arn)?.[1] ?? "";
        return {
            name: roleName,
            arn: role.outputs.arn,
            accountId,
            identityPolicies,
            boundary: boundaryPolicy ? { name: boundaryPolicy.outputs.name ?? boundaryPolicy.name, policy: documentOf(boundaryPolicy.outputs.policy) } : undefined,
            unresolved,
        };
    });
}

/** An identity policy that allows everything: what a role would have if its own policies were widened to admin. */
export const ALLOW_EVERYTHING: NamedPolicy = { name: "hypothetical-admin", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } };

export interface Request {
    action: string;
    /** An ARN, or a pattern: the simulator then evaluates every matching resource type. */
    resource: string;
    context?: Record<string, string | string[]>;
    /** The resource's own policy (a KMS key policy, for example); KMS refuses everything its key policy does not delegate. */
    resourcePolicy?: unknown;
}

/**
 * IAM's decision for a request by the role (same-account resource). `extraIdentity` adds identity
 * policies; the boundary is the role's own. Fails on a simulation input error.
 */
export async function decide(role: SimulatedRole, request: Request, extraIdentity: NamedPolicy[] = []): Promise<Decision> {
    const result = await runSimulation(
        {
            request: {
                principal: role.arn,
                action: request.action,
                resource: { resource: request.resource, accountId: role.accountId },
                contextVariables: request.context ?? {},
            },
            identityPolicies: [...role.identityPolicies, ...extraIdentity],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            permissionBoundaryPolicies: role.boundary ? [role.boundary] : undefined,
            resourcePolicy: request.resourcePolicy,
        },
        {},
    );
    if (result.resultType === "error") {
        throw new Error(`simulation of ${request.action} on ${request.resource} for ${role.name} failed: ${JSON.stringify(result.errors)}`);
    }
    return result.overallResult as Decision;
}

const NEGATED_OPERATOR = /^(StringNotEquals|StringNotLike|ArnNotEquals|ArnNotLike)(IfExists)?$/;
const POSITIVE_OPERATOR = /^(ForAnyValue:|ForAllValues:)?(StringEquals|StringLike|ArnEquals|ArnLike|StringEqualsIgnoreCase|Bool)(IfExists)?$/;

function sample(value: string): string {
    return value.replace(/\*/g, "example").replace(/\?/g, "x");
}

function conditionValues(statement: any, operators: RegExp): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [operator, block] of Object.entries<Record<string, unknown>>(statement.Condition ?? {})) {
        if (!operators.test(operator)) {
            continue;
        }
        for (const [key, values] of Object.entries(block)) {
            const first = Array.isArray(values) ? values[0] : values;
            out[key] = sample(String(first));
        }
    }
    return out;
}

/**
 * The context of a request made the approved way: for every Deny keyed on a negated operator
 * (`StringNotEquals bedrock:GuardrailIdentifier`, `StringNotEquals aws:SourceVpce`), the key carries
 * its approved value, so those Denies do not apply.
 */
export function approvedContext(policies: readonly NamedPolicy[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const p of policies) {
        for (const s of p.policy.Statement.filter((st: any) => st.Effect === "Deny")) {
            Object.assign(out, conditionValues(s, NEGATED_OPERATOR));
        }
    }
    return out;
}

/** The context an Allow statement asks for (its own positive conditions, with wildcards filled in). */
export function statementContext(statement: any): Record<string, string> {
    return conditionValues(statement, POSITIVE_OPERATOR);
}

export function asList<V>(value: V | V[] | undefined): V[] {
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * AWS's default key policy: the account may use the key through IAM policies. What a key policy
 * must at least say for an identity policy to matter; used for keys the program does not define.
 */
export function defaultKeyPolicy(accountId: string): NamedPolicy["policy"] {
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "EnableIamPolicies", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: "kms:*", Resource: "*" }],
    };
}

/** Key policies of the KMS keys a program registered, by key ARN. */
export function keyPoliciesOf(resources: readonly RegisteredResource[]): Map<string, unknown> {
    return new Map(resources.filter((r) => r.type === "aws:kms/key:Key" && typeof r.outputs.policy === "string").map((k) => [k.outputs.arn as string, JSON.parse(k.outputs.policy)]));
}

/** A resource each escalation pivot runs on: any (`*`, every resource type), or a custom AgentCore sandbox of the role's account. */
function pivotTarget(pivot: (typeof ESCALATION_PIVOTS)[number], accountId: string): string {
    return pivot.resourceType ? `arn:aws:bedrock-agentcore:us-east-1:${accountId}:${pivot.resourceType}/admin_sandbox-a1b2c3d4e5` : "*";
}

/**
 * Every escalation pivot (controls/escalation-paths.ts), requested by the role with its identity
 * policies widened to `*`: the decisions that are not an explicit deny, and how many were checked.
 */
export async function escalationNotDenied(role: SimulatedRole): Promise<{ checked: number; leaks: string[] }> {
    const leaks: string[] = [];
    for (const pivot of ESCALATION_PIVOTS) {
        const resource = pivotTarget(pivot, role.accountId);
        const decision = await decide(role, { action: pivot.action, resource }, [ALLOW_EVERYTHING]);
        if (decision !== "ExplicitlyDenied") {
            leaks.push(`${pivot.action} on ${resource}: ${decision}`);
        }
    }
    return { checked: ESCALATION_PIVOTS.length, leaks };
}
