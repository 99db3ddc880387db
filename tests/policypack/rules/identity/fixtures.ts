/** Shared fixtures for the identity rules' tests: trust policies, roles, agents and a compliant boundary. */
import { agentBoundaryDocument } from "../../../../components/identity/agentPermissionBoundary";
import { DEFAULT_AGENT_TOOL_ACTIONS, DEFAULT_READ_ONLY_SERVICES } from "../../../../policypack/controls/agent-identity";
import { DESTRUCTIVE_ACTION_GROUPS } from "../../../../policypack/controls/destructive-actions";
import { T } from "../../../../policypack/lib/types";
import { FakeResource } from "../../../helpers/policy-harness";

export const ACCOUNT = "111122223333";
export const REGION = "us-east-1";
export const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT}:policy/ai-agents/agent-boundary`;

export function trust(statement: Record<string, unknown> | Record<string, unknown>[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statement });
}

/** The trust policy AgentIdentity writes. */
export function agentTrust(service = "bedrock.amazonaws.com", sourceArn = `arn:aws:bedrock:${REGION}:${ACCOUNT}:agent/*`): string {
    return trust({
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": sourceArn } },
    });
}

export function roleArn(name: string, path = "/ai-agents/"): string {
    return `arn:aws:iam::${ACCOUNT}:role${path}${name}`;
}

export function role(name: string, props: Record<string, unknown> = {}): FakeResource {
    return {
        type: T.iamRole,
        name,
        props: { name, arn: roleArn(name), path: "/ai-agents/", assumeRolePolicy: agentTrust(), permissionsBoundary: BOUNDARY_ARN, ...props },
    };
}

export function agent(name: string, roleArnValue: string, propertyDependencies?: Record<string, string[]>): FakeResource {
    return { type: T.agent, name, props: { agentName: name, agentResourceRoleArn: roleArnValue }, propertyDependencies };
}

export function gateway(name: string, roleArnValue: string, propertyDependencies?: Record<string, string[]>): FakeResource {
    return { type: T.agentcoreGateway, name, props: { name, roleArn: roleArnValue }, propertyDependencies };
}

export function runtime(name: string, roleArnValue: string, propertyDependencies?: Record<string, string[]>): FakeResource {
    return { type: T.agentcoreRuntime, name, props: { agentRuntimeName: name, roleArn: roleArnValue }, propertyDependencies };
}

/** The boundary the AgentPermissionBoundary component generates with the default ceiling. */
export function compliantBoundaryDocument(overrides: { allowedPassRoleArns?: string[]; extraDestructiveActions?: string[] } = {}): string {
    return agentBoundaryDocument({
        partition: "aws",
        region: REGION,
        accountId: ACCOUNT,
        approvedModels: ["anthropic.claude-3-5-sonnet-20240620-v1:0"],
        guardrailVersionedArn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:guardrail/abcdefghij12:1`,
        readOnlyServices: [...DEFAULT_READ_ONLY_SERVICES],
        toolActions: [...DEFAULT_AGENT_TOOL_ACTIONS],
        extraDestructiveActions: overrides.extraDestructiveActions ?? [],
        allowedPassRoleArns: overrides.allowedPassRoleArns ?? [],
    });
}

export function policy(name: string, document: unknown, arn = `arn:aws:iam::${ACCOUNT}:policy/ai-agents/${name}`): FakeResource {
    return { type: T.iamPolicy, name, props: { name, arn, id: arn, policy: document } };
}

export function doc(statement: Record<string, unknown> | Record<string, unknown>[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statement });
}

/**
 * A hand-written boundary in the shape published guides use: an allow-list of reads and invocation,
 * then one Deny per class of the destructive catalogue (by Sid) and a PassRole deny. `allow` adds
 * Allow statements (what a third party grants its agents on top).
 */
export function explicitBoundaryDocument(allow: Record<string, unknown>[] = []): string {
    return doc([
        { Sid: "AllowReadOnly", Effect: "Allow", Action: ["logs:Get*", "logs:Describe*", "cloudwatch:Get*"], Resource: "*" },
        { Sid: "AllowInvoke", Effect: "Allow", Action: ["bedrock:InvokeModel"], Resource: "arn:aws:bedrock:us-east-1::foundation-model/*" },
        ...allow,
        ...DESTRUCTIVE_ACTION_GROUPS.map((g) => ({ Sid: `Deny${g.id}`, Effect: "Deny", Action: g.actions.filter((a) => a !== "iam:PassRole"), Resource: "*" })),
        { Sid: "DenyPassRole", Effect: "Deny", Action: "iam:PassRole", Resource: "*" },
    ]);
}

export function lambdaFunction(name: string, roleArnValue: string, propertyDependencies?: Record<string, string[]>): FakeResource {
    const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
    return { type: T.lambdaFunction, name, props: { name, arn, role: roleArnValue }, propertyDependencies };
}
