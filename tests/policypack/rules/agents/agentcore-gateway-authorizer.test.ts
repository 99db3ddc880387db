import * as assert from "assert";
import { agentcoreGatewayAuthorizer as rule } from "../../../../policypack/rules/agents/agentcore-gateway-authorizer";
import { FakeResource, messages, runStackRule, UNKNOWN } from "../../../helpers/policy-harness";
import { engine, gateway, GATEWAY_ARN, gatewayStack, lambdaTarget, policy } from "./fixtures";

type Mutator = (props: Record<string, any>) => unknown;
const run = (resources: FakeResource[], config?: Record<string, unknown>) => runStackRule(rule, resources, { config });
const withGateway = (mutate: Mutator) => gatewayStack().map((r) => (r.name === "ops-tools" ? gateway(mutate) : r));
const authenticateOnly: Mutator = (p) => ((p.authorizerType = "AUTHENTICATE_ONLY"), delete p.authorizerConfiguration);

describe("agentcore-gateway-authorizer", () => {
    it("passes a JWT authorizer with an issuer and allowed audiences, and an AWS_IAM authorizer", async () => {
        assert.deepStrictEqual((await run(gatewayStack())).violations, []);
        const iam = await run(withGateway((p) => ((p.authorizerType = "AWS_IAM"), delete p.authorizerConfiguration)));
        assert.deepStrictEqual(iam.violations, []);
        const clients = await run(
            withGateway((p) => {
                delete p.authorizerConfiguration.customJwtAuthorizer.allowedAudiences;
                p.authorizerConfiguration.customJwtAuthorizer.allowedClients = ["3n4b5urk1ft4fl3mg5e62d9ado"];
            }),
        );
        assert.deepStrictEqual(clients.violations, []);
    });

    it("flags a gateway with authorizer NONE", async () => {
        const outcome = await run(withGateway((p) => ((p.authorizerType = "NONE"), delete p.authorizerConfiguration)));
        assert.deepStrictEqual(messages(outcome), ["authorizerType is NONE: anyone who reaches the gateway URL can call its tools"]);
    });

    it("flags a missing authorizer type", async () => {
        assert.deepStrictEqual(messages(await run(withGateway((p) => delete p.authorizerType))), ["authorizerType is not set: the gateway must authorize inbound calls"]);
    });

    it("flags a JWT authorizer without its configuration", async () => {
        const outcome = await run(withGateway((p) => delete p.authorizerConfiguration));
        assert.deepStrictEqual(messages(outcome), ["authorizerType is CUSTOM_JWT but authorizerConfiguration.customJwtAuthorizer is missing"]);
    });

    it("flags a JWT authorizer that accepts any audience and client", async () => {
        const outcome = await run(withGateway((p) => (p.authorizerConfiguration.customJwtAuthorizer.allowedAudiences = [])));
        assert.deepStrictEqual(messages(outcome), ["customJwtAuthorizer restricts neither allowedAudiences nor allowedClients: any token from the issuer is accepted"]);
    });

    it("flags a discovery URL that is not https OpenID discovery", async () => {
        const outcome = await run(withGateway((p) => (p.authorizerConfiguration.customJwtAuthorizer.discoveryUrl = "http://idp.example.com/.well-known/openid-configuration")));
        assert.match(messages(outcome)[0], /is not an https OpenID discovery URL/);
    });

    describe("AUTHENTICATE_ONLY (an offloaded authorization type: the gateway decides nothing)", () => {
        it("accepts it behind an ENFORCE policy engine whose permits name principals", async () => {
            // The stack's permit constrains the principal in a when condition (ID or group claim).
            assert.deepStrictEqual((await run(withGateway(authenticateOnly))).violations, []);
            const byId = `permit (principal == AgentCore::OAuthUser::"alice", action, resource is AgentCore::Gateway);`;
            const stack = [gateway(authenticateOnly), engine(), lambdaTarget(), policy(byId)];
            assert.deepStrictEqual((await run(stack)).violations, []);
        });

        it("flags it without a policy engine, in LOG_ONLY, or with an engine outside the stack, and says why", async () => {
            const noEngine = messages(await run([gateway((p) => (authenticateOnly(p), delete p.policyEngineConfiguration))]))[0];
            assert.match(noEngine, /^authorizerType is AUTHENTICATE_ONLY: the gateway only authenticates callers and makes no authorization decision .*; here it has no policy engine$/);
            const logOnly = messages(await run(withGateway((p) => (authenticateOnly(p), (p.policyEngineConfiguration.mode = "LOG_ONLY")))))[0];
            assert.match(logOnly, /here its policy engine runs in "LOG_ONLY" mode, not ENFORCE$/);
            const elsewhere = messages(await run([gateway(authenticateOnly)]))[0];
            assert.match(elsewhere, /here its policy engine is not in this stack, so its Cedar policies cannot be read$/);
        });

        it("flags a permit for every authenticated caller (the AgentCore guide's type-test-only permit), even next to constrained ones", async () => {
            const everyone = `permit (principal is AgentCore::OAuthUser, action, resource is AgentCore::Gateway);`;
            const carvedOut = `permit (principal, action == AgentCore::Action::"ops___read_logs", resource == AgentCore::Gateway::"${GATEWAY_ARN}") unless { principal.id == "mallory" };`;
            const stack = [...gatewayStack().map((r) => (r.name === "ops-tools" ? gateway(authenticateOnly) : r)), policy(everyone, undefined, "everyone"), policy(carvedOut, undefined, "carved-out")];
            assert.match(messages(await run(stack))[0], /here its Cedar policies "everyone", "carved-out" permit every authenticated caller/);
        });

        it("can be forbidden outright", async () => {
            const outcome = await run(withGateway(authenticateOnly), { forbiddenAuthorizerTypes: ["NONE", "AUTHENTICATE_ONLY"] });
            assert.match(messages(outcome)[0], /authorizerType is AUTHENTICATE_ONLY: anyone who reaches the gateway URL/);
        });
    });

    it("cannot decide during preview when the authorizer type is unknown", async () => {
        const outcome = await run(withGateway((p) => (p.authorizerType = UNKNOWN)));
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.previewUnknown ?? "", /during preview/);
    });

    it("is not applicable to a stack without gateways", async () => {
        assert.match((await run([engine()])).notApplicable ?? "", /no AgentCore gateway/);
    });

    it("reports odd input instead of crashing", async () => {
        assert.deepStrictEqual(messages(await run(withGateway((p) => (p.authorizerConfiguration = "jwt")))), [
            "authorizerType is CUSTOM_JWT but authorizerConfiguration.customJwtAuthorizer is missing",
        ]);
        const single = await run(withGateway((p) => (p.authorizerConfiguration.customJwtAuthorizer.allowedAudiences = "ops-tools")));
        assert.deepStrictEqual(single.violations, [], "a single audience string instead of a list");
        assert.deepStrictEqual(messages(await run(withGateway((p) => (p.authorizerType = 7)))), ["authorizerType is not set: the gateway must authorize inbound calls"]);
    });
});
