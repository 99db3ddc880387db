/**
 * Each public component's argument interface (what the component host turns into SDK types) and
 * the schema its constructor validates with (the stack settings' schema, extended) describe the
 * same arguments: the compiler checks that each accepts what the other does, the test that they
 * name the same keys.
 */
import * as assert from "assert";
import { z } from "zod";
import { ModelAccessPolicyArgs, modelAccessPolicyArgsSchema } from "../../components/access/modelAccessPolicy";
import { AgentTrustedService } from "../../components/config/identity";
import { AgentIdentityArgs, agentIdentityArgsSchema } from "../../components/identity/agentIdentity";
import { AgentPermissionBoundaryArgs, agentPermissionBoundaryArgsSchema } from "../../components/identity/agentPermissionBoundary";
import { InvocationLoggingArgs, invocationLoggingArgsSchema } from "../../components/model/invocationLogging";
import { ModelGuardrailArgs, modelGuardrailArgsSchema } from "../../components/model/modelGuardrail";
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
            deniedTopics: true, grounding: true, managedProfanityFilter: true, blockedWords: true, blockedInputMessage: true, blockedOutputMessage: true,
        };
        assert.deepStrictEqual(keysOf(modelGuardrailArgsSchema), Object.keys(keys).sort());
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
            accountId: true, region: true, models: true, guardrail: true, sourceVpceIds: true, description: true, path: true, tags: true,
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
