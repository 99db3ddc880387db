/**
 * The layers of the baseline: one table that the rule metadata, the components, the offline tool,
 * the rule catalogue and the tests all read. A layer's `key` names its folders
 * (`components/<key>/`, `policypack/rules/<key>/`); its `code` is the middle part of its rule IDs
 * (`AIG-<code>-<n>`); `components` are the component classes that provision it.
 */
export const LAYERS = [
    {
        key: "model",
        code: "MI",
        title: "Model interaction",
        controls: "Bedrock Guardrails, invocation logging",
        components: ["ModelGuardrail", "InvocationLogging"],
    },
    {
        key: "access",
        code: "MA",
        title: "Model access",
        controls: "IAM invoke policy: approved models, guardrail required",
        components: ["ModelAccessPolicy"],
    },
    {
        key: "identity",
        code: "ID",
        title: "Agent identity and permission ceiling",
        controls: "one IAM role per agent, non-destructive permission boundary",
        components: ["AgentIdentity", "AgentPermissionBoundary"],
    },
    {
        key: "agents",
        code: "AT",
        title: "Agents and tools",
        controls: "Bedrock agents, AgentCore gateways, runtimes and memory, Cedar tool policies",
        components: ["GuardedAgent", "ToolGateway"],
    },
    {
        key: "network",
        code: "NET",
        title: "Network path",
        controls: "VPC endpoints and their policies",
        components: ["PrivateModelEndpoints"],
    },
    {
        key: "edge",
        code: "EDGE",
        title: "Edge",
        controls: "API Gateway with AWS WAF",
        components: ["ModelApiEdge"],
    },
    {
        key: "evidence",
        code: "EV",
        title: "Evidence",
        controls: "CloudTrail, CloudWatch alarms and dashboard, SNS",
        components: ["AiAuditTrail", "AiMonitoring"],
    },
    {
        key: "organization",
        code: "ORG",
        title: "Organization baseline",
        controls: "Organizations BEDROCK_POLICY, SCPs, AI services opt-out",
        components: ["OrganizationGuardrails"],
    },
    {
        key: "integrity",
        code: "CI",
        title: "Control integrity",
        controls: "protect on governance resources, SCP protection of the controls",
        components: [],
    },
] as const;

export type LayerInfo = (typeof LAYERS)[number];
export type Layer = LayerInfo["key"];

export const LAYER_KEYS: readonly Layer[] = LAYERS.map((l) => l.key);

const BY_KEY: ReadonlyMap<string, LayerInfo> = new Map(LAYERS.map((l) => [l.key, l]));

/** The layer with this key. */
export function layerInfo(key: Layer): LayerInfo {
    return BY_KEY.get(key)!;
}

/** The layer a rule ID belongs to (`AIG-MI-3` -> model), from its code. */
export function layerOfRuleId(id: string): Layer | undefined {
    const code = /^AIG-([A-Z]+)-\d+$/.exec(id)?.[1];
    return LAYERS.find((l) => l.code === code)?.key;
}

/** The layer whose components include this class name. */
export function layerOfComponent(className: string): Layer | undefined {
    return LAYERS.find((l) => (l.components as readonly string[]).includes(className))?.key;
}
