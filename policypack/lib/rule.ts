import {
    PolicyConfigSchema,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidation,
    StackValidationArgs,
    StackValidationPolicy,
    EnforcementLevel,
} from "@pulumi/policy";
import { AWS_AISF, FrameworkMapping, OWASP_LLM } from "../controls/frameworks";
import { Layer } from "../controls/layers";
import { configProblems, PolicySettingsError } from "./config-check";
import { exemptionSchema, matchExemption, Exemption } from "./exemptions";
import { plainWhenKnown, withNamedUnknowns } from "./unknowns";

export type { Layer };

/** What every rule declares about itself, as data: the catalogue in the README is generated from it. */
export interface RuleMetadata {
    /** CrossGuard policy name (kebab-case); what users put in `--policy-pack-config`. */
    name: string;
    /** Stable rule ID, for suppressions, reports and SARIF (for example `AIG-MI-1`). */
    id: string;
    layer: Layer;
    severity: Severity;
    /** A short title, what Pulumi Cloud lists (the description says what a compliant resource does). */
    displayName: string;
    /** The controls of OWASP Top 10 for LLM Applications 2025 and of the AWS AI Security Framework this rule implements. */
    frameworks: FrameworkMapping;
    /** Defaults to `mandatory`. */
    enforcementLevel?: EnforcementLevel;
    /** One line: what a compliant resource does. */
    description: string;
    /** Why it matters: the risk when the rule is broken. */
    explanation: string;
    /** The control of the seed architecture this rule implements. */
    seedControl: string;
    /** Equivalent checks in peer tools (Prowler, Checkov, Security Hub, cdk-nag); empty when none checks it. */
    peers: string[];
    /** What to change to comply. */
    remediation: string;
    /** Rule-specific configuration; `exemptions` is added to every rule by the framework. */
    configSchema?: PolicyConfigSchema;
}

/**
 * A reporter bound to one rule: pass the URN when a stack rule reports on a specific resource, and
 * `"advisory"` for a finding the stack has acknowledged with a reason (it is shown, never blocks).
 */
export type Report = (message: string, urn?: string, level?: "advisory") => void;

export interface RuleContext<C> {
    config: C;
    report: Report;
}

export interface ResourceRule<C = Record<string, unknown>> extends RuleMetadata {
    kind: "resource";
    /** Type tokens this rule inspects, for example `aws:bedrock/guardrail:Guardrail`. */
    resourceTypes: readonly string[];
    validate(args: ResourceValidationArgs, ctx: RuleContext<C>): void | Promise<void>;
}

export interface StackRule<C = Record<string, unknown>> extends RuleMetadata {
    kind: "stack";
    /**
     * The one type without which the rule has nothing to judge (it answers "not applicable" when the
     * stack has none): the `@pulumi/policy` server then skips the rule for such a stack before it
     * decodes the stack for it. Only for rules that report nothing, not even an absence, without it.
     */
    requiresType?: string;
    validateStack(args: StackValidationArgs, ctx: RuleContext<C>): void | Promise<void>;
}

export type Rule = ResourceRule<any> | StackRule<any>;

/** Declares a rule on resources of the given types. */
export function resourceRule<C = Record<string, unknown>>(rule: Omit<ResourceRule<C>, "kind">): ResourceRule<C> {
    return { kind: "resource", ...rule };
}

/** Declares a rule over the whole stack (cross-resource relationships, presence checks). */
export function stackRule<C = Record<string, unknown>>(rule: Omit<StackRule<C>, "kind">): StackRule<C> {
    return { kind: "stack", ...rule };
}

interface ExemptionConfig {
    exemptions?: Exemption[];
}

type Settings = { exemptions: Exemption[]; config: Record<string, unknown> };

/**
 * A policy's settings, refused when they name a key its schema does not declare or an exemption
 * expiry that is not a calendar date (the protocol cannot carry `additionalProperties: false`).
 */
function settingsOf(rule: RuleMetadata, all: ExemptionConfig & Record<string, unknown>): Settings {
    const problems = configProblems(configSchemaOf(rule), all);
    if (problems.length > 0) {
        throw new PolicySettingsError(rule.name, problems);
    }
    const { exemptions = [], ...config } = all;
    return { exemptions, config };
}

/**
 * A rule's settings as its policy is called: the server hands each call a new copy of the same
 * configured values, so they are checked again only when a value differs from the last call's.
 * Rules read their settings and never write them.
 */
function settingsReader(rule: RuleMetadata): (getConfig: () => unknown) => Settings {
    let last: { all: Record<string, unknown>; settings: Settings } | undefined;
    return (getConfig) => {
        const all = (getConfig() ?? {}) as ExemptionConfig & Record<string, unknown>;
        if (last === undefined || !sameValues(last.all, all)) {
            last = { all, settings: settingsOf(rule, all) };
        }
        return last.settings;
    };
}

function sameValues(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/** The policy's config schema: the rule's own properties plus `exemptions`. */
export function configSchemaOf(rule: RuleMetadata): PolicyConfigSchema {
    return {
        properties: { ...(rule.configSchema?.properties ?? {}), exemptions: exemptionSchema },
        ...(rule.configSchema?.required ? { required: rule.configSchema.required } : {}),
    };
}

/**
 * A report function that applies exemptions: a violation on an exempt resource is still reported,
 * as an advisory `[exempt]` diagnostic with its reason, approver and expiry, so it stays visible
 * without blocking; an expired exemption is ignored and the violation stands, with a note.
 */
function exemptionAwareReporter(
    rule: RuleMetadata,
    exemptions: Exemption[],
    reportViolation: (message: any, urn?: string) => void,
    defaultResource: { urn: string; name: string } | undefined,
    now: Date,
): Report {
    return (message, urn, level) => {
        const target = urn ?? defaultResource?.urn;
        if (level === "advisory") {
            reportViolation({ message: `${rule.description}\n[acknowledged] ${message}`, enforcementLevel: "advisory", urn: target }, target);
            return;
        }
        const match = target ? matchExemption(exemptions, target, now) : undefined;
        if (match?.status === "active") {
            const e = match.exemption;
            reportViolation(
                {
                    message: `${rule.description}\n[exempt] ${message} (exempted: ${e.reason}; approved by ${e.approver}; expires ${e.expires})`,
                    enforcementLevel: "advisory",
                    urn: target,
                },
                target,
            );
            return;
        }
        const note = match?.status === "expired" ? ` (exemption expired on ${match.exemption.expires})` : "";
        reportViolation(`${message}${note}`, urn);
    };
}

/** Where the rule catalogue lives: each rule has an entry (an anchor named after its lower-case ID). */
export const RULE_DOCS = "https://github.com/pulumi-ai-guardrails/pulumi-ai-guardrails/blob/main/README.md";

/** The anchor of a rule's entry in the README's rule reference. */
export function ruleAnchor(rule: Pick<RuleMetadata, "id">): string {
    return rule.id.toLowerCase();
}

/** The rule's README entry. */
export function ruleUrl(rule: Pick<RuleMetadata, "id">): string {
    return `${RULE_DOCS}#${ruleAnchor(rule)}`;
}

/** Framework references as tags, `<framework>:<control>`: what reports read and findings can be selected by. */
export function frameworkTags(rule: Pick<RuleMetadata, "frameworks">): string[] {
    return [...rule.frameworks.owaspLlm.map((c) => `${OWASP_LLM.key}:${c}`), ...rule.frameworks.awsAisf.map((c) => `${AWS_AISF.key}:${c}`)];
}

/**
 * The one framework reference `@pulumi/policy` takes per policy: OWASP Top 10 for LLM Applications
 * (several controls as `"LLM01:2025; LLM06:2025"`, as Pulumi's pre-built packs write them). The
 * AWS AI Security Framework IDs travel in the tags.
 */
export function policyFramework(rule: Pick<RuleMetadata, "frameworks">) {
    return {
        name: OWASP_LLM.name,
        version: OWASP_LLM.version,
        reference: rule.frameworks.owaspLlm.map((c) => `${c}:${OWASP_LLM.version}`).join("; "),
        specification: rule.frameworks.owaspLlm.map((c) => OWASP_LLM.controls[c]).join("; "),
    };
}

/** Where a validator over several types keeps them, for dispatch by type (lib/dispatch-by-type). */
export const GOVERNED_TYPES = Symbol.for("ai-guardrails.governedTypes");

/**
 * What a rule answers for a resource of a type it does not govern: the `@pulumi/policy` server's own
 * words when it skips a validator of one type, so the answer does not depend on who gives it.
 */
export function notApplicableReason(types: readonly string[]): string {
    return `Policy only applies to resources of type '${types.join(", ")}'`;
}

/**
 * Lets the `@pulumi/policy` server skip resources of other types before it deserializes their
 * properties and calls the policy, as it does for `validateResourceOfType`: it reads the one type a
 * validator governs from `__pulumiType` and answers "not applicable" itself. The server takes one
 * type per policy; a rule over several types keeps them under GOVERNED_TYPES, which the served pack
 * dispatches on (lib/dispatch-by-type), and answers from its own type check when called directly.
 */
function dispatchedByType(validate: ResourceValidation, types: readonly string[]): ResourceValidation {
    if (types.length === 1) {
        Object.defineProperty(validate, "__pulumiType", { value: types[0], enumerable: false });
    } else {
        Object.defineProperty(validate, GOVERNED_TYPES, { value: [...types], enumerable: false });
    }
    return validate;
}

/**
 * The stack-policy counterpart: the server skips a stack policy whose `__pulumiType` no resource of
 * the stack has, before it decodes every resource of the stack for that policy.
 */
function dispatchedByStackType(validate: StackValidation, type: string | undefined): StackValidation {
    if (type !== undefined) {
        Object.defineProperty(validate, "__pulumiType", { value: type, enumerable: false });
    }
    return validate;
}

/**
 * `args.notApplicable`, which throws the SDK's error, without capturing a stack trace: the server
 * reads only its reason, and a rule over several types is told "not applicable" for nearly every
 * resource of a stack, where building the trace was the largest part of its cost (`npm run bench`).
 */
export function notApplicableWithoutTrace(args: { notApplicable: (reason?: string) => never }, reason?: string): never {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return args.notApplicable(reason);
    } finally {
        Error.stackTraceLimit = limit;
    }
}

/** Turns a rule into the CrossGuard policy the pack registers. */
export function toPolicy(rule: Rule, clock: () => Date = () => new Date()): ResourceValidationPolicy | StackValidationPolicy {
    const base = {
        name: rule.name,
        displayName: rule.displayName,
        description: rule.description,
        url: ruleUrl(rule),
        framework: policyFramework(rule),
        enforcementLevel: rule.enforcementLevel ?? "mandatory",
        severity: rule.severity,
        remediationSteps: rule.remediation,
        tags: [rule.id, rule.layer, ...frameworkTags(rule)],
        configSchema: configSchemaOf(rule),
    };
    if (rule.kind === "resource") {
        const types = new Set(rule.resourceTypes);
        const otherType = notApplicableReason(rule.resourceTypes);
        const settings = settingsReader(rule);
        const validateResource: ResourceValidation = (args, reportViolation) => {
            if (!types.has(args.type)) {
                notApplicableWithoutTrace(args, otherType);
            }
            const { exemptions, config } = settings(() => args.getConfig());
            const report = exemptionAwareReporter(rule, exemptions, reportViolation, args, clock());
            return rule.validate({ ...args, props: plainWhenKnown(args.props), notApplicable: (reason) => notApplicableWithoutTrace(args, reason) }, { config, report });
        };
        return { ...base, validateResource: dispatchedByType(validateResource, rule.resourceTypes) };
    }
    const settings = settingsReader(rule);
    return {
        ...base,
        validateStack: dispatchedByStackType((args, reportViolation) => {
            const { exemptions, config } = settings(() => args.getConfig());
            const report = exemptionAwareReporter(rule, exemptions, reportViolation, undefined, clock());
            // A verdict left undecided at preview names the resource it waited for.
            const resources = withNamedUnknowns(args.resources);
            return rule.validateStack({ ...args, resources, notApplicable: (reason) => notApplicableWithoutTrace(args, reason) }, { config, report });
        }, rule.requiresType),
    };
}
