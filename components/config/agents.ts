import { z } from "zod";
import {
    AGENT_IDLE_SESSION_TTL_RANGE,
    AGENT_INSTRUCTION_LENGTH,
    AGENT_NAME,
    DEFAULT_DESTRUCTIVE_TOOL_PATTERNS,
    DEFAULT_IDLE_SESSION_TTL_SECONDS,
    DEFAULT_MAX_IDLE_SESSION_TTL_SECONDS,
    GATEWAY_NAME,
    TARGET_NAME,
    TOOL_NAME,
    toolActionName,
} from "../../policypack/controls/agentcore";
import { matchesToolPattern } from "../../policypack/lib/wildcards";
import { ApiKeyLocation, ToolAccess, ToolInputType } from "../settings/agents";

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
        type: z.enum(ToolInputType),
        description: z.string().min(1).max(200).optional(),
        required: z.boolean().default(false),
    })
    .strict();

const tool = z
    .object({
        name: z.string().regex(TOOL_NAME, "expected a tool name: a letter, then up to 63 letters, digits, _ or -"),
        description: z.string().min(1).max(500),
        access: z.enum(ToolAccess),
        inputs: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "expected a parameter name such as logGroup"), toolInput).default({}),
        allowedPrincipals: z.array(principalId).default([]),
        allowedGroups: z.array(groupName).default([]),
    })
    .strict()
    .superRefine((t, ctx) => {
        if (t.access === ToolAccess.Destructive && (t.allowedPrincipals.length > 0 || t.allowedGroups.length > 0)) {
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
        location: z.enum(ApiKeyLocation).default(ApiKeyLocation.Header),
        parameterName: z.string().min(1).max(64).default("x-api-key"),
    })
    .strict();

const target = z
    .object({
        name: z.string().regex(TARGET_NAME, "expected a target name: letters and digits with single hyphens (no underscores)"),
        description: z.string().min(1).max(200).optional(),
        lambda: z.object({ arn: lambdaArn }).strict().optional(),
        mcpServer: z.object({ endpoint: httpsUrl, oauth: oauthCredential.optional() }).strict().optional(),
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
            if (x.access !== ToolAccess.Destructive && matchesToolPattern(DEFAULT_DESTRUCTIVE_TOOL_PATTERNS, action)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["tools", i, "access"],
                    message: `the tool's MCP name ${action} matches a destructive pattern (${DEFAULT_DESTRUCTIVE_TOOL_PATTERNS.join(", ")}); mark it "destructive" or rename it`,
                });
            }
        });
    });

/** An entry of `ai-guardrails:agents.gateways`: a ToolGateway's settings. */
export const gatewaySchema = z
    .object({
        // Lowercase: the gateway's ID (and so its ARN, which the execution role's trust names) starts with it.
        name: z.string().max(48).regex(GATEWAY_NAME, "expected a gateway name: letters and digits with single hyphens").regex(/^[a-z0-9-]+$/, "use lowercase letters"),
        description: z.string().min(1).max(200).optional(),
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

/** Where an agent's tools are wrong for its gateway: unknown, or destructive. */
export function toolProblems(gateway: GatewayConfig, tools: readonly string[]): { index: number; message: string }[] {
    const known = gatewayTools(gateway);
    return tools.flatMap((name, index) => {
        const t = known.get(name);
        if (!t) {
            return [{ index, message: `gateway ${gateway.name} has no tool ${name}; expected one of ${[...known.keys()].join(", ")}` }];
        }
        return t.access === ToolAccess.Destructive ? [{ index, message: `${name} is destructive: destructive tools are forbidden for every caller` }] : [];
    });
}

/** An entry of `ai-guardrails:agents.agents`: a GuardedAgent's settings. */
export const agentSchema = z
    .object({
        name: z.string().regex(AGENT_NAME, "expected an agent name: letters and digits with single _ or -"),
        purpose: z.string().min(10).max(1000),
        // Approved-ness needs the models section: refineAgentModels, or GuardedAgent's approvedModels.
        foundationModel: z.string().min(1),
        instruction: z.string().min(AGENT_INSTRUCTION_LENGTH.min).max(AGENT_INSTRUCTION_LENGTH.max),
        idleSessionTtlSeconds: z
            .number()
            .int()
            .min(AGENT_IDLE_SESSION_TTL_RANGE.min)
            .max(DEFAULT_MAX_IDLE_SESSION_TTL_SECONDS, `at most ${DEFAULT_MAX_IDLE_SESSION_TTL_SECONDS} seconds: a long idle session keeps injected context alive`)
            .default(DEFAULT_IDLE_SESSION_TTL_SECONDS),
        gateway: z.string().optional(),
        gatewayPrincipal: principalId.optional(),
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

/** A ToolGateway's caller. */
export const gatewayCallerSchema = z
    .object({
        name: z.string().regex(AGENT_NAME, "expected an agent name: letters and digits with single _ or -"),
        principal: principalId,
        tools: z.array(z.string()),
    })
    .strict();

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
        agents: z.array(agentSchema).default([]),
        gateways: z.array(gatewaySchema).default([]),
        tokenVaultKey: z.boolean().default(true),
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
            for (const p of toolProblems(g, a.tools)) {
                ctx.addIssue({ code: "custom", path: ["agents", i, "tools", p.index], message: p.message });
            }
        });
    });

export type AgentsConfig = z.output<typeof agentsSchema>;
export type AgentConfig = z.output<typeof agentSchema>;
export type GatewayConfig = z.output<typeof gatewaySchema>;
export type TargetConfig = GatewayConfig["targets"][number];
export type ToolConfig = TargetConfig["tools"][number];
