/**
 * Who may assume a role, read from its trust policy. Shared by the agent-identity rules: an agent
 * role is assumable only by the Bedrock or AgentCore service, for this account's resources only.
 */
import { AGENT_SERVICE_PRINCIPALS, CONFUSED_DEPUTY_KEYS } from "../../controls/agent-identity";
import { describeStatement, PolicyDocument, Statement } from "./document";

const AGENT_SERVICES = new Set<string>(Object.values(AGENT_SERVICE_PRINCIPALS));
const DEPUTY_KEYS = new Set<string>(CONFUSED_DEPUTY_KEYS.map((k) => k.toLowerCase()));

/**
 * Operators that restrict a confused-deputy key to the listed values. Negated operators, `IfExists`
 * forms (true when the key is absent) and set operators do not.
 */
const RESTRICTING_OPERATORS = new Set(["StringEquals", "StringLike", "ArnEquals", "ArnLike"]);

export function isAgentServicePrincipal(principal: string): boolean {
    return AGENT_SERVICES.has(principal);
}

/** Whether a trust statement names the Bedrock or AgentCore service principal. */
export function namesAgentService(s: Statement): boolean {
    return s.principals !== undefined && s.principals !== "*" && (s.principals.Service ?? []).some(isAgentServicePrincipal);
}

/**
 * Whether a confused-deputy value names one account: `aws:SourceAccount` a 12-digit account ID,
 * `aws:SourceArn` an ARN whose account field is one (`arn:aws:bedrock:*:*:agent/*` lets an agent
 * in any account make the service assume the role).
 */
function pinsAnAccount(key: string, value: string): boolean {
    if (key === "aws:sourceaccount") {
        return /^\d{12}$/.test(value);
    }
    return /^\d{12}$/.test(value.split(":")[4] ?? "");
}

/** Whether the statement pins `aws:SourceAccount` or `aws:SourceArn` to one account (or its resources). */
export function hasConfusedDeputyCondition(s: Statement): boolean {
    return s.conditions.some((c) => {
        const key = c.key.toLowerCase();
        return DEPUTY_KEYS.has(key) && RESTRICTING_OPERATORS.has(c.operator) && c.values.length > 0 && c.values.every((v) => pinsAnAccount(key, v));
    });
}

export interface TrustAnalysis {
    /** Whether some Allow statement names the Bedrock or AgentCore service principal. */
    trustsAgentService: boolean;
    /** Humans, accounts or anyone: `*`, AWS principals, federated identities, `NotPrincipal`. */
    humanOrAccountPrincipals: string[];
    /** Service principals other than Bedrock and AgentCore. */
    otherServicePrincipals: string[];
    /** Allow statements for the agent service without an `aws:SourceAccount` / `aws:SourceArn` condition. */
    missingConfusedDeputyCondition: string[];
}

/** Reads who the trust policy lets assume the role. Deny statements only narrow it and are skipped. */
export function analyzeTrust(doc: PolicyDocument): TrustAnalysis {
    const out: TrustAnalysis = { trustsAgentService: false, humanOrAccountPrincipals: [], otherServicePrincipals: [], missingConfusedDeputyCondition: [] };
    for (const s of doc.statements) {
        if (s.effect !== "Allow") {
            continue;
        }
        const where = describeStatement(s);
        if (s.notPrincipals !== undefined) {
            out.humanOrAccountPrincipals.push(`${where}: NotPrincipal with Allow lets everyone else assume the role`);
        }
        if (s.principals === "*") {
            out.humanOrAccountPrincipals.push(`${where}: Principal "*" lets anyone assume the role`);
            continue;
        }
        for (const [kind, ids] of Object.entries(s.principals ?? {})) {
            for (const id of ids) {
                if (kind === "Service") {
                    if (!isAgentServicePrincipal(id)) {
                        out.otherServicePrincipals.push(`${where}: service ${id}`);
                    }
                } else if (kind === "AWS") {
                    const what = id === "*" ? "anyone (\"AWS\": \"*\")" : /^\d{12}$|:root$/.test(id) ? `the account principal ${id}` : `the AWS principal ${id}`;
                    out.humanOrAccountPrincipals.push(`${where}: ${what} can assume the role`);
                } else {
                    out.humanOrAccountPrincipals.push(`${where}: the ${kind} principal ${id} can assume the role`);
                }
            }
        }
        if (namesAgentService(s)) {
            out.trustsAgentService = true;
            if (!hasConfusedDeputyCondition(s)) {
                out.missingConfusedDeputyCondition.push(where);
            }
        }
    }
    return out;
}
