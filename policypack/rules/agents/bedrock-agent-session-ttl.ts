import { AGENT_IDLE_SESSION_TTL_RANGE, DEFAULT_MAX_IDLE_SESSION_TTL_SECONDS } from "../../controls/agentcore";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

interface Config {
    maxIdleSessionTtlSeconds: number;
}

export const bedrockAgentSessionTtl = resourceRule<Config>({
    name: "bedrock-agent-session-ttl",
    id: "AIG-AT-3",
    layer: "agents",
    severity: "low",
    displayName: "Agent sessions expire when idle",
    frameworks: { owaspLlm: ["LLM10"], awsAisf: ["AISF-AGENT-01"] },
    description: "Every Bedrock agent sets an idle session TTL no longer than the configured maximum.",
    explanation:
        "An idle session keeps the conversation, and whatever was injected into it through a prompt or a tool result, alive for the next " +
        "request. A short, explicit TTL bounds how long such context can be exploited and how long session data is retained.",
    seedControl: "Agents: bounded session lifetime",
    peers: ["Prowler:bedrock_agent_idle_session_ttl_not_excessive"],
    remediation: `Set idleSessionTtlInSeconds on the agent to at most the configured maximum (default ${DEFAULT_MAX_IDLE_SESSION_TTL_SECONDS} seconds).`,
    configSchema: {
        properties: {
            maxIdleSessionTtlSeconds: {
                type: "integer",
                minimum: AGENT_IDLE_SESSION_TTL_RANGE.min,
                maximum: AGENT_IDLE_SESSION_TTL_RANGE.max,
                default: DEFAULT_MAX_IDLE_SESSION_TTL_SECONDS,
                description: "Longest accepted idle session TTL, in seconds.",
            },
        },
    },
    resourceTypes: [T.agent],
    validate: ({ props }, { config, report }) => {
        const ttl = props.idleSessionTtlInSeconds;
        if (ttl === undefined || ttl === null) {
            report(`idleSessionTtlInSeconds is not set: set it explicitly to at most ${config.maxIdleSessionTtlSeconds} seconds`);
        } else if (typeof ttl !== "number" || !Number.isInteger(ttl)) {
            report(`idleSessionTtlInSeconds ${JSON.stringify(ttl)} is not a whole number of seconds`);
        } else if (ttl > config.maxIdleSessionTtlSeconds) {
            report(`idleSessionTtlInSeconds is ${ttl}: at most ${config.maxIdleSessionTtlSeconds} seconds is allowed`);
        }
    },
});
