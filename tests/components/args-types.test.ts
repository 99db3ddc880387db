/**
 * Each public component's argument interface (what the component host turns into SDK types) and
 * the schema its constructor validates with (the stack settings' schema, extended) describe the
 * same arguments: the compiler checks that each accepts what the other does, the test that they
 * name the same keys.
 */
import * as assert from "assert";
import { z } from "zod";
import { GuardedAgentArgs, guardedAgentArgsSchema } from "../../components/agents/guardedAgent";
import { ToolGatewayArgs, toolGatewayArgsSchema } from "../../components/agents/toolGateway";
import { agentsSchema } from "../../components/config/agents";
import { AgentsSettings } from "../../components/settings/agents";
import { ModelGuardrailArgs, modelGuardrailArgsSchema } from "../../components/model/modelGuardrail";
import { OrganizationGuardrailsArgs, organizationGuardrailsArgsSchema } from "../../components/organization/organizationGuardrails";
import { organizationSchema } from "../../components/config/organization";
import { ContentGuardingMode, OrganizationSettings } from "../../components/settings/organization";
import { CONTENT_GUARDING_MODES } from "../../policypack/controls/organization";
import { edgeSchema } from "../../components/config/edge";
import { EdgeSettings } from "../../components/settings/edge";
import { evidenceSchema } from "../../components/config/evidence";
import { EvidenceSettings } from "../../components/settings/evidence";
import { networkSchema } from "../../components/config/network";
import { NetworkSettings } from "../../components/settings/network";
import { ModelApiEdgeArgs, modelApiEdgeArgsSchema } from "../../components/edge/modelApiEdge";
import { AiAuditTrailArgs, aiAuditTrailArgsSchema } from "../../components/evidence/aiAuditTrail";
import { AiMonitoringArgs, aiMonitoringArgsSchema } from "../../components/evidence/aiMonitoring";
import { PrivateModelEndpointsArgs, privateModelEndpointsArgsSchema } from "../../components/network/privateModelEndpoints";
import { ModelAccessPolicyArgs, modelAccessPolicyArgsSchema } from "../../components/access/modelAccessPolicy";
import { AgentTrustedService } from "../../components/settings/identity";
import { AgentIdentityArgs, agentIdentityArgsSchema } from "../../components/identity/agentIdentity";
import { AgentPermissionBoundaryArgs, agentPermissionBoundaryArgsSchema } from "../../components/identity/agentPermissionBoundary";
import { InvocationLoggingArgs, invocationLoggingArgsSchema } from "../../components/model/invocationLogging";
import { AGENT_TRUSTED_SERVICES } from "../../policypack/controls/agent-identity";

/** Compiles only when A and B accept the same values. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
function agree<A, B>(ok: Same<A, B>): void {
    assert.strictEqual(ok, true);
}

/** The keys of an object schema, unwrapping refinements and pipes. */
function keysOf(schema: z.ZodType): string[] {
    let cur: any = schema;
    while (cur?.def && cur.def.type !== "object") {
        cur = cur.def.in ?? cur.def.innerType ?? cur.def.schema;
    }
    return Object.keys(cur.def.shape).sort();
}

describe("component arguments: interface and schema agree", () => {
    it("ModelGuardrail", () => {
        agree<ModelGuardrailArgs, z.input<typeof modelGuardrailArgsSchema>>(true);
        const keys: Required<Record<keyof ModelGuardrailArgs, true>> = {
            accountId: true, region: true, kmsKeyArn: true, description: true, tags: true, harmFilters: true, piiEntities: true,
            deniedTopics: true, grounding: true, managedProfanityFilter: true, blockedWords: true, blockedInputMessage: true, blockedOutputMessage: true, enforceInAccount: true,
        };
        assert.deepStrictEqual(keysOf(modelGuardrailArgsSchema), Object.keys(keys).sort());
    });

    it("OrganizationGuardrails", () => {
        agree<OrganizationGuardrailsArgs, z.input<typeof organizationGuardrailsArgsSchema>>(true);
        agree<OrganizationSettings, z.input<typeof organizationSchema>>(true);
        agree<ContentGuardingMode, (typeof CONTENT_GUARDING_MODES)[number]>(true);
        const keys: Required<Record<keyof OrganizationGuardrailsArgs, true>> = {
            accountId: true, region: true, organizationId: true, rootId: true, manageOrganization: true, keepPolicyTypes: true, securityAutomationRoleArns: true,
            approvedVpcEndpointIds: true, exemptAgentRolesFromInvokeScp: true, invokeExemptPrincipalArns: true, mantleInferenceReason: true, bedrockPolicy: true, targets: true, guardrails: true,
            shareGuardrails: true, agentRolePath: true, extraDestructiveActions: true, allowedPassRoleArns: true, tags: true, aiServicesOptOut: true,
        };
        assert.deepStrictEqual(keysOf(organizationGuardrailsArgsSchema), Object.keys(keys).sort());
    });

    it("GuardedAgent", () => {
        agree<GuardedAgentArgs, z.input<typeof guardedAgentArgsSchema>>(true);
        const keys: Required<Record<keyof GuardedAgentArgs, true>> = {
            accountId: true, region: true, name: true, purpose: true, foundationModel: true, instruction: true, idleSessionTtlSeconds: true,
            gateway: true, gatewayPrincipal: true, tools: true, guardrail: true, kmsKeyArn: true, permissionsBoundaryArn: true,
            approvedModels: true, rolePath: true, aliasName: true, tags: true,
        };
        assert.deepStrictEqual(keysOf(guardedAgentArgsSchema), Object.keys(keys).sort());
    });

    it("ToolGateway", () => {
        agree<ToolGatewayArgs, z.input<typeof toolGatewayArgsSchema>>(true);
        const keys: Required<Record<keyof ToolGatewayArgs, true>> = {
            accountId: true, region: true, name: true, description: true, authorizer: true, groupClaim: true, targets: true,
            callers: true, kmsKeyArn: true, permissionsBoundaryArn: true, rolePath: true, tags: true,
        };
        assert.deepStrictEqual(keysOf(toolGatewayArgsSchema), Object.keys(keys).sort());
    });

    it("the stack settings' agents section", () => {
        agree<AgentsSettings, z.input<typeof agentsSchema>>(true);
        assert.deepStrictEqual(keysOf(agentsSchema), ["agents", "gateways", "tokenVaultKey"]);
    });

    it("PrivateModelEndpoints", () => {
        agree<PrivateModelEndpointsArgs, z.input<typeof privateModelEndpointsArgsSchema>>(true);
        const keys: Required<Record<keyof PrivateModelEndpointsArgs, true>> = {
            accountId: true, region: true, services: true, principalScope: true, organizationId: true, mantleInferenceReason: true, vpcId: true, vpcCidr: true, subnetIds: true,
            approvedModelIds: true, tags: true,
        };
        assert.deepStrictEqual(keysOf(privateModelEndpointsArgsSchema), Object.keys(keys).sort());
    });

    it("ModelApiEdge", () => {
        agree<ModelApiEdgeArgs, z.input<typeof modelApiEdgeArgsSchema>>(true);
        const keys: Required<Record<keyof ModelApiEdgeArgs, true>> = {
            accountId: true, region: true, modelId: true, guardrail: true, logsKmsKeyArn: true, tags: true, authorization: true, stageName: true,
            throttle: true, quota: true, waf: true, logRetentionDays: true, manageAccountLoggingRole: true,
        };
        assert.deepStrictEqual(keysOf(modelApiEdgeArgsSchema), Object.keys(keys).sort());
    });

    it("AiAuditTrail", () => {
        agree<AiAuditTrailArgs, z.input<typeof aiAuditTrailArgsSchema>>(true);
        const keys: Required<Record<keyof AiAuditTrailArgs, true>> = {
            accountId: true, region: true, trailName: true, tags: true, dataEventTypes: true, logRetentionDays: true, expirationDays: true,
            noncurrentVersionExpirationDays: true, objectLock: true,
        };
        assert.deepStrictEqual(keysOf(aiAuditTrailArgsSchema), Object.keys(keys).sort());
    });

    it("AiMonitoring", () => {
        agree<AiMonitoringArgs, z.input<typeof aiMonitoringArgsSchema>>(true);
        const keys: Required<Record<keyof AiMonitoringArgs, true>> = {
            accountId: true, region: true, trailLogGroupName: true, approvedModelIds: true, guardrails: true, topicName: true, tags: true,
            alarmSubscriptions: true, periodSeconds: true, tokenSpikeThreshold: true, guardrailInterventionThreshold: true, invocationErrorThreshold: true,
        };
        assert.deepStrictEqual(keysOf(aiMonitoringArgsSchema), Object.keys(keys).sort());
    });

    it("the network, edge and evidence settings sections", () => {
        agree<NetworkSettings, z.input<typeof networkSchema>>(true);
        agree<EdgeSettings, z.input<typeof edgeSchema>>(true);
        agree<EvidenceSettings, z.input<typeof evidenceSchema>>(true);

    });

    it("InvocationLogging", () => {
        agree<InvocationLoggingArgs, z.input<typeof invocationLoggingArgsSchema>>(true);
        const keys: Required<Record<keyof InvocationLoggingArgs, true>> = {
            accountId: true, region: true, logRetentionDays: true, s3ExpirationDays: true, text: true, image: true, embedding: true, video: true,
            logGroupName: true, keyPrefix: true, tags: true,
        };
        assert.deepStrictEqual(keysOf(invocationLoggingArgsSchema), Object.keys(keys).sort());
    });

    it("ModelAccessPolicy", () => {
        agree<ModelAccessPolicyArgs, z.input<typeof modelAccessPolicyArgsSchema>>(true);
        const keys: Required<Record<keyof ModelAccessPolicyArgs, true>> = {
            accountId: true, region: true, models: true, guardrail: true, withoutGuardrail: true, sourceVpceIds: true, description: true, path: true, tags: true,
        };
        assert.deepStrictEqual(keysOf(modelAccessPolicyArgsSchema), Object.keys(keys).sort());
    });

    it("AgentIdentity", () => {
        agree<AgentIdentityArgs, z.input<typeof agentIdentityArgsSchema>>(true);
        const keys: Required<Record<keyof AgentIdentityArgs, true>> = {
            accountId: true, region: true, purpose: true, trustedService: true, sourceArn: true, permissionsBoundaryArn: true, policies: true,
            managedPolicyArns: true, rolePath: true, tags: true,
        };
        assert.deepStrictEqual(keysOf(agentIdentityArgsSchema), Object.keys(keys).sort());
        // The enum the SDKs get names exactly the services the controls know.
        assert.deepStrictEqual(Object.values(AgentTrustedService).sort(), [...AGENT_TRUSTED_SERVICES].sort());
    });

    it("AgentPermissionBoundary", () => {
        agree<AgentPermissionBoundaryArgs, z.input<typeof agentPermissionBoundaryArgsSchema>>(true);
        const keys: Required<Record<keyof AgentPermissionBoundaryArgs, true>> = {
            accountId: true, region: true, approvedModels: true, guardrail: true, tags: true,
            rolePath: true, readOnlyServices: true, toolActions: true, extraDestructiveActions: true, allowedPassRoleArns: true,
        };
        assert.deepStrictEqual(keysOf(agentPermissionBoundaryArgsSchema), Object.keys(keys).sort());
    });
});
