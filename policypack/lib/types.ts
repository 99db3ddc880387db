import { BEDROCK_RESOURCE_TYPES, bedrockTypesOfRole } from "../controls/bedrock-resources";

/**
 * Resource type tokens the rules inspect. The pack matches on these strings instead of importing
 * `@pulumi/aws`, so it starts fast and publishes on its own. Checked against @pulumi/aws 7.48.
 */
export const T = {
    guardrail: "aws:bedrock/guardrail:Guardrail",
    guardrailVersion: "aws:bedrock/guardrailVersion:GuardrailVersion",
    invocationLogging: "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration",
    agent: "aws:bedrock/agentAgent:AgentAgent",
    agentAlias: "aws:bedrock/agentAgentAlias:AgentAgentAlias",
    knowledgeBase: "aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase",
    inferenceProfile: "aws:bedrock/inferenceProfile:InferenceProfile",
    agentcoreGateway: "aws:bedrock/agentcoreGateway:AgentcoreGateway",
    agentcoreGatewayTarget: "aws:bedrock/agentcoreGatewayTarget:AgentcoreGatewayTarget",
    agentcorePolicyEngine: "aws:bedrock/agentcorePolicyEngine:AgentcorePolicyEngine",
    agentcorePolicy: "aws:bedrock/agentcorePolicy:AgentcorePolicy",
    agentcoreRuntime: "aws:bedrock/agentcoreAgentRuntime:AgentcoreAgentRuntime",
    agentcoreMemory: "aws:bedrock/agentcoreMemory:AgentcoreMemory",
    iamRole: "aws:iam/role:Role",
    iamRolePolicy: "aws:iam/rolePolicy:RolePolicy",
    iamRolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    iamRolePolicyAttachmentsExclusive: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
    iamPolicy: "aws:iam/policy:Policy",
    iamUserPolicy: "aws:iam/userPolicy:UserPolicy",
    iamGroupPolicy: "aws:iam/groupPolicy:GroupPolicy",
    iamPolicyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
    trail: "aws:cloudtrail/trail:Trail",
    orgPolicy: "aws:organizations/policy:Policy",
    orgPolicyAttachment: "aws:organizations/policyAttachment:PolicyAttachment",
    organization: "aws:organizations/organization:Organization",
    vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    vpcEndpointPolicy: "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
    webAclLogging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    webAclRule: "aws:wafv2/webAclRule:WebAclRule",
    webAclRuleGroupAssociation: "aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation",
    regexPatternSet: "aws:wafv2/regexPatternSet:RegexPatternSet",
    httpApiIntegration: "aws:apigatewayv2/integration:Integration",
    guardrailResourcePolicy: "aws-native:bedrock:ResourcePolicy",
    restApi: "aws:apigateway/restApi:RestApi",
    apiStage: "aws:apigateway/stage:Stage",
    apiIntegration: "aws:apigateway/integration:Integration",
    kmsKey: "aws:kms/key:Key",
    s3Bucket: "aws:s3/bucket:Bucket",
    s3BucketV2: "aws:s3/bucketV2:BucketV2",
    s3BucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    s3PublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    s3Versioning: "aws:s3/bucketVersioning:BucketVersioning",
    s3VersioningV2: "aws:s3/bucketVersioningV2:BucketVersioningV2",
    s3Encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    s3EncryptionV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    metricFilter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    dashboard: "aws:cloudwatch/dashboard:Dashboard",
    snsTopic: "aws:sns/topic:Topic",
    // AgentCore tools, memory and identity; Bedrock knowledge-base data sources, flows, prompts, custom
    // models, batch inference jobs; the account's enforced guardrail and the Cloud Control twins the
    // rules read (checked against @pulumi/aws 7.48 and @pulumi/aws-native 1.79).
    agentcoreCodeInterpreter: "aws:bedrock/agentcoreCodeInterpreter:AgentcoreCodeInterpreter",
    agentcoreBrowser: "aws:bedrock/agentcoreBrowser:AgentcoreBrowser",
    agentcoreOauth2CredentialProvider: "aws:bedrock/agentcoreOauth2CredentialProvider:AgentcoreOauth2CredentialProvider",
    agentcoreApiKeyCredentialProvider: "aws:bedrock/agentcoreApiKeyCredentialProvider:AgentcoreApiKeyCredentialProvider",
    agentcoreTokenVaultCmk: "aws:bedrock/agentcoreTokenVaultCmk:AgentcoreTokenVaultCmk",
    agentDataSource: "aws:bedrock/agentDataSource:AgentDataSource",
    agentFlow: "aws:bedrock/agentFlow:AgentFlow",
    agentPrompt: "aws:bedrock/agentPrompt:AgentPrompt",
    customModel: "aws:bedrock/customModel:CustomModel",
    invocationJob: "aws:bedrockmodel/invocationJob:InvocationJob",
    enforcedGuardrailConfiguration: "aws-native:bedrock:EnforcedGuardrailConfiguration",
    nativeAgentcoreMemory: "aws-native:bedrockagentcore:Memory",
    nativeAgentcoreCodeInterpreter: "aws-native:bedrockagentcore:CodeInterpreterCustom",
    nativeAgentcoreBrowser: "aws-native:bedrockagentcore:BrowserCustom",
    nativeAgentcoreRuntime: "aws-native:bedrockagentcore:Runtime",
    nativeAgentcoreOauth2CredentialProvider: "aws-native:bedrockagentcore:OAuth2CredentialProvider",
    nativeAgentcoreApiKeyCredentialProvider: "aws-native:bedrockagentcore:ApiKeyCredentialProvider",
    nativeDataSource: "aws-native:bedrock:DataSource",
    nativeKnowledgeBase: "aws-native:bedrock:KnowledgeBase",
    nativeFlow: "aws-native:bedrock:Flow",
    nativePrompt: "aws-native:bedrock:Prompt",
    nativeAgentcorePolicyEngine: "aws-native:bedrockagentcore:PolicyEngine",
    // Compute that runs as a role of the account: the targets of the escalation paths (issue 9).
    lambdaFunction: "aws:lambda/function:Function",
    glueDevEndpoint: "aws:glue/devEndpoint:DevEndpoint",
    codebuildProject: "aws:codebuild/project:Project",
} as const;

/**
 * Resources whose presence means the stack deploys Bedrock or AgentCore workloads: the types the
 * classification (controls/bedrock-resources.ts) calls workloads, not a hand list.
 */
export const BEDROCK_WORKLOAD_TYPES: readonly string[] = bedrockTypesOfRole("workload");

/** Workloads reached through the bedrock-agentcore endpoints. */
export const AGENTCORE_WORKLOAD_TYPES: readonly string[] = BEDROCK_WORKLOAD_TYPES.filter((t) => BEDROCK_RESOURCE_TYPES[t].agentCore);

/** Bedrock and AgentCore governance controls (guardrails, invocation logging, policy engines, ...). */
export const BEDROCK_CONTROL_TYPES: readonly string[] = bedrockTypesOfRole("control");

/** The properties that hold the customer-managed key of the data each Bedrock or AgentCore type stores (dotted paths). */
export const CUSTOMER_KEY_PROPERTIES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
    Object.entries(BEDROCK_RESOURCE_TYPES)
        .filter(([, c]) => c.customerKeys.length > 0)
        .map(([type, c]) => [type, c.customerKeys.map((k) => k.property)]),
);

/** Resource types that carry an IAM policy document, and the property that holds it. */
export const IAM_DOCUMENT_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
    [T.iamPolicy]: ["policy"],
    [T.iamRolePolicy]: ["policy"],
    [T.iamUserPolicy]: ["policy"],
    [T.iamGroupPolicy]: ["policy"],
    [T.iamRole]: ["assumeRolePolicy"],
    [T.orgPolicy]: ["content"],
    [T.vpcEndpoint]: ["policy"],
    [T.vpcEndpointPolicy]: ["policy"],
    [T.s3BucketPolicy]: ["policy"],
};
