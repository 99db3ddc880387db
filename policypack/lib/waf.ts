/**
 * One reading of a WAFv2 web ACL's rules, wherever they are declared: the `rules` list, the raw
 * `ruleJson` (the API's PascalCase JSON, an alternative to `rules`, so a check that reads only
 * `rules` is bypassed), separate `WebAclRule` resources and `WebAclRuleGroupAssociation`
 * resources. Everything is brought to the `rules` shape (camelCase) and analysed once here.
 */
import { PolicyResource } from "@pulumi/policy";
import { DEFAULT_AGGREGATE_KEY_TYPE, PER_IP_AGGREGATE_KEYS } from "../controls/waf";
import { referenceKeys } from "./references";
import { StackIndex } from "./stack-index";
import { T } from "./types";
import { dependenciesOf, isUnknownProp } from "./unknowns";

export type WafAction = "allow" | "block" | "count" | "captcha" | "challenge";
const ACTIONS: readonly WafAction[] = ["block", "allow", "count", "captcha", "challenge"];

export interface WafRule {
    name: string;
    /** Where the rule is declared, for messages: `rules[0]`, `ruleJson[1]`, `WebAclRule "x"`. */
    source: string;
    action?: WafAction;
    /** For rule-group rules: `none` applies the group's own actions, `count` only counts. */
    overrideAction?: "none" | "count";
    /** Evaluation order: WAF runs rules by ascending priority and stops at the first Allow or Block. */
    priority?: number;
    statement: Record<string, any>;
}

export interface WebAclView {
    acl: PolicyResource;
    rules: WafRule[];
    /** Problems reading the rules (malformed `ruleJson`, rules that are not objects). */
    problems: string[];
}

function isObject(v: unknown): v is Record<string, any> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * The `rules` spelling of an API key: the leading capitals lower-cased, keeping the last one when
 * a lower-case letter follows (`ByteMatchStatement` -> `byteMatchStatement`, `ARN` -> `arn`,
 * `IP` -> `ip`, `URIPath` -> `uriPath`).
 */
export function camelKey(key: string): string {
    const m = /^[A-Z]+/.exec(key);
    if (!m) {
        return key;
    }
    const run = m[0];
    const rest = key.slice(run.length);
    if (run.length > 1 && /^[a-z]/.test(rest)) {
        return run.slice(0, -1).toLowerCase() + run.slice(-1) + rest;
    }
    return run.toLowerCase() + rest;
}

function camelize(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(camelize);
    }
    if (isObject(value)) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [camelKey(k), camelize(v)]));
    }
    return value;
}

/** The action key set on a rule's `action` (or a group rule's `overrideAction`). */
function actionOf(action: unknown): WafAction | undefined {
    if (!isObject(action)) {
        return undefined;
    }
    return ACTIONS.find((a) => action[a] !== undefined && action[a] !== null);
}

function overrideOf(override: unknown): "none" | "count" | undefined {
    if (typeof override === "string") {
        const o = override.toLowerCase();
        return o === "none" || o === "count" ? o : undefined;
    }
    if (isObject(override)) {
        return override.count !== undefined && override.count !== null ? "count" : override.none !== undefined && override.none !== null ? "none" : undefined;
    }
    return undefined;
}

function ruleFrom(raw: unknown, source: string, problems: string[]): WafRule | undefined {
    if (!isObject(raw)) {
        problems.push(`${source} is not a rule object`);
        return undefined;
    }
    const statement = raw.statement;
    if (!isObject(statement)) {
        problems.push(`${source} has no statement`);
        return undefined;
    }
    return {
        name: typeof raw.name === "string" ? raw.name : source,
        source,
        action: actionOf(raw.action),
        overrideAction: overrideOf(raw.overrideAction),
        priority: priorityOf(raw.priority),
        statement,
    };
}

function priorityOf(value: unknown): number | undefined {
    const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
    return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

/**
 * Rules with action Allow that WAF evaluates before `rule` (lower priority). Allow is terminating:
 * a request such a rule matches never reaches `rule`, so whatever `rule` limits or blocks, those
 * requests skip it. Empty when either priority is unknown.
 */
export function allowRulesBefore(rules: readonly WafRule[], rule: WafRule): WafRule[] {
    if (rule.priority === undefined) {
        return [];
    }
    return rules.filter((r) => r !== rule && r.action === "allow" && r.priority !== undefined && r.priority < rule.priority!);
}

/** `rule "x" (rules[0], priority 0)`: for messages about rules that come first. */
export function describeAllowRules(rules: readonly WafRule[]): string {
    return rules.map((r) => `allow rule "${r.name}" (${r.source}, priority ${r.priority})`).join(", ");
}

/** Rules written as the API's JSON (`ruleJson`): a list of rules, or an object with `Rules`. */
export function rulesFromJson(text: unknown, problems: string[]): WafRule[] {
    let parsed: unknown = text;
    if (typeof text === "string") {
        try {
            parsed = JSON.parse(text);
        } catch (e) {
            problems.push(`ruleJson is not valid JSON: ${(e as Error).message}`);
            return [];
        }
    }
    const camel = camelize(parsed);
    const list = Array.isArray(camel) ? camel : isObject(camel) && Array.isArray(camel.rules) ? camel.rules : undefined;
    if (!list) {
        problems.push("ruleJson must be a JSON list of rules");
        return [];
    }
    return list.map((r, i) => ruleFrom(r, `ruleJson[${i}]`, problems)).filter((r): r is WafRule => r !== undefined);
}

/**
 * Every web ACL of the stack with all its rules: `rules`, `ruleJson`, and the WebAclRule and
 * WebAclRuleGroupAssociation resources that point at it. Read once per stack rule.
 */
export function webAclViews(resources: readonly PolicyResource[]): WebAclView[] {
    const stack = StackIndex.of(resources);
    return stack.remember("web ACL views", () => readWebAcls(stack));
}

function readWebAcls(stack: StackIndex): WebAclView[] {
    const acls = stack.ofType(T.webAcl);
    // Which ACL each separate rule (or group association) points at, by ARN, ID or dependency:
    // read when the first ACL gets to them, as a scan of them would.
    const pointing = (type: string) => {
        let byAcl: Map<PolicyResource, PolicyResource[]> | undefined;
        return (acl: PolicyResource): readonly PolicyResource[] => {
            if (!byAcl) {
                const map = new Map<PolicyResource, PolicyResource[]>();
                const acls = stack.keyIndex([T.webAcl], ["arn", "id"]);
                for (const holder of stack.ofType(type)) {
                    for (const target of acls.lookup(referenceKeys(holder, "webAclArn"))) {
                        const list = map.get(target);
                        if (list) {
                            list.push(holder);
                        } else {
                            map.set(target, [holder]);
                        }
                    }
                }
                byAcl = map;
            }
            return byAcl.get(acl) ?? [];
        };
    };
    const separateRulesOf = pointing(T.webAclRule);
    const groupAssociationsOf = pointing(T.webAclRuleGroupAssociation);
    return acls.map((acl) => {
        const problems: string[] = [];
        const rules: WafRule[] = [];
        const { props } = acl;
        if (props.rules !== undefined && props.rules !== null) {
            if (Array.isArray(props.rules)) {
                props.rules.forEach((r: unknown, i: number) => {
                    const rule = ruleFrom(r, `rules[${i}]`, problems);
                    if (rule) {
                        rules.push(rule);
                    }
                });
            } else {
                problems.push("rules is not a list");
            }
        }
        if (props.ruleJson !== undefined && props.ruleJson !== null && props.ruleJson !== "") {
            rules.push(...rulesFromJson(props.ruleJson, problems));
        }
        for (const r of separateRulesOf(acl)) {
            const raw = { name: r.props.name ?? r.name, action: r.props.action, overrideAction: r.props.overrideAction, priority: r.props.priority, statement: r.props.statement };
            const rule = ruleFrom(raw, `WebAclRule "${r.name}"`, problems);
            if (rule) {
                rules.push(rule);
            }
        }
        for (const g of groupAssociationsOf(acl)) {
            const managed = g.props.managedRuleGroup;
            const reference = g.props.ruleGroupReference;
            const statement = isObject(managed)
                ? { managedRuleGroupStatement: { name: managed.name, vendorName: managed.vendorName, ruleActionOverrides: managed.ruleActionOverrides } }
                : isObject(reference)
                  ? { ruleGroupReferenceStatement: { arn: reference.arn } }
                  : undefined;
            if (statement) {
                rules.push({
                    name: g.props.ruleName ?? g.name,
                    source: `WebAclRuleGroupAssociation "${g.name}"`,
                    overrideAction: overrideOf(g.props.overrideAction) ?? "none",
                    priority: priorityOf(g.props.priority),
                    statement,
                });
            }
        }
        return { acl, rules, problems };
    });
}

/** Statements reachable from `statement` without a negation (through AND and OR), itself included. */
export function positiveStatements(statement: unknown): Record<string, any>[] {
    const out: Record<string, any>[] = [];
    const visit = (s: unknown) => {
        if (!isObject(s)) {
            return;
        }
        out.push(s);
        for (const combinator of ["andStatement", "orStatement"]) {
            const nested = s[combinator];
            if (isObject(nested) && Array.isArray(nested.statements)) {
                nested.statements.forEach(visit);
            }
        }
    };
    visit(statement);
    return out;
}

// ---- Rate limiting ----

export interface RateLimitRule {
    rule: WafRule;
    limit: number;
    evaluationWindowSec: number;
    perIp: boolean;
    aggregateKeyType: string;
}

/** Rate-based rules (a rate-based statement is always a rule's top-level statement). */
export function rateLimitRules(rules: readonly WafRule[]): RateLimitRule[] {
    const out: RateLimitRule[] = [];
    for (const rule of rules) {
        const rate = rule.statement.rateBasedStatement;
        if (!isObject(rate)) {
            continue;
        }
        const keyType = typeof rate.aggregateKeyType === "string" ? rate.aggregateKeyType : DEFAULT_AGGREGATE_KEY_TYPE;
        const customKeys: unknown[] = Array.isArray(rate.customKeys) ? rate.customKeys : [];
        const customIp = customKeys.some((k) => isObject(k) && Object.keys(k).some((name) => ["ip", "forwardedip"].includes(name.toLowerCase())));
        out.push({
            rule,
            limit: Number(rate.limit),
            evaluationWindowSec: rate.evaluationWindowSec === undefined || rate.evaluationWindowSec === null ? 300 : Number(rate.evaluationWindowSec),
            perIp: PER_IP_AGGREGATE_KEYS.includes(keyType) || (keyType === "CUSTOM_KEYS" && customIp),
            aggregateKeyType: keyType,
        });
    }
    return out;
}

// ---- Body matchers (prompt injection) and body size ----

export type BodyField = "body" | "jsonBody";

export interface BodyMatcher {
    rule: WafRule;
    kind: "byte" | "regex" | "regexSet";
    field: BodyField;
    /** Transformation types in priority order. */
    transforms: string[];
    searchStrings?: string[];
    positionalConstraint?: string;
    pattern?: string;
    /** Regex pattern set reference: the ARN, or the in-stack set when the ARN is unknown. */
    setArn?: string;
    setCandidates?: PolicyResource[];
}

function bodyField(fieldToMatch: unknown): { field: BodyField; oversizeHandling?: string } | undefined {
    if (!isObject(fieldToMatch)) {
        return undefined;
    }
    for (const field of ["body", "jsonBody"] as const) {
        const f = fieldToMatch[field];
        if (f !== undefined && f !== null) {
            return { field, oversizeHandling: isObject(f) && typeof f.oversizeHandling === "string" ? f.oversizeHandling : undefined };
        }
    }
    return undefined;
}

function transformsOf(list: unknown): string[] {
    if (!Array.isArray(list)) {
        return [];
    }
    return list
        .filter(isObject)
        .map((t) => ({ priority: Number(t.priority ?? 0), type: String(t.type ?? "NONE") }))
        .sort((a, b) => a.priority - b.priority)
        .map((t) => t.type.toUpperCase());
}

/** A search string as written, and its base64 decoding when it decodes to text (the API's JSON encodes blobs in base64). */
function searchStringsOf(value: unknown): string[] {
    if (typeof value !== "string") {
        return [];
    }
    const out = [value];
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(value) && value.length % 4 === 0) {
        const decoded = Buffer.from(value, "base64").toString("utf8");
        if (/^[\x20-\x7e]+$/.test(decoded)) {
            out.push(decoded);
        }
    }
    return out;
}

/**
 * Matchers on the request body in rules that block: byte matches, inline regexes and regex
 * pattern sets, reached without a negation. A pattern-set ARN unknown at preview is resolved to
 * the pattern sets the web ACL depends on.
 */
export function bodyMatchers(view: WebAclView): BodyMatcher[] {
    const out: BodyMatcher[] = [];
    for (const rule of view.rules) {
        if (rule.action !== "block") {
            continue;
        }
        for (const s of positiveStatements(rule.statement)) {
            const byte = s.byteMatchStatement;
            if (isObject(byte)) {
                const f = bodyField(byte.fieldToMatch);
                if (f) {
                    out.push({
                        rule,
                        kind: "byte",
                        field: f.field,
                        transforms: transformsOf(byte.textTransformations),
                        searchStrings: searchStringsOf(byte.searchString),
                        positionalConstraint: String(byte.positionalConstraint ?? ""),
                    });
                }
            }
            const regex = s.regexMatchStatement;
            if (isObject(regex)) {
                const f = bodyField(regex.fieldToMatch);
                if (f) {
                    out.push({ rule, kind: "regex", field: f.field, transforms: transformsOf(regex.textTransformations), pattern: String(regex.regexString ?? "") });
                }
            }
            const set = s.regexPatternSetReferenceStatement;
            if (isObject(set)) {
                const f = bodyField(set.fieldToMatch);
                if (f) {
                    const matcher: BodyMatcher = { rule, kind: "regexSet", field: f.field, transforms: transformsOf(set.textTransformations) };
                    if (isUnknownProp(set, "arn")) {
                        matcher.setCandidates = [...dependenciesOf(view.acl, "rules"), ...dependenciesOf(view.acl, "ruleJson")].filter((d) => d.type === T.regexPatternSet);
                    } else {
                        matcher.setArn = String(set.arn ?? "");
                    }
                    out.push(matcher);
                }
            }
        }
    }
    return out;
}

/** The regular expressions of a regex pattern set resource. */
export function patternSetRegexes(set: PolicyResource): string[] {
    const list = set.props.regularExpressions;
    if (!Array.isArray(list)) {
        return [];
    }
    return list.filter(isObject).map((r) => String(r.regexString ?? ""));
}

export interface BodySizeLimit {
    rule: WafRule;
    size: number;
    comparisonOperator: string;
    oversizeHandling?: string;
}

/** Blocking size constraints on the body that stop large bodies (`GT` or `GE`). */
export function bodySizeLimits(view: WebAclView): BodySizeLimit[] {
    const out: BodySizeLimit[] = [];
    for (const rule of view.rules) {
        if (rule.action !== "block") {
            continue;
        }
        for (const s of positiveStatements(rule.statement)) {
            const size = s.sizeConstraintStatement;
            if (!isObject(size)) {
                continue;
            }
            const f = bodyField(size.fieldToMatch);
            const op = String(size.comparisonOperator ?? "");
            if (f && (op === "GT" || op === "GE")) {
                out.push({ rule, size: Number(size.size), comparisonOperator: op, oversizeHandling: f.oversizeHandling });
            }
        }
    }
    return out;
}

/** Body bytes the web ACL has API Gateway forward for inspection. */
export function apiGatewayInspectionLimit(acl: PolicyResource, limits: Readonly<Record<string, number>>, fallback: number): number {
    const config = acl.props.associationConfig;
    const bodies = isObject(config) && Array.isArray(config.requestBodies) ? config.requestBodies : [];
    for (const body of bodies) {
        const setting = isObject(body) && isObject(body.apiGateway) ? body.apiGateway.defaultSizeInspectionLimit : undefined;
        if (typeof setting === "string" && limits[setting] !== undefined) {
            return limits[setting];
        }
    }
    return fallback;
}

/** Whether a size constraint stops every body larger than what WAF inspects. */
export function sizeLimitCloses(limit: BodySizeLimit, inspectionLimit: number): boolean {
    const threshold = limit.comparisonOperator === "GE" ? limit.size - 1 : limit.size;
    return threshold < inspectionLimit || (limit.oversizeHandling ?? "").toUpperCase() === "MATCH";
}

/** Applies the text transformations WAF would apply, as far as they change plain text. */
export function applyTransforms(text: string, transforms: readonly string[]): string {
    let out = text;
    for (const t of transforms) {
        if (t === "LOWERCASE") {
            out = out.toLowerCase();
        } else if (t === "COMPRESS_WHITE_SPACE") {
            out = out.replace(/[\f\t\n\r\v\u00a0]/g, " ").replace(/ {2,}/g, " ");
        }
    }
    return out;
}

/** Forms a known phrase takes to slip past a naive matcher: other case, other spacing. */
export function phraseVariants(phrase: string): { label: string; text: string }[] {
    const title = phrase.replace(/\b[a-z]/g, (c) => c.toUpperCase());
    return [
        { label: "as written", text: phrase },
        { label: "in capitals", text: phrase.toUpperCase() },
        { label: "in title case", text: title },
        { label: "with doubled spaces", text: phrase.replace(/ /g, "  ") },
        { label: "with tabs between words", text: phrase.replace(/ /g, "\t") },
    ];
}

/** A JSON request body carrying the text the way a model API receives a prompt. */
function requestBody(text: string): string {
    return `{"messages":[{"role":"user","content":[{"text":"Please ${text} and continue."}]}]}`;
}

function regexMatches(pattern: string, text: string): boolean | undefined {
    try {
        return new RegExp(pattern).test(text);
    } catch {
        return undefined;
    }
}

/**
 * Whether the matcher blocks a request body carrying `text`. Regex pattern sets are evaluated with
 * `patternsOf`; a pattern JavaScript cannot compile counts as not matching.
 */
export function matcherBlocks(matcher: BodyMatcher, text: string, patternsOf: (m: BodyMatcher) => string[]): boolean {
    const body = applyTransforms(requestBody(text), matcher.transforms);
    switch (matcher.kind) {
        case "byte": {
            const position = (matcher.positionalConstraint ?? "").toUpperCase();
            return (matcher.searchStrings ?? []).some((s) => {
                if (s === "") {
                    return false;
                }
                if (position === "CONTAINS") {
                    return body.includes(s);
                }
                if (position === "CONTAINS_WORD") {
                    return new RegExp(`(^|[^A-Za-z0-9_])${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^A-Za-z0-9_])`).test(body);
                }
                // EXACTLY, STARTS_WITH, ENDS_WITH compare against the whole body: a prompt inside a JSON body never matches.
                return position === "EXACTLY" ? body === s : position === "STARTS_WITH" ? body.startsWith(s) : position === "ENDS_WITH" ? body.endsWith(s) : false;
            });
        }
        case "regex":
            return regexMatches(matcher.pattern ?? "", body) === true;
        case "regexSet":
            return patternsOf(matcher).some((p) => regexMatches(p, body) === true);
    }
}
