/**
 * The web ACL of a model API as data: its rules, the body-inspection setting and the log
 * redaction, computed from the WAF settings alone. ModelApiEdge creates the resources around them;
 * keeping the rules pure lets them be tested, and checked against the edge rules, on their own.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import {
    DEFAULT_AGGREGATE_KEY_TYPE,
    DEFAULT_BODY_INSPECTION_LIMIT_BYTES,
    INJECTION_TEXT_TRANSFORMATIONS,
    inspectionLimitFor,
    MANAGED_BODY_SIZE_RULE,
    REDACTED_HEADERS,
    REQUIRED_MANAGED_RULE_GROUPS,
} from "../../policypack/controls/waf";

type WebAclRule = aws.types.input.wafv2.WebAclRule;

/** What the rules are built from: the validated WAF settings, a metric-name prefix and the pattern set. */
export interface WafRulesArgs {
    /** Prefix of the rules' CloudWatch metric names (the component's name). */
    name: string;
    /** Requests one client IP may make per window before it is blocked. */
    rateLimit: number;
    /** The rate limit's evaluation window in seconds. */
    rateLimitWindowSec: number;
    /** Prompt-injection phrasings (lower case) blocked anywhere in the body. */
    injectionPhrases: readonly string[];
    /** Largest request body accepted, in bytes. */
    maxBodyBytes: number;
    /** ARN of the regex pattern set holding the injection patterns; no pattern rule without one. */
    injectionPatternSetArn?: pulumi.Input<string>;
}

/** CloudWatch metric names allow letters, digits, hyphens and underscores. */
export function metricName(name: string): string {
    return name.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 128);
}

/** Metrics and sampled requests on, under a metric name derived from `name`. */
export function wafVisibility(name: string) {
    return { cloudwatchMetricsEnabled: true, metricName: metricName(name), sampledRequestsEnabled: true };
}

/** Lower-cased and white-space-compressed, so case and spacing do not slip an injection past. */
const injectionTransforms = INJECTION_TEXT_TRANSFORMATIONS.map((type, priority) => ({ priority, type }));

/**
 * The rules, in evaluation order: a per-IP rate limit, a body size limit, prompt-injection phrases
 * (and patterns when a pattern set is given), then the required AWS managed rule groups. Every
 * own rule blocks; the managed groups keep their own actions.
 */
export function wafRules(args: WafRulesArgs): WebAclRule[] {
    const phraseMatches = args.injectionPhrases.map((searchString) => ({
        byteMatchStatement: {
            searchString,
            positionalConstraint: "CONTAINS",
            fieldToMatch: { body: { oversizeHandling: "MATCH" } },
            textTransformations: injectionTransforms,
        },
    }));
    const rules: WebAclRule[] = [
        {
            name: "rate-limit-per-ip",
            priority: 0,
            action: { block: {} },
            statement: { rateBasedStatement: { aggregateKeyType: DEFAULT_AGGREGATE_KEY_TYPE, limit: args.rateLimit, evaluationWindowSec: args.rateLimitWindowSec } },
            visibilityConfig: wafVisibility(`${args.name}-rate-limit`),
        },
        {
            // WAF sees only the first part of a body; larger bodies are refused so nothing goes uninspected.
            name: "body-size-limit",
            priority: 1,
            action: { block: {} },
            statement: {
                sizeConstraintStatement: { comparisonOperator: "GT", size: args.maxBodyBytes, fieldToMatch: { body: { oversizeHandling: "MATCH" } }, textTransformations: [{ priority: 0, type: "NONE" }] },
            },
            visibilityConfig: wafVisibility(`${args.name}-body-size`),
        },
        {
            name: "prompt-injection-phrases",
            priority: 2,
            action: { block: {} },
            statement: phraseMatches.length === 1 ? phraseMatches[0] : { orStatement: { statements: phraseMatches } },
            visibilityConfig: wafVisibility(`${args.name}-injection-phrases`),
        },
    ];
    if (args.injectionPatternSetArn !== undefined) {
        rules.push({
            name: "prompt-injection-patterns",
            priority: 3,
            action: { block: {} },
            statement: { regexPatternSetReferenceStatement: { arn: args.injectionPatternSetArn, fieldToMatch: { body: { oversizeHandling: "MATCH" } }, textTransformations: injectionTransforms } },
            visibilityConfig: wafVisibility(`${args.name}-injection-patterns`),
        });
    }
    REQUIRED_MANAGED_RULE_GROUPS.forEach((group, i) =>
        rules.push({
            name: group.name,
            priority: 10 + i,
            overrideAction: { none: {} },
            statement: {
                managedRuleGroupStatement: {
                    vendorName: group.vendorName,
                    name: group.name,
                    // Bodies between 8 KB and maxBodyBytes are allowed: the body-size-limit rule above bounds them instead.
                    ...(group.name === MANAGED_BODY_SIZE_RULE.group && args.maxBodyBytes > MANAGED_BODY_SIZE_RULE.limitBytes
                        ? { ruleActionOverrides: [{ name: MANAGED_BODY_SIZE_RULE.rule, actionToUse: { count: {} } }] }
                        : {}),
                },
            },
            visibilityConfig: wafVisibility(`${args.name}-${group.name}`),
        }),
    );
    return rules;
}

/**
 * The web ACL's association config: raises what API Gateway forwards for inspection when bodies
 * may be larger than the default 16 KB (a body one byte over the limit must still be seen whole);
 * undefined when the default covers them.
 */
export function bodyInspectionConfig(maxBodyBytes: number): aws.types.input.wafv2.WebAclAssociationConfig | undefined {
    const inspected = maxBodyBytes + 1;
    if (inspected <= DEFAULT_BODY_INSPECTION_LIMIT_BYTES) {
        return undefined;
    }
    const limit = inspectionLimitFor(inspected);
    if (limit === undefined) {
        throw new Error(`maxBodyBytes ${maxBodyBytes}: WAF cannot inspect a body of ${inspected} bytes`);
    }
    return { requestBodies: [{ apiGateway: { defaultSizeInspectionLimit: limit } }] };
}

/** Fields never written to the WAF logs: the headers that carry the caller's credentials. */
export function wafLogRedactedFields(): aws.types.input.wafv2.WebAclLoggingConfigurationRedactedField[] {
    return REDACTED_HEADERS.map((header) => ({ singleHeader: { name: header } }));
}
