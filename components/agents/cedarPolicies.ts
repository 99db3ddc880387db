/**
 * Cedar policies for an AgentCore gateway, generated from its tool catalogue: one `permit` per
 * callable tool for the principals and groups allowed to call it, and one unconditional `forbid`
 * covering every destructive tool for every caller (a forbid wins over any permit, so a later
 * hand-written permit cannot re-open a destructive tool). Tools nobody is allowed to call get no
 * permit: AgentCore denies by default.
 *
 * Shape of the policies (AgentCore Policy, "Policy scope" and "Principal-scoped policies",
 * https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/policy-scope.html): principal
 * `AgentCore::OAuthUser` (the JWT `sub` is its ID, claims are string tags), action
 * `AgentCore::Action::"TARGET___tool"`, resource `AgentCore::Gateway::"GATEWAY_ARN"` (a policy that
 * names actions must name the gateway).
 */
import * as crypto from "crypto";
import {
    CEDAR_NAMESPACE,
    GATEWAY_ENTITY,
    OAUTH_USER,
    POLICY_RESOURCE_NAME,
    toolActionName,
    ToolManifestEntry,
} from "../../policypack/controls/agentcore";
import { AgentConfig, GatewayConfig } from "../config/agents";
import { GatewayCaller, ToolAccess } from "../settings/agents";

/** One tool of a gateway's catalogue, with everyone allowed to call it. */
export interface CatalogueTool {
    /** MCP name and Cedar action ID: `TARGET___tool`. */
    action: string;
    access: ToolAccess;
    /** JWT subjects allowed to call it (users, OAuth clients, agents). */
    principals: string[];
    /** Values of the group claim allowed to call it. */
    groups: string[];
}

export interface GeneratedPolicy {
    /** AgentCore policy name (`^[A-Za-z][A-Za-z0-9_]*$`, at most 48 characters), unique per gateway. */
    name: string;
    description: string;
    /** One Cedar statement. */
    statement: string;
    effect: "permit" | "forbid";
    /** The tool actions the statement names. */
    actions: string[];
}

/** A Cedar string literal; control characters are refused rather than escaped. */
export function cedarString(value: string): string {
    if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
        throw new Error(`Cedar policy generation: control characters are not allowed in ${JSON.stringify(value)}`);
    }
    return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** A literal inside a Cedar `like` pattern, where `*` is a wildcard unless escaped. */
function likeLiteral(value: string): string {
    return cedarString(value).slice(1, -1).replace(/\*/g, "\\*");
}

const ACTION = `${CEDAR_NAMESPACE}::Action`;
const PRINCIPAL = `${CEDAR_NAMESPACE}::${OAUTH_USER}`;
const GATEWAY = `${CEDAR_NAMESPACE}::${GATEWAY_ENTITY}`;

/**
 * Whether the group claim names a group. JWT claims arrive as string tags: a single value as
 * itself, a list as its JSON text (`["sre","ops"]`), so a group is matched exactly or as a quoted
 * list element, never as a substring of another group's name.
 */
function groupCondition(claim: string, group: string): string {
    const tag = cedarString(claim);
    return `principal.getTag(${tag}) == ${cedarString(group)} || principal.getTag(${tag}) like "*\\"${likeLiteral(group)}\\"*"`;
}

/** The permit for one callable tool, or undefined when nobody may call it. */
function permitStatement(tool: CatalogueTool, gatewayArn: string, groupClaim: string): string | undefined {
    const principals = [...new Set(tool.principals)].sort();
    const groups = [...new Set(tool.groups)].sort();
    if (principals.length === 0 && groups.length === 0) {
        return undefined;
    }
    const who = principals.map((p) => `principal == ${PRINCIPAL}::${cedarString(p)}`);
    if (groups.length > 0) {
        // hasTag first: reading a tag the token does not carry is an error, which denies the call.
        who.push(`(principal.hasTag(${cedarString(groupClaim)}) && (${groups.map((g) => groupCondition(groupClaim, g)).join(" || ")}))`);
    }
    return [
        "permit (",
        `  principal is ${PRINCIPAL},`,
        `  action == ${ACTION}::${cedarString(tool.action)},`,
        `  resource == ${GATEWAY}::${cedarString(gatewayArn)}`,
        ")",
        "when {",
        `  ${who.join(" ||\n  ")}`,
        "};",
    ].join("\n");
}

/** The forbid for every destructive tool, whoever calls. */
function forbidStatement(actions: string[], gatewayArn: string): string {
    return [
        "forbid (",
        "  principal,",
        `  action in [${actions.map((a) => `${ACTION}::${cedarString(a)}`).join(", ")}],`,
        `  resource == ${GATEWAY}::${cedarString(gatewayArn)}`,
        ");",
    ].join("\n");
}

/** AgentCore's limit on one policy statement (CedarPolicy.statement, 10000 characters). */
const MAX_STATEMENT_LENGTH = 10000;

function checkedLength(statement: string, what: string): string {
    if (statement.length > MAX_STATEMENT_LENGTH) {
        throw new Error(`Cedar policy generation: the ${what} is ${statement.length} characters long; AgentCore accepts at most ${MAX_STATEMENT_LENGTH} (allow groups instead of many principals, or split the target)`);
    }
    return statement;
}

/** A policy name from readable parts; a short hash keeps long or colliding names unique. */
function policyName(prefix: string, action: string, taken: Set<string>): string {
    let name = `${prefix}_${action.replace(/[^A-Za-z0-9]+/g, "_")}`.replace(/_+$/, "");
    if (name.length > 48 || taken.has(name)) {
        const hash = crypto.createHash("sha256").update(action).digest("hex").slice(0, 8);
        name = `${name.slice(0, 39)}_${hash}`;
    }
    if (!POLICY_RESOURCE_NAME.test(name)) {
        throw new Error(`Cedar policy generation: cannot derive a valid policy name from ${action}`);
    }
    taken.add(name);
    return name;
}

/**
 * The Cedar policies of one gateway: a permit per callable tool that someone may call, and one
 * forbid naming every destructive tool (none when the catalogue has no destructive tool).
 */
export function generateToolPolicies(input: { gatewayArn: string; groupClaim: string; tools: readonly CatalogueTool[] }): GeneratedPolicy[] {
    const taken = new Set<string>();
    const policies: GeneratedPolicy[] = [];
    const sorted = [...input.tools].sort((a, b) => a.action.localeCompare(b.action));
    for (const tool of sorted.filter((t) => t.access !== ToolAccess.Destructive)) {
        const statement = permitStatement(tool, input.gatewayArn, input.groupClaim);
        if (statement) {
            policies.push({
                name: policyName("permit", tool.action, taken),
                description: `Allow ${tool.action} (${tool.access}) for its allowed principals and groups`,
                statement: checkedLength(statement, `permit for ${tool.action}`),
                effect: "permit",
                actions: [tool.action],
            });
        }
    }
    const destructive = sorted.filter((t) => t.access === ToolAccess.Destructive).map((t) => t.action);
    if (destructive.length > 0) {
        taken.add("forbid_destructive_tools");
        policies.push({
            name: "forbid_destructive_tools",
            description: `Forbid every destructive tool for every caller: ${destructive.join(", ")}`,
            statement: checkedLength(forbidStatement(destructive, input.gatewayArn), "forbid for the destructive tools"),
            effect: "forbid",
            actions: destructive,
        });
    }
    return policies;
}

/** The agents of the stack config that call a gateway. */
export function callersOf(gatewayName: string, agents: readonly AgentConfig[]): GatewayCaller[] {
    return agents
        .filter((a) => a.gateway === gatewayName && a.gatewayPrincipal !== undefined)
        .map((a) => ({ name: a.name, principal: a.gatewayPrincipal as string, tools: [...a.tools] }));
}

/**
 * A gateway's catalogue: each tool with the principals and groups config allows, plus every
 * caller that lists it. Destructive tools get nobody: they are forbidden for every caller.
 */
export function gatewayCatalogue(gateway: GatewayConfig, callers: readonly GatewayCaller[] = []): CatalogueTool[] {
    return gateway.targets.flatMap((target) =>
        target.tools.map((tool) => {
            const action = toolActionName(target.name, tool.name);
            const callerPrincipals = tool.access === ToolAccess.Destructive ? [] : callers.filter((c) => c.tools.includes(action)).map((c) => c.principal);
            return { action, access: tool.access, principals: [...tool.allowedPrincipals, ...callerPrincipals], groups: [...tool.allowedGroups] };
        }),
    );
}

/** The gateway's tool manifest as AgentCore derives its Cedar schema from it. */
export function gatewayManifest(gateway: GatewayConfig): ToolManifestEntry[] {
    return gateway.targets.flatMap((target) =>
        target.tools.map((tool) => ({
            action: toolActionName(target.name, tool.name),
            input: Object.fromEntries(Object.entries(tool.inputs).map(([name, p]) => [name, { type: p.type, required: p.required }])),
        })),
    );
}
