import { PolicyResource } from "@pulumi/policy";
import { POLICY_VALIDATION_MODE, principalTypesFor, ToolManifestEntry } from "../../controls/agentcore";
import { agentCoreCedarSchema } from "../../lib/cedar";
import { agentCoreTopology, gatewayManifestOf, GatewayView } from "../../lib/agentcore";
import { actionIdsOf, agentCoreScopeProblems, gatewayOfScope, parseCedar, validateCedar } from "../../lib/cedar";
import { stackRule } from "../../lib/rule";
import { StackIndex } from "../../lib/stack-index";
import { T } from "../../lib/types";

/** AgentCore's limits on a policy statement (CedarPolicy.statement). */
const STATEMENT_LENGTH = { min: 35, max: 10000 } as const;

/** Cedar's finding for a context attribute the schema does not declare. */
const CONTEXT_ATTRIBUTE_NOT_FOUND = /attribute `input\.[^`]*` in context for [A-Za-z:]*Action::"([^"]+)" not found/;

interface SchemaFor {
    tools: ToolManifestEntry[];
    principalTypes: string[];
    /** Tools whose input parameters this stack cannot see (their context is not checked). */
    opaqueActions: Set<string>;
}

/**
 * The schema a policy is validated against: the tool manifests of the gateways its engine is
 * attached to (as AgentCore builds it). Where some tools cannot be seen from the stack (an MCP
 * server or OpenAPI target, an engine or gateway outside the stack), the actions the policy names
 * are declared as tools whose input is not checked.
 */
function schemaFor(gateways: GatewayView[], named: string[]): SchemaFor {
    const manifests = gateways.map(gatewayManifestOf);
    const tools = new Map<string, ToolManifestEntry>();
    for (const t of manifests.flatMap((m) => m.tools)) {
        tools.set(t.action, t);
    }
    const opaque = gateways.length === 0 || manifests.some((m) => m.opaque);
    const opaqueActions = new Set<string>();
    if (opaque) {
        for (const action of named.filter((a) => !tools.has(a))) {
            tools.set(action, { action, input: {} });
            opaqueActions.add(action);
        }
    }
    const principalTypes = [...new Set(gateways.flatMap((g) => principalTypesFor(g.authorizerType)))];
    return { tools: [...tools.values()], principalTypes: principalTypes.length > 0 ? principalTypes : principalTypesFor(undefined), opaqueActions };
}

function check(policy: PolicyResource, gateways: GatewayView[], report: (message: string) => void): void {
    const mode = policy.props.validationMode;
    if (mode !== undefined && mode !== POLICY_VALIDATION_MODE) {
        report(`validationMode is ${JSON.stringify(mode)}: with anything but ${POLICY_VALIDATION_MODE} AgentCore stores policies that fail validation`);
    }
    const statement = policy.props.definition?.cedar?.statement;
    if (typeof statement !== "string" || statement.trim() === "") {
        report("definition.cedar.statement is empty: the policy has no Cedar statement");
        return;
    }
    if (statement.length < STATEMENT_LENGTH.min || statement.length > STATEMENT_LENGTH.max) {
        report(`the statement is ${statement.length} characters long: AgentCore accepts ${STATEMENT_LENGTH.min} to ${STATEMENT_LENGTH.max}`);
    }
    const parsed = parseCedar(statement);
    if (parsed.errors.length > 0) {
        report(`the Cedar statement does not parse: ${parsed.errors.join("; ")}`);
        return;
    }
    if (parsed.policies.length !== 1) {
        report(`the statement holds ${parsed.policies.length} Cedar policies: an AgentCore policy holds exactly one`);
        return;
    }
    const json = parsed.policies[0].json;
    for (const problem of agentCoreScopeProblems(json)) {
        report(problem);
    }
    const named = gatewayOfScope(json);
    const arns = gateways.map((g) => g.arn).filter((a): a is string => a !== undefined);
    if (named !== undefined && arns.length === gateways.length && arns.length > 0 && !arns.includes(named)) {
        report(`the policy names gateway ${named}, but its policy engine is attached to ${arns.join(", ")}: it never applies`);
    }
    const schema = schemaFor(gateways, actionIdsOf(json));
    const result = validateCedar(statement, agentCoreCedarSchema(schema.tools, schema.principalTypes));
    const errors = result.errors.filter((e) => {
        const m = CONTEXT_ATTRIBUTE_NOT_FOUND.exec(e);
        return !(m && schema.opaqueActions.has(m[1]));
    });
    if (errors.length > 0) {
        report(`the Cedar statement does not validate against the AgentCore schema: ${errors.join("; ")}`);
    } else if (result.warnings.length > 0) {
        report(`the Cedar statement has validation findings: ${result.warnings.join("; ")}`);
    }
}

export const agentcoreCedarValid = stackRule({
    name: "agentcore-cedar-valid",
    id: "AIG-AT-8",
    layer: "agents",
    severity: "high",
    displayName: "AgentCore Cedar policies are valid",
    frameworks: { owaspLlm: ["LLM06"], awsAisf: ["AISF-AGENT-02"] },
    description: "Every AgentCore Cedar policy parses and validates against the AgentCore schema of the gateways it governs.",
    explanation:
        "A Cedar policy that does not parse or validate is rejected at deployment, or, with validation findings ignored, stored and " +
        "never matching: a forbid on a misspelt tool or entity type silently forbids nothing. Checking before deployment catches " +
        "it in review, with the schema AgentCore derives from the gateways' tool manifests.",
    seedControl: "AgentCore Policy: Cedar tool policies, validated",
    peers: [],
    remediation:
        "Fix the statement: use the AgentCore namespace (AgentCore::OAuthUser, AgentCore::Action::\"TARGET___tool\", " +
        'AgentCore::Gateway::"ARN"), name existing tools, read JWT claims with hasTag/getTag and tool arguments through context.input, ' +
        `and keep validationMode ${POLICY_VALIDATION_MODE}. The ToolGateway component generates valid policies from the tool catalogue.`,
    requiresType: T.agentcorePolicy,
    validateStack: ({ resources, notApplicable }, { report }) => {
        const topology = agentCoreTopology(resources);
        const policies = StackIndex.of(resources).ofType(T.agentcorePolicy);
        if (policies.length === 0) {
            notApplicable("no AgentCore Cedar policy in the stack");
        }
        for (const policy of policies) {
            const engine = topology.engineOfPolicy.get(policy);
            const gateways = engine ? (topology.gatewaysByEngine.get(engine) ?? []) : [];
            check(policy, gateways, (message) => report(message, policy.urn));
        }
    },
});
