/**
 * Where IAM policy documents live in a stack's resources, and what kind of document each is.
 * Rules read documents only through these functions, so a new document-bearing property is added
 * once. Props are read through the SDK's proxy: a document unknown at preview throws there, and the
 * SDK reports the rule as not runnable during preview.
 */
import { IAM_DOCUMENT_PROPERTIES, T } from "../types";

/**
 * - `identity`: grants permissions to the role, user or group it is attached to (or caps them, as a
 *   permissions boundary);
 * - `trust`: a role's trust policy (who may assume it);
 * - `organization`: a service or resource control policy (a filter, never a grant);
 * - `resource`: a resource-based policy (bucket, endpoint).
 */
export type DocumentKind = "identity" | "trust" | "organization" | "resource";

export interface DocumentSource {
    /** Where the document is, for messages: `policy`, `inlinePolicies[0] ("invoke")`, ... */
    location: string;
    kind: DocumentKind;
    /** The document as the resource holds it: a JSON string or an object. */
    value: unknown;
}

/** Resource types that can carry an identity policy (inline or managed). */
export const IDENTITY_POLICY_TYPES: readonly string[] = [T.iamPolicy, T.iamRolePolicy, T.iamUserPolicy, T.iamGroupPolicy, T.iamRole];

/** Resource types any IAM policy document lives on: the shared table plus roles' inline policies. */
export const POLICY_DOCUMENT_TYPES: readonly string[] = [...new Set([...Object.keys(IAM_DOCUMENT_PROPERTIES), T.iamRole])];

/** Organizations policy types whose content is IAM policy grammar (others, such as BEDROCK_POLICY, are not). */
const IAM_GRAMMAR_ORG_POLICY_TYPES = new Set(["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"]);

function kindOf(type: string, prop: string): DocumentKind {
    if (type === T.iamRole && prop === "assumeRolePolicy") {
        return "trust";
    }
    if (type === T.orgPolicy) {
        return "organization";
    }
    return IDENTITY_POLICY_TYPES.includes(type) ? "identity" : "resource";
}

/** A role's `inlinePolicies` (deprecated in @pulumi/aws 7, still accepted): each entry's `policy`. */
function inlinePolicies(props: Record<string, any>): DocumentSource[] {
    const list = props.inlinePolicies;
    if (!Array.isArray(list)) {
        return [];
    }
    const out: DocumentSource[] = [];
    list.forEach((entry: any, i: number) => {
        if (entry === null || typeof entry !== "object") {
            out.push({ location: `inlinePolicies[${i}]`, kind: "identity", value: entry });
            return;
        }
        const name = typeof entry.name === "string" ? ` ("${entry.name}")` : "";
        // An entry without a policy is how the provider is told to remove all inline policies.
        if (entry.policy !== undefined && entry.policy !== null) {
            out.push({ location: `inlinePolicies[${i}]${name}`, kind: "identity", value: entry.policy });
        }
    });
    return out;
}

/** The identity policies a resource carries: the `policy` of a managed or inline policy, a role's inline policies. */
export function identityPolicyDocuments(type: string, props: Record<string, any>): DocumentSource[] {
    if (type === T.iamRole) {
        return inlinePolicies(props);
    }
    if (IDENTITY_POLICY_TYPES.includes(type) && props.policy !== undefined && props.policy !== null) {
        return [{ location: "policy", kind: "identity", value: props.policy }];
    }
    return [];
}

/** Resource types whose documents decide whether a principal's call reaches a model: identity policies and VPC endpoint policies. */
export const ACCESS_POLICY_TYPES: readonly string[] = [...IDENTITY_POLICY_TYPES, T.vpcEndpoint, T.vpcEndpointPolicy];

/**
 * The documents that allow or gate calls: identity policies, and the policy of a VPC endpoint
 * (every call through the endpoint must be allowed by it). Trust policies (they govern only role
 * assumption) and Organizations policies (filters, never grants) are left out.
 */
export function accessPolicyDocuments(type: string, props: Record<string, any>): DocumentSource[] {
    if (type === T.vpcEndpoint || type === T.vpcEndpointPolicy) {
        // Without a policy an endpoint admits everything; whether one is required is a network rule.
        // The state of an endpoint created without one shows AWS's default instead: the same thing, judged the same.
        return props.policy === undefined || props.policy === null || isDefaultEndpointPolicy(props.policy) ? [] : [{ location: "policy", kind: "resource", value: props.policy }];
    }
    return identityPolicyDocuments(type, props);
}

/**
 * AWS's default endpoint policy, which an endpoint's state shows when none was set: exactly one
 * statement allowing every action to every principal on every resource, with no Version (AWS
 * PrivateLink guide, "Control access to VPC endpoints using endpoint policies", "Default endpoint
 * policy"). A policy written out by someone carries a Version and is judged as written.
 */
export function isDefaultEndpointPolicy(policy: unknown): boolean {
    let doc: any = policy;
    if (typeof policy === "string") {
        try {
            doc = JSON.parse(policy);
        } catch {
            return false;
        }
    }
    if (!doc || typeof doc !== "object" || Object.keys(doc).join() !== "Statement" || !Array.isArray(doc.Statement) || doc.Statement.length !== 1) {
        return false;
    }
    const st = doc.Statement[0] ?? {};
    return Object.keys(st).sort().join() === "Action,Effect,Principal,Resource" && st.Effect === "Allow" && st.Action === "*" && st.Principal === "*" && st.Resource === "*";
}
/** Every IAM policy document a resource carries, whatever its kind. */
export function policyDocuments(type: string, props: Record<string, any>): DocumentSource[] {
    const out: DocumentSource[] = [];
    if (type === T.orgPolicy) {
        // The provider's default type is SERVICE_CONTROL_POLICY.
        const policyType = props.type ?? "SERVICE_CONTROL_POLICY";
        if (!IAM_GRAMMAR_ORG_POLICY_TYPES.has(policyType)) {
            return [];
        }
    }
    for (const prop of IAM_DOCUMENT_PROPERTIES[type] ?? []) {
        const value = props[prop];
        if (value !== undefined && value !== null) {
            out.push({ location: prop, kind: kindOf(type, prop), value });
        }
    }
    if (type === T.iamRole) {
        out.push(...inlinePolicies(props));
    }
    return out;
}
