import { PolicyResource } from "@pulumi/policy";
import { knownAt } from "../../lib/agentcore";
import { nestedCustomerKeyProblem } from "../../lib/kms";
import { declareHint, missingAtHome, placementOf, ProvidedBy, providedBySchema, providedElsewhere } from "../../lib/placement";
import { stackRule } from "../../lib/rule";
import { StackIndex } from "../../lib/stack-index";
import { T } from "../../lib/types";

interface Config {
    providedBy?: ProvidedBy;
}

const WHAT = "the token vault's customer-managed key";

const PROVIDERS: readonly string[] = [
    T.agentcoreOauth2CredentialProvider,
    T.agentcoreApiKeyCredentialProvider,
    T.nativeAgentcoreOauth2CredentialProvider,
    T.nativeAgentcoreApiKeyCredentialProvider,
];

/** Whether a gateway target fetches outbound credentials (an OAuth token or an API key) from the token vault. */
function usesVaultCredentials(target: PolicyResource): boolean {
    const config = knownAt(target.props, ["credentialProviderConfiguration"]);
    if (!config.known) {
        return false;
    }
    const list = Array.isArray(config.value) ? config.value : [config.value];
    return list.some((c: any) => c !== null && typeof c === "object" && ((c.oauth ?? null) !== null || (c.apiKey ?? null) !== null));
}

/** What is wrong with one token vault key configuration, or undefined when it names a customer-managed key. */
function vaultKeyProblem(vault: PolicyResource): string | undefined {
    const type = knownAt(vault.props, ["kmsConfiguration", "keyType"]);
    if (type.known && type.value !== "CustomerManagedKey") {
        return `kmsConfiguration.keyType is ${JSON.stringify(type.value)}: the token vault's credentials stay under a service-managed key the organization cannot govern or revoke; use CustomerManagedKey`;
    }
    return nestedCustomerKeyProblem(vault.props, ["kmsConfiguration", "kmsKeyArn"], "token vault");
}

export const agentcoreTokenVaultCustomerKey = stackRule<Config>({
    name: "agentcore-token-vault-customer-key",
    id: "AIG-AT-13",
    layer: "agents",
    severity: "medium",
    displayName: "AgentCore token vault encrypted with a customer key",
    frameworks: { owaspLlm: ["LLM02"], awsAisf: ["AISF-INFRA-07", "AISF-AGENT-01"] },
    description:
        "A stack with AgentCore credential providers, or gateway targets that fetch OAuth tokens or API keys, encrypts the token vault with a " +
        "customer-managed KMS key (AgentcoreTokenVaultCmk, keyType CustomerManagedKey).",
    explanation:
        "Credential providers keep the client secrets and API keys agents use to reach third-party services in the AgentCore token vault. " +
        "By default the vault is encrypted with a service-managed key: who may decrypt those secrets is not governed by a key policy of " +
        "the account, and a leaked provider cannot be cut off by disabling its key.",
    seedControl: "AgentCore Identity: credential providers and token vault under a customer-managed key",
    peers: [],
    remediation:
        'Add an aws.bedrock.AgentcoreTokenVaultCmk {kmsConfiguration: {keyType: "CustomerManagedKey", kmsKeyArn: <customer-managed key ARN>}} ' +
        "whose key policy lets AgentCore Identity use it (kms:ViaService bedrock-agentcore-identity.REGION.amazonaws.com; AgentCore guide, " +
        '"Set customer managed key policy"); the AgentToolGateway component adds one for credentialed targets. The vault is one per account and ' +
        "Region: where an account baseline stack sets its key, declare that stack in providedBy.",
    configSchema: {
        properties: {
            providedBy: providedBySchema("the token vault's customer-managed key (one per account and Region, typically set by an account baseline stack)"),
        },
    },
    validateStack: ({ resources, notApplicable }, { config, report }) => {
        const stack = StackIndex.of(resources);
        const vaults = stack.ofType(T.agentcoreTokenVaultCmk);
        const users = [...stack.ofTypes(PROVIDERS), ...stack.ofType(T.agentcoreGatewayTarget).filter(usesVaultCredentials)];
        // A vault key is reviewed on its own content wherever it is, with or without credential users beside it.
        for (const vault of vaults) {
            const problem = vaultKeyProblem(vault);
            if (problem) {
                report(problem, vault.urn);
            }
        }
        if (vaults.length > 0) {
            return;
        }
        const placement = placementOf(resources, config.providedBy);
        if (placement.kind === "home") {
            report(missingAtHome(WHAT, placement));
            return;
        }
        if (users.length === 0) {
            notApplicable("no credential provider, vault-backed gateway target or token vault key in the stack");
        }
        if (placement.kind === "elsewhere") {
            notApplicable(providedElsewhere(WHAT, placement));
        }
        const named = users.slice(0, 3).map((u) => `"${u.name}"`).join(", ") + (users.length > 3 ? `, ... (${users.length})` : "");
        report(
            `${named} keep${users.length === 1 ? "s" : ""} credentials in the AgentCore token vault, and no AgentcoreTokenVaultCmk puts the vault ` +
                `under a customer-managed key; ${declareHint(WHAT)}`,
            users[0].urn,
        );
    },
});
