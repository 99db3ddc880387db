import { z } from "zod";
import {
    AGENT_IDLE_SESSION_TTL_RANGE,
    AGENT_ROLE_ACTIONS,
    AGENT_INSTRUCTION_LENGTH,
    AGENT_NAME,
    DEFAULT_DESTRUCTIVE_TOOL_PATTERNS,
    DEFAULT_IDLE_SESSION_TTL_SECONDS,
    DEFAULT_MAX_IDLE_SESSION_TTL_SECONDS,
    GATEWAY_NAME,
    GATEWAY_TARGET_ROLE_ACTIONS,
    POLICY_ENGINE_ROLE_ACTIONS,
    TARGET_NAME,
    TOOL_INPUT_TYPES,
    TOOL_NAME,
    toolActionName,
} from "../../policypack/controls/agentcore";
import { isInferenceProfileId } from "../../policypack/controls/model-access";
import { isReadOnlyCeilingAction } from "../identity/readCeiling";
import { matchesToolPattern } from "../../policypack/lib/wildcards";

/*
 * Values that end up inside generated Cedar text are restricted to characters that need no
 * escaping, so no configuration value can change a policy's structure.
 */
const CEDAR_SAFE_ID = /^[A-Za-z0-9._:@|+=/-]{1,256}$/;

/** A JWT `sub` (user ID or OAuth client ID) allowed to call a tool. */
const principalId = z.string().regex(CEDAR_SAFE_ID, "expected a JWT subject: 1-256 letters, digits or ._:@|+=/- (no quotes, spaces or *)");
/** A group (a value of the gateway's group claim) allowed to call a tool. */
const groupName = z.string().regex(CEDAR_SAFE_ID, "expected a group name: 1-256 letters, digits or ._:@|+=/- (no quotes, spaces or *)");

const toolInput = z
    .object({
        type: z.enum(TOOL_INPUT_TYPES),
        description: z.string().min(1).max(200).optional(),
        required: z.boolean().default(false),
    })
    .strict();

export const TOOL_ACCESS = ["read-only", "write", "destructive"] as const;

const tool = z
    .object({
        name: z.string().regex(TOOL_NAME, "expected a tool name: a letter, then up to 63 letters, digits, _ or -"),
        description: z.string().min(1).max(500),
        /** read-only and write tools may be permitted; destructive tools are forbidden for everyone. */
        access: z.enum(TOOL_ACCESS),
        /** The tool's input parameters (its MCP input schema); Cedar conditions see them as `context.input`. */
        inputs: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "expected a parameter name such as logGroup"), toolInput).default({}),
        /** JWT subjects (users or OAuth clients) allowed to call the tool, besides the agents that list it. */
        allowedPrincipals: z.array(principalId).default([]),
        /** Groups (values of the gateway's group claim) allowed to call the tool. */
        allowedGroups: z.array(groupName).default([]),
    })
    .strict()
    .superRefine((t, ctx) => {
        if (t.access === "destructive" && (t.allowedPrincipals.length > 0 || t.allowedGroups.length > 0)) {
            ctx.addIssue({ code: "custom", path: ["access"], message: "a destructive tool is forbidden for everyone; remove allowedPrincipals and allowedGroups" });
        }
    });

const arnOf = (service: string, example: string) =>
    z.string().regex(new RegExp(`^arn:aws(-[a-z]+)*:${service}:[a-z0-9-]+:\\d{12}:.+$`), `expected an ARN such as ${example}`);

const lambdaArn = z
    .string()
    .regex(/^arn:aws(-[a-z]+)*:lambda:[a-z]{2}(-gov)?-[a-z]+-\d:\d{12}:function:[a-zA-Z0-9-_.]+(:(\$LATEST|[a-zA-Z0-9-_]+))?$/, "expected a Lambda function ARN such as arn:aws:lambda:us-east-1:123456789012:function:ops-tools");
const credentialProviderArn = arnOf("bedrock-agentcore", "arn:aws:bedrock-agentcore:us-east-1:123456789012:token-vault/default/apikeycredentialprovider/tickets");
const httpsUrl = z.string().regex(/^https:\/\/[^\s]+$/, "expected an https:// URL");

const oauthCredential = z.object({ providerArn: credentialProviderArn, scopes: z.array(z.string().min(1)).min(1) }).strict();
const apiKeyCredential = z
    .object({
        providerArn: credentialProviderArn,
        location: z.enum(["HEADER", "QUERY_PARAMETER"]).default("HEADER"),
        parameterName: z.string().min(1).max(64).default("x-api-key"),
    })
    .strict();

const target = z
    .object({
        name: z.string().regex(TARGET_NAME, "expected a target name: letters and digits with single hyphens (no underscores)"),
        description: z.string().min(1).max(200).optional(),
        /** A Lambda function implementing the tools; the gateway invokes it with its execution role. */
        lambda: z.object({ arn: lambdaArn }).strict().optional(),
        /** A remote MCP server; `oauth` when it requires a token. */
        mcpServer: z.object({ endpoint: httpsUrl, oauth: oauthCredential.optional() }).strict().optional(),
        /** An OpenAPI schema in S3, with the credential the API requires (API key or OAuth). */
        openApi: z
            .object({
                schemaS3Uri: z.string().regex(/^s3:\/\/[a-z0-9.-]{3,63}\/.+$/, "expected an S3 URI such as s3://bucket/openapi.json"),
                apiKey: apiKeyCredential.optional(),
                oauth: oauthCredential.optional(),
            })
            .strict()
            .refine((o) => (o.apiKey === undefined) !== (o.oauth === undefined), { message: "an OpenAPI target needs exactly one credential: apiKey or oauth" })
            .optional(),
        tools: z.array(tool).min(1, "list the tools the target exposes: they are the catalogue the Cedar policies are generated from"),
    })
    .strict()
    .superRefine((t, ctx) => {
        const kinds = [t.lambda, t.mcpServer, t.openApi].filter((k) => k !== undefined).length;
        if (kinds !== 1) {
            ctx.addIssue({ code: "custom", path: [], message: "a target is exactly one of lambda, mcpServer or openApi" });
        }
        duplicates(t.tools.map((x) => x.name)).forEach((n) => ctx.addIssue({ code: "custom", path: ["tools"], message: `duplicate tool name ${n}` }));
        // The MCP name (TARGET___tool) as the agentcore-cedar-forbids-destructive-tools rule matches it: tool part and whole name.
        t.tools.forEach((x, i) => {
            const action = toolActionName(t.name, x.name);
            if (x.access !== "destructive" && matchesToolPattern(DEFAULT_DESTRUCTIVE_TOOL_PATTERNS, action)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["tools", i, "access"],
                    message: `the tool's MCP name ${action} matches a destructive pattern (${DEFAULT_DESTRUCTIVE_TOOL_PATTERNS.join(", ")}); mark it "destructive" or rename it`,
                });
            }
        });
    });

const gateway = z
    .object({
        // Lowercase: the gateway's ID (and so its ARN, which the execution role's trust names) starts with it.
        name: z.string().max(48).regex(GATEWAY_NAME, "expected a gateway name: letters and digits with single hyphens").regex(/^[a-z0-9-]+$/, "use lowercase letters"),
        description: z.string().min(1).max(200).optional(),
        /** Inbound authorization: a JWT authorizer (OIDC discovery URL) restricted to audiences or clients. */
        authorizer: z
            .object({
                discoveryUrl: z
                    .string()
                    .regex(/^https:\/\/[^\s]+\/\.well-known\/openid-configuration$/, "expected the issuer's https://.../.well-known/openid-configuration URL"),
                allowedAudiences: z.array(z.string().min(1)).default([]),
                allowedClients: z.array(z.string().min(1)).default([]),
                allowedScopes: z.array(z.string().min(1)).default([]),
            })
            .strict()
            .refine((a) => a.allowedAudiences.length > 0 || a.allowedClients.length > 0, {
                message: "restrict allowedAudiences or allowedClients: otherwise any token from the issuer is accepted",
            }),
        /** The JWT claim that carries the caller's groups (a string tag on the Cedar principal). */
        groupClaim: z.string().regex(/^[A-Za-z0-9:._-]{1,128}$/, "expected a claim name such as cognito:groups").default("cognito:groups"),
        targets: z.array(target).min(1, "a gateway needs at least one target"),
    })
    .strict()
    .superRefine((g, ctx) => {
        duplicates(g.targets.map((t) => t.name)).forEach((n) => ctx.addIssue({ code: "custom", path: ["targets"], message: `duplicate target name ${n}` }));
    });

/** The MCP names (`TARGET___tool`) of every tool of a gateway, with the tool. */
export function gatewayTools(g: GatewayConfig): Map<string, ToolConfig> {
    return new Map(g.targets.flatMap((t) => t.tools.map((x): [string, ToolConfig] => [toolActionName(t.name, x.name), x])));
}

const agent = z
    .object({
        name: z.string().regex(AGENT_NAME, "expected an agent name: letters and digits with single _ or -"),
        /** What the agent is for, in one sentence: its role's description and its tag. */
        purpose: z.string().min(10).max(1000),
        /** Foundation-model or inference-profile ID; must be one of ai-guardrails:models.approved. */
        foundationModel: z.string().min(1),
        instruction: z.string().min(AGENT_INSTRUCTION_LENGTH.min).max(AGENT_INSTRUCTION_LENGTH.max),
        idleSessionTtlSeconds: z
            .number()
            .int()
            .min(AGENT_IDLE_SESSION_TTL_RANGE.min)
            .max(DEFAULT_MAX_IDLE_SESSION_TTL_SECONDS, `at most ${DEFAULT_MAX_IDLE_SESSION_TTL_SECONDS} seconds: a long idle session keeps injected context alive`)
            .default(DEFAULT_IDLE_SESSION_TTL_SECONDS),
        /** The gateway whose tools the agent uses. */
        gateway: z.string().optional(),
        /** The JWT subject (OAuth client ID) the agent presents to the gateway; its tools are permitted for it. */
        gatewayPrincipal: principalId.optional(),
        /** Tools the agent uses, by MCP name (`TARGET___tool`); read-only or write tools of its gateway. */
        tools: z.array(z.string()).default([]),
    })
    .strict()
    .superRefine((a, ctx) => {
        if (a.tools.length > 0 && (a.gateway === undefined || a.gatewayPrincipal === undefined)) {
            ctx.addIssue({ code: "custom", path: ["tools"], message: "an agent with tools needs gateway and gatewayPrincipal (the JWT subject its tool calls carry)" });
        }
        if (a.gateway !== undefined && a.gatewayPrincipal === undefined) {
            ctx.addIssue({ code: "custom", path: ["gatewayPrincipal"], message: "required with gateway: the JWT subject the agent's tool calls carry" });
        }
    });

function duplicates(names: string[]): string[] {
    return [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
}

/**
 * `ai-guardrails:agents`: Bedrock agents (each with its own identity, the guardrail, a customer
 * key and a bounded session) and AgentCore tool gateways (JWT authorizer, customer key, a Cedar
 * policy engine in ENFORCE mode with policies generated from the tool catalogue).
 */
export const agentsSchema = z
    .object({
        agents: z.array(agent).default([]),
        gateways: z.array(gateway).default([]),
    })
    .strict()
    .superRefine((c, ctx) => {
        duplicates(c.agents.map((a) => a.name)).forEach((n) => ctx.addIssue({ code: "custom", path: ["agents"], message: `duplicate agent name ${n}` }));
        duplicates(c.gateways.map((g) => g.name)).forEach((n) => ctx.addIssue({ code: "custom", path: ["gateways"], message: `duplicate gateway name ${n}` }));
        const byName = new Map(c.gateways.map((g) => [g.name, g]));
        c.agents.forEach((a, i) => {
            if (a.gateway === undefined) {
                return;
            }
            const g = byName.get(a.gateway);
            if (!g) {
                ctx.addIssue({ code: "custom", path: ["agents", i, "gateway"], message: `no gateway named ${a.gateway} in ai-guardrails:agents.gateways` });
                return;
            }
            const tools = gatewayTools(g);
            a.tools.forEach((name, j) => {
                const t = tools.get(name);
                if (!t) {
                    ctx.addIssue({ code: "custom", path: ["agents", i, "tools", j], message: `gateway ${g.name} has no tool ${name}; expected one of ${[...tools.keys()].join(", ")}` });
                } else if (t.access === "destructive") {
                    ctx.addIssue({ code: "custom", path: ["agents", i, "tools", j], message: `${name} is destructive: destructive tools are forbidden for every caller` });
                }
            });
        });
    });

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

export type AgentsConfig = z.infer<typeof agentsSchema>;
export type AgentConfig = AgentsConfig["agents"][number];
export type GatewayConfig = AgentsConfig["gateways"][number];
export type TargetConfig = GatewayConfig["targets"][number];
export type ToolConfig = TargetConfig["tools"][number];
