import { PRINCIPAL_RESTRICTING_KEYS, RESTRICTING_OPERATORS, SERVICE_PRINCIPAL_KEY, SIGNED_REQUEST_KEY } from "../../controls/endpoints";
import { describeStatement, parsePolicyDocument, Statement } from "../../lib/iam/document";
import { identityKeys } from "../../lib/references";
import { ReferrerIndex, StackIndex } from "../../lib/stack-index";
import { stackRule } from "../../lib/rule";
import { T } from "../../lib/types";

interface Config {
    restrictingConditionKeys: string[];
}

function isEveryone(principals: Statement["principals"]): boolean {
    return principals === "*" || (principals !== undefined && Object.values(principals).some((ids) => ids.includes("*")));
}

/**
 * Whether a condition value names particular principals. For the standard keys, a wildcard may
 * not stand for the account or organization (`arn:aws:iam::*:role/*` and `1*` admit every
 * account); for other configured keys, any value but an empty or all-wildcard one counts.
 */
function namesPrincipals(key: string, value: string): boolean {
    switch (key.toLowerCase()) {
        case "aws:principalaccount":
            return /^\d{12}$/.test(value);
        case "aws:principalorgid":
            return /^o-[a-z0-9]{10,32}$/.test(value);
        case "aws:principalorgpaths":
            return /^o-[a-z0-9]{10,32}\//.test(value);
        case "aws:principalarn":
            return /^arn:[^:*?]+:(iam|sts)::\d{12}:/.test(value);
        default:
            return value !== "" && !/^[*?]+$/.test(value);
    }
}

/**
 * An Allow for unauthenticated (OAuth/JWT) callers only (`Null aws:PrincipalArn = true`: no signed
 * request matches it) to resources of one named account: AgentCore's documented way to let OAuth
 * callers through an endpoint without opening it to other accounts' credentials.
 */
function admitsOAuthToOneAccount(statement: Statement): boolean {
    const unsignedOnly = statement.conditions.some((c) => c.operator === "Null" && c.key.toLowerCase() === SIGNED_REQUEST_KEY.toLowerCase() && c.values.length === 1 && c.values[0] === "true");
    return unsignedOnly && statement.resources !== undefined && statement.resources.length > 0 && statement.resources.every((r) => /^arn:[^:*?]+:[^:*?]+:[^:]*:\d{12}:/.test(r));
}

/** Whether an Allow statement names the principals it admits: an explicit principal, or `*` narrowed by a principal condition. */
function restrictsPrincipals(statement: Statement, keys: readonly string[]): boolean {
    if (statement.notPrincipals !== undefined) {
        return false;
    }
    if (admitsOAuthToOneAccount(statement)) {
        return true;
    }
    if (statement.principals !== undefined && !isEveryone(statement.principals)) {
        return true;
    }
    const wanted = new Set(keys.map((k) => k.toLowerCase()));
    const operators = new Set<string>(RESTRICTING_OPERATORS);
    // Only AWS service principals (IfExists or a "false" value would admit identities too).
    const servicesOnly = statement.conditions.some(
        (c) => c.operator === "Bool" && c.key.toLowerCase() === SERVICE_PRINCIPAL_KEY.toLowerCase() && c.values.length > 0 && c.values.every((v) => v.toLowerCase() === "true"),
    );
    return servicesOnly || statement.conditions.some(
        (c) => operators.has(c.operator) && wanted.has(c.key.toLowerCase()) && c.values.length > 0 && c.values.every((v) => namesPrincipals(c.key, v)),
    );
}

/** Problems of one endpoint policy document. */
export function endpointPolicyProblems(document: unknown, keys: readonly string[]): string[] {
    const doc = parsePolicyDocument(document);
    const problems = doc.errors.map((e) => `policy grammar: ${e}`);
    for (const s of doc.statements) {
        if (s.effect !== "Allow") {
            continue;
        }
        if (s.notPrincipals !== undefined) {
            problems.push(`${describeStatement(s)} allows with NotPrincipal: everyone except the listed principals may use the endpoint`);
        } else if (s.principals === undefined || !restrictsPrincipals(s, keys)) {
            const what = s.principals === undefined ? "has no Principal (an endpoint policy needs one)" : 'allows Principal "*"';
            problems.push(`${describeStatement(s)} ${what} without a condition on ${keys.join(", ")}: any AWS identity, from any account, may use the endpoint`);
        }
    }
    if (doc.errors.length === 0 && !doc.statements.some((s) => s.effect === "Allow")) {
        problems.push("the policy allows nothing: every call through the endpoint is denied");
    }
    return problems;
}

export const vpcEndpointPolicyRestricted = stackRule<Config>({
    name: "vpc-endpoint-policy-restricted",
    id: "AIG-NET-2",
    layer: "network",
    severity: "high",
    displayName: "VPC endpoint policies restrict principals",
    frameworks: { owaspLlm: ["LLM10"], awsAisf: ["AISF-INFRA-08"] },
    description:
        "Every VPC endpoint has a policy, and its Allow statements admit only named principals or, for Principal \"*\", principals narrowed by account, " +
        "organization or ARN, AWS service principals alone (Bool aws:PrincipalIsAWSService true), or unauthenticated (OAuth) callers only " +
        "(Null aws:PrincipalArn) to one account's resources.",
    explanation:
        "An endpoint without a policy gets AWS's default, which allows every action by every principal, including credentials from " +
        "other accounts: the private path becomes an exfiltration path out of the VPC. The endpoint policy is the network side of the " +
        "data perimeter; it must say whose calls it carries and, for Bedrock, to which models.",
    seedControl: "VPC endpoints: restrictive endpoint policies",
    peers: ["Prowler:vpc_endpoint_connections_trust_boundaries"],
    remediation:
        'Give every endpoint a policy whose Allow statements use Principal "*" only together with StringEquals aws:PrincipalAccount ' +
        "(or aws:PrincipalOrgID) and name the allowed actions and resources, for bedrock-runtime the approved model ARNs " +
        "(the PrivateModelEndpoints component does this).",
    configSchema: {
        properties: {
            restrictingConditionKeys: {
                type: "array",
                items: { type: "string" },
                default: [...PRINCIPAL_RESTRICTING_KEYS],
                description: 'Condition keys that narrow Principal "*" in an endpoint policy Allow statement.',
            },
        },
    },
    validateStack: ({ resources, notApplicable }, { config, report }) => {
        const keys = config.restrictingConditionKeys;
        const stack = StackIndex.of(resources);
        const separatePolicies = stack.ofType(T.vpcEndpointPolicy);
        const endpoints = stack.ofType(T.vpcEndpoint);
        // The endpoints the separate policies attach to, read when the first endpoint is checked.
        let attached: ReferrerIndex | undefined;
        if (endpoints.length === 0 && separatePolicies.length === 0) {
            notApplicable("no VPC endpoint in the stack");
        }
        for (const p of separatePolicies) {
            for (const problem of endpointPolicyProblems(p.props.policy, keys)) {
                report(problem, p.urn);
            }
        }
        for (const endpoint of endpoints) {
            // Gateway Load Balancer endpoints do not support policies.
            if (endpoint.props.vpcEndpointType === "GatewayLoadBalancer") {
                continue;
            }
            const endpointKeys = identityKeys(endpoint, ["id"]);
            attached ??= stack.referrers([T.vpcEndpointPolicy], "vpcEndpointId");
            if (attached.referring(endpointKeys).length > 0) {
                continue;
            }
            const policy = endpoint.props.policy;
            if (policy === undefined || policy === null || (typeof policy === "string" && policy.trim() === "")) {
                report(`endpoint for ${endpoint.props.serviceName ?? "(unknown service)"} has no policy: AWS applies the default, which allows every action to every principal`, endpoint.urn);
                continue;
            }
            for (const problem of endpointPolicyProblems(policy, keys)) {
                report(`endpoint for ${endpoint.props.serviceName ?? "(unknown service)"}: ${problem}`, endpoint.urn);
            }
        }
    },
});
