/**
 * The settings of a whole baseline: AiSecurityBaseline's arguments, and (with `aws:region` for
 * `region`) the stack settings the project's own program reads. Each section is the settings
 * interface and schema of the components that build it.
 */
import { z } from "zod";
import { agentsSchema } from "./agents";
import { refineAgentCeiling, refineAgentModels } from "./agentsChecks";
import { edgeSchema, refineEdge } from "./edge";
import { evidenceSchema } from "./evidence";
import { identitySchema } from "./identity";
import { locationShape, tagsSchema } from "./location";
import { guardrailSchema, invocationLoggingSchema, modelsSchema } from "./model";
import { networkSchema, refineNetwork } from "./network";
import { organizationSchema, refineOrganization } from "./organization";
import { Environment } from "../settings/baseline";

export const ENVIRONMENTS = Object.values(Environment) as [Environment, ...Environment[]];

export const baselineSettingsSchema = z
    .object({
        ...locationShape,
        environment: z.enum(ENVIRONMENTS),
        protectGovernance: z.boolean().default(true),
        tags: tagsSchema.default({}),
        guardrail: guardrailSchema.prefault({}),
        models: modelsSchema,
        invocationLogging: invocationLoggingSchema.prefault({}),
        identity: identitySchema.prefault({}),
        agents: agentsSchema.prefault({}),
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

/** A baseline's settings, validated, with every default filled in. */
export type StackConfig = z.output<typeof baselineSettingsSchema>;
export type GuardrailConfig = StackConfig["guardrail"];
export type ModelsConfig = StackConfig["models"];
export type InvocationLoggingConfig = StackConfig["invocationLogging"];
export type IdentityConfig = StackConfig["identity"];
export type { EdgeConfig } from "./edge";
export type EvidenceConfig = StackConfig["evidence"];
export type NetworkConfig = StackConfig["network"];
export type { OrganizationConfig } from "./organization";
export type { AgentsConfig, AgentConfig, GatewayConfig, TargetConfig, ToolConfig } from "./agents";
