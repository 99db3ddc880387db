/**
 * Agent roles and their permission ceiling (stack settings: `identity`).
 * Settings are data only (no validation here: components/config holds the schemas), so every
 * language the component plugin serves can express them.
 */
/** The service that assumes an agent role: Bedrock Agents, or AgentCore (runtimes and gateways). */
export const AgentTrustedService = { BEDROCK: "bedrock", BEDROCK_AGENTCORE: "bedrock-agentcore" } as const;
export type AgentTrustedService = (typeof AgentTrustedService)[keyof typeof AgentTrustedService];

/** The agent identities and their permission ceiling (stack settings: `identity`). */
export interface IdentitySettings {
    /** IAM path of agent roles and of the boundary policy; marks them as agent identities. Defaults to `/ai-agents/`. */
    rolePath?: string;
    /** Services whose Read and List actions agents may use (the read-only ceiling). Defaults to CloudWatch, Logs, CloudTrail, X-Ray, Config and tagging. */
    readOnlyServices?: string[];
    /** Other actions agents and their tools may use (the tool ceiling): real actions, no wildcards, nothing destructive. */
    toolActions?: string[];
    /** Action patterns (`glue:Delete*`) to deny on top of the destructive-action catalogue. */
    extraDestructiveActions?: string[];
    /** The only roles agents may pass (`iam:PassRole`); every other role is denied. Empty: none. */
    allowedPassRoleArns?: string[];
}
