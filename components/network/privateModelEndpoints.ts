import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    BEDROCK_ENDPOINT_SERVICES,
    BedrockEndpointService,
    DEFAULT_ENDPOINT_SERVICES,
    ENDPOINT_SERVICE_IAM_PREFIX,
    endpointServiceName,
    REQUIRED_ENDPOINT_SERVICES,
    RUNTIME_ENDPOINT_GUARDRAIL_ACTION,
} from "../../policypack/controls/endpoints";
import { INVOKE_ACTIONS, modelResourceArns } from "../../policypack/controls/model-access";
import { PolicyStatement } from "../shared/policyDocument";

export interface PrivateModelEndpointsArgs {
    accountId: pulumi.Input<string>;
    region: pulumi.Input<string>;
    /** AWS partition. Defaults to `aws`. */
    partition?: pulumi.Input<string>;
    /** The VPC the workloads run in. */
    vpcId: pulumi.Input<string>;
    /** The VPC's CIDR block: the only source admitted, on 443 only. */
    vpcCidr: pulumi.Input<string>;
    /** Private subnets, one per Availability Zone in use; each gets an endpoint interface. */
    subnetIds: pulumi.Input<string>[];
    /** Endpoint services (the part after `com.amazonaws.REGION.`). Defaults to bedrock-runtime, bedrock-agent-runtime, bedrock-agentcore. */
    services?: readonly string[];
    /** Approved model and inference-profile IDs: the only models the endpoints carry invocations of. */
    approvedModelIds: pulumi.Input<string[]>;
    /**
     * The organization whose principals may use the endpoints (`aws:PrincipalOrgID`). When omitted,
     * only this account's principals may (`aws:PrincipalAccount`).
     */
    organizationId?: pulumi.Input<string>;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

const CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(\d|[12]\d|3[0-2])$/;

/** Problems with the arguments, one line each; empty when they are valid. */
export function privateModelEndpointsProblems(args: PrivateModelEndpointsArgs): string[] {
    const problems: string[] = [];
    const services = args.services ?? DEFAULT_ENDPOINT_SERVICES;
    const unknown = services.filter((s) => !(BEDROCK_ENDPOINT_SERVICES as readonly string[]).includes(s));
    if (unknown.length > 0) {
        problems.push(`services: ${unknown.join(", ")} not among the Bedrock endpoint services (${BEDROCK_ENDPOINT_SERVICES.join(", ")})`);
    }
    const missing = REQUIRED_ENDPOINT_SERVICES.filter((s) => !services.includes(s));
    if (missing.length > 0) {
        problems.push(`services: ${missing.join(", ")} required (model and agent invocation)`);
    }
    if (new Set(services).size !== services.length) {
        problems.push("services: a service is listed more than once");
    }
    if (args.subnetIds.length === 0) {
        problems.push("subnetIds: at least one subnet is required");
    }
    if (typeof args.vpcCidr === "string" && !CIDR.test(args.vpcCidr)) {
        problems.push(`vpcCidr ${JSON.stringify(args.vpcCidr)}: expected an IPv4 CIDR block such as 10.20.0.0/16`);
    }
    if (Array.isArray(args.approvedModelIds) && args.approvedModelIds.length === 0) {
        problems.push("approvedModelIds: at least one model is required; an endpoint that reaches no model hides a configuration error");
    }
    return problems;
}

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
 * AgentCore's APIs; IAM and Cedar decide which resources.
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
    /** The security group of the endpoints' network interfaces. */
    public readonly securityGroup: aws.ec2.SecurityGroup;
    /** The endpoints, by service. */
    public readonly endpoints: Record<string, aws.ec2.VpcEndpoint>;
    /** Endpoint IDs (`vpce-...`), by service. */
    public readonly endpointIds: pulumi.Output<Record<string, string>>;
    /** IDs of the endpoints that carry model invocations (bedrock-runtime): the `aws:SourceVpce` values for invoke. */
    public readonly invokeEndpointIds: pulumi.Output<string[]>;
    /** The endpoint policies (JSON), by service. */
    public readonly policies: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: PrivateModelEndpointsArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems = privateModelEndpointsProblems(args);
        if (problems.length > 0) {
            throw new Error(`PrivateModelEndpoints ${name}: invalid arguments:\n  - ${problems.join("\n  - ")}`);
        }
        super("ai-guardrails:network:PrivateModelEndpoints", name, {}, opts);
        const services = (args.services ?? DEFAULT_ENDPOINT_SERVICES) as readonly BedrockEndpointService[];

        this.securityGroup = new aws.ec2.SecurityGroup(
            `${name}-endpoints`,
            {
                description: "Bedrock and AgentCore interface endpoints: HTTPS from the VPC only",
                vpcId: args.vpcId,
                ingress: [{ description: "HTTPS from the VPC", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [args.vpcCidr] }],
                // Endpoint interfaces only answer; an empty list removes AWS's default allow-all egress rule.
                egress: [],
                tags: args.tags,
            },
            { parent: this },
        );

        this.endpoints = {};
        this.policies = {};
        for (const service of services) {
            const policy = pulumi
                .all([args.partition ?? "aws", args.region, args.accountId, args.approvedModelIds, args.organizationId])
                .apply(([partition, region, accountId, approvedModelIds, organizationId]) =>
                    JSON.stringify(endpointPolicyDocument({ service, partition, region, accountId, approvedModelIds, organizationId })),
                );
            this.policies[service] = policy;
            this.endpoints[service] = new aws.ec2.VpcEndpoint(
                `${name}-${slug(service)}`,
                {
                    vpcId: args.vpcId,
                    serviceName: pulumi.output(args.region).apply((region) => endpointServiceName(region, service)),
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: args.subnetIds,
                    securityGroupIds: [this.securityGroup.id],
                    policy,
                    tags: pulumi.output(args.tags ?? {}).apply((tags) => ({ ...tags, Name: `${name}-${service}` })),
                },
                { parent: this },
            );
        }

        this.endpointIds = pulumi.all(Object.fromEntries(Object.entries(this.endpoints).map(([s, e]) => [s, e.id]))) as pulumi.Output<Record<string, string>>;
        this.invokeEndpointIds = pulumi.all([this.endpoints["bedrock-runtime"].id]);

        this.registerOutputs({ endpointIds: this.endpointIds, invokeEndpointIds: this.invokeEndpointIds, securityGroupId: this.securityGroup.id });
    }
}
