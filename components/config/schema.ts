import { z } from "zod";
import { guardrailSchema, invocationLoggingSchema, modelsSchema } from "./model";
import { identitySchema } from "./identity";
import { agentsSchema } from "./agents";
import { refineAgentCeiling, refineAgentModels } from "./agentsChecks";
import { edgeSchema, refineEdge } from "./edge";
import { organizationSchema, refineOrganization } from "./organization";
import { evidenceSchema } from "./evidence";
import { networkSchema, refineNetwork } from "./network";

export const ENVIRONMENTS = ["dev", "staging", "prod", "org"] as const;

/** The `ai-guardrails:` namespace of a stack's configuration, plus `aws:region`. */
export const stackConfigSchema = z
    .object({
        "aws:region": z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "expected an AWS Region such as us-east-1"),
        environment: z.enum(ENVIRONMENTS),
        accountId: z.string().regex(/^\d{12}$/, "expected a 12-digit AWS account ID (quote it in YAML)"),
        // Not aws-cn: Bedrock is not offered in the China Regions, and service principals there end in .amazonaws.com.cn.
        partition: z.enum(["aws", "aws-us-gov"]).default("aws"),
        /** Marks governance resources `protect: true`, so `pulumi destroy` or a refactor cannot remove them. */
        protectGovernance: z.boolean().default(true),
        tags: z.record(z.string(), z.string()).default({}),
        guardrail: guardrailSchema.default(guardrailSchema.parse({})),
        models: modelsSchema,
        invocationLogging: invocationLoggingSchema.default(invocationLoggingSchema.parse({})),
        identity: identitySchema.default(identitySchema.parse({})),
        agents: agentsSchema.default(agentsSchema.parse({})),
        edge: edgeSchema.prefault({}),
        organization: organizationSchema.optional(),
        evidence: evidenceSchema.prefault({}),
        network: networkSchema.prefault({}),
    })
    .strict()
    .superRefine(refineAgentModels)
    .superRefine(refineAgentCeiling)
    .superRefine(refineEdge)
    .superRefine(refineOrganization)
    .superRefine(refineNetwork);

export type StackConfig = z.infer<typeof stackConfigSchema>;
export type GuardrailConfig = StackConfig["guardrail"];
export type ModelsConfig = StackConfig["models"];
export type InvocationLoggingConfig = StackConfig["invocationLogging"];
export type IdentityConfig = StackConfig["identity"];
export type { EdgeConfig } from "./edge";
export type EvidenceConfig = StackConfig["evidence"];
export type NetworkConfig = StackConfig["network"];
export type { OrganizationConfig } from "./organization";
export type { AgentsConfig, AgentConfig, GatewayConfig, TargetConfig, ToolConfig } from "./agents";
