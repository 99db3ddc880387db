import { z } from "zod";
import { DEFAULT_ENDPOINT_SERVICES, MANTLE_ENDPOINT_SERVICE, REQUIRED_ENDPOINT_SERVICES } from "../../policypack/controls/endpoints";
import { ORGANIZATION_ID } from "../../policypack/controls/organization";
import { EndpointService, PrincipalScope } from "../settings/network";

const VPC_ID = /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/;
const CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(\d|[12]\d|3[0-2])$/;

export const vpcIdSchema = z.string().regex(VPC_ID, "expected a VPC ID such as vpc-0a1b2c3d4e5f67890");
export const vpcCidrSchema = z.string().regex(CIDR, "expected an IPv4 CIDR block such as 10.20.0.0/16");
export const subnetIdSchema = z.string().regex(SUBNET_ID, "expected a subnet ID such as subnet-0a1b2c3d4e5f67890");

/** The values of `EndpointService`: the controls' BEDROCK_ENDPOINT_SERVICES (a test keeps the two equal). */
const SERVICES = Object.values(EndpointService) as [EndpointService, ...EndpointService[]];

/** `network.endpoints` without the VPC: the services and whom the endpoint policies admit. */
export const endpointPolicySchema = z
    .object({
        services: z.array(z.enum(SERVICES)).default([...DEFAULT_ENDPOINT_SERVICES]),
        principalScope: z.enum([PrincipalScope.Account, PrincipalScope.Organization]).default(PrincipalScope.Account),
        organizationId: z.string().regex(ORGANIZATION_ID, "expected an AWS Organizations ID such as o-a1b2c3d4e5").optional(),
        mantleInferenceReason: z.string().trim().min(10, "say why the stack needs Mantle inference (at least 10 characters)").optional(),
    })
    .strict()
    .superRefine((e, ctx) => {
        const missing = REQUIRED_ENDPOINT_SERVICES.filter((s) => !e.services.includes(s));
        if (missing.length > 0) {
            ctx.addIssue({ code: "custom", path: ["services"], message: `must include ${missing.join(", ")}` });
        }
        if (new Set(e.services).size !== e.services.length) {
            ctx.addIssue({ code: "custom", path: ["services"], message: "lists a service more than once" });
        }
        if (e.services.includes(MANTLE_ENDPOINT_SERVICE) && e.mantleInferenceReason === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["mantleInferenceReason"],
                message: "required with the bedrock-mantle endpoint: Mantle inference takes no guardrail and is not recorded by invocation logging, so say why the stack needs it",
            });
        }
        if (e.principalScope === PrincipalScope.Organization && e.organizationId === undefined) {
            ctx.addIssue({ code: "custom", path: ["organizationId"], message: "required when principalScope is organization" });
        }
    });

/**
 * `ai-guardrails:network.endpoints`: interface endpoints for Bedrock and AgentCore in an existing
 * VPC. The baseline does not create a VPC: workloads already live in one the platform's network
 * owns, and the endpoints must sit in that VPC's subnets to be used. On by default in the workload
 * environments (dev, staging, prod) and off in the organization's management account (org); an
 * environment without private networking (dev) sets `enabled: false`, and the
 * `bedrock-vpc-endpoints` policy decides per environment whether that is allowed.
 */
export const endpointsSchema = endpointPolicySchema
    .extend({
        enabled: z.boolean().optional(),
        vpcId: vpcIdSchema.optional(),
        vpcCidr: vpcCidrSchema.optional(),
        subnetIds: z.array(subnetIdSchema).optional(),
    })
    .superRefine((e, ctx) => {
        if (e.subnetIds !== undefined && new Set(e.subnetIds).size !== e.subnetIds.length) {
            ctx.addIssue({ code: "custom", path: ["subnetIds"], message: "lists a subnet more than once" });
        }
    });

/** `ai-guardrails:network`: the private network path to the models. */
export const networkSchema = z
    .object({
        endpoints: endpointsSchema.prefault({}),
    })
    .strict();

/** Whether a stack gets private endpoints: as configured, else on everywhere but the org stack. */
export function endpointsEnabled(config: { environment: string; network: z.infer<typeof networkSchema> }): boolean {
    return config.network.endpoints.enabled ?? config.environment !== "org";
}

/** Stack-level check (it needs the environment): enabled endpoints need the VPC, its CIDR and subnets. */
export function refineNetwork(config: { environment: string; network: z.infer<typeof networkSchema> }, ctx: z.RefinementCtx): void {
    if (!endpointsEnabled(config)) {
        return;
    }
    const e = config.network.endpoints;
    const hint = "required when endpoints are enabled (set enabled: false to run without private endpoints, e.g. in dev)";
    for (const key of ["vpcId", "vpcCidr"] as const) {
        if (e[key] === undefined) {
            ctx.addIssue({ code: "custom", path: ["network", "endpoints", key], message: hint });
        }
    }
    if (e.subnetIds === undefined || e.subnetIds.length === 0) {
        ctx.addIssue({ code: "custom", path: ["network", "endpoints", "subnetIds"], message: `at least one subnet is ${hint}` });
    }
}
