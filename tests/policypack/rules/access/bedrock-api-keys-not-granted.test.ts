import * as assert from "assert";
import { T } from "../../../../policypack/lib/types";
import { bedrockApiKeysNotGranted as rule } from "../../../../policypack/rules/access/bedrock-api-keys-not-granted";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";
import { doc } from "../../fixtures/iam";

const policy = (document: unknown) => ({ type: T.iamPolicy, name: "p", props: { policy: document } });
const run = (statement: Record<string, unknown> | Record<string, unknown>[]) => runResourceRule(rule, policy(doc(...(Array.isArray(statement) ? statement : [statement]))));
const LONG_TERM = "iam:CreateServiceSpecificCredential";
const USERS = "arn:aws:iam::123456789012:user/*";

describe("bedrock-api-keys-not-granted (AIG-MA-4)", () => {
    it("passes policies that grant no key: model invocation, credentials for other services, a Bedrock grant whose bearer calls are denied", async () => {
        assert.deepStrictEqual((await run({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "arn:aws:bedrock:us-east-1::foundation-model/*" })).violations, []);
        // CodeCommit HTTPS credentials, the other use of service-specific credentials.
        const codecommit = { Effect: "Allow", Action: LONG_TERM, Resource: USERS, Condition: { StringEquals: { "iam:ServiceSpecificCredentialServiceName": "codecommit.amazonaws.com" } } };
        assert.deepStrictEqual((await run(codecommit)).violations, []);
        const closed = await run([{ Effect: "Allow", Action: "bedrock:*", Resource: "*" }, { Effect: "Deny", Action: ["bedrock:CallWithBearerToken"], Resource: "*" }]);
        assert.deepStrictEqual(closed.violations, []);
        assert.equal(closed.notApplicable, undefined);
        // The aws-samples SCP's form, inside an identity policy: a Deny keyed on Bedrock's service name.
        const samples = await run([
            { Effect: "Allow", Action: "iam:*ServiceSpecificCredential*", Resource: USERS },
            { Effect: "Deny", Action: LONG_TERM, Resource: "*", Condition: { StringEquals: { "iam:ServiceSpecificCredentialServiceName": "bedrock.amazonaws.com" } } },
        ]);
        assert.deepStrictEqual(samples.violations, []);
    });

    it("flags long-term keys: AWS's documented grant, a wildcard, and a condition that does not exclude Bedrock", async () => {
        // "Control permissions for Amazon Bedrock API keys": the statement that lets a user create long-term keys.
        const documented = await run({ Effect: "Allow", Action: LONG_TERM, Resource: USERS, Condition: { StringEquals: { "iam:ServiceSpecificCredentialServiceName": "bedrock.amazonaws.com" } } });
        assert.match(messages(documented)[0], /policy, Statement\[0\], allows iam:CreateServiceSpecificCredential for bedrock.amazonaws.com \(a long-term Bedrock API key\)/);
        assert.equal((await run({ Effect: "Allow", Action: "iam:Create*", Resource: "*" })).violations.length, 1);
        const notCodecommit = await run({ Effect: "Allow", Action: LONG_TERM, Resource: USERS, Condition: { StringNotEquals: { "iam:ServiceSpecificCredentialServiceName": "codecommit.amazonaws.com" } } });
        assert.equal(notCodecommit.violations.length, 1);
        // A deny conditioned on something else closes nothing for Bedrock.
        const mfa = await run([{ Effect: "Allow", Action: LONG_TERM, Resource: USERS }, { Effect: "Deny", Action: LONG_TERM, Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }]);
        assert.equal(mfa.violations.length, 1);
    });

    it("flags bearer-token calls on Bedrock and Mantle, also through a service wildcard or *", async () => {
        const both = await run({ Sid: "ApiKeys", Effect: "Allow", Action: ["bedrock:CallWithBearerToken", "bedrock-mantle:CallWithBearerToken"], Resource: "*" });
        assert.equal(both.violations.length, 2);
        assert.match(messages(both)[0], /policy, statement "ApiKeys", allows bedrock:CallWithBearerToken \(calls with a Bedrock API key\): a bearer token that works from outside the data perimeter until revoked$/);
        assert.match(messages(both)[1], /allows bedrock-mantle:CallWithBearerToken/);
        assert.equal((await run({ Effect: "Allow", Action: "bedrock:*", Resource: "*" })).violations.length, 1);
        assert.equal((await run({ Effect: "Allow", Action: "*", Resource: "*" })).violations.length, 3);
    });

    it("reads roles' inline policies and users' policies", async () => {
        const role = await runResourceRule(rule, { type: T.iamRole, name: "r", props: { inlinePolicies: [{ name: "keys", policy: doc({ Effect: "Allow", Action: "bedrock:CallWithBearerToken", Resource: "*" }) }] } });
        assert.match(messages(role)[0], /inlinePolicies\[0\] \("keys"\)/);
        const user = await runResourceRule(rule, { type: T.iamUserPolicy, name: "u", props: { user: "dev", policy: doc({ Effect: "Allow", Action: LONG_TERM, Resource: USERS }) } });
        assert.equal(user.violations.length, 1);
    });

    it("cannot run at preview when the document is unknown, and skips an unreadable one (another rule reports it)", async () => {
        assert.ok((await runResourceRule(rule, policy(UNKNOWN))).previewUnknown);
        assert.ok((await runResourceRule(rule, policy("{ nope"))).notApplicable);
    });
});
