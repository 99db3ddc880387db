/**
 * Every Bedrock, Bedrock model, Bedrock foundation, AgentCore and Agent Registry resource type of
 * @pulumi/aws (checked against 7.48 by tests/policypack/controls/bedrock-resources.test.ts, which
 * fails when the installed provider has a type, a role property or a key property this table does
 * not classify), and what each is to the baseline:
 *
 * - `workload`: it invokes models or runs agents, tools, memory or evaluations, so the account
 *   needs invocation logging, private endpoints and governance alarms where it runs;
 * - `control`: a governance control (guardrails, invocation logging, Cedar policy engines and
 *   policies, resource policies, gateway rules, the token vault key, registries);
 * - `support`: configuration that neither invokes a model nor governs one (credential providers,
 *   workload identities, browser profiles, the account's model-access forms and agreements).
 *
 * `executionRoles`: the properties naming the IAM role the service runs the resource as (the
 * agent-role rules judge every such role), with the service principal that assumes it; `owner`
 * names the property that ties a resource to another that may share its role (a memory strategy
 * and its memory). `serviceRoles`: role properties that are not execution roles (log delivery).
 * `customerKeys`: the properties holding the customer-managed KMS key of the data the resource
 * stores, and what that data is; `otherKeys`: key properties that do not encrypt stored data.
 * Property paths are dotted, through nested blocks, as the provider's arguments name them.
 *
 * Sources: the provider's argument reference (node_modules/@pulumi/aws/bedrock/*.d.ts,
 * bedrockmodel, bedrockfoundation, agentregistry and types/input.d.ts); Amazon Bedrock user guide,
 * "Create a service role" pages for agents, knowledge bases, flows, model customization, model
 * evaluation and batch inference (trust bedrock.amazonaws.com), and "Encryption of ..." pages for
 * agents, flows, prompts, knowledge bases, custom models, guardrails and batch inference; Amazon
 * Bedrock AgentCore developer guide, "IAM permissions" for runtime, gateway, browser, code
 * interpreter, memory, evaluations and harness (trust bedrock-agentcore.amazonaws.com), and "Data
 * encryption" (memory, gateway, policy engine, evaluators, token vault).
 */

export type BedrockResourceRole = "workload" | "control" | "support";

export const BEDROCK_SERVICE_PRINCIPAL = "bedrock.amazonaws.com";
export const AGENTCORE_SERVICE_PRINCIPAL = "bedrock-agentcore.amazonaws.com";
export type ExecutingServicePrincipal = typeof BEDROCK_SERVICE_PRINCIPAL | typeof AGENTCORE_SERVICE_PRINCIPAL;

export interface ExecutionRoleProperty {
    property: string;
    service: ExecutingServicePrincipal;
    /** A reference property naming another resource that may run on the same role (it is the same identity). */
    owner?: { property: string; type: string };
}

export interface KeyProperty {
    property: string;
    /** What the key protects. */
    data: string;
}

export interface BedrockResourceClass {
    role: BedrockResourceRole;
    /** Reached through the bedrock-agentcore endpoints (data plane) rather than bedrock-runtime / bedrock-agent-runtime. */
    agentCore: boolean;
    executionRoles: readonly ExecutionRoleProperty[];
    serviceRoles: readonly { property: string; purpose: string }[];
    customerKeys: readonly KeyProperty[];
    otherKeys: readonly { property: string; purpose: string }[];
    /** One line: what it is. */
    note: string;
}

const AGENTCORE_MEMORY = "aws:bedrock/agentcoreMemory:AgentcoreMemory";

function entry(role: BedrockResourceRole, note: string, more: Partial<Omit<BedrockResourceClass, "role" | "note">> = {}): BedrockResourceClass {
    return { role, note, agentCore: false, executionRoles: [], serviceRoles: [], customerKeys: [], otherKeys: [], ...more };
}

const bedrockRole = (property: string): ExecutionRoleProperty => ({ property, service: BEDROCK_SERVICE_PRINCIPAL });
const agentCoreRole = (property: string, owner?: ExecutionRoleProperty["owner"]): ExecutionRoleProperty => ({
    property,
    service: AGENTCORE_SERVICE_PRINCIPAL,
    ...(owner ? { owner } : {}),
});

/** Type token -> classification. */
export const BEDROCK_RESOURCE_TYPES: Readonly<Record<string, BedrockResourceClass>> = {
    // Bedrock Agents.
    "aws:bedrock/agentAgent:AgentAgent": entry("workload", "a Bedrock agent: a model, an instruction and tools", {
        executionRoles: [bedrockRole("agentResourceRoleArn")],
        customerKeys: [{ property: "customerEncryptionKeyArn", data: "the agent's instruction, prompt templates and action-group schemas" }],
    }),
    "aws:bedrock/agentAgentActionGroup:AgentAgentActionGroup": entry("workload", "a tool of an agent (Lambda or return of control); runs as the agent"),
    "aws:bedrock/agentAgentAlias:AgentAgentAlias": entry("workload", "the invocable alias of an agent"),
    "aws:bedrock/agentAgentCollaborator:AgentAgentCollaborator": entry("workload", "another agent a supervisor agent delegates to"),
    "aws:bedrock/agentAgentKnowledgeBaseAssociation:AgentAgentKnowledgeBaseAssociation": entry("workload", "a knowledge base an agent queries"),
    "aws:bedrock/agentDataSource:AgentDataSource": entry("workload", "a knowledge base's data source; ingestion calls the embedding model", {
        customerKeys: [{ property: "serverSideEncryptionConfiguration.kmsKeyArn", data: "the transient data of ingestion jobs" }],
    }),
    "aws:bedrock/agentFlow:AgentFlow": entry("workload", "a prompt flow: prompts, models, agents and knowledge bases wired together", {
        executionRoles: [bedrockRole("executionRoleArn")],
        customerKeys: [{ property: "customerEncryptionKeyArn", data: "the flow definition (prompts and node configuration)" }],
    }),
    "aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase": entry("workload", "a knowledge base (retrieval-augmented generation)", {
        executionRoles: [bedrockRole("roleArn")],
        customerKeys: [
            {
                property: "knowledgeBaseConfiguration.managedKnowledgeBaseConfiguration.serverSideEncryptionConfiguration.kmsKeyArn",
                data: "the documents and vectors of a managed knowledge base",
            },
        ],
    }),
    "aws:bedrock/agentPrompt:AgentPrompt": entry("workload", "a managed prompt (templates and model settings) invoked through Converse or flows", {
        customerKeys: [{ property: "customerEncryptionKeyArn", data: "the prompt templates" }],
    }),

    // AgentCore.
    "aws:bedrock/agentcoreAgentRuntime:AgentcoreAgentRuntime": entry("workload", "an AgentCore runtime hosting agent code", {
        agentCore: true,
        executionRoles: [agentCoreRole("roleArn")],
    }),
    "aws:bedrock/agentcoreAgentRuntimeEndpoint:AgentcoreAgentRuntimeEndpoint": entry("workload", "an invocable endpoint of a runtime", { agentCore: true }),
    "aws:bedrock/agentcoreApiKeyCredentialProvider:AgentcoreApiKeyCredentialProvider": entry("support", "an API key agents use for outbound calls (held in the token vault)", { agentCore: true }),
    "aws:bedrock/agentcoreBrowser:AgentcoreBrowser": entry("workload", "a managed browser tool agents drive", {
        agentCore: true,
        executionRoles: [agentCoreRole("executionRoleArn")],
    }),
    "aws:bedrock/agentcoreBrowserProfile:AgentcoreBrowserProfile": entry("support", "saved browser state (cookies, local storage) for browser sessions", { agentCore: true }),
    "aws:bedrock/agentcoreCodeInterpreter:AgentcoreCodeInterpreter": entry("workload", "a sandbox where agents run code", {
        agentCore: true,
        executionRoles: [agentCoreRole("executionRoleArn")],
    }),
    "aws:bedrock/agentcoreEvaluator:AgentcoreEvaluator": entry("workload", "an evaluator: a judge model or a Lambda that scores agent behaviour", {
        agentCore: true,
        customerKeys: [{ property: "kmsKeyArn", data: "the evaluator's instructions and rating scale" }],
    }),
    "aws:bedrock/agentcoreGateway:AgentcoreGateway": entry("workload", "an MCP gateway in front of agents' tools", {
        agentCore: true,
        executionRoles: [agentCoreRole("roleArn")],
        customerKeys: [{ property: "kmsKeyArn", data: "the gateway's configuration and target credentials" }],
    }),
    "aws:bedrock/agentcoreGatewayRule:AgentcoreGatewayRule": entry("control", "principal-based access and routing rules of a gateway", { agentCore: true }),
    "aws:bedrock/agentcoreGatewayTarget:AgentcoreGatewayTarget": entry("workload", "a tool target behind a gateway; runs as the gateway", { agentCore: true }),
    "aws:bedrock/agentcoreHarness:AgentcoreHarness": entry("workload", "a managed agent loop: model, system prompt, tools, skills and memory", {
        agentCore: true,
        executionRoles: [agentCoreRole("executionRoleArn")],
        customerKeys: [{ property: "memory.managedMemoryConfiguration.encryptionKeyArn", data: "the harness's managed conversation memory" }],
    }),
    [AGENTCORE_MEMORY]: entry("workload", "agent memory: conversation events and extracted long-term records", {
        agentCore: true,
        executionRoles: [agentCoreRole("memoryExecutionRoleArn")],
        customerKeys: [{ property: "encryptionKeyArn", data: "conversation events and long-term memory records" }],
    }),
    "aws:bedrock/agentcoreMemoryStrategy:AgentcoreMemoryStrategy": entry("workload", "an extraction strategy of a memory; calls a model on the memory's events", {
        agentCore: true,
        executionRoles: [agentCoreRole("memoryExecutionRoleArn", { property: "memoryId", type: AGENTCORE_MEMORY })],
    }),
    "aws:bedrock/agentcoreOauth2CredentialProvider:AgentcoreOauth2CredentialProvider": entry("support", "an OAuth2 client agents use for outbound calls (held in the token vault)", {
        agentCore: true,
        otherKeys: [
            {
                property: "oauth2ProviderConfig.customOauth2ProviderConfig.privateKeyJwtConfig.privateKeySource.kmsKeySource.kmsKeyArn",
                purpose: "signs the client's private-key JWT; it encrypts no stored data",
            },
        ],
    }),
    "aws:bedrock/agentcoreOnlineEvaluationConfig:AgentcoreOnlineEvaluationConfig": entry("workload", "continuous evaluation of live agent traffic read from CloudWatch Logs", {
        agentCore: true,
        executionRoles: [agentCoreRole("evaluationExecutionRoleArn")],
    }),
    "aws:bedrock/agentcorePolicy:AgentcorePolicy": entry("control", "a Cedar policy of a policy engine", { agentCore: true }),
    "aws:bedrock/agentcorePolicyEngine:AgentcorePolicyEngine": entry("control", "the Cedar policy engine a gateway consults", {
        agentCore: true,
        customerKeys: [{ property: "encryptionKeyArn", data: "the engine's Cedar policies" }],
    }),
    "aws:bedrock/agentcoreRegistry:AgentcoreRegistry": entry("control", "a catalogue of approved MCP servers, agents and skills (deprecated for aws:agentregistry)", {
        agentCore: true,
    }),
    "aws:bedrock/agentcoreResourcePolicy:AgentcoreResourcePolicy": entry("control", "who may invoke a runtime, endpoint or gateway", { agentCore: true }),
    "aws:bedrock/agentcoreTokenVaultCmk:AgentcoreTokenVaultCmk": entry("control", "the customer key of the token vault", {
        agentCore: true,
        customerKeys: [{ property: "kmsConfiguration.kmsKeyArn", data: "the OAuth tokens and API keys in the token vault" }],
    }),
    "aws:bedrock/agentcoreWorkloadIdentity:AgentcoreWorkloadIdentity": entry("support", "an agent's workload identity for outbound OAuth", { agentCore: true }),
    "aws:agentregistry/registry:Registry": entry("control", "a catalogue of approved agentic components (tools, prompts, guardrails, knowledge bases)", {
        customerKeys: [{ property: "encryptionConfiguration.kmsKeyArn", data: "the registry's records" }],
    }),

    // Models, jobs and account settings.
    "aws:bedrock/customModel:CustomModel": entry("workload", "a model customization (fine-tuning) job and its model", {
        executionRoles: [bedrockRole("roleArn")],
        customerKeys: [{ property: "customModelKmsKeyId", data: "the custom model's weights" }],
    }),
    "aws:bedrock/evaluationJob:EvaluationJob": entry("workload", "a model evaluation job", {
        executionRoles: [bedrockRole("roleArn")],
        customerKeys: [{ property: "customerEncryptionKeyId", data: "the evaluation's prompts, responses and results" }],
    }),
    "aws:bedrock/inferenceProfile:InferenceProfile": entry("workload", "an application inference profile models are invoked through"),
    "aws:bedrock/provisionedModelThroughput:ProvisionedModelThroughput": entry("workload", "provisioned throughput models are invoked through"),
    "aws:bedrock/useCaseForModelAccess:UseCaseForModelAccess": entry("support", "the account's use-case form for model access"),
    "aws:bedrockfoundation/modelAgreement:ModelAgreement": entry("support", "the account's agreement to a Marketplace model offer"),
    "aws:bedrockmodel/invocationJob:InvocationJob": entry("workload", "a batch inference job", {
        executionRoles: [bedrockRole("roleArn")],
        customerKeys: [{ property: "outputDataConfig.s3OutputDataConfig.s3EncryptionKeyId", data: "the job's prompts and responses written to S3" }],
    }),

    // Governance controls.
    "aws:bedrock/guardrail:Guardrail": entry("control", "a guardrail (content, topic, word, PII and grounding filters)", {
        customerKeys: [{ property: "kmsKeyArn", data: "the guardrail's policies" }],
    }),
    "aws:bedrock/guardrailVersion:GuardrailVersion": entry("control", "a published guardrail version"),
    "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration": entry("control", "the account's model invocation logging in a Region", {
        serviceRoles: [{ property: "loggingConfig.cloudwatchConfig.roleArn", purpose: "Bedrock delivers the logs to CloudWatch Logs with it; no agent runs on it" }],
    }),
};

/** The type tokens of one role, in table order. */
export function bedrockTypesOfRole(role: BedrockResourceRole): string[] {
    return Object.entries(BEDROCK_RESOURCE_TYPES)
        .filter(([, c]) => c.role === role)
        .map(([token]) => token);
}
