/**
 * Checks of the agents section that need other sections of the stack settings too: the models it
 * may use, and the permission ceiling its roles run under.
 */
import { z } from "zod";
import { AGENT_ROLE_ACTIONS, GATEWAY_TARGET_ROLE_ACTIONS, POLICY_ENGINE_ROLE_ACTIONS } from "../../policypack/controls/agentcore";
import { isInferenceProfileId } from "../../policypack/controls/model-access";
import { isReadOnlyCeilingAction } from "../identity/readCeiling";
import { AgentsConfig } from "./agents";

/** Checks that need the models section too: every agent's foundation model is approved. */
export function refineAgentModels(config: { models?: { approved: string[] }; agents?: AgentsConfig }, ctx: z.RefinementCtx): void {
    const approved = config.models?.approved;
    if (!Array.isArray(approved) || approved.length === 0) {
        return; // the models section reports its own problem
    }
    (config.agents?.agents ?? []).forEach((a, i) => {
        if (!approved.includes(a.foundationModel)) {
            ctx.addIssue({
                code: "custom",
                path: ["agents", "agents", i, "foundationModel"],
                message: `not an approved model; expected one of ai-guardrails:models.approved (${approved.join(", ")})`,
            });
        }
    });
}

/** An action an agent's or a gateway's role needs (besides invoking models), and who needs it. */
export interface CeilingNeed {
    action: string;
    /** The config entry that needs it, for messages: `agents[0] (incident-investigator)`. */
    by: string;
}

/**
 * The actions the roles of the configured agents and gateways need, besides invoking their
 * models and reading their targets' credential secrets (the boundary allows both in statements of
 * their own): what the permission ceiling (`ai-guardrails:identity`) must allow, since an action
 * the boundary does not allow is denied whatever the role's own policy says.
 */
export function ceilingNeeds(config: AgentsConfig): CeilingNeed[] {
    const needs: CeilingNeed[] = [];
    config.agents.forEach((a, i) => {
        const by = `agents[${i}] (${a.name})`;
        const actions: string[] = [...AGENT_ROLE_ACTIONS.guardrail, ...(isInferenceProfileId(a.foundationModel) ? [AGENT_ROLE_ACTIONS.inferenceProfile] : [])];
        needs.push(...actions.map((action) => ({ action, by })));
    });
    config.gateways.forEach((g, i) => {
        const by = `gateways[${i}] (${g.name})`;
        const actions: string[] = [...POLICY_ENGINE_ROLE_ACTIONS.onEngineAndGateway, ...POLICY_ENGINE_ROLE_ACTIONS.onEngine];
        const targets = g.targets;
        if (targets.some((t) => t.lambda)) {
            actions.push(GATEWAY_TARGET_ROLE_ACTIONS.lambda);
        }
        const apiKey = targets.some((t) => t.openApi?.apiKey);
        const oauth = targets.some((t) => t.openApi?.oauth || t.mcpServer?.oauth);
        if (apiKey || oauth) {
            actions.push(GATEWAY_TARGET_ROLE_ACTIONS.workloadToken);
        }
        if (apiKey) {
            actions.push(GATEWAY_TARGET_ROLE_ACTIONS.apiKey);
        }
        if (oauth) {
            actions.push(GATEWAY_TARGET_ROLE_ACTIONS.oauth);
        }
        needs.push(...actions.map((action) => ({ action, by })));
    });
    return needs;
}

/**
 * Checks that need the identity section too: the permission ceiling allows what the configured
 * agents and gateways need (a tool action, or a Read or List action of a read-only service).
 */
export function refineAgentCeiling(config: { identity?: { readOnlyServices: string[]; toolActions: string[] }; agents?: AgentsConfig }, ctx: z.RefinementCtx): void {
    const identity = config.identity;
    if (!identity || !config.agents) {
        return;
    }
    const tools = new Set(identity.toolActions.map((a) => a.toLowerCase()));
    const reads = new Set(identity.readOnlyServices.map((s) => s.toLowerCase()));
    const allowed = (action: string) => tools.has(action.toLowerCase()) || (reads.has(action.split(":")[0].toLowerCase()) && isReadOnlyCeilingAction(action));
    const missing = new Map<string, string[]>();
    for (const { action, by } of ceilingNeeds(config.agents)) {
        if (!allowed(action)) {
            missing.set(action, [...(missing.get(action) ?? []), by]);
        }
    }
    for (const [action, users] of missing) {
        ctx.addIssue({
            code: "custom",
            path: ["identity", "toolActions"],
            message: `${action} is needed by ${users.join(", ")} in ai-guardrails:agents: add it, or the permission boundary denies it whatever the role's own policy allows`,
        });
    }
}

