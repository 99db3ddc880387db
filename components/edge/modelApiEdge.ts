import * as crypto from "crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MODEL_API_WEB_ACL_TAG, WAF_LOG_GROUP_PREFIX } from "../../policypack/controls/waf";
import { modelAccessStatements } from "../access/modelAccessPolicy";
import { inputOf, validateArgs } from "../config/args";
import { modelApiSchema } from "../config/edge";
import { ApiAuthorization, ModelApiSettings } from "../settings/edge";
import { kmsKeyArnSchema, locationShape, modelIdSchema, partitionOf, tagsSchema } from "../config/location";
import { DeploymentLocation } from "../settings/location";
import { guardrailReferenceSchema, guardrailVersionedArn } from "../config/references";
import { GuardrailReference } from "../settings/references";
import { componentOptions, componentType } from "../shared/component";
import { CustomerManagedKey } from "../shared/customerManagedKey";
import { policyDocumentJson } from "../shared/policyDocument";
import { bodyInspectionConfig, wafLogRedactedFields, wafRules, wafVisibility } from "./wafRules";

/** The guardrail the API applies to every call, and the key it is encrypted with. */
export interface ModelApiGuardrail extends GuardrailReference {
    /** The guardrail's customer-managed key, which the integration role may use through Bedrock only. */
    kmsKeyArn?: pulumi.Input<string>;
}

/**
 * Arguments of ModelApiEdge: the API and WAF settings (as the stack settings' `edge` section, without
 * `enabled` and `model`), the model it invokes, the guardrail it applies, and where it deploys.
 */
export interface ModelApiEdgeArgs extends ModelApiSettings, DeploymentLocation {
    /** The approved foundation-model or inference-profile ID the API invokes (InvokeModel). */
    modelId: string;
    /** The guardrail applied to every call: a published version (ModelGuardrail's `guardrailArn` and `version`). */
    guardrail: ModelApiGuardrail;
    /** An existing customer-managed key for both log groups; one is created when omitted. */
    logsKmsKeyArn?: pulumi.Input<string>;
    /** Tags on every resource the component creates. */
    tags?: { [key: string]: string };
}

/** @internal The arguments as the constructor validates them. */
export const modelApiEdgeArgsSchema = modelApiSchema.extend({
    ...locationShape,
    modelId: modelIdSchema,
    guardrail: guardrailReferenceSchema.extend({ kmsKeyArn: inputOf(kmsKeyArnSchema).optional() }),
    logsKmsKeyArn: inputOf(kmsKeyArnSchema).optional(),
    tags: tagsSchema.default({}),
});

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
    /** ID of the REST API. */
    public readonly restApiId: pulumi.Output<string>;
    /** ARN of the stage (what the web ACL is associated with). */
    public readonly stageArn: pulumi.Output<string>;
    /** URL of the stage; the model is called with `POST {invokeUrl}/invoke`. */
    public readonly invokeUrl: pulumi.Output<string>;
    /** ARN of the web ACL. */
    public readonly webAclArn: pulumi.Output<string>;
    /** ARN of the role API Gateway uses to call Bedrock. */
    public readonly integrationRoleArn: pulumi.Output<string>;
    /** ARN of the key that encrypts the access and WAF logs. */
    public readonly logsKmsKeyArn: pulumi.Output<string>;
    /** Log group of the API access logs. */
    public readonly accessLogGroupName: pulumi.Output<string>;
    /** Log group of the WAF logs (`aws-waf-logs-...`). */
    public readonly wafLogGroupName: pulumi.Output<string>;
    /** ID of the API key (API_KEY authorization only); its value is read with `aws apigateway get-api-key --include-value`. */
    public readonly apiKeyId?: pulumi.Output<string>;

    constructor(name: string, args: ModelApiEdgeArgs, opts?: pulumi.ComponentResourceOptions) {
        const a = validateArgs("ModelApiEdge", name, modelApiEdgeArgsSchema, args);
        super(componentType("ModelApiEdge"), name, {}, componentOptions("ModelApiEdge", "edge", opts));

        const partition = partitionOf(a.region);
        const { region, accountId, modelId, authorization, throttle, tags } = a;
        const child = { parent: this };

        // ---- Logs: two encrypted log groups (API access logs, WAF logs) ----
        this.logsKmsKeyArn =
            a.logsKmsKeyArn !== undefined
                ? pulumi.output(a.logsKmsKeyArn)
                : new CustomerManagedKey(
                      `${name}-logs-key`,
                      {
                          accountId,
                          partition,
                          description: `Encrypts the access and WAF logs of the model API ${name}`,
                          serviceGrants: [
                              {
                                  sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
                                  service: `logs.${region}.amazonaws.com`,
                                  actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                                  // CloudWatch Logs sends no aws:SourceAccount to KMS; the encryption context names the log group.
                                  condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${accountId}:log-group:*` } },
                              },
                          ],
                          tags,
                      },
                      child,
                  ).keyArn;
        const logGroup = (role: string, logGroupName: string) =>
            new aws.cloudwatch.LogGroup(`${name}-${role}`, { name: logGroupName, retentionInDays: a.logRetentionDays, kmsKeyId: this.logsKmsKeyArn, tags }, child);
        const accessLogs = logGroup("access-logs", `/aws/apigateway/${name}-access`);
        // WAF delivers to CloudWatch Logs only into groups named aws-waf-logs-*.
        const wafLogs = logGroup("waf-logs", `${WAF_LOG_GROUP_PREFIX}${name}`);

        // ---- The API: POST /invoke -> bedrock-runtime InvokeModel for the approved model ----
        const api = new aws.apigateway.RestApi(
            name,
            {
                name,
                description: `Protected access to ${modelId} through the organization's guardrail`,
                endpointConfiguration: { types: "REGIONAL" },
                apiKeySource: "HEADER",
                tags,
            },
            // Releases before 0.2 named it `${name}-api` (`ai-model-api-api` in the baseline).
            { parent: this, aliases: [{ name: `${name}-api` }] },
        );
        const resource = new aws.apigateway.Resource(`${name}-invoke-resource`, { restApi: api.id, parentId: api.rootResourceId, pathPart: "invoke" }, child);
        const method = new aws.apigateway.Method(
            `${name}-invoke-method`,
            {
                restApi: api.id,
                resourceId: resource.id,
                httpMethod: "POST",
                authorization: authorization === ApiAuthorization.AWS_IAM ? "AWS_IAM" : "NONE",
                apiKeyRequired: authorization === ApiAuthorization.API_KEY,
            },
            child,
        );

        // API Gateway does not put aws:SourceAccount or aws:SourceArn in the request context when it
        // assumes an integration credentials role for an AWS service integration, so conditions on
        // them would make every call fail; the role's permissions are the boundary instead: one
        // model, one guardrail version.
        const integrationRole = new aws.iam.Role(
            `${name}-integration-role`,
            {
                description: `API Gateway invokes ${modelId} with the guardrail for ${name}`,
                assumeRolePolicy: policyDocumentJson([{ Sid: "ApiGatewayAssumesForIntegration", Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" }]),
                tags,
            },
            child,
        );
        const guardrail = a.guardrail;
        const versionedArn = guardrailVersionedArn(guardrail);
        const invokePolicy = new aws.iam.RolePolicy(
            `${name}-integration-invoke`,
            {
                role: integrationRole.id,
                policy: policyDocumentJson(
                    pulumi
                        .all([guardrail.arn, versionedArn, guardrail.kmsKeyArn])
                        .apply(([guardrailArn, guardrailVersionedArn, guardrailKmsKeyArn]) =>
                            modelAccessStatements({ partition, region, accountId, approvedModels: [modelId], deniedModels: [], guardrailArn, guardrailVersionedArn, guardrailKmsKeyArn }),
                        ),
                ),
            },
            child,
        );
        const integration = new aws.apigateway.Integration(
            `${name}-invoke-integration`,
            {
                restApi: api.id,
                resourceId: resource.id,
                httpMethod: method.httpMethod,
                type: "AWS",
                integrationHttpMethod: "POST",
                uri: `arn:${partition}:apigateway:${region}:bedrock-runtime:path/model/${modelId}/invoke`,
                credentials: integrationRole.arn,
                // Static header mappings: the integration, not the caller, names the guardrail.
                requestParameters: {
                    "integration.request.header.X-Amzn-Bedrock-GuardrailIdentifier": pulumi.interpolate`'${guardrail.arn}'`,
                    "integration.request.header.X-Amzn-Bedrock-GuardrailVersion": pulumi.interpolate`'${guardrail.version}'`,
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
                { restApi: api.id, resourceId: resource.id, httpMethod: method.httpMethod, statusCode: r.statusCode },
                child,
            );
            return new aws.apigateway.IntegrationResponse(
                `${name}-integration-response-${r.statusCode}`,
                { restApi: api.id, resourceId: resource.id, httpMethod: method.httpMethod, statusCode: methodResponse.statusCode, selectionPattern: r.selectionPattern },
                { parent: this, dependsOn: [integration] },
            );
        });

        // A new deployment whenever what the API does changes: the stage serves a snapshot of the
        // integration, so a new guardrail version reaches callers only through a new deployment.
        const shape = crypto.createHash("sha256").update(JSON.stringify([modelId, authorization, responses.length])).digest("hex");
        const deployment = new aws.apigateway.Deployment(
            `${name}-deployment`,
            { restApi: api.id, description: `${name} model API`, triggers: { shape, guardrail: versionedArn } },
            { parent: this, dependsOn: [method, integration, ...responses] },
        );

        const stageDependsOn: pulumi.Resource[] = [];
        if (a.manageAccountLoggingRole) {
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

        const stage = new aws.apigateway.Stage(
            `${name}-stage`,
            {
                restApi: api.id,
                deployment: deployment.id,
                stageName: a.stageName,
                description: `Model API stage for ${modelId}`,
                xrayTracingEnabled: true,
                accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
                tags,
            },
            { parent: this, dependsOn: stageDependsOn },
        );
        new aws.apigateway.MethodSettings(
            `${name}-method-settings`,
            {
                restApi: api.id,
                stageName: stage.stageName,
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
        if (authorization === ApiAuthorization.API_KEY) {
            const plan = new aws.apigateway.UsagePlan(
                `${name}-usage-plan`,
                {
                    name: `${name}-usage-plan`,
                    description: `Throttling and quota for API keys of ${name}`,
                    apiStages: [{ apiId: api.id, stage: stage.stageName }],
                    throttleSettings: { rateLimit: throttle.rateLimit, burstLimit: throttle.burstLimit },
                    quotaSettings: { limit: a.quota.limit, period: a.quota.period },
                    tags,
                },
                child,
            );
            const key = new aws.apigateway.ApiKey(`${name}-api-key`, { name: `${name}-api-key`, description: `Client key for ${name}`, enabled: true, tags }, child);
            new aws.apigateway.UsagePlanKey(`${name}-usage-plan-key`, { keyId: key.id, keyType: "API_KEY", usagePlanId: plan.id }, child);
            this.apiKeyId = key.id;
        }

        // ---- The web ACL (its rules: ./wafRules.ts) ----
        const patternSet =
            a.waf.injectionPatterns.length > 0
                ? new aws.wafv2.RegexPatternSet(
                      `${name}-injection-patterns`,
                      {
                          name: `${name}-injection-patterns`,
                          description: "Prompt-injection phrasings (variants)",
                          scope: "REGIONAL",
                          regularExpressions: a.waf.injectionPatterns.map((regexString) => ({ regexString })),
                          tags,
                      },
                      child,
                  )
                : undefined;
        const webAcl = new aws.wafv2.WebAcl(
            `${name}-waf`,
            {
                name: `${name}-waf`,
                description: `Guards the model API ${name}`,
                scope: "REGIONAL",
                defaultAction: { allow: {} },
                rules: wafRules({ ...a.waf, name, injectionPatternSetArn: patternSet?.arn }),
                associationConfig: bodyInspectionConfig(a.waf.maxBodyBytes),
                visibilityConfig: wafVisibility(`${name}-waf`),
                tags: { ...tags, [MODEL_API_WEB_ACL_TAG]: "true" },
            },
            child,
        );
        new aws.wafv2.WebAclAssociation(`${name}-waf-association`, { resourceArn: stage.arn, webAclArn: webAcl.arn }, child);
        new aws.wafv2.WebAclLoggingConfiguration(`${name}-waf-logging`, { resourceArn: webAcl.arn, logDestinationConfigs: [wafLogs.arn], redactedFields: wafLogRedactedFields() }, child);

        this.restApiId = api.id;
        this.stageArn = stage.arn;
        this.invokeUrl = stage.invokeUrl;
        this.webAclArn = webAcl.arn;
        this.integrationRoleArn = integrationRole.arn;
        this.accessLogGroupName = accessLogs.name;
        this.wafLogGroupName = wafLogs.name;
        this.registerOutputs({
            restApiId: this.restApiId,
            stageArn: this.stageArn,
            invokeUrl: this.invokeUrl,
            webAclArn: this.webAclArn,
            integrationRoleArn: this.integrationRoleArn,
            logsKmsKeyArn: this.logsKmsKeyArn,
            accessLogGroupName: this.accessLogGroupName,
            wafLogGroupName: this.wafLogGroupName,
            apiKeyId: this.apiKeyId,
        });
    }
}
