import { z } from "zod";
import { DEFAULT_AGENT_ROLE_PATH, DEFAULT_AGENT_TOOL_ACTIONS, DEFAULT_READ_ONLY_SERVICES } from "../../policypack/controls/agent-identity";
import { destructiveActions, PASS_ROLE_ACTION } from "../../policypack/controls/destructive-actions";
import { ESCALATION_PATHS } from "../../policypack/controls/escalation-paths";
import { INVOKE_ACTIONS } from "../../policypack/controls/model-access";
import { actionMatches } from "../../policypack/lib/iam/actions";
import { actionExists, serviceExists } from "../../policypack/lib/iam/catalog";
import { iamPathSchema, roleArnSchema } from "./location";
import { AgentTrustedService } from "../settings/identity";

/** The values of `AgentTrustedService`: the services of AGENT_SERVICE_PRINCIPALS (a test keeps the two equal). */
const TRUSTED_SERVICES = Object.values(AgentTrustedService) as [AgentTrustedService, ...AgentTrustedService[]];

export const agentTrustedServiceSchema = z.enum(TRUSTED_SERVICES, { error: () => `allowed: ${TRUSTED_SERVICES.join(", ")}` });

/** A real action or an action-part pattern (`s3:Delete*`); service wildcards (`*:Get*`) are too broad to mean anything. */
const actionPatternExists = (pattern: string) => /^[a-z0-9-]+:[A-Za-z0-9*?]+$/i.test(pattern) && actionExists(pattern);

const service = z
    .string()
    .refine(serviceExists, { message: "expected an IAM service prefix from the service authorization reference, such as logs or cloudwatch" });

const actionPattern = z
    .string()
    .refine(actionPatternExists, { message: "expected an IAM action such as s3:DeleteBucket, or a pattern such as s3:Delete*, that matches at least one real action" });

/** A concrete tool action: real, no wildcard, not in the destructive catalogue or an escalation path, not a model invoke. */
const toolAction = z
    .string()
    .refine((a) => !/[*?]/.test(a), { message: "name one action per entry, without wildcards: the ceiling must stay reviewable" })
    .refine(actionPatternExists, { message: "expected a real IAM action such as bedrock-agentcore:InvokeGateway" })
    .refine((a) => !(INVOKE_ACTIONS as readonly string[]).some((i) => i.toLowerCase() === a.toLowerCase()), {
        message: "model invocation is allowed only on the approved models (ai-guardrails:models.approved), not as a tool action",
    })
    .refine((a) => !destructiveActions().some((d) => actionMatches(d, a)), { message: "is in the destructive-action catalogue, which the boundary denies" })
    .superRefine((a, ctx) => {
        // Sandbox pivots stay usable on the built-in sandboxes: the boundary denies only their custom twins.
        const path = ESCALATION_PATHS.find((p) => p.pivots.some((pivot) => pivot.resourceType === undefined && actionMatches(pivot.action, a)));
        if (path) {
            ctx.addIssue({ code: "custom", message: `runs code as another principal (escalation path ${path.id}: ${path.description}), which the boundary denies` });
        }
    });

/**
 * `ai-guardrails:identity`: the agent identities and their permission ceiling (the boundary every
 * agent role carries).
 */
export const identitySchema = z
    .object({
        /** IAM path of agent roles and of the boundary policy; marks them as agent identities. */
        rolePath: iamPathSchema.default(DEFAULT_AGENT_ROLE_PATH),
        /** Services whose Read and List actions agents may use (the read-only ceiling). */
        readOnlyServices: z.array(service).default([...DEFAULT_READ_ONLY_SERVICES]),
        /** Other actions agents and their tools may use (the tool ceiling); no wildcards, nothing destructive. */
        toolActions: z.array(toolAction).default([...DEFAULT_AGENT_TOOL_ACTIONS]),
        /** Patterns to deny on top of the destructive-action catalogue. */
        extraDestructiveActions: z.array(actionPattern).default([]),
        /** The only roles agents may pass (iam:PassRole); every other role is denied. Empty: none. */
        allowedPassRoleArns: z.array(roleArnSchema).default([]),
    })
    .strict()
    .superRefine((c, ctx) => {
        // An extra destructive pattern that covers a tool action would silently take the tool away.
        for (const [i, extra] of c.extraDestructiveActions.entries()) {
            const hit = c.toolActions.find((t) => actionMatches(extra, t));
            if (hit) {
                ctx.addIssue({ code: "custom", path: ["extraDestructiveActions", i], message: `denies the tool action ${hit}; remove one of them` });
            }
            if (c.allowedPassRoleArns.length > 0 && actionMatches(extra, PASS_ROLE_ACTION)) {
                ctx.addIssue({ code: "custom", path: ["extraDestructiveActions", i], message: `denies ${PASS_ROLE_ACTION} everywhere, which contradicts allowedPassRoleArns` });
            }
        }
    });
