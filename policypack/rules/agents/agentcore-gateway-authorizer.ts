import { DEFAULT_FORBIDDEN_AUTHORIZER_TYPES, GATEWAY_AUTHORIZER_TYPES } from "../../controls/agentcore";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

interface Config {
    forbiddenAuthorizerTypes: string[];
}

function nonEmptyList(value: unknown): boolean {
    return Array.isArray(value) ? value.length > 0 : typeof value === "string" && value !== "";
}

export const agentcoreGatewayAuthorizer = resourceRule<Config>({
    name: "agentcore-gateway-authorizer",
    id: "AIG-AT-4",
    layer: "agents",
    severity: "critical",
    displayName: "AgentCore gateway authorizes callers",
    frameworks: { owaspLlm: ["LLM06"], awsAisf: ["AISF-IAM-08"] },
    description: "Every AgentCore gateway authorizes inbound calls (authorizer not NONE; a JWT authorizer names its issuer and restricts audiences or clients).",
    explanation:
        "A gateway without an authorizer lets anyone who reaches its URL list and call every tool behind it, with the gateway's own " +
        "credentials. A JWT authorizer that accepts any audience or client accepts every token its identity provider issues, to anyone.",
    seedControl: "AgentCore Gateway: inbound authorization",
    peers: ["SecurityHub:BedrockAgentCore.2"],
    remediation:
        'Set authorizerType "CUSTOM_JWT" with authorizerConfiguration.customJwtAuthorizer {discoveryUrl, allowedAudiences or allowedClients} ' +
        '(or "AWS_IAM"); the ToolGateway component configures the JWT authorizer from the stack config.',
    configSchema: {
        properties: {
            forbiddenAuthorizerTypes: {
                type: "array",
                items: { type: "string", enum: [...GATEWAY_AUTHORIZER_TYPES] },
                default: [...DEFAULT_FORBIDDEN_AUTHORIZER_TYPES],
                description: "Authorizer types that are not accepted.",
            },
        },
    },
    resourceTypes: [T.agentcoreGateway],
    validate: ({ props }, { config, report }) => {
        const type = props.authorizerType;
        if (typeof type !== "string" || type === "") {
            report("authorizerType is not set: the gateway must authorize inbound calls");
            return;
        }
        if (config.forbiddenAuthorizerTypes.includes(type)) {
            report(`authorizerType is ${type}: anyone who reaches the gateway URL can call its tools`);
            return;
        }
        if (type !== "CUSTOM_JWT") {
            return;
        }
        const jwt = props.authorizerConfiguration?.customJwtAuthorizer;
        if (jwt === undefined || jwt === null || typeof jwt !== "object") {
            report("authorizerType is CUSTOM_JWT but authorizerConfiguration.customJwtAuthorizer is missing");
            return;
        }
        const url = jwt.discoveryUrl;
        if (typeof url !== "string" || !/^https:\/\/.+\/\.well-known\/openid-configuration$/.test(url)) {
            report(`customJwtAuthorizer.discoveryUrl ${JSON.stringify(url)} is not an https OpenID discovery URL (.../.well-known/openid-configuration)`);
        }
        if (!nonEmptyList(jwt.allowedAudiences) && !nonEmptyList(jwt.allowedClients)) {
            report("customJwtAuthorizer restricts neither allowedAudiences nor allowedClients: any token from the issuer is accepted");
        }
    },
});
