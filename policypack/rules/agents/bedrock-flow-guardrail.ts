import { PUBLISHED_GUARDRAIL_VERSION } from "../../controls/agentcore";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";
import { isUnknownProp } from "../../lib/unknowns";

function isObject(v: unknown): v is Record<string, any> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The flow's nodes: `definition.nodes`, or the nodes of the JSON `definitionString` (Cloud Control). */
function nodesOf(props: Record<string, any>): { nodes: unknown[]; problem?: string } {
    if (props.definition !== undefined && props.definition !== null) {
        return { nodes: isObject(props.definition) && Array.isArray(props.definition.nodes) ? props.definition.nodes : [] };
    }
    if (typeof props.definitionString === "string") {
        try {
            const parsed = JSON.parse(props.definitionString);
            return { nodes: isObject(parsed) && Array.isArray(parsed.nodes) ? parsed.nodes : [] };
        } catch (e) {
            return { nodes: [], problem: `definitionString is not valid JSON (${(e as Error).message}), so its nodes' guardrails cannot be verified` };
        }
    }
    return { nodes: [] };
}

/** Why a node that generates text does not carry a published guardrail version, or undefined when it does or generates none. */
function nodeProblem(node: unknown): string | undefined {
    if (!isObject(node) || !isObject(node.configuration)) {
        return undefined;
    }
    const name = typeof node.name === "string" ? node.name : "(unnamed)";
    const { prompt, knowledgeBase } = node.configuration;
    // A knowledge-base node without a model only retrieves: it cannot attach a guardrail (Prowler treats it the same way).
    const generating = isObject(prompt) ? { kind: "prompt", config: prompt } : isObject(knowledgeBase) && knowledgeBase.modelId ? { kind: "knowledge-base", config: knowledgeBase } : undefined;
    if (!generating) {
        return undefined;
    }
    const guardrail = generating.config.guardrailConfiguration;
    if (!isObject(guardrail) || (typeof guardrail.guardrailIdentifier !== "string" && !isUnknownProp(guardrail, "guardrailIdentifier"))) {
        return `${generating.kind} node "${name}" has no guardrailConfiguration: its prompts and responses are not filtered`;
    }
    if (isUnknownProp(guardrail, "guardrailVersion")) {
        return undefined;
    }
    const version = guardrail.guardrailVersion;
    if (typeof version !== "string" || !PUBLISHED_GUARDRAIL_VERSION.test(version)) {
        return `${generating.kind} node "${name}" uses guardrail version ${JSON.stringify(version)}: pin a published numeric version (DRAFT changes under the flow)`;
    }
    return undefined;
}

export const bedrockFlowGuardrail = resourceRule({
    name: "bedrock-flow-guardrail",
    id: "AIG-AT-15",
    layer: "agents",
    severity: "high",
    displayName: "Bedrock flow nodes apply a guardrail",
    frameworks: { owaspLlm: ["LLM01", "LLM02"], awsAisf: ["AISF-AI-01", "AISF-AI-04"] },
    description: "Every prompt node, and every knowledge-base node that generates a response, of a Bedrock flow applies a guardrail pinned to a published version.",
    explanation:
        "A flow calls models from its prompt and knowledge-base nodes with the flow's execution role, not the caller's: the caller's " +
        "invoke policy and its guardrail Deny do not apply there. Only a guardrail configured on the node filters what goes into and " +
        "comes out of those calls; DRAFT changes with every edit of the guardrail.",
    seedControl: "Flows: every model call guarded",
    peers: ["Prowler:bedrock_flow_guardrail_enabled"],
    remediation:
        'Set guardrailConfiguration {guardrailIdentifier: <guardrail ID or ARN>, guardrailVersion: "<published version>"} on each prompt node ' +
        "and on each knowledge-base node with a modelId.",
    resourceTypes: [T.agentFlow, T.nativeFlow],
    validate: ({ props, notApplicable }, { report }) => {
        const { nodes, problem } = nodesOf(props);
        if (problem) {
            report(problem);
            return;
        }
        const problems = nodes.map(nodeProblem).filter((p): p is string => p !== undefined);
        for (const p of problems) {
            report(p);
        }
        if (problems.length === 0 && !nodes.some((n) => isObject(n) && isObject(n.configuration) && (isObject(n.configuration.prompt) || isObject(n.configuration.knowledgeBase)))) {
            notApplicable("the flow has no prompt or knowledge-base node");
        }
    },
});
