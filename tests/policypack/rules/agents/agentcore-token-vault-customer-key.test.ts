import * as assert from "assert";
import { T } from "../../../../policypack/lib/types";
import { agentcoreTokenVaultCustomerKey as rule } from "../../../../policypack/rules/agents/agentcore-token-vault-customer-key";
import { FakeResource, messages, runStackRule, UNKNOWN } from "../../../helpers/policy-harness";
import { KEY_ARN, lambdaTarget } from "./fixtures";

const run = (resources: FakeResource[], config?: Record<string, unknown>) => runStackRule(rule, resources, { config });
// Terraform aws_bedrockagentcore_oauth2_credential_provider and aws_bedrockagentcore_token_vault_cmk, in Pulumi's names.
const oauthProvider: FakeResource = {
    type: T.agentcoreOauth2CredentialProvider,
    name: "github",
    props: { name: "github", credentialProviderVendor: "GithubOauth2", oauth2ProviderConfig: { githubOauth2ProviderConfig: { clientId: "Iv1.abc" } } },
};
const vault = (kmsConfiguration: unknown): FakeResource => ({ type: T.agentcoreTokenVaultCmk, name: "vault-key", props: { tokenVaultId: "default", kmsConfiguration } });
const oauthTarget = lambdaTarget((p) => (p.credentialProviderConfiguration = { oauth: { providerArn: "arn:aws:bedrock-agentcore:us-east-1:123456789012:token-vault/default/oauth2credentialprovider/github", scopes: ["repo"] } }));

describe("agentcore-token-vault-customer-key", () => {
    it("passes credential providers with the vault under a customer-managed key", async () => {
        assert.deepStrictEqual((await run([oauthProvider, vault({ keyType: "CustomerManagedKey", kmsKeyArn: KEY_ARN })])).violations, []);
    });

    it("flags credential providers, or gateway targets fetching OAuth tokens, with no vault key in the stack", async () => {
        assert.deepStrictEqual(messages(await run([oauthProvider])), [
            '"github" keeps credentials in the AgentCore token vault, and no AgentcoreTokenVaultCmk puts the vault under a customer-managed key; ' +
                "if another stack or account provides the token vault's customer-managed key, declare it in this policy's providedBy setting",
        ]);
        assert.match(messages(await run([oauthTarget]))[0], /"ops-tools-ops" keeps credentials in the AgentCore token vault/);
    });

    // The harness's stack is `test` of project `ai-guardrails`.
    const baselineStack = { stacks: ["account-baseline/*"], accountId: "123456789012", description: "the account baseline" };
    it("provided elsewhere: a stack the declaration does not name is told where the vault key is", async () => {
        const outcome = await run([oauthProvider, oauthTarget], { providedBy: baselineStack });
        assert.deepStrictEqual(outcome.violations, []);
        assert.strictEqual(
            outcome.notApplicable,
            "the token vault's customer-managed key is provided outside this stack, by stack account-baseline/* (account 123456789012: the account baseline), as the pack config declares (providedBy)",
        );
        // A vault key defined here anyway is still reviewed on its content.
        assert.match(messages(await run([oauthProvider, vault({ keyType: "ServiceManagedKey" })], { providedBy: baselineStack }))[0], /keyType is "ServiceManagedKey"/);
    });

    it("the declared home stack must hold the vault key, with or without credential users", async () => {
        assert.deepStrictEqual(messages(await run([lambdaTarget()], { providedBy: { stacks: ["ai-guardrails/test"] } })), [
            "the pack config declares that stack ai-guardrails/test provides the token vault's customer-managed key (providedBy), but this stack has none: restore it, or change the declaration",
        ]);
        assert.deepStrictEqual((await run([vault({ keyType: "CustomerManagedKey", kmsKeyArn: KEY_ARN })], { providedBy: { stacks: ["test"] } })).violations, []);
    });

    it("refuses the former boolean setting: providedBy says where the key is", async () => {
        await assert.rejects(run([oauthProvider], { vaultKeyOutsideStack: true }), /vaultKeyOutsideStack/);
    });

    it("flags a vault left on the service-managed key, or given no customer key", async () => {
        assert.match(messages(await run([oauthProvider, vault({ keyType: "ServiceManagedKey" })]))[0], /keyType is "ServiceManagedKey": .* use CustomerManagedKey/);
        assert.deepStrictEqual(messages(await run([vault({ keyType: "CustomerManagedKey" })])), [
            "kmsConfiguration.kmsKeyArn is not set: the token vault is encrypted with an AWS owned key that the organization cannot govern or revoke",
        ]);
    });

    it("passes during preview when the vault key is being created in the stack", async () => {
        const outcome = await run([oauthProvider, vault({ keyType: "CustomerManagedKey", kmsKeyArn: UNKNOWN })]);
        assert.deepStrictEqual(outcome.violations, []);
        assert.strictEqual(outcome.previewUnknown, undefined);
    });

    it("is not applicable without providers, vault-backed targets or vault keys (a Lambda target uses the gateway's role)", async () => {
        assert.match((await run([lambdaTarget()])).notApplicable ?? "", /no credential provider/);
    });

    it("reports odd input in one line", async () => {
        const odd = messages(await run([vault("CustomerManagedKey")]));
        assert.strictEqual(odd.length, 1);
        assert.match(odd[0], /^kmsConfiguration\.keyType is undefined: .* use CustomerManagedKey$/);
    });
});
