import { PolicyResource } from "@pulumi/policy";
import { POLICY_VALIDATION_MODE, principalTypesFor, ToolManifestEntry } from "../../controls/agentcore";
import { agentCoreTopology, gatewayManifestOf, GatewayView } from "../../lib/agentcore";
import { actionIdsOf, agentCoreCedarSchema, agentCoreScopeProblems, gatewayOfScope, parseCedar, SchemaJson, validateCedarEach } from "../../lib/cedar";
import { stackRule } from "../../lib/rule";
import { StackIndex } from "../../lib/stack-index";
import { T } from "../../lib/types";
import { judgeEach } from "../../lib/unknowns";

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

/** A policy whose statement is one parseable Cedar policy, waiting for validation against its gateways' schema. */
interface PendingValidation {
    statement: string;
    schema: SchemaJson<string>;
    opaqueActions: Set<string>;
}

/** The problems a policy's own settings and scope show; the statement to validate when it is one parseable policy. */
function review(policy: PolicyResource, gateways: GatewayView[], problems: string[]): PendingValidation | undefined {
    const mode = policy.props.validationMode;
    if (mode !== undefined && mode !== POLICY_VALIDATION_MODE) {
        problems.push(`validationMode is ${JSON.stringify(mode)}: with anything but ${POLICY_VALIDATION_MODE} AgentCore stores policies that fail validation`);
    }
    const statement = policy.props.definition?.cedar?.statement;
    if (typeof statement !== "string" || statement.trim() === "") {
        problems.push("definition.cedar.statement is empty: the policy has no Cedar statement");
        return undefined;
    }
    if (statement.length < STATEMENT_LENGTH.min || statement.length > STATEMENT_LENGTH.max) {
        problems.push(`the statement is ${statement.length} characters long: AgentCore accepts ${STATEMENT_LENGTH.min} to ${STATEMENT_LENGTH.max}`);
    }
    const parsed = parseCedar(statement);
    if (parsed.errors.length > 0) {
        problems.push(`the Cedar statement does not parse: ${parsed.errors.join("; ")}`);
        return undefined;
    }
    if (parsed.policies.length !== 1) {
        problems.push(`the statement holds ${parsed.policies.length} Cedar policies: an AgentCore policy holds exactly one`);
        return undefined;
    }
    const json = parsed.policies[0].json;
    problems.push(...agentCoreScopeProblems(json));
    const named = gatewayOfScope(json);
    const arns = gateways.map((g) => g.arn).filter((a): a is string => a !== undefined);
    if (named !== undefined && arns.length === gateways.length && arns.length > 0 && !arns.includes(named)) {
        problems.push(`the policy names gateway ${named}, but its policy engine is attached to ${arns.join(", ")}: it never applies`);
    }
    const schema = schemaFor(gateways, actionIdsOf(json));
    return { statement, schema: agentCoreCedarSchema(schema.tools, schema.principalTypes), opaqueActions: schema.opaqueActions };
}

/**
 * Validates the pending statements, those that share a schema in one call (parsing the schema is
 * most of a call's cost), and adds each one's findings to its problems.
 */
function validateAll(pending: ReadonlyMap<PolicyResource, PendingValidation>, problems: ReadonlyMap<PolicyResource, string[]>): void {
    const bySchema = new Map<string, { schema: SchemaJson<string>; policies: PolicyResource[] }>();
    for (const [policy, p] of pending) {
        const key = JSON.stringify(p.schema);
        const group = bySchema.get(key) ?? bySchema.set(key, { schema: p.schema, policies: [] }).get(key)!;
        group.policies.push(policy);
    }
    for (const { schema, policies } of bySchema.values()) {
        const results = validateCedarEach(new Map(policies.map((policy, i) => [`policy${i}`, pending.get(policy)!.statement])), schema);
        policies.forEach((policy, i) => {
            const result = results.get(`policy${i}`)!;
            const { opaqueActions } = pending.get(policy)!;
            const errors = result.errors.filter((e) => {
                const m = CONTEXT_ATTRIBUTE_NOT_FOUND.exec(e);
                return !(m && opaqueActions.has(m[1]));
            });
            if (errors.length > 0) {
                problems.get(policy)!.push(`the Cedar statement does not validate against the AgentCore schema: ${errors.join("; ")}`);
            } else if (result.warnings.length > 0) {
                problems.get(policy)!.push(`the Cedar statement has validation findings: ${result.warnings.join("; ")}`);
            }
        });
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
    validateStack: async ({ resources, notApplicable }, { report }) => {
        const topology = agentCoreTopology(resources);
        const policies = StackIndex.of(resources).ofType(T.agentcorePolicy);
        if (policies.length === 0) {
            notApplicable("no AgentCore Cedar policy in the stack");
        }
        const problems = new Map<PolicyResource, string[]>(policies.map((p) => [p, []]));
        const pending = new Map<PolicyResource, PendingValidation>();
        // A statement unknown at preview leaves the verdict undecided, after every known one is judged.
        let undecided: unknown;
        try {
            await judgeEach(policies, (policy) => {
                const engine = topology.engineOfPolicy.get(policy);
                const gateways = engine ? (topology.gatewaysByEngine.get(engine) ?? []) : [];
                const validation = review(policy, gateways, problems.get(policy)!);
                if (validation) {
                    pending.set(policy, validation);
                }
            });
        } catch (e) {
            undecided = e;
        }
        validateAll(pending, problems);
        for (const [policy, messages] of problems) {
            messages.forEach((message) => report(message, policy.urn));
        }
        if (undecided !== undefined) {
            throw undecided;
        }
    },
});
