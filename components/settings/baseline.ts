/**
 * Everything one stack's baseline is built from: AiSecurityBaseline's arguments and the stack settings.
 * Settings are data only (no validation here: components/config holds the schemas), so every
 * language the component plugin serves can express them.
 */
import { AgentsSettings } from "./agents";
import { EdgeSettings } from "./edge";
import { EvidenceSettings } from "./evidence";
import { IdentitySettings } from "./identity";
import { DeploymentLocation } from "./location";
import { GuardrailSettings, InvocationLoggingSettings, ModelSettings } from "./model";
import { NetworkSettings } from "./network";
import { OrganizationSettings } from "./organization";

/** The stack's role: one workload account per environment, or the organization's management account. */
export const Environment = { dev: "dev", staging: "staging", prod: "prod", org: "org" } as const;
export type Environment = (typeof Environment)[keyof typeof Environment];

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
