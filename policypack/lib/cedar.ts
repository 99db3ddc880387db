/**
 * Cedar through `@cedar-policy/cedar-wasm` (the Node build): parse, validate against a schema,
 * authorize. A validation answer of type "success" only means the call worked; the findings are in
 * `validationErrors` (and `validationWarnings`), so callers get those as lists of messages.
 */
import type * as CedarWasm from "@cedar-policy/cedar-wasm/nodejs";
import type { DetailedError, EntityJson, PolicyJson, SchemaJson, TypeOfAttribute } from "@cedar-policy/cedar-wasm/nodejs";
import { BoundedMemo } from "./bounded-memo";
import { CALL_TOOL_ACTION, CEDAR_NAMESPACE, GATEWAY_ENTITY, IAM_ENTITY, MCP_ACTION, OAUTH_USER, ToolInputType, ToolManifestEntry } from "../controls/agentcore";

export type { PolicyJson, SchemaJson, EntityJson };

let engine: typeof CedarWasm | undefined;

/**
 * The Cedar engine, loaded on first use: requiring it compiles its WebAssembly, which a pack start
 * (and every stack without AgentCore policies) does not need to pay for.
 */
function cedar(): typeof CedarWasm {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    engine ??= require("@cedar-policy/cedar-wasm/nodejs") as typeof CedarWasm;
    return engine;
}

/** One message per error, with Cedar's help text when it has one. */
export function describeCedarError(e: DetailedError): string {
    const message = e.message.replace(/^for policy `[^`]*`, /, "");
    return e.help ? `${message} (${e.help})` : message;
}

export interface ParsedPolicy {
    /** The policy's own text. */
    text: string;
    /** Cedar's JSON form of the policy (effect, scope, conditions). */
    json: PolicyJson;
}

export interface ParseResult {
    policies: ParsedPolicy[];
    errors: string[];
}

/** Parses already done, by text: several rules read each AgentCore policy. */
const parsed = new BoundedMemo<ParseResult>(2000);

/** Parses a policy set (one or more statements); never throws. */
export function parseCedar(text: unknown): ParseResult {
    if (typeof text !== "string" || text.trim() === "") {
        return { policies: [], errors: ["the Cedar statement is empty"] };
    }
    return parsed.get(text, () => parseText(text));
}

function parseText(text: string): ParseResult {
    const parts = cedar().policySetTextToParts(text);
    if (parts.type === "failure") {
        return { policies: [], errors: parts.errors.map(describeCedarError) };
    }
    const policies: ParsedPolicy[] = [];
    const errors: string[] = [];
    for (const part of parts.policies) {
        const json = cedar().policyToJson(part);
        if (json.type === "failure") {
            errors.push(...json.errors.map(describeCedarError));
        } else {
            policies.push({ text: part, json: json.json });
        }
    }
    if (parts.policy_templates.length > 0) {
        errors.push("policy templates (with ?principal or ?resource slots) are not supported by AgentCore Policy");
    }
    return { policies, errors };
}

export interface ValidationResult {
    errors: string[];
    warnings: string[];
}

function strictValidation(staticPolicies: string | Record<string, string>, schema: SchemaJson<string>) {
    return cedar().validate({ schema, policies: { staticPolicies }, validationSettings: { mode: "strict" } });
}

/** Validates a policy set against a schema (strict mode): parse errors, schema errors and findings. */
export function validateCedar(text: string, schema: SchemaJson<string>): ValidationResult {
    const answer = strictValidation(text, schema);
    if (answer.type === "failure") {
        return { errors: answer.errors.map(describeCedarError), warnings: [] };
    }
    return {
        errors: answer.validationErrors.map((v) => describeCedarError(v.error)),
        warnings: answer.validationWarnings.map((v) => describeCedarError(v.error)),
    };
}

/**
 * Validates single policies against one schema in one call (strict mode), with each policy's
 * findings under the caller's ID. Parsing the schema is most of what a call costs, so policies that
 * share a schema are validated together. The texts must parse on their own (`parseCedar`); if the
 * call fails anyway (a schema that does not parse), every policy gets its errors.
 */
export function validateCedarEach(texts: ReadonlyMap<string, string>, schema: SchemaJson<string>): Map<string, ValidationResult> {
    const results = new Map<string, ValidationResult>([...texts.keys()].map((id) => [id, { errors: [], warnings: [] }]));
    if (texts.size === 0) {
        return results;
    }
    const answer = strictValidation(Object.fromEntries(texts), schema);
    if (answer.type === "failure") {
        const errors = answer.errors.map(describeCedarError);
        for (const result of results.values()) {
            result.errors.push(...errors);
        }
        return results;
    }
    for (const v of answer.validationErrors) {
        results.get(v.policyId)?.errors.push(describeCedarError(v.error));
    }
    for (const v of answer.validationWarnings) {
        results.get(v.policyId)?.warnings.push(describeCedarError(v.error));
    }
    return results;
}

/** Errors in a schema itself (empty when it parses). */
export function schemaErrors(schema: SchemaJson<string>): string[] {
    const answer = cedar().checkParseSchema(schema);
    return answer.type === "failure" ? answer.errors.map(describeCedarError) : [];
}

export interface AuthorizationRequest {
    principal: { type: string; id: string };
    action: { type: string; id: string };
    resource: { type: string; id: string };
    context?: Record<string, unknown>;
    entities?: EntityJson[];
    schema?: SchemaJson<string>;
}

export interface AuthorizationResult {
    decision: "allow" | "deny";
    /** IDs (`policy0`, ...) of the policies that determined the decision. */
    reasons: string[];
    errors: string[];
}

/** Evaluates one request against a policy set; with a schema the request itself is validated too. */
export function authorizeCedar(policies: string, request: AuthorizationRequest): AuthorizationResult {
    const answer = cedar().isAuthorized({
        principal: request.principal,
        action: request.action,
        resource: request.resource,
        context: (request.context ?? {}) as Record<string, any>,
        entities: request.entities ?? [],
        policies: { staticPolicies: policies },
        ...(request.schema ? { schema: request.schema, validateRequest: true } : {}),
    });
    if (answer.type === "failure") {
        return { decision: "deny", reasons: [], errors: answer.errors.map(describeCedarError) };
    }
    return {
        decision: answer.response.decision,
        reasons: answer.response.diagnostics.reason,
        errors: answer.response.diagnostics.errors.map((e) => `${e.policyId}: ${describeCedarError(e.error)}`),
    };
}

// ---------------------------------------------------------------------------------------------
// AgentCore's scope requirements (policy-scope.html, "Resource specificity requirements")

const ACTION_TYPE = `${CEDAR_NAMESPACE}::Action`;
const GATEWAY_TYPE = `${CEDAR_NAMESPACE}::${GATEWAY_ENTITY}`;

function uidOf(e: any): { type: string; id: string } | undefined {
    const uid = e?.__entity ?? e;
    return typeof uid?.type === "string" && typeof uid?.id === "string" ? { type: uid.type, id: uid.id } : undefined;
}

/** The tool action IDs a policy's action scope names (empty when unconstrained or a group). */
export function actionIdsOf(policy: PolicyJson): string[] {
    const scope: any = policy.action;
    const uids = scope.op === "==" ? [scope.entity] : scope.op === "in" ? (scope.entities ?? [scope.entity]) : [];
    return uids.map(uidOf).filter((u: any): u is { type: string; id: string } => u !== undefined && u.type === ACTION_TYPE).map((u: { id: string }) => u.id);
}

/** Whether the action scope covers a tool action: unconstrained, names it, or names a group of every tool. */
export function actionScopeCovers(policy: PolicyJson, action: string): boolean {
    const scope: any = policy.action;
    if (scope.op === "All") {
        return true;
    }
    const ids = actionIdsOf(policy);
    return ids.includes(action) || (scope.op === "in" && (ids.includes(CALL_TOOL_ACTION) || ids.includes(MCP_ACTION)));
}

/** The gateway ARN of a `resource == AgentCore::Gateway::"ARN"` scope. */
export function gatewayOfScope(policy: PolicyJson): string | undefined {
    const scope: any = policy.resource;
    if (scope.op !== "==") {
        return undefined;
    }
    const uid = uidOf(scope.entity);
    return uid?.type === GATEWAY_TYPE ? uid.id : undefined;
}

/** Whether the resource scope covers a gateway: its ARN, or any gateway by type. */
export function resourceScopeCovers(policy: PolicyJson, gatewayArn: string | undefined): boolean {
    const scope: any = policy.resource;
    if (scope.op === "All") {
        return true;
    }
    if (scope.op === "is") {
        return scope.entity_type === GATEWAY_TYPE && scope.in === undefined;
    }
    return gatewayArn !== undefined && gatewayOfScope(policy) === gatewayArn;
}

/**
 * What AgentCore refuses about a policy's scope when it is created: an unconstrained resource; a
 * policy naming specific actions without a specific gateway (`resource == AgentCore::Gateway::"ARN"`);
 * an unconstrained action without the type test `resource is AgentCore::Gateway`.
 */
export function agentCoreScopeProblems(policy: PolicyJson): string[] {
    const resource: any = policy.resource;
    const action: any = policy.action;
    if (resource.op === "All") {
        return ["the resource is unconstrained: AgentCore rejects a wildcard resource (name the gateway: resource == AgentCore::Gateway::\"ARN\")"];
    }
    if (action.op === "All") {
        return resource.op === "is" && resource.entity_type === GATEWAY_TYPE && resource.in === undefined
            ? []
            : ["a policy with an unconstrained action must use the type test `resource is AgentCore::Gateway`"];
    }
    return gatewayOfScope(policy) !== undefined ? [] : ["a policy that names specific actions must name a specific gateway: resource == AgentCore::Gateway::\"ARN\""];
}

function cedarTypeOf(type: ToolInputType): TypeOfAttribute<string> {
    switch (type) {
        case "string":
            return { type: "String" };
        case "integer":
            return { type: "Long" };
        case "boolean":
            return { type: "Boolean" };
        case "number":
            return { type: "Extension", name: "decimal" };
    }
}

/**
 * The Cedar schema a gateway's policies are validated against: the `AgentCore` namespace with the
 * principal types its authorizer produces, the Gateway resource, the Mcp > CallTool action
 * hierarchy, and one action per tool whose context is `{ input: <the tool's typed parameters> }`.
 * JWT claims are tags of type String (every claim is rendered as a string).
 */
export function agentCoreCedarSchema(tools: readonly ToolManifestEntry[], principalTypes: readonly string[] = [OAUTH_USER]): SchemaJson<string> {
    const entityTypes: Record<string, any> = { [GATEWAY_ENTITY]: {} };
    if (principalTypes.includes(OAUTH_USER)) {
        entityTypes[OAUTH_USER] = { shape: { type: "Record", attributes: { id: { type: "String" } } }, tags: { type: "String" } };
    }
    if (principalTypes.includes(IAM_ENTITY)) {
        entityTypes[IAM_ENTITY] = { shape: { type: "Record", attributes: { id: { type: "String" } } } };
    }
    const actions: Record<string, any> = {
        [MCP_ACTION]: {},
        [CALL_TOOL_ACTION]: { memberOf: [{ id: MCP_ACTION }] },
    };
    for (const tool of tools) {
        const attributes: Record<string, TypeOfAttribute<string>> = {};
        for (const [name, input] of Object.entries(tool.input)) {
            attributes[name] = { ...cedarTypeOf(input.type), required: input.required ?? false };
        }
        actions[tool.action] = {
            memberOf: [{ id: CALL_TOOL_ACTION }],
            appliesTo: {
                principalTypes: [...principalTypes],
                resourceTypes: [GATEWAY_ENTITY],
                context: { type: "Record", attributes: { input: { type: "Record", attributes } } },
            },
        };
    }
    return { [CEDAR_NAMESPACE]: { entityTypes, actions } };
}
