/** A valid `ai-guardrails:agents` section and base stack settings, for the agents-layer tests. */
import { MODEL } from "../../helpers/fixtures";

export function sampleAgents(): any {
    return {
        agents: [
            {
                name: "incident-investigator",
                purpose: "Investigates production incidents: reads logs and resource metadata and opens tickets.",
                foundationModel: MODEL,
                instruction: "You investigate production incidents. Read logs and describe resources, then open a ticket with your findings.",
                idleSessionTtlSeconds: 900,
                gateway: "ops-tools",
                gatewayPrincipal: "incident-investigator-client",
                tools: ["ops___read_logs", "ops___describe_resources", "tickets___open_ticket"],
            },
            {
                name: "cost-reporter",
                purpose: "Reports cloud costs per team from resource metadata.",
                foundationModel: MODEL,
                instruction: "You report cloud costs per team. Describe resources and summarise their cost drivers, never change anything.",
                gateway: "ops-tools",
                gatewayPrincipal: "cost-reporter-client",
                tools: ["ops___describe_resources"],
            },
        ],
        gateways: [
            {
                name: "ops-tools",
                description: "Operations tools for agents",
                authorizer: {
                    discoveryUrl: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example/.well-known/openid-configuration",
                    allowedClients: ["incident-investigator-client", "cost-reporter-client"],
                },
                targets: [
                    {
                        name: "ops",
                        lambda: { arn: "arn:aws:lambda:us-east-1:111111111111:function:ops-tools" },
                        tools: [
                            {
                                name: "read_logs",
                                description: "Read recent events of a log group",
                                access: "read-only",
                                inputs: { logGroup: { type: "string", required: true }, minutes: { type: "integer" } },
                                allowedGroups: ["sre"],
                            },
                            { name: "describe_resources", description: "Describe resources and their tags", access: "read-only", inputs: { resourceArn: { type: "string" } } },
                            { name: "delete_stack", description: "Delete a CloudFormation stack", access: "destructive", inputs: { stackName: { type: "string", required: true } } },
                            { name: "terminate_instance", description: "Terminate an EC2 instance", access: "destructive", inputs: { instanceId: { type: "string", required: true } } },
                        ],
                    },
                    {
                        name: "tickets",
                        mcpServer: { endpoint: "https://tickets.example.com/mcp" },
                        tools: [{ name: "open_ticket", description: "Open an incident ticket", access: "write", inputs: { title: { type: "string", required: true }, severity: { type: "integer" } } }],
                    },
                ],
            },
        ],
    };
}

/** Raw stack settings (`namespace:key` -> string) with the sample agents section. */
export function rawConfig(agents: unknown = sampleAgents()): Record<string, string> {
    return {
        "aws:region": "us-east-1",
        "ai-guardrails:environment": "prod",
        "ai-guardrails:accountId": "111111111111",
        "ai-guardrails:models": JSON.stringify({ approved: [MODEL] }),
        "ai-guardrails:agents": JSON.stringify(agents),
        // The agents layer needs no VPC; the network layer's endpoints are off here.
        "ai-guardrails:network": JSON.stringify({ endpoints: { enabled: false } }),
    };
}

export const CREDENTIAL_PROVIDERS = {
    oauth: "arn:aws:bedrock-agentcore:us-east-1:111111111111:token-vault/default/oauth2credentialprovider/tickets",
    apiKey: "arn:aws:bedrock-agentcore:us-east-1:111111111111:token-vault/default/apikeycredentialprovider/crm",
} as const;

/** The sample agents with targets that need outbound credentials: an OAuth MCP server and an OpenAPI target with an API key. */
export function agentsWithCredentialTargets(): any {
    const agents = sampleAgents();
    const targets = agents.gateways[0].targets;
    targets[1].mcpServer.oauth = { providerArn: CREDENTIAL_PROVIDERS.oauth, scopes: ["tickets.write"] };
    targets.push({
        name: "crm",
        openApi: { schemaS3Uri: "s3://ops-schemas/crm.json", apiKey: { providerArn: CREDENTIAL_PROVIDERS.apiKey } },
        tools: [{ name: "lookup_customer", description: "Look up a customer record", access: "read-only", inputs: { customerId: { type: "string", required: true } } }],
    });
    return agents;
}
