import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GatewayConfig } from "../config/agents";

/** The outbound credential providers a gateway's targets use. */
export function credentialProviders(gateway: GatewayConfig): { apiKey: string[]; oauth: string[] } {
    const apiKey = gateway.targets.flatMap((t) => (t.openApi?.apiKey ? [t.openApi.apiKey.providerArn] : []));
    const oauth = gateway.targets.flatMap((t) => [t.mcpServer?.oauth?.providerArn, t.openApi?.oauth?.providerArn].filter((a): a is string => a !== undefined));
    return { apiKey: [...new Set(apiKey)], oauth: [...new Set(oauth)] };
}

/** The token vault a credential provider ARN lives in (`...:token-vault/ID`). */
export function tokenVaultOf(providerArn: string): string {
    return providerArn.replace(/\/(apikey|oauth2)credentialprovider\/.*$/, "");
}

/** IDs of the token vaults the gateways' credential providers live in (`default` unless a provider ARN says otherwise). */
export function tokenVaultIds(gateways: readonly GatewayConfig[]): string[] {
    const arns = gateways.flatMap((g) => {
        const p = credentialProviders(g);
        return [...p.apiKey, ...p.oauth];
    });
    return [...new Set(arns.map((arn) => tokenVaultOf(arn).split("/").pop()!))].sort();
}

/**
 * One AgentcoreTokenVaultCmk per token vault the gateways fetch OAuth tokens or API keys from
 * (`tokenVaultIds`), under the given customer-managed key: the providers' client secrets and API keys are then encrypted with
 * a key the account governs and can revoke. A vault is an account-and-Region singleton, so the stack
 * settings decide which stack sets its key (`agents.tokenVaultKey`).
 */
export function tokenVaultKeys(
    name: string,
    args: { vaultIds: readonly string[]; kmsKeyArn: pulumi.Input<string> },
    opts: pulumi.CustomResourceOptions,
): aws.bedrock.AgentcoreTokenVaultCmk[] {
    return args.vaultIds.map(
        (id) =>
            new aws.bedrock.AgentcoreTokenVaultCmk(
                `${name}-token-vault-${id}`,
                { tokenVaultId: id, kmsConfiguration: { keyType: "CustomerManagedKey", kmsKeyArn: args.kmsKeyArn } },
                opts,
            ),
    );
}
