/**
 * One reading of a WAFv2 web ACL's rules, wherever they are declared: the `rules` list, the raw
 * `ruleJson` (the API's PascalCase JSON, an alternative to `rules`, so a check that reads only
 * `rules` is bypassed), separate `WebAclRule` resources and `WebAclRuleGroupAssociation`
 * resources. Everything is brought to the `rules` shape (camelCase) here; `./analysis` reads what
 * the rules do and `./matching` simulates what they match.
 */
import { PolicyResource } from "@pulumi/policy";
import { referenceKeys } from "../references";
import { StackIndex } from "../stack-index";
import { T } from "../types";
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

export function isObject(v: unknown): v is Record<string, any> {
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
