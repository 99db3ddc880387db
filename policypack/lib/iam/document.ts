/**
 * One parser for every IAM policy document the rules read: identity policies, boundaries, trust
 * policies, SCPs, endpoint policies. Input arrives as a JSON string or an object; Statement,
 * Action, Resource and Principal may each be a single value or a list. Parsing never throws:
 * malformed input comes back as `errors`, which rules report.
 */

export type Effect = "Allow" | "Deny";

export interface ConditionClause {
    /** Operator as written, for example `StringNotEquals` or `ForAnyValue:StringLike`. */
    operator: string;
    key: string;
    values: string[];
}

/** Principals by kind: `AWS`, `Service`, `Federated`, `CanonicalUser`; `"*"` stands for `Principal: "*"`. */
export type Principals = "*" | Record<string, string[]>;

export interface Statement {
    sid?: string;
    effect: Effect;
    /** Exactly one of `actions` / `notActions` is set on a valid statement. */
    actions?: string[];
    notActions?: string[];
    resources?: string[];
    notResources?: string[];
    principals?: Principals;
    notPrincipals?: Principals;
    conditions: ConditionClause[];
    /** Position in the document, for messages. */
    index: number;
}

export interface PolicyDocument {
    statements: Statement[];
    /** Grammar problems: the document is not one IAM (or the service) would accept as written. */
    errors: string[];
}

/** The policy language versions IAM accepts; policy variables need 2012-10-17. */
const POLICY_VERSIONS: readonly unknown[] = ["2012-10-17", "2008-10-17"];

const DOCUMENT_KEYS = new Set(["Version", "Id", "Statement"]);

const STATEMENT_KEYS = new Set(["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]);

/** Condition operators, with their `IfExists` forms and `ForAllValues:` / `ForAnyValue:` set prefixes. */
const CONDITION_OPERATOR = new RegExp(
    "^(ForAllValues:|ForAnyValue:)?(" +
        [
            "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
            "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
            "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
            "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike",
        ].join("|") +
        ")(IfExists)?$|^Null$",
);

export function isConditionOperator(name: string): boolean {
    return CONDITION_OPERATOR.test(name);
}

function asList(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [value];
}

function stringList(value: unknown, field: string, where: string, errors: string[]): string[] {
    const out: string[] = [];
    for (const item of asList(value)) {
        if (typeof item === "string") {
            out.push(item);
        } else {
            errors.push(`${where}: ${field} must be a string or a list of strings, got ${JSON.stringify(item)}`);
        }
    }
    return out;
}

function parsePrincipals(value: unknown, field: string, where: string, errors: string[]): Principals | undefined {
    if (value === "*") {
        return "*";
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        errors.push(`${where}: ${field} must be "*" or an object such as {"Service": "..."}`);
        return undefined;
    }
    const out: Record<string, string[]> = {};
    for (const [kind, ids] of Object.entries(value as Record<string, unknown>)) {
        out[kind] = stringList(ids, `${field}.${kind}`, where, errors);
    }
    return out;
}

function parseConditions(value: unknown, where: string, errors: string[]): ConditionClause[] {
    if (value === undefined) {
        return [];
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        errors.push(`${where}: Condition must be an object of operators`);
        return [];
    }
    const out: ConditionClause[] = [];
    for (const [operator, block] of Object.entries(value as Record<string, unknown>)) {
        if (!isConditionOperator(operator)) {
            errors.push(`${where}: unknown condition operator ${operator}`);
        }
        if (block === null || typeof block !== "object" || Array.isArray(block)) {
            errors.push(`${where}: Condition.${operator} must map condition keys to values`);
            continue;
        }
        for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
            out.push({ operator, key, values: asList(values).map((v) => (typeof v === "string" ? v : JSON.stringify(v))) });
        }
    }
    return out;
}

function parseStatement(raw: unknown, index: number, errors: string[]): Statement | undefined {
    const where = `Statement[${index}]`;
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        errors.push(`${where}: a statement must be an object`);
        return undefined;
    }
    const s = raw as Record<string, unknown>;
    for (const key of Object.keys(s)) {
        if (!STATEMENT_KEYS.has(key)) {
            const hint = isConditionOperator(key) ? " (a condition operator belongs inside Condition)" : "";
            errors.push(`${where}: unknown statement element ${key}${hint}`);
        }
    }
    if (s.Sid !== undefined && typeof s.Sid !== "string") {
        errors.push(`${where}: Sid must be a string, got ${JSON.stringify(s.Sid)}`);
    }
    if (s.Effect !== "Allow" && s.Effect !== "Deny") {
        errors.push(`${where}: Effect must be "Allow" or "Deny", got ${JSON.stringify(s.Effect)}`);
        return undefined;
    }
    if ((s.Action === undefined) === (s.NotAction === undefined)) {
        errors.push(`${where}: exactly one of Action or NotAction is required`);
    }
    if (s.Resource !== undefined && s.NotResource !== undefined) {
        errors.push(`${where}: Resource and NotResource cannot both be present`);
    }
    if (s.Principal !== undefined && s.NotPrincipal !== undefined) {
        errors.push(`${where}: Principal and NotPrincipal cannot both be present`);
    }
    return {
        sid: typeof s.Sid === "string" ? s.Sid : undefined,
        effect: s.Effect,
        actions: s.Action === undefined ? undefined : stringList(s.Action, "Action", where, errors),
        notActions: s.NotAction === undefined ? undefined : stringList(s.NotAction, "NotAction", where, errors),
        resources: s.Resource === undefined ? undefined : stringList(s.Resource, "Resource", where, errors),
        notResources: s.NotResource === undefined ? undefined : stringList(s.NotResource, "NotResource", where, errors),
        principals: s.Principal === undefined ? undefined : parsePrincipals(s.Principal, "Principal", where, errors),
        notPrincipals: s.NotPrincipal === undefined ? undefined : parsePrincipals(s.NotPrincipal, "NotPrincipal", where, errors),
        conditions: parseConditions(s.Condition, where, errors),
        index,
    };
}

/** Parses a policy document given as a JSON string or an already-parsed object. */
export function parsePolicyDocument(input: unknown): PolicyDocument {
    const errors: string[] = [];
    let doc: unknown = input;
    if (typeof input === "string") {
        try {
            doc = JSON.parse(input);
        } catch (e) {
            return { statements: [], errors: [`not valid JSON: ${(e as Error).message}`] };
        }
    }
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
        return { statements: [], errors: ["a policy document must be a JSON object"] };
    }
    for (const key of Object.keys(doc)) {
        if (!DOCUMENT_KEYS.has(key)) {
            errors.push(`unknown document element ${key} (expected Version, Id, Statement)`);
        }
    }
    const version = (doc as Record<string, unknown>).Version;
    if (version !== undefined && !POLICY_VERSIONS.includes(version as string)) {
        errors.push(`Version must be "2012-10-17" (or the legacy "2008-10-17"), got ${JSON.stringify(version)}`);
    }
    const statementValue = (doc as Record<string, unknown>).Statement;
    if (statementValue === undefined) {
        return { statements: [], errors: [...errors, "the document has no Statement"] };
    }
    const statements: Statement[] = [];
    asList(statementValue).forEach((raw, i) => {
        const parsed = parseStatement(raw, i, errors);
        if (parsed) {
            statements.push(parsed);
        }
    });
    return { statements, errors };
}

/** A statement's label for messages: its Sid, or its position. */
export function describeStatement(s: Statement): string {
    return s.sid ? `statement "${s.sid}"` : `Statement[${s.index}]`;
}

/** Whether nothing usable could be read from the document (not JSON, not an object, no valid statement). */
export function isUnreadable(doc: PolicyDocument): boolean {
    return doc.statements.length === 0 && doc.errors.length > 0;
}
