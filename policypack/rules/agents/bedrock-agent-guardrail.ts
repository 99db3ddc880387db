import { PUBLISHED_GUARDRAIL_VERSION } from "../../controls/agentcore";
import { PolicyResource } from "@pulumi/policy";
import { stackRule } from "../../lib/rule";
import { StackIndex } from "../../lib/stack-index";
import { T } from "../../lib/types";
import { isUnknownProp, judgeEach, soleSourceIsOfType } from "../../lib/unknowns";

interface Config {
    approvedGuardrails: string[];
}

/** `arn:...:guardrail/ID` and `ID` name the same guardrail. */
function guardrailIdOf(identifier: string): string {
    const m = /:guardrail\/([^:/]+)$/.exec(identifier);
    return m ? m[1] : identifier;
}

/**
 * Whether what is unknown at preview in guardrailConfigurations comes from exactly one published
 * version the stack creates: an aws.bedrock.GuardrailVersion only ever holds a numeric version
 * (DRAFT is the guardrail's own `version`), and the version AWS assigns it is unknown until then.
 * Sound only when nothing else feeds the property: the engine records its sources per top-level
 * property, so an agent naming its guardrail through the Guardrail resource leaves it undecided.
 */
function publishedVersionOfStack(agent: PolicyResource): boolean {
    return soleSourceIsOfType(agent, "guardrailConfigurations", T.guardrailVersion);
}

function agentProblems(agent: PolicyResource, approvedGuardrails: readonly string[]): string[] {
    const props = agent.props;
    if (isUnknownProp(props, "guardrailConfigurations") && publishedVersionOfStack(agent)) {
        return [];
    }
    const raw = props.guardrailConfigurations;
    const entries: any[] = Array.isArray(raw) ? raw : raw && typeof raw === "object" ? [raw] : [];
    if (entries.length === 0) {
        return ["guardrailConfigurations is not set: the agent's conversations and tool results pass no guardrail"];
    }
    const problems: string[] = [];
    entries.forEach((entry, i) => {
        const where = entries.length > 1 ? `guardrailConfigurations[${i}]` : "guardrailConfigurations";
        if (entry === null || typeof entry !== "object") {
            problems.push(`${where} is not a {guardrailIdentifier, guardrailVersion} object`);
            return;
        }
        // An identifier unknown at preview is a guardrail the stack creates: present.
        if (!isUnknownProp(entry, "guardrailIdentifier")) {
            const id = entry.guardrailIdentifier;
            if (typeof id !== "string" || id.trim() === "") {
                problems.push(`${where}.guardrailIdentifier is empty: the agent names no guardrail`);
            } else if (approvedGuardrails.length > 0 && !approvedGuardrails.some((g) => guardrailIdOf(g) === guardrailIdOf(id))) {
                problems.push(`${where}.guardrailIdentifier ${id} is not an approved guardrail (${approvedGuardrails.join(", ")})`);
            }
        }
        if (isUnknownProp(entry, "guardrailVersion") && publishedVersionOfStack(agent)) {
            return;
        }
        // Read through the proxy: a version unknown from anything else leaves the verdict undecided, naming the agent.
        const version = entry.guardrailVersion;
        if (typeof version !== "string" && typeof version !== "number") {
            problems.push(`${where}.guardrailVersion is not set: pin a published version`);
        } else if (!PUBLISHED_GUARDRAIL_VERSION.test(String(version))) {
            problems.push(`${where}.guardrailVersion is ${JSON.stringify(version)}: pin a published numeric version, not DRAFT, so the guardrail cannot change under the agent`);
        }
    });
    return problems;
}

export const bedrockAgentGuardrail = stackRule<Config>({
    name: "bedrock-agent-guardrail",
    id: "AIG-AT-1",
    layer: "agents",
    severity: "high",
    displayName: "Agent runs with a pinned guardrail version",
    frameworks: { owaspLlm: ["LLM01"], awsAisf: ["AISF-AI-04"] },
    description: "Every Bedrock agent runs with a guardrail pinned to a published, numeric version (never DRAFT).",
    explanation:
        "Without a guardrail the agent's prompts and answers, and the tool results it reads, pass no content filter, PII masking or " +
        "prompt-attack detection. Pinned to DRAFT, the guardrail the agent uses changes with every edit, untested and unreviewed.",
    seedControl: "Agents: every agent uses the baseline guardrail at a published version",
    peers: ["Prowler:bedrock_agent_guardrail_enabled", "Checkov:CKV_AWS_383"],
    remediation:
        "Set guardrailConfigurations to [{guardrailIdentifier: <guardrail ID or ARN>, guardrailVersion: <published version, e.g. \"1\">}] " +
        "using an aws.bedrock.GuardrailVersion; the GuardedAgent component does this.",
    configSchema: {
        properties: {
            approvedGuardrails: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Guardrail IDs or ARNs agents may use; empty accepts any guardrail.",
            },
        },
    },
    requiresType: T.agent,
    // A stack rule: at a first preview the version is unknown, and only the stack's dependencies say it is a published one.
    validateStack: async ({ resources, notApplicable }, { config, report }) => {
        const stack = StackIndex.of(resources);
        if (!stack.has(T.agent)) {
            notApplicable("no Bedrock agent in the stack");
        }
        await judgeEach(stack.ofType(T.agent), (agent) => {
            for (const problem of agentProblems(agent, config.approvedGuardrails)) {
                report(problem, agent.urn);
            }
        });
    },
});
