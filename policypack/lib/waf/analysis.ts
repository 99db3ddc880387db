/**
 * What a web ACL's rules do, read from the one reading in `./rules`: per-IP rate limits, body
 * matchers (prompt-injection phrases and patterns) and body size limits.
 */
import { PolicyResource } from "@pulumi/policy";
import { DEFAULT_AGGREGATE_KEY_TYPE, PER_IP_AGGREGATE_KEYS } from "../../controls/waf";
import { T } from "../types";
import { dependenciesOf, isUnknownProp } from "../unknowns";
import { isObject, positiveStatements, WafRule, WebAclView } from "./rules";

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

// ---- Managed rule groups ----

export interface DisarmedRule {
    /** The rule's name inside the managed group. */
    name: string;
    /** What it was set to do instead of its own action: `count` or `allow`. */
    action: string;
    /** How: `ruleActionOverrides` or the former `excludedRules` (which count). */
    via: "ruleActionOverrides" | "excludedRules";
}

/**
 * Rules of a managed rule group that a web ACL sets to count or allow instead of their own block:
 * `ruleActionOverrides` whose `actionToUse` is count or allow, and `excludedRules` (the API's older
 * form, whose rules count). They match and do nothing. Captcha and challenge still stop API callers.
 */
export function disarmedManagedRules(statement: Record<string, any>): DisarmedRule[] {
    const out: DisarmedRule[] = [];
    const overrides: unknown[] = Array.isArray(statement.ruleActionOverrides) ? statement.ruleActionOverrides : [];
    for (const o of overrides) {
        if (!isObject(o) || typeof o.name !== "string" || !isObject(o.actionToUse)) {
            continue;
        }
        const action = ["count", "allow"].find((a) => o.actionToUse[a] !== undefined && o.actionToUse[a] !== null);
        if (action) {
            out.push({ name: o.name, action, via: "ruleActionOverrides" });
        }
    }
    const excluded: unknown[] = Array.isArray(statement.excludedRules) ? statement.excludedRules : [];
    for (const e of excluded) {
        if (isObject(e) && typeof e.name === "string") {
            out.push({ name: e.name, action: "count", via: "excludedRules" });
        }
    }
    return out;
}
