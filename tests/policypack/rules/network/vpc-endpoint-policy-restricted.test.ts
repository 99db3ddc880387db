import { strict as assert } from "assert";
import { vpcEndpointPolicyRestricted as rule } from "../../../../policypack/rules/network/vpc-endpoint-policy-restricted";
import { T } from "../../../../policypack/lib/types";
import { FakeResource, messages, runStackRule, UNKNOWN } from "../../../helpers/policy-harness";
import { MODEL_ARN } from "../../../helpers/fixtures";

const ACCOUNT = "111122223333";
const restricted = {
    Sid: "AccountInvokesApprovedModels",
    Effect: "Allow",
    Principal: "*",
    Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
    Resource: [MODEL_ARN],
    Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } },
};
const doc = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const endpoint = (props: Record<string, unknown>, name = "runtime"): FakeResource => ({
    type: T.vpcEndpoint,
    name,
    props: { serviceName: "com.amazonaws.us-east-1.bedrock-runtime", vpcEndpointType: "Interface", vpcId: "vpc-0a1b2c3d", ...props },
});
const run = (...resources: FakeResource[]) => runStackRule(rule, resources);

describe("vpc-endpoint-policy-restricted", () => {
    it("passes Principal * narrowed to the account", async () => {
        assert.deepEqual((await run(endpoint({ policy: doc(restricted) }))).violations, []);
    });

    it("passes Principal * narrowed to the organization, and an explicit account principal", async () => {
        const org = { ...restricted, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } };
        const named = { ...restricted, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Condition: undefined };
        assert.deepEqual((await run(endpoint({ policy: doc(org, named) }))).violations, []);
    });

    describe("AWS service principals (Bool aws:PrincipalIsAWSService)", () => {
        // aws-samples/data-perimeter-policy-examples, vpc_endpoint_policies/default_endpoint_policy.json (its org ID filled in).
        const orgId = "o-a1b2c3d4e5";
        const perimeter = [
            { Sid: "AllowRequestsByOrgsIdentitiesToOrgsResources", Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": orgId, "aws:ResourceOrgID": orgId } } },
            { Sid: "AllowRequestsByAWSServicePrincipals", Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition: { Bool: { "aws:PrincipalIsAWSService": "true" } } },
            { Sid: "AllowRequestsByOrgsIdentitiesToAnyResources", Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": orgId, "aws:PrincipalTag/dp:exclude:resource": "true" } } },
        ];

        it("passes AWS's data-perimeter default endpoint policy: its service-principal statement admits no identity", async () => {
            assert.deepEqual((await run(endpoint({ policy: doc(...perimeter) }))).violations, []);
        });

        it("flags the service-principal statement when it would also admit identities: IfExists, false, or true-or-false", async () => {
            for (const condition of [{ BoolIfExists: { "aws:PrincipalIsAWSService": "true" } }, { Bool: { "aws:PrincipalIsAWSService": "false" } }, { Bool: { "aws:PrincipalIsAWSService": ["true", "false"] } }]) {
                const m = messages(await run(endpoint({ policy: doc({ ...perimeter[1], Condition: condition }) })));
                assert.match(m[0], /statement "AllowRequestsByAWSServicePrincipals" allows Principal "\*" without a condition/, JSON.stringify(condition));
            }
        });
    });

    it("passes OAuth (JWT) callers admitted by Null aws:PrincipalArn to one account's gateways, as AgentCore documents (audit A1)", async () => {
        const gatewayEndpoint = (policy: string) => endpoint({ serviceName: "com.amazonaws.us-east-1.bedrock-agentcore.gateway", policy }, "gateway");
        const oauth = {
            Sid: "AllowOAuthCallersToOwnResources",
            Effect: "Allow",
            Principal: "*",
            Action: ["bedrock-agentcore:InvokeGateway"],
            Resource: [`arn:aws:bedrock-agentcore:us-east-1:${ACCOUNT}:gateway/*`],
            Condition: { Null: { "aws:PrincipalArn": "true" } },
        };
        const sigv4 = { ...restricted, Action: "bedrock-agentcore:*", Resource: "*" };
        assert.deepEqual((await run(gatewayEndpoint(doc(sigv4, oauth)))).violations, []);
        // AWS's "allows all principals to invoke the gateway" example: any account's SigV4 credentials pass too.
        const awsExample = { Effect: "Allow", Principal: "*", Action: ["bedrock-agentcore:InvokeGateway"], Resource: `arn:aws:bedrock-agentcore:us-east-1:${ACCOUNT}:gateway/my-gateway` };
        assert.match(messages(await run(gatewayEndpoint(doc(sigv4, awsExample))))[0], /Statement\[1\] allows Principal "\*" without a condition/);
        // Unsigned callers to any account's resources, or Null "false" (every signed caller), are open.
        for (const open of [{ ...oauth, Resource: "*" }, { ...oauth, Resource: "arn:aws:bedrock-agentcore:us-east-1:*:gateway/*" }, { ...oauth, Condition: { Null: { "aws:PrincipalArn": "false" } } }]) {
            assert.equal(messages(await run(gatewayEndpoint(doc(sigv4, open)))).length, 1, JSON.stringify(open));
        }
    });

    it("flags an endpoint without a policy (AWS's default allows everything)", async () => {
        const m = messages(await run(endpoint({})));
        assert.deepEqual(m, ["endpoint for com.amazonaws.us-east-1.bedrock-runtime has no policy: AWS applies the default, which allows every action to every principal"]);
        assert.equal(messages(await run(endpoint({ policy: "  " }))).length, 1);
    });

    it("flags AWS's default full-access policy as it appears after deployment", async () => {
        const m = messages(await run(endpoint({ policy: doc({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }) })));
        assert.match(m[0], /Statement\[0\] allows Principal "\*" without a condition on aws:PrincipalAccount/);
    });

    it('flags Principal {"AWS": "*"} and an unrelated condition', async () => {
        const awsStar = { ...restricted, Principal: { AWS: "*" }, Condition: { Bool: { "aws:SecureTransport": "true" } } };
        assert.match(messages(await run(endpoint({ policy: doc(awsStar) })))[0], /statement "AccountInvokesApprovedModels" allows Principal "\*"/);
    });

    it("passes principal conditions that name the account, organization or OU path, wildcards below them allowed", async () => {
        for (const condition of [
            { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/ai-*` } },
            { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-prod0001/*" } },
        ]) {
            assert.deepEqual((await run(endpoint({ policy: doc({ ...restricted, Condition: condition }) }))).violations, [], JSON.stringify(condition));
        }
    });

    it("flags a negated or IfExists principal condition, and a wildcard value", async () => {
        for (const condition of [
            { StringNotEquals: { "aws:PrincipalAccount": "999999999999" } },
            { StringEqualsIfExists: { "aws:PrincipalAccount": ACCOUNT } },
            { StringLike: { "aws:PrincipalAccount": "*" } },
            // Wildcards that stand for the account or organization admit every account's principals.
            { StringLike: { "aws:PrincipalAccount": "1*" } },
            { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/*" } },
            { StringLike: { "aws:PrincipalOrgID": "o-*" } },
            { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "*/ou-*" } },
        ]) {
            const m = messages(await run(endpoint({ policy: doc({ ...restricted, Condition: condition }) })));
            assert.equal(m.length, 1, JSON.stringify(condition));
        }
    });

    it("flags an Allow with NotPrincipal", async () => {
        const s = { ...restricted, Principal: undefined, NotPrincipal: { AWS: "arn:aws:iam::999999999999:root" }, Condition: undefined };
        assert.match(messages(await run(endpoint({ policy: doc(s) })))[0], /allows with NotPrincipal/);
    });

    it("flags an Allow without a Principal", async () => {
        const s = { ...restricted, Principal: undefined };
        assert.match(messages(await run(endpoint({ policy: doc(s) })))[0], /has no Principal/);
    });

    it("flags a policy that allows nothing", async () => {
        const deny = { Effect: "Deny", Principal: "*", Action: "*", Resource: "*" };
        assert.deepEqual(messages(await run(endpoint({ policy: doc(deny) }))), [
            "endpoint for com.amazonaws.us-east-1.bedrock-runtime: the policy allows nothing: every call through the endpoint is denied",
        ]);
    });

    it("checks a separate VpcEndpointPolicy and credits it to its endpoint", async () => {
        const separate: FakeResource = { type: T.vpcEndpointPolicy, name: "p", props: { vpcEndpointId: UNKNOWN, policy: doc(restricted) }, propertyDependencies: { vpcEndpointId: ["runtime"] } };
        assert.deepEqual((await run(endpoint({}), separate)).violations, []);
        const open: FakeResource = { ...separate, props: { ...separate.props, policy: doc({ Effect: "Allow", Principal: "*", Action: "bedrock:*", Resource: "*" }) } };
        const out = await run(endpoint({}), open);
        assert.equal(out.violations.length, 1);
        assert.equal(out.violations[0].urn, "urn:pulumi:test::ai-guardrails::aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy::p");
    });

    it("skips Gateway Load Balancer endpoints, which take no policy", async () => {
        assert.deepEqual((await run(endpoint({ vpcEndpointType: "GatewayLoadBalancer", serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123" }))).violations, []);
    });

    it("reports malformed JSON and grammar errors instead of crashing (odd input)", async () => {
        assert.match(messages(await run(endpoint({ policy: "{oops" })))[0], /policy grammar: not valid JSON/);
        const grammar = { ...restricted, Condition: undefined, StringEquals: { "aws:PrincipalAccount": ACCOUNT } };
        const m = messages(await run(endpoint({ policy: doc(grammar) })));
        assert.ok(m.some((x) => x.includes("a condition operator belongs inside Condition")), m.join("\n"));
        assert.ok(m.some((x) => x.includes('allows Principal "*" without a condition')), m.join("\n"));
    });

    it("accepts a policy object and a single Action string", async () => {
        const obj = { Version: "2012-10-17", Statement: { ...restricted, Action: "bedrock:InvokeModel" } };
        assert.deepEqual((await run(endpoint({ policy: obj }))).violations, []);
    });

    it("does not apply to a stack without VPC endpoints", async () => {
        const out = await runStackRule(rule, [{ type: T.s3Bucket, name: "b", props: {} }]);
        assert.deepEqual(out.violations, []);
        assert.equal(out.notApplicable, "no VPC endpoint in the stack");
    });

    it("cannot decide at preview when the policy is unknown", async () => {
        const out = await run(endpoint({ policy: UNKNOWN }));
        assert.deepEqual(out.violations, []);
        assert.ok(out.previewUnknown);
    });
});
