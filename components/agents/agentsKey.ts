import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../config/location";
import { CustomerManagedKey } from "../shared/customerManagedKey";

export interface AgentsKeyArgs {
    accountId: string;
    region: string;
    environment: string;
    tags: Record<string, string>;
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
            tags: args.tags,
        },
        opts,
    );
}
