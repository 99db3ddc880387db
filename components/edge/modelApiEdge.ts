import * as crypto from "crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FOUNDATION_MODEL_ID, INFERENCE_PROFILE_ID } from "../../policypack/controls/model-access";
import {
    DEFAULT_BODY_INSPECTION_LIMIT_BYTES,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_PROMPT_INJECTION_PATTERNS,
    DEFAULT_PROMPT_INJECTION_PHRASES,
    DEFAULT_RATE_LIMIT,
    DEFAULT_RATE_LIMIT_WINDOW_SEC,
    INJECTION_TEXT_TRANSFORMATIONS,
    inspectionLimitFor,
    MANAGED_BODY_SIZE_RULE,
    MIN_RATE_LIMIT,
    RATE_LIMIT_WINDOWS_SEC,
    REDACTED_HEADERS,
    REQUIRED_MANAGED_RULE_GROUPS,
    WAF_LOG_GROUP_PREFIX,
    WAF_REGEX_MAX_LENGTH,
} from "../../policypack/controls/waf";
import { modelAccessStatements } from "../access/modelAccessPolicy";
import { CustomerManagedKey } from "../shared/customerManagedKey";
import { policyDocumentJson } from "../shared/policyDocument";

export type ModelApiAuthorization = "AWS_IAM" | "API_KEY";

export interface ModelApiEdgeArgs {
    accountId: pulumi.Input<string>;
    /** Region of the API and of the model endpoint it calls. */
    region: string;
    /** AWS partition. Defaults to `aws`. */
    partition?: string;
    /** The approved foundation-model or inference-profile ID the API invokes (InvokeModel). */
    modelId: string;
    /** The guardrail applied to every call (ARN without version). */
    guardrailArn: pulumi.Input<string>;
    /** Its published numeric version. */
    guardrailVersion: pulumi.Input<string>;
    /** The guardrail's customer-managed key, which the integration role may use through Bedrock only. */
    guardrailKmsKeyArn?: pulumi.Input<string>;
    /** SigV4 callers (`AWS_IAM`, the default) or API keys of the usage plan (`API_KEY`). */
    authorization?: ModelApiAuthorization;
    /** Defaults to `v1`. */
    stageName?: string;
    /** Steady requests per second and burst, for the stage (and the usage plan). Defaults 10 / 20. */
    throttle?: { rateLimit: number; burstLimit: number };
    /** Requests per API key and period. Defaults to 10,000 a day. */
    quota?: { limit: number; period: "DAY" | "WEEK" | "MONTH" };
    /** Requests per client IP and window before WAF blocks. Defaults to 300 per 300 seconds. */
    wafRateLimit?: number;
    wafRateLimitWindowSec?: number;
    /** Prompt-injection phrasings (lower case) blocked anywhere in the body. */
    injectionPhrases?: string[];
    /** Regular expressions for their variants (WAF regex syntax, no capturing groups). */
    injectionPatterns?: string[];
    /** Largest request body accepted, in bytes (at most 65,535). */
    maxBodyBytes?: number;
    /** Retention of the access and WAF logs. Defaults to 365 days. */
    logRetentionDays?: number;
    /**
     * Set the account's API Gateway CloudWatch role (one per account and Region; access logging
     * needs it). Defaults to true; turn it off when another stack of the account manages it.
     */
    manageAccountLoggingRole?: boolean;
    /** Key for both log groups; a key is created when omitted. */
    logsKmsKeyArn?: pulumi.Input<string>;
    tags?: Record<string, string>;
}

/** Checks the plain arguments before any resource exists, so bad input creates nothing. */
function validate(name: string, args: ModelApiEdgeArgs): void {
    const problems: string[] = [];
    if (!FOUNDATION_MODEL_ID.test(args.modelId) && !INFERENCE_PROFILE_ID.test(args.modelId)) {
        problems.push(`modelId ${JSON.stringify(args.modelId)} is not a Bedrock foundation-model or inference-profile ID`);
    }
    const rate = args.wafRateLimit ?? DEFAULT_RATE_LIMIT;
    if (!Number.isInteger(rate) || rate < MIN_RATE_LIMIT) {
        problems.push(`wafRateLimit ${rate} must be an integer of at least ${MIN_RATE_LIMIT}`);
    }
    const window = args.wafRateLimitWindowSec ?? DEFAULT_RATE_LIMIT_WINDOW_SEC;
    if (!(RATE_LIMIT_WINDOWS_SEC as readonly number[]).includes(window)) {
        problems.push(`wafRateLimitWindowSec ${window} must be one of ${RATE_LIMIT_WINDOWS_SEC.join(", ")}`);
    }
    const phrases = args.injectionPhrases ?? DEFAULT_PROMPT_INJECTION_PHRASES;
    if (phrases.length === 0) {
        problems.push("injectionPhrases must list at least one phrase");
    }
    for (const p of phrases) {
        if (p.length === 0 || p.length > 200 || p !== p.toLowerCase()) {
            problems.push(`injection phrase ${JSON.stringify(p)} must be 1-200 lower-case characters (the body is lower-cased before matching)`);
        }
    }
    const patterns = args.injectionPatterns ?? DEFAULT_PROMPT_INJECTION_PATTERNS;
    if (patterns.length > 10) {
        problems.push("injectionPatterns: a regex pattern set holds at most 10 expressions");
    }
    for (const p of patterns) {
        if (p.length === 0 || p.length > WAF_REGEX_MAX_LENGTH) {
            problems.push(`injection pattern ${JSON.stringify(p)} must be 1-${WAF_REGEX_MAX_LENGTH} characters`);
        }
    }
    const maxBody = args.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    if (!Number.isInteger(maxBody) || maxBody < 1 || inspectionLimitFor(maxBody + 1) === undefined) {
        problems.push(`maxBodyBytes ${maxBody} must be an integer from 1 to 65535 (WAF inspects at most 64 KB of a body)`);
    }
    if (args.stageName !== undefined && !/^[A-Za-z0-9_]{1,128}$/.test(args.stageName)) {
        problems.push(`stageName ${JSON.stringify(args.stageName)} must be 1-128 letters, digits or underscores`);
    }
    if (problems.length > 0) {
        throw new Error(`ModelApiEdge ${name}: ${problems.join("; ")}`);
    }
}

/** CloudWatch metric names allow letters, digits, hyphens and underscores. */
function metricName(name: string): string {
    return name.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 128);
}

function visibility(name: string) {
    return { cloudwatchMetricsEnabled: true, metricName: metricName(name), sampledRequestsEnabled: true };
}

const injectionTransforms = INJECTION_TEXT_TRANSFORMATIONS.map((type, priority) => ({ priority, type }));

/** Access log format: who called, what WAF decided, what Bedrock answered; never the body (prompts stay out of these logs). */
const ACCESS_LOG_FORMAT = JSON.stringify({
    requestId: "$context.requestId",
    sourceIp: "$context.identity.sourceIp",
    caller: "$context.identity.caller",
    userArn: "$context.identity.userArn",
    apiKeyId: "$context.identity.apiKeyId",
    requestTime: "$context.requestTime",
    httpMethod: "$context.httpMethod",
    resourcePath: "$context.resourcePath",
    status: "$context.status",
    responseLength: "$context.responseLength",
    wafResponseCode: "$context.wafResponseCode",
    webAclArn: "$context.webaclArn",
    integrationStatus: "$context.integration.status",
    integrationLatency: "$context.integration.latency",
});

/**
 * A model behind a protected API: an API Gateway REST API whose only method (`POST /invoke`) calls
 * `bedrock-runtime` InvokeModel for one approved model, with the guardrail set by the integration
 * (callers cannot drop it) and an integration role that may invoke only that model with that
 * guardrail. Callers authenticate with SigV4 or an API key; the stage is throttled and writes
 * access logs to an encrypted log group. A regional WAF web ACL guards the stage: a per-IP rate
 * limit, a body size limit, prompt-injection phrase and pattern matching on the lower-cased,
 * space-compressed body, the AWS common and known-bad-inputs rule groups, and logging with the
 * credentials headers redacted.
 */
export class ModelApiEdge extends pulumi.ComponentResource {
    /** The REST API. */
    public readonly api: aws.apigateway.RestApi;
    /** The stage clients call. */
    public readonly stage: aws.apigateway.Stage;
    /** The web ACL associated with the stage. */
    public readonly webAcl: aws.wafv2.WebAcl;
    /** The role API Gateway uses to call Bedrock. */
    public readonly integrationRole: aws.iam.Role;
    /** ID of the REST API. */
    public readonly restApiId: pulumi.Output<string>;
    /** ARN of the stage (what the web ACL is associated with). */
    public readonly stageArn: pulumi.Output<string>;
    /** URL of the model endpoint: `POST {invokeUrl}/invoke`. */
    public readonly invokeUrl: pulumi.Output<string>;
    /** ARN of the web ACL. */
    public readonly webAclArn: pulumi.Output<string>;
    /** Log group of the API access logs. */
    public readonly accessLogGroupName: pulumi.Output<string>;
    /** Log group of the WAF logs (`aws-waf-logs-...`). */
    public readonly wafLogGroupName: pulumi.Output<string>;
    /** ID of the API key (API_KEY authorization only); its value is read with `aws apigateway get-api-key --include-value`. */
    public readonly apiKeyId?: pulumi.Output<string>;

    constructor(name: string, args: ModelApiEdgeArgs, opts?: pulumi.ComponentResourceOptions) {
        validate(name, args);
        super("ai-guardrails:edge:ModelApiEdge", name, {}, opts);

        const partition = args.partition ?? "aws";
        const region = args.region;
        const authorization = args.authorization ?? "AWS_IAM";
        const stageName = args.stageName ?? "v1";
        const throttle = args.throttle ?? { rateLimit: 10, burstLimit: 20 };
        const retention = args.logRetentionDays ?? 365;
        const maxBody = args.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
        const tags = args.tags ?? {};
        const child = { parent: this };

        // ---- Logs: two encrypted log groups (API access logs, WAF logs) ----
        let logsKeyArn = args.logsKmsKeyArn;
        if (logsKeyArn === undefined) {
            const key = new CustomerManagedKey(
                `${name}-logs-key`,
                {
                    accountId: args.accountId,
                    partition,
                    description: `Encrypts the access and WAF logs of the model API ${name}`,
                    serviceGrants: [
                        {
                            sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
                            service: `logs.${region}.amazonaws.com`,
                            actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                            // CloudWatch Logs sends no aws:SourceAccount to KMS; the encryption context names the log group.
                            condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:${partition}:logs:${region}:${args.accountId}:log-group:*` } },
                        },
                    ],
                    tags,
                },
                child,
            );
            logsKeyArn = key.keyArn;
        }
        const accessLogs = new aws.cloudwatch.LogGroup(`${name}-access-logs`, { name: `/aws/apigateway/${name}-access`, retentionInDays: retention, kmsKeyId: logsKeyArn, tags }, child);
        // WAF delivers to CloudWatch Logs only into groups named aws-waf-logs-*.
        const wafLogs = new aws.cloudwatch.LogGroup(`${name}-waf-logs`, { name: `${WAF_LOG_GROUP_PREFIX}${name}`, retentionInDays: retention, kmsKeyId: logsKeyArn, tags }, child);

        // ---- The API: POST /invoke -> bedrock-runtime InvokeModel for the approved model ----
        this.api = new aws.apigateway.RestApi(
            `${name}-api`,
            {
                name: `${name}-api`,
                description: `Protected access to ${args.modelId} through the organization's guardrail`,
                endpointConfiguration: { types: "REGIONAL" },
                apiKeySource: "HEADER",
                tags,
            },
            child,
        );
        const resource = new aws.apigateway.Resource(`${name}-invoke-resource`, { restApi: this.api.id, parentId: this.api.rootResourceId, pathPart: "invoke" }, child);
        const method = new aws.apigateway.Method(
            `${name}-invoke-method`,
            {
                restApi: this.api.id,
                resourceId: resource.id,
                httpMethod: "POST",
                authorization: authorization === "AWS_IAM" ? "AWS_IAM" : "NONE",
                apiKeyRequired: authorization === "API_KEY",
            },
            child,
        );

        // API Gateway does not put aws:SourceAccount or aws:SourceArn in the request context when it
        // assumes an integration credentials role for an AWS service integration, so conditions on
        // them would make every call fail; the role's permissions are the boundary instead: one
        // model, one guardrail version.
        this.integrationRole = new aws.iam.Role(
            `${name}-integration-role`,
            {
                description: `API Gateway invokes ${args.modelId} with the guardrail for ${name}`,
                assumeRolePolicy: policyDocumentJson([{ Sid: "ApiGatewayAssumesForIntegration", Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" }]),
                tags,
            },
            child,
        );
        const versionedArn = pulumi.interpolate`${args.guardrailArn}:${args.guardrailVersion}`;
        const invokePolicy = new aws.iam.RolePolicy(
            `${name}-integration-invoke`,
            {
                role: this.integrationRole.id,
                policy: policyDocumentJson(
                    pulumi
                        .all([args.accountId, args.guardrailArn, versionedArn, args.guardrailKmsKeyArn])
                        .apply(([accountId, guardrailArn, guardrailVersionedArn, guardrailKmsKeyArn]) =>
                            modelAccessStatements({ partition, region, accountId, approvedModels: [args.modelId], deniedModels: [], guardrailArn, guardrailVersionedArn, guardrailKmsKeyArn }),
                        ),
                ),
            },
            child,
        );
        const integration = new aws.apigateway.Integration(
            `${name}-invoke-integration`,
            {
                restApi: this.api.id,
                resourceId: resource.id,
                httpMethod: method.httpMethod,
                type: "AWS",
                integrationHttpMethod: "POST",
                uri: `arn:${partition}:apigateway:${region}:bedrock-runtime:path/model/${args.modelId}/invoke`,
                credentials: this.integrationRole.arn,
                // Static header mappings: the integration, not the caller, names the guardrail.
                requestParameters: {
                    "integration.request.header.X-Amzn-Bedrock-GuardrailIdentifier": pulumi.interpolate`'${args.guardrailArn}'`,
                    "integration.request.header.X-Amzn-Bedrock-GuardrailVersion": pulumi.interpolate`'${args.guardrailVersion}'`,
                    "integration.request.header.Content-Type": "'application/json'",
                    "integration.request.header.Accept": "'application/json'",
                },
                // Only JSON bodies are passed on; any other content type is rejected (415).
                passthroughBehavior: "NEVER",
                requestTemplates: { "application/json": "$input.body" },
                timeoutMilliseconds: 29000,
            },
            { parent: this, dependsOn: [invokePolicy] },
        );
        const responses = [
            { statusCode: "200", selectionPattern: undefined },
            { statusCode: "400", selectionPattern: "4\\d{2}" },
            { statusCode: "502", selectionPattern: "5\\d{2}" },
        ].map((r) => {
            const methodResponse = new aws.apigateway.MethodResponse(
                `${name}-response-${r.statusCode}`,
                { restApi: this.api.id, resourceId: resource.id, httpMethod: method.httpMethod, statusCode: r.statusCode },
                child,
            );
            return new aws.apigateway.IntegrationResponse(
                `${name}-integration-response-${r.statusCode}`,
                { restApi: this.api.id, resourceId: resource.id, httpMethod: method.httpMethod, statusCode: methodResponse.statusCode, selectionPattern: r.selectionPattern },
                { parent: this, dependsOn: [integration] },
            );
        });

        // A new deployment whenever what the API does changes: the stage serves a snapshot of the
        // integration, so a new guardrail version reaches callers only through a new deployment.
        const shape = crypto.createHash("sha256").update(JSON.stringify([args.modelId, authorization, responses.length])).digest("hex");
        const deployment = new aws.apigateway.Deployment(
            `${name}-deployment`,
            { restApi: this.api.id, description: `${name} model API`, triggers: { shape, guardrail: versionedArn } },
            { parent: this, dependsOn: [method, integration, ...responses] },
        );

        const stageDependsOn: pulumi.Resource[] = [];
        if (args.manageAccountLoggingRole ?? true) {
            // API Gateway's documented role for logging; no conditions: API Gateway validates it by assuming it.
            const loggingRole = new aws.iam.Role(
                `${name}-apigateway-logging-role`,
                {
                    description: "Lets API Gateway write access and execution logs to CloudWatch Logs (account setting)",
                    assumeRolePolicy: policyDocumentJson([{ Sid: "ApiGatewayWritesLogs", Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" }]),
                    tags,
                },
                child,
            );
            const attachment = new aws.iam.RolePolicyAttachment(
                `${name}-apigateway-logging-policy`,
                { role: loggingRole.name, policyArn: `arn:${partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs` },
                child,
            );
            stageDependsOn.push(new aws.apigateway.Account(`${name}-apigateway-account`, { cloudwatchRoleArn: loggingRole.arn }, { parent: this, dependsOn: [attachment] }));
        }

        this.stage = new aws.apigateway.Stage(
            `${name}-stage`,
            {
                restApi: this.api.id,
                deployment: deployment.id,
                stageName,
                description: `Model API stage for ${args.modelId}`,
                xrayTracingEnabled: true,
                accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
                tags,
            },
            { parent: this, dependsOn: stageDependsOn },
        );
        new aws.apigateway.MethodSettings(
            `${name}-method-settings`,
            {
                restApi: this.api.id,
                stageName: this.stage.stageName,
                methodPath: "*/*",
                settings: {
                    throttlingRateLimit: throttle.rateLimit,
                    throttlingBurstLimit: throttle.burstLimit,
                    metricsEnabled: true,
                    loggingLevel: "ERROR",
                    // Full request and response logging would copy every prompt and answer into the logs.
                    dataTraceEnabled: false,
                },
            },
            child,
        );

        // Usage plans act on API keys only: with SigV4 the stage throttling above applies.
        if (authorization === "API_KEY") {
            const quota = args.quota ?? { limit: 10000, period: "DAY" };
            const plan = new aws.apigateway.UsagePlan(
                `${name}-usage-plan`,
                {
                    name: `${name}-usage-plan`,
                    description: `Throttling and quota for API keys of ${name}`,
                    apiStages: [{ apiId: this.api.id, stage: this.stage.stageName }],
                    throttleSettings: { rateLimit: throttle.rateLimit, burstLimit: throttle.burstLimit },
                    quotaSettings: { limit: quota.limit, period: quota.period },
                    tags,
                },
                child,
            );
            const key = new aws.apigateway.ApiKey(`${name}-api-key`, { name: `${name}-api-key`, description: `Client key for ${name}`, enabled: true, tags }, child);
            new aws.apigateway.UsagePlanKey(`${name}-usage-plan-key`, { keyId: key.id, keyType: "API_KEY", usagePlanId: plan.id }, child);
            this.apiKeyId = key.id;
        }

        // ---- The web ACL ----
        const patterns = args.injectionPatterns ?? DEFAULT_PROMPT_INJECTION_PATTERNS;
        const patternSet =
            patterns.length > 0
                ? new aws.wafv2.RegexPatternSet(
                      `${name}-injection-patterns`,
                      {
                          name: `${name}-injection-patterns`,
                          description: "Prompt-injection phrasings (variants)",
                          scope: "REGIONAL",
                          regularExpressions: patterns.map((regexString) => ({ regexString })),
                          tags,
                      },
                      child,
                  )
                : undefined;
        const phrases = args.injectionPhrases ?? DEFAULT_PROMPT_INJECTION_PHRASES;
        const phraseMatches = phrases.map((searchString) => ({
            byteMatchStatement: {
                searchString,
                positionalConstraint: "CONTAINS",
                fieldToMatch: { body: { oversizeHandling: "MATCH" } },
                textTransformations: injectionTransforms,
            },
        }));
        const rules: aws.types.input.wafv2.WebAclRule[] = [
            {
                name: "rate-limit-per-ip",
                priority: 0,
                action: { block: {} },
                statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: args.wafRateLimit ?? DEFAULT_RATE_LIMIT, evaluationWindowSec: args.wafRateLimitWindowSec ?? DEFAULT_RATE_LIMIT_WINDOW_SEC } },
                visibilityConfig: visibility(`${name}-rate-limit`),
            },
            {
                // WAF sees only the first part of a body; larger bodies are refused so nothing goes uninspected.
                name: "body-size-limit",
                priority: 1,
                action: { block: {} },
                statement: { sizeConstraintStatement: { comparisonOperator: "GT", size: maxBody, fieldToMatch: { body: { oversizeHandling: "MATCH" } }, textTransformations: [{ priority: 0, type: "NONE" }] } },
                visibilityConfig: visibility(`${name}-body-size`),
            },
            {
                name: "prompt-injection-phrases",
                priority: 2,
                action: { block: {} },
                statement: phraseMatches.length === 1 ? phraseMatches[0] : { orStatement: { statements: phraseMatches } },
                visibilityConfig: visibility(`${name}-injection-phrases`),
            },
        ];
        if (patternSet) {
            rules.push({
                name: "prompt-injection-patterns",
                priority: 3,
                action: { block: {} },
                statement: { regexPatternSetReferenceStatement: { arn: patternSet.arn, fieldToMatch: { body: { oversizeHandling: "MATCH" } }, textTransformations: injectionTransforms } },
                visibilityConfig: visibility(`${name}-injection-patterns`),
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
                        ...(group.name === MANAGED_BODY_SIZE_RULE.group && maxBody > MANAGED_BODY_SIZE_RULE.limitBytes
                            ? { ruleActionOverrides: [{ name: MANAGED_BODY_SIZE_RULE.rule, actionToUse: { count: {} } }] }
                            : {}),
                    },
                },
                visibilityConfig: visibility(`${name}-${group.name}`),
            }),
        );
        const inspection = inspectionLimitFor(maxBody + 1)!;
        this.webAcl = new aws.wafv2.WebAcl(
            `${name}-waf`,
            {
                name: `${name}-waf`,
                description: `Guards the model API ${name}`,
                scope: "REGIONAL",
                defaultAction: { allow: {} },
                rules,
                // Raise what API Gateway forwards for inspection when bodies may be larger than the default 16 KB.
                associationConfig: maxBody + 1 > DEFAULT_BODY_INSPECTION_LIMIT_BYTES ? { requestBodies: [{ apiGateway: { defaultSizeInspectionLimit: inspection } }] } : undefined,
                visibilityConfig: visibility(`${name}-waf`),
                tags,
            },
            child,
        );
        new aws.wafv2.WebAclAssociation(`${name}-waf-association`, { resourceArn: this.stage.arn, webAclArn: this.webAcl.arn }, child);
        new aws.wafv2.WebAclLoggingConfiguration(
            `${name}-waf-logging`,
            {
                resourceArn: this.webAcl.arn,
                logDestinationConfigs: [wafLogs.arn],
                redactedFields: REDACTED_HEADERS.map((header) => ({ singleHeader: { name: header } })),
            },
            child,
        );

        this.restApiId = this.api.id;
        this.stageArn = this.stage.arn;
        this.invokeUrl = this.stage.invokeUrl;
        this.webAclArn = this.webAcl.arn;
        this.accessLogGroupName = accessLogs.name;
        this.wafLogGroupName = wafLogs.name;
        this.registerOutputs({
            restApiId: this.restApiId,
            stageArn: this.stageArn,
            invokeUrl: this.invokeUrl,
            webAclArn: this.webAclArn,
            accessLogGroupName: this.accessLogGroupName,
            wafLogGroupName: this.wafLogGroupName,
            apiKeyId: this.apiKeyId,
        });
    }
}
