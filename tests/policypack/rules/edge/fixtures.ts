/**
 * A model API as the engine sees it after `pulumi up`: a REST API with an AWS service integration
 * to bedrock-runtime, a stage, and a web ACL associated with the stage, shaped like the resources
 * the ModelApiEdge component registers. Builders return fresh copies so tests can edit them.
 */
import {
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_PROMPT_INJECTION_PATTERNS,
    DEFAULT_PROMPT_INJECTION_PHRASES,
    DEFAULT_RATE_LIMIT,
    INJECTION_TEXT_TRANSFORMATIONS,
    REQUIRED_MANAGED_RULE_GROUPS,
} from "../../../../policypack/controls/waf";
import { T } from "../../../../policypack/lib/types";
import { FakeResource } from "../../../helpers/policy-harness";

export const API_ID = "a1b2c3d4e5";
export const STAGE_ARN = `arn:aws:apigateway:us-east-1::/restapis/${API_ID}/stages/v1`;
export const ACL_ARN = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/model-api/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
export const SET_ARN = "arn:aws:wafv2:us-east-1:123456789012:regional/regexpatternset/injection/1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809";
export const MODEL_URI = "arn:aws:apigateway:us-east-1:bedrock-runtime:path/model/anthropic.claude-3-5-sonnet-20240620-v1:0/invoke";

const visibility = (name: string) => ({ cloudwatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true });

export const transforms = (types: readonly string[] = INJECTION_TEXT_TRANSFORMATIONS) => types.map((type, priority) => ({ priority, type }));

export function rateRule(edit: (r: any) => void = () => undefined): Record<string, any> {
    const rule = {
        name: "rate-per-ip",
        priority: 1,
        action: { block: {} },
        statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: DEFAULT_RATE_LIMIT, evaluationWindowSec: 300 } },
        visibilityConfig: visibility("rate"),
    };
    edit(rule);
    return rule;
}

export function sizeRule(edit: (r: any) => void = () => undefined): Record<string, any> {
    const rule = {
        name: "body-size",
        priority: 2,
        action: { block: {} },
        statement: {
            sizeConstraintStatement: { comparisonOperator: "GT", size: DEFAULT_MAX_BODY_BYTES, fieldToMatch: { body: { oversizeHandling: "MATCH" } }, textTransformations: transforms(["NONE"]) },
        },
        visibilityConfig: visibility("size"),
    };
    edit(rule);
    return rule;
}

export function byteMatch(phrase: string, types: readonly string[] = INJECTION_TEXT_TRANSFORMATIONS, positionalConstraint = "CONTAINS") {
    return { byteMatchStatement: { searchString: phrase, positionalConstraint, fieldToMatch: { body: { oversizeHandling: "MATCH" } }, textTransformations: transforms(types) } };
}

export function injectionRule(edit: (r: any) => void = () => undefined): Record<string, any> {
    const rule = {
        name: "prompt-injection-phrases",
        priority: 3,
        action: { block: {} },
        statement: { orStatement: { statements: DEFAULT_PROMPT_INJECTION_PHRASES.map((p) => byteMatch(p)) } },
        visibilityConfig: visibility("injection"),
    };
    edit(rule);
    return rule;
}

/** An Allow rule for requests from an IP set (a typical allowlist), at the given priority. */
export function allowRule(priority: number): Record<string, any> {
    return {
        name: "allow-partner-ips",
        priority,
        action: { allow: {} },
        statement: { ipSetReferenceStatement: { arn: "arn:aws:wafv2:us-east-1:123456789012:regional/ipset/partners/2b3c4d5e-6f70-8192-a3b4-c5d6e7f8091a" } },
        visibilityConfig: visibility("allow-partners"),
    };
}

export function managedRules(): Record<string, any>[] {
    return REQUIRED_MANAGED_RULE_GROUPS.map((g, i) => ({
        name: g.name,
        priority: 10 + i,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: g.vendorName, name: g.name } },
        visibilityConfig: visibility(g.name),
    }));
}

export function compliantRules(): Record<string, any>[] {
    return [rateRule(), sizeRule(), injectionRule(), ...managedRules()];
}

export function webAcl(props: Record<string, any> = { rules: compliantRules() }, name = "model-api-acl"): FakeResource {
    return { type: T.webAcl, name, props: { name, arn: ACL_ARN, scope: "REGIONAL", defaultAction: { allow: {} }, ...props } };
}

/** The API, its Bedrock integration, its stage and the association with the web ACL. */
export function modelApi(options: { associate?: boolean; uri?: string } = {}): FakeResource[] {
    const out: FakeResource[] = [
        {
            type: T.restApi,
            name: "model-api",
            props: { name: "model-api", arn: `arn:aws:apigateway:us-east-1::/restapis/${API_ID}`, executionArn: `arn:aws:execute-api:us-east-1:123456789012:${API_ID}` },
        },
        { type: T.apiIntegration, name: "model-api-invoke", props: { restApi: API_ID, type: "AWS", integrationHttpMethod: "POST", uri: options.uri ?? MODEL_URI } },
        { type: T.apiStage, name: "model-api-stage", props: { restApi: API_ID, stageName: "v1", arn: STAGE_ARN } },
    ];
    if (options.associate ?? true) {
        out.push({ type: T.webAclAssociation, name: "model-api-waf", props: { resourceArn: STAGE_ARN, webAclArn: ACL_ARN } });
    }
    return out;
}

/** The regex pattern set the component creates for the injection variants. */
export function regexSet(patterns: readonly string[] = DEFAULT_PROMPT_INJECTION_PATTERNS): FakeResource {
    return { type: T.regexPatternSet, name: "injection-patterns", props: { arn: SET_ARN, scope: "REGIONAL", regularExpressions: patterns.map((regexString) => ({ regexString })) } };
}

/** Converts a `rules` entry to the API's PascalCase JSON, as `ruleJson` holds it. */
export function toApiJson(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(toApiJson);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.entries(value).map(([k, v]) => [k === "arn" ? "ARN" : k === "ip" ? "IP" : k.charAt(0).toUpperCase() + k.slice(1), toApiJson(v)]),
        );
    }
    return value;
}
