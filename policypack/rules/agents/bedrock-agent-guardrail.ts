import { PUBLISHED_GUARDRAIL_VERSION } from "../../controls/agentcore";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";
import { isUnknownProp } from "../../lib/unknowns";

interface Config {
    approvedGuardrails: string[];
}

/** `arn:...:guardrail/ID` and `ID` name the same guardrail. */
function guardrailIdOf(identifier: string): string {
    const m = /:guardrail\/([^:/]+)$/.exec(identifier);
    return m ? m[1] : identifier;
}

export const bedrockAgentGuardrail = resourceRule<Config>({
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
    resourceTypes: [T.agent],
    validate: ({ props }, { config, report }) => {
        const raw = props.guardrailConfigurations;
        const entries: any[] = Array.isArray(raw) ? raw : raw && typeof raw === "object" ? [raw] : [];
        if (entries.length === 0) {
            report("guardrailConfigurations is not set: the agent's conversations and tool results pass no guardrail");
            return;
        }
        entries.forEach((entry, i) => {
            const where = entries.length > 1 ? `guardrailConfigurations[${i}]` : "guardrailConfigurations";
            if (entry === null || typeof entry !== "object") {
                report(`${where} is not a {guardrailIdentifier, guardrailVersion} object`);
                return;
            }
            // An identifier unknown at preview is a guardrail the stack creates: present.
            if (!isUnknownProp(entry, "guardrailIdentifier")) {
                const id = entry.guardrailIdentifier;
                if (typeof id !== "string" || id.trim() === "") {
                    report(`${where}.guardrailIdentifier is empty: the agent names no guardrail`);
                } else if (config.approvedGuardrails.length > 0 && !config.approvedGuardrails.some((g) => guardrailIdOf(g) === guardrailIdOf(id))) {
                    report(`${where}.guardrailIdentifier ${id} is not an approved guardrail (${config.approvedGuardrails.join(", ")})`);
                }
            }
            const version = entry.guardrailVersion;
            if (typeof version !== "string" && typeof version !== "number") {
                report(`${where}.guardrailVersion is not set: pin a published version`);
            } else if (!PUBLISHED_GUARDRAIL_VERSION.test(String(version))) {
                report(`${where}.guardrailVersion is ${JSON.stringify(version)}: pin a published numeric version, not DRAFT, so the guardrail cannot change under the agent`);
            }
        });
    },
});
