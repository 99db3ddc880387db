import { z } from "zod";
import {
    AUTOMATION_ROLE_ARN,
    BEDROCK_POLICY_CONFIG_NAME,
    CONTENT_GUARDING_MODES,
    DEFAULT_BEDROCK_POLICY_CONFIG_NAME,
    DEFAULT_CONTENT_GUARDING,
    ORG_TARGET_ID,
    ORGANIZATION_ID,
    VPC_ENDPOINT_ID,
} from "../../policypack/controls/organization";
import { canTakeGuardrail, MODEL_IDS_WITHOUT_GUARDRAIL } from "../../policypack/controls/model-capabilities";
import { regionSchema } from "./location";
import { OrganizationPolicyType } from "../settings/organization";

const ROOT_ID = /^r-[0-9a-z]{4,32}$/;

/** Policy types Organizations knows; kept when the organization is managed here. */
export const ORGANIZATION_POLICY_TYPES = Object.values(OrganizationPolicyType) as [OrganizationPolicyType, ...OrganizationPolicyType[]];

// The values of CONTENT_GUARDING_MODES in the pack's control data (tests/components/args-types keeps the two equal).

const targetId = z.string().regex(ORG_TARGET_ID, "expected a root (r-...), OU (ou-...-...) or 12-digit account ID");
const targets = z.array(targetId).min(1, "attach the policy to at least one root, OU or account");

const modelId = z.string().regex(/^[a-z0-9.:-]{3,200}$/, "expected a model ID such as amazon.titan-embed-text-v2:0");

/** The fields of the `organization` section; the component extends them, then adds `refineOrganizationSection`. */
export const organizationShape = z
    .object({
        organizationId: z.string().regex(ORGANIZATION_ID, "expected an AWS Organizations ID such as o-a1b2c3d4e5"),
        rootId: z.string().regex(ROOT_ID, "expected the organization root's ID such as r-ab12"),
        /**
         * Manage the Organization resource in this stack, so that it enables BEDROCK_POLICY and
         * SERVICE_CONTROL_POLICY. Off by default: the organization usually belongs to the landing
         * zone. When on, import it first (`pulumi import aws:organizations/organization:Organization
         * organization o-...`); its trusted services and feature set are never changed from here.
         */
        manageOrganization: z.boolean().default(false),
        /** Policy types already enabled that must stay enabled when the organization is managed here. */
        keepPolicyTypes: z.array(z.enum(ORGANIZATION_POLICY_TYPES)).default([]),
        /** The roles exempt from the governance SCP: the security automation that deploys the baseline (account may be `*`). */
        securityAutomationRoleArns: z
            .array(z.string().regex(AUTOMATION_ROLE_ARN, "expected a role ARN; the account may be * for the same role in every member account"))
            .min(1, "name the security automation role: without it nobody could ever update a guardrail again"),
        /** The VPC endpoints model invocations must come through (prod's bedrock-runtime, bedrock-agent-runtime and bedrock-agentcore endpoints). */
        approvedVpcEndpointIds: z.array(z.string().regex(VPC_ENDPOINT_ID, "expected a VPC endpoint ID such as vpce-0a1b2c3d4e5f67890")).min(1),
        /**
         * Let roles on the agent path (`identity.rolePath`) invoke outside the endpoints: Bedrock and
         * AgentCore run agents on those roles from the service's own network, and the identity layer
         * lets only those services assume them. Service-linked roles are always exempt.
         */
        exemptAgentRolesFromInvokeScp: z.boolean().default(true),
        /**
         * Allow Mantle inference (bedrock-mantle:CreateInference, Bedrock's OpenAI-compatible API) in the
         * accounts under the invoke SCP, confined to the approved endpoints like every invocation, and
         * say why: it takes no guardrail and invocation logging does not record it. Unset: denied outright.
         */
        mantleInferenceReason: z.string().trim().min(10, "say why Mantle inference is needed (at least 10 characters): it runs without a guardrail or invocation logging").optional(),
        /** Further role ARN patterns the invoke SCP does not confine (service roles used from AWS networks). */
        invokeExemptPrincipalArns: z.array(z.string().regex(/^arn:aws(-[a-z]+)*:iam::(\d{12}|\*):role\/[\w+=,.@/*-]+$/, "expected a role ARN or pattern")).default([]),
        bedrockPolicy: z
            .object({
                /** Regions where the guardrail is enforced; one guardrail per Region is created in the management account. Default: the stack's Region. */
                regions: z.array(regionSchema).min(1).optional(),
                configName: z.string().regex(BEDROCK_POLICY_CONFIG_NAME, "1-64 letters, digits or underscores").default(DEFAULT_BEDROCK_POLICY_CONFIG_NAME),
                contentGuarding: z
                    .object({
                        system: z.enum(CONTENT_GUARDING_MODES).default(DEFAULT_CONTENT_GUARDING.system),
                        selectiveSystemReason: z.string().trim().min(1).max(500).optional(),
                        messages: z.enum(CONTENT_GUARDING_MODES).default(DEFAULT_CONTENT_GUARDING.messages),
                    })
                    .strict()
                    .prefault({})
                    .superRefine((g, ctx) => {
                        if (g.system === "selective" && g.selectiveSystemReason === undefined) {
                            ctx.addIssue({
                                code: "custom",
                                path: ["system"],
                                message: "selective evaluates nothing in an untagged system prompt: state why in selectiveSystemReason, or use comprehensive (the default)",
                            });
                        }
                    }),
                /** Models left out of enforcement: only models that cannot take a guardrail; defaults to all of them. */
                excludedModels: z
                    .array(modelId.refine((id) => !canTakeGuardrail(id), { message: "this model can take a guardrail: excluding it leaves its calls unguarded" }))
                    .default([...MODEL_IDS_WITHOUT_GUARDRAIL]),
            })
            .strict()
            .prefault({}),
        /** Opt every account out of AI services' use of the content they process (AISERVICES_OPT_OUT_POLICY). */
        aiServicesOptOut: z.boolean().default(true),
        /** Where each policy is attached. Defaults to the root, except the invoke SCP, which must name the OUs whose accounts have the endpoints. */
        targets: z
            .object({
                bedrockPolicy: targets.optional(),
                invokeViaVpce: targets,
                governanceProtection: targets.optional(),
                agentCeiling: targets.optional(),
                aiServicesOptOut: targets.optional(),
            })
            .strict(),
    })
    .strict();

/** Checks across the section's fields. */
export function refineOrganizationSection(o: z.output<typeof organizationShape>, ctx: z.RefinementCtx): void {
    const regions = o.bedrockPolicy.regions ?? [];
    if (new Set(regions).size !== regions.length) {
        ctx.addIssue({ code: "custom", path: ["bedrockPolicy", "regions"], message: "lists a Region more than once" });
    }
    if (new Set(o.approvedVpcEndpointIds).size !== o.approvedVpcEndpointIds.length) {
        ctx.addIssue({ code: "custom", path: ["approvedVpcEndpointIds"], message: "lists an endpoint more than once" });
    }
    if (o.targets.invokeViaVpce.includes(o.rootId)) {
        ctx.addIssue({
            code: "custom",
            path: ["targets", "invokeViaVpce"],
            message: "attach the invoke SCP to the OUs whose accounts have the approved endpoints, not the root: accounts without them could not invoke any model",
        });
    }
}

/**
 * `ai-guardrails:organization`: the organization baseline the `org` stack (the management account)
 * applies to member accounts: the Bedrock policy and three SCPs, and their attachments.
 */
export const organizationSchema = organizationShape.superRefine(refineOrganizationSection);

export type OrganizationConfig = z.infer<typeof organizationSchema>;

/** The organization section belongs to the `org` stack, and the `org` stack needs it. */
export function refineOrganization(config: { environment?: string; organization?: OrganizationConfig }, ctx: z.RefinementCtx): void {
    if (config.environment === "org" && config.organization === undefined) {
        ctx.addIssue({ code: "custom", path: ["organization"], message: "required in the org stack (environment: org)" });
    }
    if (config.environment !== undefined && config.environment !== "org" && config.organization !== undefined) {
        ctx.addIssue({ code: "custom", path: ["organization"], message: "only the org stack (environment: org, the management account) applies the organization baseline" });
    }
}
