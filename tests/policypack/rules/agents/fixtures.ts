/**
 * Resources of the agents-and-tools layer as the policy engine sees them after `pulumi up`
 * (inputs plus computed IDs and ARNs), for the rule tests. Each builder takes a mutator.
 */
import { T } from "../../../../policypack/lib/types";
import { FakeResource } from "../../../helpers/policy-harness";

export const ACCOUNT = "123456789012";
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const GATEWAY_ID = "ops-tools-a1b2c3d4e5";
export const GATEWAY_ARN = `arn:aws:bedrock-agentcore:us-east-1:${ACCOUNT}:gateway/${GATEWAY_ID}`;
export const ENGINE_ID = "ops_tools_policies-f6g7h8i9j0";
export const ENGINE_ARN = `arn:aws:bedrock-agentcore:us-east-1:${ACCOUNT}:policy-engine/${ENGINE_ID}`;

type Mutator = (props: Record<string, any>) => unknown;

function build(type: string, name: string, props: Record<string, any>, mutate?: Mutator, extra: Partial<FakeResource> = {}): FakeResource {
    mutate?.(props);
    return { type, name, props, ...extra };
}

export function agent(mutate?: Mutator): FakeResource {
    return build(
        T.agent,
        "incident-investigator",
        {
            agentName: "incident-investigator",
            agentResourceRoleArn: `arn:aws:iam::${ACCOUNT}:role/ai-agents/incident-investigator`,
            foundationModel: "anthropic.claude-3-5-sonnet-20240620-v1:0",
            instruction: "You investigate production incidents: read logs and resource metadata, then open a ticket.",
            customerEncryptionKeyArn: KEY_ARN,
            idleSessionTtlInSeconds: 600,
            guardrailConfigurations: [{ guardrailIdentifier: "abc123def456", guardrailVersion: "1" }],
        },
        mutate,
    );
}

export function gateway(mutate?: Mutator, name = "ops-tools"): FakeResource {
    return build(
        T.agentcoreGateway,
        name,
        {
            name: "ops-tools",
            gatewayId: GATEWAY_ID,
            gatewayArn: GATEWAY_ARN,
            protocolType: "MCP",
            roleArn: `arn:aws:iam::${ACCOUNT}:role/ai-agents/ops-tools-gateway`,
            authorizerType: "CUSTOM_JWT",
            authorizerConfiguration: {
                customJwtAuthorizer: {
                    discoveryUrl: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example/.well-known/openid-configuration",
                    allowedAudiences: ["ops-tools"],
                },
            },
            kmsKeyArn: KEY_ARN,
            policyEngineConfiguration: { arn: ENGINE_ARN, mode: "ENFORCE" },
        },
        mutate,
    );
}

export function runtime(mutate?: Mutator): FakeResource {
    return build(
        T.agentcoreRuntime,
        "ops-runtime",
        {
            agentRuntimeName: "ops_runtime",
            roleArn: `arn:aws:iam::${ACCOUNT}:role/ai-agents/ops-runtime`,
            networkConfiguration: { networkMode: "VPC", networkModeConfig: { subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0a1b2c3d"] } },
        },
        mutate,
    );
}

export function engine(mutate?: Mutator): FakeResource {
    return build(T.agentcorePolicyEngine, "ops-tools-engine", { name: "ops_tools_policies", policyEngineId: ENGINE_ID, policyEngineArn: ENGINE_ARN, encryptionKeyArn: KEY_ARN }, mutate);
}

/** A Lambda target whose inline tool schema is the gateway's manifest. */
export function lambdaTarget(mutate?: Mutator): FakeResource {
    return build(
        T.agentcoreGatewayTarget,
        "ops-tools-ops",
        {
            name: "ops",
            gatewayIdentifier: GATEWAY_ID,
            credentialProviderConfiguration: { gatewayIamRole: {} },
            targetConfiguration: {
                mcp: {
                    lambda: {
                        lambdaArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:ops-tools`,
                        toolSchema: {
                            inlinePayloads: [
                                { name: "read_logs", description: "Read log events", inputSchema: { type: "object", properties: [{ name: "logGroup", type: "string", required: true }, { name: "minutes", type: "integer" }] } },
                                { name: "delete_stack", description: "Delete a stack", inputSchema: { type: "object", properties: [{ name: "stackName", type: "string", required: true }] } },
                                { name: "terminate_instance", description: "Terminate an instance", inputSchema: { type: "object", properties: [{ name: "instanceId", type: "string", required: true }] } },
                            ],
                        },
                    },
                },
            },
        },
        mutate,
    );
}

export const PERMIT_READ_LOGS = `permit (
  principal is AgentCore::OAuthUser,
  action == AgentCore::Action::"ops___read_logs",
  resource == AgentCore::Gateway::"${GATEWAY_ARN}"
)
when {
  principal == AgentCore::OAuthUser::"incident-investigator" ||
  (principal.hasTag("cognito:groups") && principal.getTag("cognito:groups") like "*\\"sre\\"*")
};`;

export const FORBID_DESTRUCTIVE = `forbid (
  principal,
  action in [AgentCore::Action::"ops___delete_stack", AgentCore::Action::"ops___terminate_instance"],
  resource == AgentCore::Gateway::"${GATEWAY_ARN}"
);`;

let policyCount = 0;

export function policy(statement: unknown, mutate?: Mutator, name = `policy-${++policyCount}`): FakeResource {
    return build(
        T.agentcorePolicy,
        name,
        { name: name.replace(/-/g, "_"), policyEngineId: ENGINE_ID, validationMode: "FAIL_ON_ANY_FINDINGS", definition: { cedar: { statement } } },
        mutate,
    );
}

/** A compliant gateway stack: gateway, engine, Lambda target, a permit and the destructive forbid. */
export function gatewayStack(): FakeResource[] {
    return [gateway(), engine(), lambdaTarget(), policy(PERMIT_READ_LOGS, undefined, "permit-read-logs"), policy(FORBID_DESTRUCTIVE, undefined, "forbid-destructive")];
}
