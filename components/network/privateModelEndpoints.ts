import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
    BedrockEndpointService,
    ENDPOINT_SERVICE_IAM_PREFIX,
    endpointServiceName,
    MANTLE_ENDPOINT_SERVICE,
    MANTLE_REASON_TAG,
    OAUTH_ENDPOINT_ACCESS,
    ownAgentCoreResources,
    RUNTIME_ENDPOINT_GUARDRAIL_ACTION,
    SIGNED_REQUEST_KEY,
} from "../../policypack/controls/endpoints";
import { INVOKE_ACTIONS, modelResourceArns } from "../../policypack/controls/model-access";
import { inputOf, validateArgs } from "../config/args";
import { locationShape, modelIdSchema, partitionOf, tagsSchema } from "../config/location";
import { DeploymentLocation } from "../settings/location";
import { endpointPolicySchema, subnetIdSchema, vpcCidrSchema, vpcIdSchema } from "../config/network";
import { EndpointPolicySettings, PrincipalScope } from "../settings/network";
import { componentOptions, componentType } from "../shared/component";
import { PolicyStatement } from "../shared/policyDocument";

/**
 * Arguments of PrivateModelEndpoints: the services and principal scope (as the stack settings'
 * `network.endpoints`), the VPC they go into, the approved models, and where it deploys.
 */
export interface PrivateModelEndpointsArgs extends EndpointPolicySettings, DeploymentLocation {
    /** The VPC the workloads run in. */
    vpcId: pulumi.Input<string>;
    /** The VPC's CIDR block: the only source the endpoints' security group admits, on 443 only. */
    vpcCidr: pulumi.Input<string>;
    /** Private subnets, one per Availability Zone in use; each gets an endpoint interface. */
    subnetIds: pulumi.Input<string>[];
    /** Approved foundation-model and inference-profile IDs: the only models the endpoints carry invocations of. */
    approvedModelIds: string[];
    /** Tags on every resource the component creates. */
    tags?: { [key: string]: string };
}

/** @internal The arguments as the constructor validates them. */
export const privateModelEndpointsArgsSchema = endpointPolicySchema.extend({
    ...locationShape,
    vpcId: inputOf(vpcIdSchema),
    vpcCidr: inputOf(vpcCidrSchema),
    subnetIds: z.array(inputOf(subnetIdSchema)).min(1, "at least one subnet is required"),
    approvedModelIds: z.array(modelIdSchema).min(1, "at least one model is required; an endpoint that reaches no model hides a configuration error"),
    tags: tagsSchema.default({}),
});

export interface EndpointPolicyInput {
    service: BedrockEndpointService;
    partition: string;
    region: string;
    accountId: string;
    approvedModelIds: readonly string[];
    organizationId?: string;
}

/**
 * The endpoint policy of one service. Every Allow admits `Principal: "*"` only with a condition on
 * the caller's account (or organization), so credentials from elsewhere cannot use the private path.
 * bedrock-runtime allows invoking the approved models and applying guardrails, nothing else; the
 * other Bedrock endpoints allow their own APIs (agents, retrieval, flows: some have no resource to
 * scope to) and explicitly deny invoking any model that is not approved. AgentCore endpoints allow
 * AgentCore's APIs to the account's principals (SigV4), let OAuth (JWT) callers, which carry no IAM
 * principal, invoke the account's own runtimes or gateways, and carry invocations of no other
 * account's runtimes or gateways; IAM, the gateway's authorizer and Cedar decide the rest.
 */
export function endpointPolicyDocument(input: EndpointPolicyInput): { Version: string; Statement: PolicyStatement[] } {
    const principals = input.organizationId
        ? { StringEquals: { "aws:PrincipalOrgID": input.organizationId } }
        : { StringEquals: { "aws:PrincipalAccount": input.accountId } };
    const approvedArns = [...new Set(input.approvedModelIds.flatMap((id) => modelResourceArns(input.partition, input.region, input.accountId, id)))];
    const prefix = ENDPOINT_SERVICE_IAM_PREFIX[input.service];
    const statements: PolicyStatement[] = [];
    if (input.service === "bedrock-runtime") {
        statements.push(
            { Sid: "InvokeApprovedModels", Effect: "Allow", Principal: "*", Action: [...INVOKE_ACTIONS], Resource: approvedArns, Condition: principals },
            {
                // Invoking with a guardrail also authorizes ApplyGuardrail on it; the guardrail may be
                // the organization's baseline guardrail in the management account.
                Sid: "ApplyGuardrails",
                Effect: "Allow",
                Principal: "*",
                Action: RUNTIME_ENDPOINT_GUARDRAIL_ACTION,
                Resource: `arn:${input.partition}:bedrock:*:*:guardrail/*`,
                Condition: principals,
            },
        );
    } else {
        statements.push({ Sid: "UseServiceApis", Effect: "Allow", Principal: "*", Action: `${prefix}:*`, Resource: "*", Condition: principals });
    }
    if (prefix === "bedrock") {
        statements.push({ Sid: "DenyInvokeOfUnapprovedModels", Effect: "Deny", Principal: "*", Action: [...INVOKE_ACTIONS], NotResource: approvedArns });
    }
    const oauth = OAUTH_ENDPOINT_ACCESS[input.service];
    if (oauth) {
        const own = oauth.resourceTypes.map((t) => ownAgentCoreResources(input.partition, input.region, input.accountId, t));
        statements.push(
            {
                Sid: "AllowOAuthCallersToOwnResources",
                Effect: "Allow",
                Principal: "*",
                Action: [...oauth.actions],
                Resource: own,
                Condition: { Null: { [SIGNED_REQUEST_KEY]: "true" } },
            },
            { Sid: "DenyInvokeOfOtherAccountsResources", Effect: "Deny", Principal: "*", Action: [...oauth.invocations], NotResource: own },
        );
    }
    return { Version: "2012-10-17", Statement: statements };
}

/** A resource-name-safe form of a service name (`bedrock-agentcore.gateway` -> `bedrock-agentcore-gateway`). */
function slug(service: string): string {
    return service.replace(/[^a-z0-9-]/g, "-");
}

/**
 * The approved private network path to Bedrock and AgentCore: an interface endpoint per service in
 * the workloads' subnets, with private DNS (SDKs resolve the service's usual host name to it), a
 * security group that admits HTTPS from the VPC's CIDR only, and an endpoint policy that admits only
 * this account's (or organization's) principals and only the approved models. The endpoint IDs feed
 * the model-access policy and the organization's SCP (`aws:SourceVpce`).
 */
export class PrivateModelEndpoints extends pulumi.ComponentResource {
    /** Endpoint IDs (`vpce-...`) by service (`bedrock-runtime`, ...). */
    public readonly endpointIds: pulumi.Output<{ [service: string]: string }>;
    /** IDs of the endpoints that carry model invocations (bedrock-runtime): the `aws:SourceVpce` values for invoke. */
    public readonly invokeEndpointIds: pulumi.Output<string[]>;
    /** ID of the security group of the endpoints' network interfaces. */
    public readonly securityGroupId: pulumi.Output<string>;
    /** The endpoint policies (JSON) by service. */
    public readonly policies: pulumi.Output<{ [service: string]: string }>;

    constructor(name: string, args: PrivateModelEndpointsArgs, opts?: pulumi.ComponentResourceOptions) {
        const a = validateArgs("PrivateModelEndpoints", name, privateModelEndpointsArgsSchema, args);
        super(componentType("PrivateModelEndpoints"), name, {}, componentOptions("PrivateModelEndpoints", "network", opts));
        const partition = partitionOf(a.region);
        const organizationId = a.principalScope === PrincipalScope.Organization ? a.organizationId : undefined;

        const securityGroup = new aws.ec2.SecurityGroup(
            `${name}-security-group`,
            {
                description: "Bedrock and AgentCore interface endpoints: HTTPS from the VPC only",
                vpcId: a.vpcId,
                ingress: [{ description: "HTTPS from the VPC", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [a.vpcCidr] }],
                // Endpoint interfaces only answer; an empty list removes AWS's default allow-all egress rule.
                egress: [],
                tags: a.tags,
            },
            // Releases before 0.2 named it `${name}-endpoints` (`ai-endpoints-endpoints` in the baseline).
            { parent: this, aliases: [{ name: `${name}-endpoints` }] },
        );

        const ids: { [service: string]: pulumi.Output<string> } = {};
        const policies: { [service: string]: string } = {};
        for (const service of a.services) {
            // Every value in the policy is plain, so the document is known at the first preview.
            const policy = JSON.stringify(endpointPolicyDocument({ service, partition, region: a.region, accountId: a.accountId, approvedModelIds: a.approvedModelIds, organizationId }));
            policies[service] = policy;
            ids[service] = new aws.ec2.VpcEndpoint(
                `${name}-${slug(service)}`,
                {
                    vpcId: a.vpcId,
                    serviceName: endpointServiceName(a.region, service),
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: a.subnetIds,
                    securityGroupIds: [securityGroup.id],
                    policy,
                    tags: { ...a.tags, Name: `${name}-${service}`, ...(service === MANTLE_ENDPOINT_SERVICE && a.mantleInferenceReason ? { [MANTLE_REASON_TAG]: a.mantleInferenceReason } : {}) },
                },
                { parent: this },
            ).id;
        }

        this.endpointIds = pulumi.output(ids);
        this.invokeEndpointIds = pulumi.all([ids["bedrock-runtime"]]);
        this.securityGroupId = securityGroup.id;
        this.policies = pulumi.output(policies);

        this.registerOutputs({ endpointIds: this.endpointIds, invokeEndpointIds: this.invokeEndpointIds, securityGroupId: this.securityGroupId, policies: this.policies });
    }
}
