/**
 * Who decides what a gateway's callers may do. AUTHENTICATE_ONLY checks the caller's token and
 * makes no authorization decision of its own: AWS puts it with NONE among the "offloaded
 * authorization types" ("Set up inbound authorization for your gateway",
 * https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/gateway-inbound-auth.html). It is
 * safe only when a policy engine in ENFORCE mode decides, with Cedar permits that name which
 * principals may call which tools.
 */
import { REQUIRED_POLICY_ENGINE_MODE } from "../controls/agentcore";
import { GatewayView, knownAt } from "./agentcore";
import { parseCedar, PolicyJson } from "./cedar";

/** Whether a Cedar expression (Cedar's JSON form) reads the `principal` variable anywhere. */
function readsPrincipal(expr: unknown): boolean {
    if (Array.isArray(expr)) {
        return expr.some(readsPrincipal);
    }
    if (expr === null || typeof expr !== "object") {
        return false;
    }
    return Object.entries(expr).some(([k, v]) => (k === "Var" && v === "principal") || readsPrincipal(v));
}

/**
 * Whether a permit says which principals it admits: `principal ==` or `in` an entity, a type test
 * within a group, or a `when` condition on the principal (its ID or claims). `principal is
 * AgentCore::OAuthUser` alone admits every authenticated caller, and an `unless` only carves
 * some out: neither constrains.
 */
export function permitConstrainsPrincipal(policy: PolicyJson): boolean {
    const scope: any = policy.principal;
    if (scope?.op === "==" || scope?.op === "in" || (scope?.op === "is" && scope.in !== undefined)) {
        return true;
    }
    return policy.conditions.some((c: any) => c.kind === "when" && readsPrincipal(c.body));
}

/**
 * Why an AUTHENTICATE_ONLY gateway is not authorized by a policy engine, or undefined when it is:
 * an engine attached in ENFORCE mode, in this stack (so its policies can be read), whose every
 * permit constrains the principal.
 */
export function authenticateOnlyGap(view: GatewayView): string | undefined {
    if (!view.engineAttached) {
        return "it has no policy engine";
    }
    const mode = knownAt(view.gateway.props, ["policyEngineConfiguration", "mode"]);
    if (mode.known && mode.value !== REQUIRED_POLICY_ENGINE_MODE) {
        return `its policy engine runs in ${JSON.stringify(mode.value)} mode, not ${REQUIRED_POLICY_ENGINE_MODE}`;
    }
    if (!view.engine) {
        return "its policy engine is not in this stack, so its Cedar policies cannot be read";
    }
    const open: string[] = [];
    for (const policy of view.policies) {
        const parsed = parseCedar(policy.props.definition?.cedar?.statement);
        if (parsed.policies.some((p) => p.json.effect === "permit" && !permitConstrainsPrincipal(p.json))) {
            open.push(`"${policy.name}"`);
        }
    }
    if (open.length > 0) {
        return `its Cedar ${open.length === 1 ? "policy" : "policies"} ${open.join(", ")} permit${open.length === 1 ? "s" : ""} every authenticated caller (no principal == / in, and no when condition on the principal)`;
    }
    return undefined;
}

function nonEmptyList(value: unknown): boolean {
    return Array.isArray(value) ? value.length > 0 : typeof value === "string" && value !== "";
}

/** What is wrong with a JWT authorizer configuration (`customJwtAuthorizer` of a gateway or a runtime), for messages. */
export function customJwtProblems(jwt: unknown, prefix: string): string[] {
    if (jwt === undefined || jwt === null || typeof jwt !== "object") {
        return [`${prefix} is missing`];
    }
    const problems: string[] = [];
    // The Cloud Control runtime spells the audiences `allowedAudience`.
    const { discoveryUrl, allowedAudiences, allowedAudience, allowedClients } = jwt as Record<string, unknown>;
    if (typeof discoveryUrl !== "string" || !/^https:\/\/.+\/\.well-known\/openid-configuration$/.test(discoveryUrl)) {
        problems.push(`customJwtAuthorizer.discoveryUrl ${JSON.stringify(discoveryUrl)} is not an https OpenID discovery URL (.../.well-known/openid-configuration)`);
    }
    if (!nonEmptyList(allowedAudiences) && !nonEmptyList(allowedAudience) && !nonEmptyList(allowedClients)) {
        problems.push("customJwtAuthorizer restricts neither allowedAudiences nor allowedClients: any token from the issuer is accepted");
    }
    return problems;
}
