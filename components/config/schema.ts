/**
 * The settings of a whole baseline: AiSecurityBaseline's arguments, and (with `aws:region` for
 * `region`) the stack settings the project's own program reads. Each section is the settings
 * interface and schema of the components that build it.
 */
import { z } from "zod";
import { AgentsSettings, agentsSchema } from "./agents";
import { refineAgentCeiling, refineAgentModels } from "./agentsChecks";
import { EdgeSettings, edgeSchema, refineEdge } from "./edge";
import { EvidenceSettings, evidenceSchema } from "./evidence";
import { IdentitySettings, identitySchema } from "./identity";
import { DeploymentLocation, locationShape, tagsSchema } from "./location";
import { GuardrailSettings, guardrailSchema, InvocationLoggingSettings, invocationLoggingSchema, ModelSettings, modelsSchema } from "./model";
import { NetworkSettings, networkSchema, refineNetwork } from "./network";
import { OrganizationSettings, organizationSchema, refineOrganization } from "./organization";

/** The stack's role: one workload account per environment, or the organization's management account. */
export const Environment = { dev: "dev", staging: "staging", prod: "prod", org: "org" } as const;
export type Environment = (typeof Environment)[keyof typeof Environment];

export const ENVIRONMENTS = Object.values(Environment) as [Environment, ...Environment[]];

/** Everything one stack's baseline is built from (the stack settings of `stacks/Pulumi.<stack>.yaml`). */
export interface BaselineSettings extends DeploymentLocation {
    /** dev, staging, prod (workload accounts) or org (the Organizations management account). */
    environment: Environment;
    /** Register governance resources with `protect: true`, so no destroy or refactor removes them. Defaults to true. */
    protectGovernance?: boolean;
    /** Tags on every resource, besides the baseline's own (environment, layer, managed-by). */
    tags?: { [key: string]: string };
    /** The Bedrock guardrail every model call carries. */
    guardrail?: GuardrailSettings;
    /** The models that may be invoked. */
    models: ModelSettings;
    /** Model invocation logging. */
    invocationLogging?: InvocationLoggingSettings;
    /** Agent roles and their permission boundary. */
    identity?: IdentitySettings;
    /** Bedrock agents and AgentCore tool gateways. */
    agents?: AgentsSettings;
    /** The model's API behind a WAF. */
    edge?: EdgeSettings;
    /** The organization baseline (org stack only). */
    organization?: OrganizationSettings;
    /** The audit trail and the monitoring on it. */
    evidence?: EvidenceSettings;
    /** Private endpoints to Bedrock and AgentCore. */
    network?: NetworkSettings;
}

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
