/**
 * Each component of the layer table (policypack/controls/layers.ts), and the AiSecurityBaseline,
 * built with minimal valid arguments from the shared fixtures, for the conformance suite.
 */
import { ModelAccessPolicy } from "../../components/access/modelAccessPolicy";
import { callersOf } from "../../components/agents/cedarPolicies";
import { GuardedAgent } from "../../components/agents/guardedAgent";
import { ToolGateway } from "../../components/agents/toolGateway";
import { AiSecurityBaseline } from "../../components/baseline";
import { loadStackConfig } from "../../components/config";
import { ModelApiEdge } from "../../components/edge/modelApiEdge";
import { AiAuditTrail } from "../../components/evidence/aiAuditTrail";
import { AiMonitoring } from "../../components/evidence/aiMonitoring";
import { AgentIdentity } from "../../components/identity/agentIdentity";
import { AgentPermissionBoundary } from "../../components/identity/agentPermissionBoundary";
import { identitySchema } from "../../components/config/identity";
import { InvocationLogging } from "../../components/model/invocationLogging";
import { ModelGuardrail } from "../../components/model/modelGuardrail";
import { PrivateModelEndpoints } from "../../components/network/privateModelEndpoints";
import { OrganizationGuardrails } from "../../components/organization/organizationGuardrails";
import { rawConfig, sampleAgents } from "../components/agents/fixtures";
import { ACCOUNT, GUARDRAIL_ARN, KEY_ARN, MODEL, REGION } from "../helpers/fixtures";
import { loadStackConfigFile, mockContextFromConfig, RenderOptions } from "../helpers/mocks";

const base = { accountId: ACCOUNT, region: REGION };
const GUARDRAIL = { arn: GUARDRAIL_ARN, version: "1", kmsKeyArn: KEY_ARN };
/** The organization's management account, where OrganizationGuardrails deploys. */
const MANAGEMENT = "999999999999";
/** An inference profile beside the foundation model, so the model-access documents cover both kinds. */
const PROFILE = `us.${MODEL}`;

export interface Build {
    /** Creates the component, with what it needs beside it (commented), under the mock runtime. */
    build: () => void;
    /** Where it deploys, when not the test account. */
    options?: RenderOptions;
    /** Rules of other layers that judge its resources and that it must satisfy (its own layer's always count). */
    alsoJudgedBy?: readonly string[];
    /** Rules of its layer (or of alsoJudgedBy) on resources it does not build, with the reason: they find nothing to judge. */
    notBuilt?: Readonly<Record<string, string>>;
    /** Stack rules that ask for another layer's component in the same stack: that component, not this one, satisfies them. */
    providedBy?: Readonly<Record<string, string>>;
    /** Rules that wait at a first preview for a value only `up` computes (the SDK's advisory note), never violate. */
    undecidedAtPreview?: readonly string[];
}

/** A boundary from the stack's identity settings, as the baseline builds it. */
function boundary(): AgentPermissionBoundary {
    const ceiling = identitySchema.parse({});
    return new AgentPermissionBoundary("agent-boundary", { ...base, approvedModels: [MODEL, PROFILE], guardrail: GUARDRAIL, readOnlyServices: ceiling.readOnlyServices, toolActions: ceiling.toolActions });
}

/** An agent role under that boundary (the identity rules judge boundaries that roles wear, and roles against their boundary). */
function identity(): void {
    new AgentIdentity("incident-investigator", {
        ...base,
        purpose: "Investigates incidents: reads logs and metadata, opens tickets",
        trustedService: "bedrock",
        permissionsBoundaryArn: boundary().policyArn,
        policies: [{ name: "read-logs", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["logs:GetLogEvents", "logs:FilterLogEvents"], Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/app/*` }] } }],
    });
}

/** The presence rules a Bedrock workload triggers: the stack must also log invocations, hold endpoints and alarm on its trail. */
const WORKLOAD_NEEDS = {
    "bedrock-model-invocation-logging": "InvocationLogging",
    "bedrock-vpc-endpoints": "PrivateModelEndpoints",
    "governance-change-alarms": "AiAuditTrail with AiMonitoring",
};

/** Every IAM document a component writes names real actions and keys and grants no Bedrock API keys. */
const IAM = ["iam-policy-real-actions-and-keys", "bedrock-api-keys-not-granted"];
const IDENTITY = ["agent-role-dedicated", "agent-role-trust-scoped", "agent-role-permission-boundary", "agent-role-no-admin-policies"];

const AGENT_RESOURCES_NOT_BUILT = {
    "agentcore-runtime-private-network": "AgentCore runtimes are deployed by the application, not by these components",
    "agentcore-runtime-inbound-auth": "AgentCore runtimes are deployed by the application",
    "agentcore-memory-customer-key": "AgentCore memory is the application's",
    "agentcore-tools-private-network": "code interpreters and browsers are the application's",
    "agentcore-token-vault-customer-key": "the token vault is the account's, configured outside these components",
    "bedrock-knowledge-base-customer-key": "knowledge bases are the application's",
    "bedrock-flow-guardrail": "flows are the application's",
    "bedrock-flow-customer-key": "flows are the application's",
    "bedrock-prompt-customer-key": "prompt management is the application's",
};

export const BUILDS: Record<string, Build> = {
    ModelGuardrail: {
        build: () => new ModelGuardrail("ai-guardrail", { ...base, enforceInAccount: true }),
        notBuilt: {
            "bedrock-model-invocation-logging": "InvocationLogging's",
            "bedrock-custom-model-customer-key": "no component builds custom models",
            "bedrock-batch-inference-customer-key": "no component builds batch inference jobs",
        },
    },
    InvocationLogging: {
        build: () => new InvocationLogging("ai-invocation-logging", base),
        alsoJudgedBy: ["iam-policy-real-actions-and-keys"],
        notBuilt: {
            ...Object.fromEntries(["prompt-attack-high", "harm-filters", "sensitive-information", "denied-topics", "contextual-grounding", "customer-key"].map((r) => [`bedrock-guardrail-${r}`, "ModelGuardrail's"])),
            "bedrock-enforced-guardrail-configuration": "ModelGuardrail's",
            "bedrock-custom-model-customer-key": "no component builds custom models",
            "bedrock-batch-inference-customer-key": "no component builds batch inference jobs",
        },
    },
    ModelAccessPolicy: {
        // Pinned to a ModelGuardrail, as the baseline wires it: at a first preview its ARN is unknown.
        build: () => {
            const guardrail = new ModelGuardrail("ai-guardrail", { ...base, enforceInAccount: true });
            new ModelAccessPolicy("ai-model-access", { ...base, models: { approved: [MODEL, PROFILE] }, guardrail: { arn: guardrail.guardrailArn, version: guardrail.version, kmsKeyArn: guardrail.kmsKeyArn } });
        },
        // Its statements name the guardrail's ARN, which Bedrock assigns: the rules reading them wait for `up`.
        undecidedAtPreview: ["bedrock-invoke-approved-models-only", "bedrock-invoke-requires-guardrail", "iam-policy-real-actions-and-keys", "bedrock-api-keys-not-granted", "bedrock-mantle-inference-declared"],
    },
    AgentIdentity: { build: identity, alsoJudgedBy: IAM },
    AgentPermissionBoundary: { build: identity, alsoJudgedBy: ["bedrock-invoke-approved-models-only", "bedrock-invoke-requires-guardrail", ...IAM] },
    GuardedAgent: {
        build: () =>
            new GuardedAgent("incident-investigator", {
                ...base,
                ...sampleAgents().agents[0],
                approvedModels: [MODEL],
                guardrail: { arn: GUARDRAIL_ARN, version: "1" },
                kmsKeyArn: KEY_ARN,
                permissionsBoundaryArn: boundary().policyArn,
            }),
        alsoJudgedBy: [...IDENTITY, ...IAM],
        notBuilt: {
            ...AGENT_RESOURCES_NOT_BUILT,
            ...Object.fromEntries(["agentcore-gateway-authorizer", "agentcore-gateway-policy-engine-enforce", "agentcore-gateway-customer-key", "agentcore-policy-engine-customer-key", "agentcore-cedar-valid", "agentcore-cedar-forbids-destructive-tools"].map((r) => [r, "ToolGateway's"])),
        },
        providedBy: WORKLOAD_NEEDS,
    },
    ToolGateway: {
        build: () => {
            const config = loadStackConfig(rawConfig());
            new ToolGateway("ops-tools", { ...sampleAgents().gateways[0], callers: callersOf("ops-tools", config.agents.agents), kmsKeyArn: KEY_ARN, permissionsBoundaryArn: boundary().policyArn, ...base });
        },
        alsoJudgedBy: [...IDENTITY, ...IAM],
        notBuilt: {
            ...AGENT_RESOURCES_NOT_BUILT,
            ...Object.fromEntries(["bedrock-agent-guardrail", "bedrock-agent-customer-key", "bedrock-agent-session-ttl"].map((r) => [r, "GuardedAgent's"])),
        },
        providedBy: WORKLOAD_NEEDS,
        // The Cedar statements name the gateway's ARN, which AgentCore assigns.
        undecidedAtPreview: ["agentcore-cedar-valid", "agentcore-cedar-forbids-destructive-tools"],
    },
    PrivateModelEndpoints: {
        build: () =>
            new PrivateModelEndpoints("ai-endpoints", {
                ...base,
                vpcId: "vpc-0a1b2c3d4e5f67890",
                vpcCidr: "10.40.0.0/16",
                subnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
                approvedModelIds: [MODEL],
            }),
        alsoJudgedBy: ["bedrock-invoke-approved-models-only", "iam-policy-real-actions-and-keys"],
        notBuilt: { "bedrock-mantle-inference-declared": "judges callers of the bedrock-mantle endpoint, which this stack has none of" },
    },
    ModelApiEdge: {
        build: () => new ModelApiEdge("model-edge", { ...base, modelId: MODEL, guardrail: GUARDRAIL }),
        alsoJudgedBy: ["bedrock-invoke-approved-models-only", "bedrock-invoke-requires-guardrail", ...IAM],
    },
    AiAuditTrail: {
        build: () => new AiAuditTrail("ai-audit", base),
        alsoJudgedBy: IAM,
        providedBy: { "governance-change-alarms": "AiMonitoring" },
        // KMS assigns the key's ID, but the trail's key comes from the key the component creates: decided.
    },
    AiMonitoring: {
        // On the trail it alarms on (the alarms rule judges a trail's log group).
        build: () => {
            const trail = new AiAuditTrail("ai-audit", base);
            new AiMonitoring("ai-monitoring", {
                ...base,
                trailLogGroupName: trail.logGroupName,
                approvedModelIds: [MODEL],
                guardrails: { baseline: { arn: GUARDRAIL_ARN, version: "1" } },
                alarmSubscriptions: [{ protocol: "email", endpoint: "ai-security@example.com" }],
            });
        },
    },
    OrganizationGuardrails: {
        build: () =>
            new OrganizationGuardrails(
                "org",
                {
                    accountId: MANAGEMENT,
                    region: REGION,
                    organizationId: "o-a1b2c3d4e5",
                    rootId: "r-ab12",
                    guardrails: [{ region: REGION, guardrailArn: `arn:aws:bedrock:${REGION}:${MANAGEMENT}:guardrail/abc123def456`, version: "1" }],
                    approvedVpcEndpointIds: ["vpce-0a1b2c3d4e5f60718"],
                    securityAutomationRoleArns: ["arn:aws:iam::*:role/security-automation/ai-guardrails-deployer"],
                    targets: { invokeViaVpce: ["ou-ab12-prod0001"] },
                },
                // The org stack protects its governance resources (the integrity rule asks for it).
                { protect: true },
            ),
        options: { stack: "org", accountId: MANAGEMENT },
        alsoJudgedBy: ["scp-governance-protection", "governance-resources-protected", "iam-policy-real-actions-and-keys"],
    },
    AiSecurityBaseline: {
        // The prod stack's settings: every layer but the organization's (a member account).
        build: () => new AiSecurityBaseline("ai", loadStackConfig(loadStackConfigFile("prod"))),
        options: { stack: "prod", ...mockContextFromConfig(loadStackConfigFile("prod")) },
        notBuilt: {
            ...AGENT_RESOURCES_NOT_BUILT,
            "bedrock-custom-model-customer-key": "no component builds custom models",
            "bedrock-batch-inference-customer-key": "no component builds batch inference jobs",
            "bedrock-mantle-inference-declared": "no caller of the bedrock-mantle endpoint after `up` (at preview a role's unknown ARN may be one)",
            ...Object.fromEntries(["bedrock-org-guardrail-policy", "scp-bedrock-invoke-via-vpce", "scp-agent-action-ceiling", "ai-services-opt-out-policy", "scp-governance-protection"].map((r) => [r, "the management account's (OrganizationGuardrails, the org stack)"])),
        },
        // Documents naming the guardrail's ID and version, or a gateway's ID, which AWS assigns (README,
        // "A first preview"); the trail's key and the agents' guardrail version are decided from their sources.
        undecidedAtPreview: [
            "bedrock-invoke-approved-models-only",
            "bedrock-invoke-requires-guardrail",
            "iam-policy-real-actions-and-keys",
            "bedrock-api-keys-not-granted",
            "agent-role-permission-boundary",
            "permission-boundary-non-destructive",
            "agent-role-no-admin-policies",
            "agentcore-cedar-valid",
            "agentcore-cedar-forbids-destructive-tools",
            "bedrock-mantle-inference-declared",
        ],
    },
};
