import { customJwtProblems } from "../../lib/gateway-authorization";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

interface Config {
    requireJwt: boolean;
}

export const agentcoreRuntimeInboundAuth = resourceRule<Config>({
    name: "agentcore-runtime-inbound-auth",
    id: "AIG-AT-12",
    layer: "agents",
    severity: "high",
    displayName: "AgentCore runtime authorizes its callers",
    frameworks: { owaspLlm: ["LLM06"], awsAisf: ["AISF-IAM-08", "AISF-AGENT-01"] },
    description:
        "Every AgentCore runtime either keeps IAM (SigV4) inbound authorization or has a JWT authorizer that names an https OpenID issuer and " +
        "restricts audiences or clients.",
    explanation:
        "A runtime with a JWT authorizer accepts whatever token its identity provider signs: without allowedAudiences or allowedClients, a " +
        "token issued to any application of that provider, to any user, invokes the agent, which then acts with its own role. Without " +
        "authorizerConfiguration the runtime takes SigV4 calls only, and IAM decides who may invoke it.",
    seedControl: "AgentCore Runtime: inbound authorization",
    peers: ["Prowler:bedrockagentcore_runtime_jwt_identity_propagation_configured"],
    remediation:
        "Leave authorizerConfiguration unset (IAM authorization), or set authorizerConfiguration.customJwtAuthorizer {discoveryUrl: " +
        '"https://.../.well-known/openid-configuration", allowedAudiences or allowedClients: [...]}.',
    configSchema: {
        properties: {
            requireJwt: {
                type: "boolean",
                default: false,
                description: "Require a JWT authorizer (end-user identity at the runtime) instead of accepting IAM authorization.",
            },
        },
    },
    resourceTypes: [T.agentcoreRuntime, T.nativeAgentcoreRuntime],
    validate: ({ props }, { config, report }) => {
        const authorizer = props.authorizerConfiguration;
        if (authorizer === undefined || authorizer === null) {
            if (config.requireJwt) {
                report("authorizerConfiguration is not set: the runtime authorizes callers with IAM only, and requireJwt asks for a JWT authorizer");
            }
            return;
        }
        const jwt = typeof authorizer === "object" ? authorizer.customJwtAuthorizer : undefined;
        for (const problem of customJwtProblems(jwt, "authorizerConfiguration.customJwtAuthorizer")) {
            report(problem);
        }
    },
});
