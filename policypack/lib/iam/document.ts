/**
 * One parser for every IAM policy document the rules read: identity policies, boundaries, trust
 * policies, SCPs, endpoint policies. Input arrives as a JSON string or an object; Statement,
 * Action, Resource and Principal may each be a single value or a list. Malformed input comes back
 * as `errors`, which rules report.
 *
 * A document given as an object may hold values unknown at preview (a provider that keeps
 * documents structured passes them on; the AWS provider turns such a document into one unknown
 * string, which the SDK's proxy reports before it gets here). An unknown in an element that
 * decides what the statement does (Effect, Action, Condition, ...) is read as the SDK reads it: the
 * verdict is undecided at preview, and the message names the path. Unknown ARNs in Resource,
 * NotResource, Principal and NotPrincipal are kept out of the lists and flagged in `unknown`
 * instead, for rules that opt in (`partial`) and decide what the rest already decides.
 */
import { BoundedPairMemo } from "../bounded-memo";
import { isUnknownValue, rawValue, undecided } from "../unknowns";

export type Effect = "Allow" | "Deny";

export interface ConditionClause {
    /** Operator as written, for example `StringNotEquals` or `ForAnyValue:StringLike`. */
    operator: string;
    key: string;
    values: string[];
}

/** Principals by kind: `AWS`, `Service`, `Federated`, `CanonicalUser`; `"*"` stands for `Principal: "*"`. */
export type Principals = "*" | Record<string, string[]>;

/** The statement elements whose unknown items a partial reading sets aside (the ARNs). */
export type PartialElement = "Resource" | "NotResource" | "Principal" | "NotPrincipal";

const PARTIAL_ELEMENTS: ReadonlySet<string> = new Set<PartialElement>(["Resource", "NotResource", "Principal", "NotPrincipal"]);

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
    /**
     * Elements holding an item unknown at preview (partial reading only): their lists hold the
     * known items, and the unknown ones could be anything.
     */
    unknown?: PartialElement[];
}

export interface ParseOptions {
    /** Where the document is (\`policy\`, \`inlinePolicies[0]\`): the start of the path an undecided verdict names. */
    location?: string;
    /** Set aside unknown ARNs in Resource, NotResource, Principal and NotPrincipal (see \`Statement.unknown\`) instead of leaving the verdict undecided. */
    partial?: boolean;
}

/** Paths (from \`path\`) of the unknown values in a raw value. */
function unknownPaths(value: unknown, path: string[]): string[][] {
    if (isUnknownValue(value)) {
        return [path];
    }
    if (Array.isArray(value)) {
        return value.flatMap((v, i) => unknownPaths(v, [...path, String(i)]));
    }
    if (value !== null && typeof value === "object") {
        return Object.entries(value).flatMap(([k, v]) => unknownPaths(v, [...path, k]));
    }
    return [];
}

/** The value without its unknown items (lists) or unknown kinds (principal maps). */
function withoutUnknowns(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.filter((v) => !isUnknownValue(v));
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).filter(([, v]) => !isUnknownValue(v)).map(([k, v]) => [k, withoutUnknowns(v)]));
    }
    return value;
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

function parseStatement(raw: unknown, index: number, errors: string[], options: ParseOptions, statementPath: string[]): Statement | undefined {
    const where = `Statement[${index}]`;
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        errors.push(`${where}: a statement must be an object`);
        return undefined;
    }
    const s: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
    const unknown: PartialElement[] = [];
    for (const key of Object.keys(s)) {
        const paths = unknownPaths(s[key], [...statementPath, key]);
        if (paths.length === 0) {
            continue;
        }
        if (!options.partial || !PARTIAL_ELEMENTS.has(key)) {
            undecided(paths[0], `${where}.${key} is not known yet`);
        }
        unknown.push(key as PartialElement);
        s[key] = isUnknownValue(s[key]) ? [] : withoutUnknowns(s[key]);
    }
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
        ...(unknown.length > 0 ? { unknown } : {}),
    };
}

/**
 * Documents read before, by their text and how they were read: several rules read each document of
 * a resource, and stacks repeat documents. Shared between readers, so frozen.
 */
const readTexts = new BoundedPairMemo<PolicyDocument>(512);

function frozen<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        Object.values(value).forEach(frozen);
        Object.freeze(value);
    }
    return value;
}

/**
 * Parses a policy document given as a JSON string or an already-parsed object (read raw, past the
 * SDK's proxy). The result is read-only: a document given as text is parsed once for every reader.
 */
export function parsePolicyDocument(input: unknown, options: ParseOptions = {}): PolicyDocument {
    const raw = rawValue(input);
    if (typeof raw === "string" && !isUnknownValue(raw)) {
        // A verdict left undecided is thrown, not kept: it is thrown again on the next read.
        return readTexts.get(raw, `${options.partial === true}:${options.location ?? ""}`, () => frozen(parseDocument(raw, options)));
    }
    return parseDocument(input, options);
}

function parseDocument(input: unknown, options: ParseOptions): PolicyDocument {
    const errors: string[] = [];
    const root = options.location ? [options.location] : [];
    let doc: unknown = rawValue(input);
    if (isUnknownValue(doc)) {
        undecided(root.length > 0 ? root : ["(document)"]);
    }
    if (typeof doc === "string") {
        input = doc;
    }
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
    for (const key of ["Version", "Id"]) {
        const paths = unknownPaths((doc as Record<string, unknown>)[key], [...root, key]);
        if (paths.length > 0) {
            undecided(paths[0]);
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
    if (isUnknownValue(statementValue)) {
        undecided([...root, "Statement"]);
    }
    const statements: Statement[] = [];
    const listed = Array.isArray(statementValue);
    asList(statementValue).forEach((raw, i) => {
        if (isUnknownValue(raw)) {
            undecided([...root, "Statement", String(i)]);
        }
        const parsed = parseStatement(raw, i, errors, options, listed ? [...root, "Statement", String(i)] : [...root, "Statement"]);
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
