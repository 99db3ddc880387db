import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../config/location";
import { CustomerManagedKey } from "../shared/customerManagedKey";

export interface AgentsKeyArgs {
    accountId: string;
    region: string;
    environment: string;
    tags: Record<string, string>;
    /** Whether the account's AgentCore token vaults are encrypted with this key (`AgentcoreTokenVaultCmk`). */
    tokenVaults?: boolean;
}

/**
 * The customer-managed key of a stack's agents, gateways and policy engines: Bedrock may use it only
 * for this account's agents in this Region (`aws:SourceAccount`, `aws:SourceArn`); AgentCore for its
 * gateways and policy engines.
 */
export function agentsKey(name: string, args: AgentsKeyArgs, opts: pulumi.ComponentResourceOptions): CustomerManagedKey {
    const { accountId, region } = args;
    const partition = partitionOf(region);
    return new CustomerManagedKey(
        name,
        {
            accountId,
            partition,
            description: `Encrypts Bedrock agents, AgentCore gateways and their policy engines (${args.environment})`,
            aliasName: `alias/ai-guardrails/${args.environment}/agents`,
            serviceGrants: [
                {
                    sid: "BedrockAgentsOfThisAccount",
                    service: "bedrock.amazonaws.com",
                    actions: ["kms:GenerateDataKey", "kms:Decrypt"],
                    condition: {
                        StringEquals: { "aws:SourceAccount": accountId },
                        ArnLike: { "aws:SourceArn": `arn:${partition}:bedrock:${region}:${accountId}:agent/*` },
                    },
                },
                {
                    sid: "AgentCoreGatewaysAndPolicyEnginesOfThisAccount",
                    service: "bedrock-agentcore.amazonaws.com",
                    actions: ["kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"],
                },
            ],
            // AgentCore Identity uses the key with the credentials of whoever fetches a token (a gateway's
            // role), through its own endpoint, for the account's token vaults only: the grant of AgentCore's
            // "Set customer managed key policy" page, with the account and Region written out.
            // https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/kms-key-policy-configuration.html
            callerGrants: args.tokenVaults
                ? [
                      {
                          sid: "AgentCoreIdentityTokenVaultsOfThisAccount",
                          viaService: `bedrock-agentcore-identity.${region}.amazonaws.com`,
                          actions: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKeyWithoutPlaintext"],
                          condition: {
                              ArnLike: { "kms:EncryptionContext:aws-crypto-ec:aws:bedrock-agentcore-identity:token-vault-arn": `arn:${partition}:bedrock-agentcore:${region}:${accountId}:token-vault/*` },
                          },
                      },
                      // DescribeKey carries no encryption context.
                      { sid: "AgentCoreIdentityDescribesTheKey", viaService: `bedrock-agentcore-identity.${region}.amazonaws.com`, actions: ["kms:DescribeKey"] },
                  ]
                : undefined,
            tags: args.tags,
        },
        opts,
    );
}
