import { CEDAR_NAMESPACE, DEFAULT_DESTRUCTIVE_TOOL_PATTERNS, principalTypesFor } from "../../controls/agentcore";
import { matchesToolPattern } from "../../lib/wildcards";
import { agentCoreTopology, gatewayManifestOf, GatewayView } from "../../lib/agentcore";
import { actionIdsOf, actionScopeCovers, parseCedar, ParsedPolicy, resourceScopeCovers } from "../../lib/cedar";
import { stackRule } from "../../lib/rule";

interface Config {
    destructiveTools: string[];
}

/**
 * Whether a forbid applies to every caller of the gateway: no principal constraint, or a type test
 * on the only principal type the gateway's authorizer produces (OAuth users behind a JWT authorizer).
 */
function coversEveryCaller(policy: ParsedPolicy, view: GatewayView): boolean {
    const scope: any = policy.json.principal;
    if (scope.op === "All") {
        return true;
    }
    const types = principalTypesFor(view.authorizerType);
    return scope.op === "is" && scope.in === undefined && types.length === 1 && scope.entity_type === `${CEDAR_NAMESPACE}::${types[0]}`;
}

/** Forbids that deny a tool whatever the caller and the arguments: no `when` / `unless` conditions. */
function unconditionalForbids(view: GatewayView): ParsedPolicy[] {
    return view.policies
        .flatMap((p) => {
            const statement = p.props.definition?.cedar?.statement;
            return parseCedar(statement).policies;
        })
        .filter((p) => p.json.effect === "forbid" && p.json.conditions.length === 0 && coversEveryCaller(p, view));
}

/** Every tool the gateway is known to expose: its targets' manifests and the tools its policies name. */
function exposedTools(view: GatewayView): string[] {
    const fromTargets = gatewayManifestOf(view).tools.map((t) => t.action);
    const fromPolicies = view.policies.flatMap((p) => parseCedar(p.props.definition?.cedar?.statement).policies.flatMap((x) => actionIdsOf(x.json)));
    return [...new Set([...fromTargets, ...fromPolicies])].sort();
}

export const agentcoreCedarForbidsDestructiveTools = stackRule<Config>({
    name: "agentcore-cedar-forbids-destructive-tools",
    id: "AIG-AT-9",
    layer: "agents",
    severity: "critical",
    displayName: "Destructive agent tools are forbidden",
    frameworks: { owaspLlm: ["LLM06"], awsAisf: ["AISF-AGENT-02", "AISF-AGENT-05"] },
    description: "For every AgentCore gateway, its policy engine holds an unconditional Cedar forbid for each destructive tool it exposes.",
    explanation:
        "An agent that can delete a stack or terminate instances through a tool can be talked into doing so. A forbid, unlike the mere " +
        "absence of a permit, also overrides any permit added later, by anyone: the destructive tool stays closed for every caller.",
    seedControl: "AgentCore Policy: destructive tools forbidden for agents",
    peers: [],
    remediation:
        "Add to the gateway's policy engine: forbid (principal, action in [AgentCore::Action::\"TARGET___delete_x\", ...], " +
        'resource == AgentCore::Gateway::"GATEWAY_ARN"); without conditions. The ToolGateway component generates it for every tool ' +
        'marked "destructive" in the tool catalogue.',
    configSchema: {
        properties: {
            destructiveTools: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: [...DEFAULT_DESTRUCTIVE_TOOL_PATTERNS],
                description: "Destructive tool names or patterns (`*` wildcard, case-insensitive), matched against the tool name and the full TARGET___tool name.",
            },
        },
    },
    validateStack: ({ resources, notApplicable }, { config, report }) => {
        const gateways = agentCoreTopology(resources).gateways;
        if (gateways.length === 0) {
            notApplicable("no AgentCore gateway in the stack");
        }
        for (const view of gateways) {
            const destructive = exposedTools(view).filter((a) => matchesToolPattern(config.destructiveTools, a));
            if (destructive.length === 0) {
                continue;
            }
            const urn = view.gateway.urn;
            if (!view.engineAttached) {
                report(`the gateway exposes destructive tools (${destructive.join(", ")}) and has no policy engine: nothing forbids them`, urn);
                continue;
            }
            if (!view.engine) {
                report(`the gateway's policy engine ${view.engineArn ?? "(unknown)"} is not in this stack: cannot show that ${destructive.join(", ")} are forbidden`, urn);
                continue;
            }
            const forbids = unconditionalForbids(view);
            const open = destructive.filter((tool) => !forbids.some((f) => actionScopeCovers(f.json, tool) && resourceScopeCovers(f.json, view.arn)));
            if (open.length > 0) {
                report(`no unconditional forbid in the gateway's policy engine covers the destructive tool${open.length > 1 ? "s" : ""} ${open.join(", ")}`, urn);
            }
        }
    },
});
