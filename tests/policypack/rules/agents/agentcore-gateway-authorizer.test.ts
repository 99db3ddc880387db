import * as assert from "assert";
import { agentcoreGatewayAuthorizer as rule } from "../../../../policypack/rules/agents/agentcore-gateway-authorizer";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { gateway } from "./fixtures";

describe("agentcore-gateway-authorizer", () => {
    it("passes a JWT authorizer with an issuer and allowed audiences, and an AWS_IAM authorizer", async () => {
        assert.deepStrictEqual((await runResourceRule(rule, gateway())).violations, []);
        const iam = await runResourceRule(rule, gateway((p) => ((p.authorizerType = "AWS_IAM"), delete p.authorizerConfiguration)));
        assert.deepStrictEqual(iam.violations, []);
        const clients = await runResourceRule(
            rule,
            gateway((p) => {
                delete p.authorizerConfiguration.customJwtAuthorizer.allowedAudiences;
                p.authorizerConfiguration.customJwtAuthorizer.allowedClients = ["3n4b5urk1ft4fl3mg5e62d9ado"];
            }),
        );
        assert.deepStrictEqual(clients.violations, []);
    });

    it("flags a gateway with authorizer NONE", async () => {
        const outcome = await runResourceRule(rule, gateway((p) => ((p.authorizerType = "NONE"), delete p.authorizerConfiguration)));
        assert.deepStrictEqual(messages(outcome), ["authorizerType is NONE: anyone who reaches the gateway URL can call its tools"]);
    });

    it("flags a missing authorizer type", async () => {
        const outcome = await runResourceRule(rule, gateway((p) => delete p.authorizerType));
        assert.deepStrictEqual(messages(outcome), ["authorizerType is not set: the gateway must authorize inbound calls"]);
    });

    it("flags a JWT authorizer without its configuration", async () => {
        const outcome = await runResourceRule(rule, gateway((p) => delete p.authorizerConfiguration));
        assert.deepStrictEqual(messages(outcome), ["authorizerType is CUSTOM_JWT but authorizerConfiguration.customJwtAuthorizer is missing"]);
    });

    it("flags a JWT authorizer that accepts any audience and client", async () => {
        const outcome = await runResourceRule(rule, gateway((p) => (p.authorizerConfiguration.customJwtAuthorizer.allowedAudiences = [])));
        assert.deepStrictEqual(messages(outcome), ["customJwtAuthorizer restricts neither allowedAudiences nor allowedClients: any token from the issuer is accepted"]);
    });

    it("flags a discovery URL that is not https OpenID discovery", async () => {
        const outcome = await runResourceRule(rule, gateway((p) => (p.authorizerConfiguration.customJwtAuthorizer.discoveryUrl = "http://idp.example.com/.well-known/openid-configuration")));
        assert.match(messages(outcome)[0], /is not an https OpenID discovery URL/);
    });

    it("applies configured forbidden types", async () => {
        const outcome = await runResourceRule(rule, gateway((p) => (p.authorizerType = "AUTHENTICATE_ONLY")), { config: { forbiddenAuthorizerTypes: ["NONE", "AUTHENTICATE_ONLY"] } });
        assert.match(messages(outcome)[0], /authorizerType is AUTHENTICATE_ONLY/);
    });

    it("cannot decide during preview when the authorizer type is unknown", async () => {
        const outcome = await runResourceRule(rule, gateway((p) => (p.authorizerType = UNKNOWN)));
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.previewUnknown ?? "", /during preview/);
    });

    it("reports odd input instead of crashing", async () => {
        const wrongShape = await runResourceRule(rule, gateway((p) => (p.authorizerConfiguration = "jwt")));
        assert.deepStrictEqual(messages(wrongShape), ["authorizerType is CUSTOM_JWT but authorizerConfiguration.customJwtAuthorizer is missing"]);
        const single = await runResourceRule(rule, gateway((p) => (p.authorizerConfiguration.customJwtAuthorizer.allowedAudiences = "ops-tools")));
        assert.deepStrictEqual(single.violations, [], "a single audience string instead of a list");
        const numeric = await runResourceRule(rule, gateway((p) => (p.authorizerType = 7)));
        assert.deepStrictEqual(messages(numeric), ["authorizerType is not set: the gateway must authorize inbound calls"]);
    });
});
