import * as assert from "assert";
import { T } from "../../../../policypack/lib/types";
import { agentcoreRuntimeInboundAuth as rule } from "../../../../policypack/rules/agents/agentcore-runtime-inbound-auth";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { runtime } from "./fixtures";

const DISCOVERY = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example/.well-known/openid-configuration";
const withAuthorizer = (authorizerConfiguration: unknown) => runtime((p) => (p.authorizerConfiguration = authorizerConfiguration));

describe("agentcore-runtime-inbound-auth", () => {
    it("passes IAM authorization (no authorizerConfiguration) and a JWT authorizer with an issuer and audiences or clients", async () => {
        assert.deepStrictEqual((await runResourceRule(rule, runtime())).violations, []);
        // Terraform aws_bedrockagentcore_agent_runtime authorizer_configuration { custom_jwt_authorizer { discovery_url, allowed_audiences } }.
        assert.deepStrictEqual((await runResourceRule(rule, withAuthorizer({ customJwtAuthorizer: { discoveryUrl: DISCOVERY, allowedAudiences: ["support-agent"] } }))).violations, []);
        // The Cloud Control runtime spells it allowedAudience.
        const native = { ...withAuthorizer({ customJwtAuthorizer: { discoveryUrl: DISCOVERY, allowedAudience: ["support-agent"] } }), type: T.nativeAgentcoreRuntime };
        assert.deepStrictEqual((await runResourceRule(rule, native)).violations, []);
    });

    it("flags a JWT authorizer that accepts any audience and client, or whose issuer is not https OpenID discovery", async () => {
        assert.deepStrictEqual(messages(await runResourceRule(rule, withAuthorizer({ customJwtAuthorizer: { discoveryUrl: DISCOVERY } }))), [
            "customJwtAuthorizer restricts neither allowedAudiences nor allowedClients: any token from the issuer is accepted",
        ]);
        const http = messages(await runResourceRule(rule, withAuthorizer({ customJwtAuthorizer: { discoveryUrl: "http://idp.example.com/.well-known/openid-configuration", allowedClients: ["app"] } })));
        assert.match(http[0], /is not an https OpenID discovery URL/);
    });

    it("requires a JWT authorizer when the config asks for end-user identity", async () => {
        assert.match(messages(await runResourceRule(rule, runtime(), { config: { requireJwt: true } }))[0], /authorizes callers with IAM only, and requireJwt asks for a JWT authorizer/);
    });

    it("cannot decide during preview when the authorizer configuration is unknown", async () => {
        const outcome = await runResourceRule(rule, withAuthorizer(UNKNOWN));
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.previewUnknown ?? "", /during preview/);
    });

    it("reports odd input in one line", async () => {
        assert.deepStrictEqual(messages(await runResourceRule(rule, withAuthorizer("jwt"))), ["authorizerConfiguration.customJwtAuthorizer is missing"]);
    });
});
