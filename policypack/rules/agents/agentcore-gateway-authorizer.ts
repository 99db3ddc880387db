import { PolicyResource } from "@pulumi/policy";
import { DEFAULT_FORBIDDEN_AUTHORIZER_TYPES, GATEWAY_AUTHORIZER_TYPES } from "../../controls/agentcore";
import { agentCoreTopology, GatewayView } from "../../lib/agentcore";
import { authenticateOnlyGap, customJwtProblems } from "../../lib/gateway-authorization";
import { stackRule } from "../../lib/rule";

interface Config {
    forbiddenAuthorizerTypes: string[];
}

function gatewayProblems(view: GatewayView, config: Config): string[] {
    const props: Record<string, any> = view.gateway.props;
    // Read through the SDK's proxy: an authorizer type unknown at preview cannot be judged.
    const type = props.authorizerType;
    if (typeof type !== "string" || type === "") {
        return ["authorizerType is not set: the gateway must authorize inbound calls"];
    }
    if (config.forbiddenAuthorizerTypes.includes(type)) {
        return [`authorizerType is ${type}: anyone who reaches the gateway URL can call its tools`];
    }
    if (type === "AUTHENTICATE_ONLY") {
        const gap = authenticateOnlyGap(view);
        return gap
            ? [
                  "authorizerType is AUTHENTICATE_ONLY: the gateway only authenticates callers and makes no authorization decision (AWS counts it, " +
                      "with NONE, among the offloaded authorization types), so it is accepted only with a policy engine in ENFORCE mode whose Cedar " +
                      `permits constrain the principal; here ${gap}`,
              ]
            : [];
    }
    if (type !== "CUSTOM_JWT") {
        return [];
    }
    const config_ = props.authorizerConfiguration;
    const jwt = config_ !== null && typeof config_ === "object" ? config_.customJwtAuthorizer : undefined;
    return customJwtProblems(jwt, "authorizerType is CUSTOM_JWT but authorizerConfiguration.customJwtAuthorizer");
}

export const agentcoreGatewayAuthorizer = stackRule<Config>({
    name: "agentcore-gateway-authorizer",
    id: "AIG-AT-4",
    layer: "agents",
    severity: "critical",
    displayName: "AgentCore gateway authorizes callers",
    frameworks: { owaspLlm: ["LLM06"], awsAisf: ["AISF-IAM-08"] },
    description:
        "Every AgentCore gateway authorizes inbound calls: authorizer not NONE; a JWT authorizer names its issuer and restricts audiences or " +
        "clients; AUTHENTICATE_ONLY only with an ENFORCE policy engine whose Cedar permits constrain the principal.",
    explanation:
        "A gateway without an authorizer lets anyone who reaches its URL list and call every tool behind it, with the gateway's own " +
        "credentials. A JWT authorizer that accepts any audience or client accepts every token its identity provider issues, to anyone. " +
        "AUTHENTICATE_ONLY checks the token and decides nothing: every authenticated user may call every tool unless a Cedar policy engine " +
        "in ENFORCE mode decides per principal.",
    seedControl: "AgentCore Gateway: inbound authorization",
    peers: ["SecurityHub:BedrockAgentCore.2", "AWSConfig:bedrockagentcore-gateway-authorizer-enabled"],
    remediation:
        'Set authorizerType "CUSTOM_JWT" with authorizerConfiguration.customJwtAuthorizer {discoveryUrl, allowedAudiences or allowedClients} ' +
        '(or "AWS_IAM"); with "AUTHENTICATE_ONLY", attach a policy engine in ENFORCE mode whose permits name principals (principal == ..., ' +
        "or when { principal.id == ... } / a claim condition). The ToolGateway component configures the JWT authorizer from the stack config.",
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
    validateStack: ({ resources, notApplicable }, { config, report }) => {
        const gateways = agentCoreTopology(resources).gateways;
        if (gateways.length === 0) {
            notApplicable("no AgentCore gateway in the stack");
        }
        for (const view of gateways) {
            const gateway: PolicyResource = view.gateway;
            for (const problem of gatewayProblems(view, config)) {
                report(problem, gateway.urn);
            }
        }
    },
});
