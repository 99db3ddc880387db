import * as aws from "@pulumi/aws";
import * as awsNative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { ROLE_PATH } from "../../policypack/controls/agent-identity";
import {
    agentRoleArnPattern,
    AUTOMATION_ROLE_ARN,
    BEDROCK_POLICY_CONFIG_NAME,
    BEDROCK_POLICY_TYPE,
    ContentGuardingMode,
    ORG_TARGET_ID,
    ORGANIZATION_ID,
    REQUIRED_POLICY_TYPES,
    SCP_TYPE,
    VPC_ENDPOINT_ID,
} from "../../policypack/controls/organization";
import { bedrockPolicyContent } from "../../policypack/lib/organizations/bedrock-policy";
import { guardrailOrganizationSharePolicy } from "../../policypack/lib/organizations/guardrail-share";
import { agentCeilingScp, assertScpSize, governanceProtectionScp, invokeViaVpceScp } from "./serviceControlPolicies";

/** A guardrail of the management account to enforce in one Region. */
export interface EnforcedGuardrail {
    region: string;
    /** Guardrail ARN without version. */
    guardrailArn: pulumi.Input<string>;
    /** Its published numeric version. */
    version: pulumi.Input<string>;
}

export interface OrganizationGuardrailsArgs {
    /** AWS partition. Defaults to `aws`. */
    partition?: string;
    /** The management account (the account this stack deploys to). */
    managementAccountId: string;
    organizationId: string;
    rootId: string;
    /**
     * Manage the Organization resource here so that it enables the required policy types. The
     * organization must first be imported; it is then protected and retained on delete, and its
     * trusted services and feature set are never changed from this stack.
     */
    manageOrganization?: boolean;
    /** Policy types already enabled that must stay enabled (when the organization is managed here). */
    keepPolicyTypes?: string[];
    /** One guardrail per Region where the Bedrock policy enforces it. */
    guardrails: EnforcedGuardrail[];
    bedrockPolicy?: {
        configName?: string;
        contentGuarding?: { system: ContentGuardingMode; messages: ContentGuardingMode };
        excludedModels?: string[];
    };
    /** Give each guardrail the resource-based policy that lets the organization apply it. Defaults to true. */
    shareGuardrails?: boolean;
    approvedVpcEndpointIds: string[];
    /** Roles confined neither by the invoke SCP (service-linked roles always are exempt). */
    invokeExemptPrincipalArns?: string[];
    securityAutomationRoleArns: string[];
    /** IAM path of agent roles and their boundary policy. Defaults to `/ai-agents/`. */
    agentRolePath?: string;
    extraDestructiveActions?: string[];
    allowedPassRoleArns?: string[];
    /** Where each policy is attached; all but the invoke SCP default to the root. */
    targets: {
        bedrockPolicy?: string[];
        invokeViaVpce: string[];
        governanceProtection?: string[];
        agentCeiling?: string[];
    };
    tags?: Record<string, string>;
}

function validate(name: string, args: OrganizationGuardrailsArgs): string[] {
    const problems: string[] = [];
    if (!/^\d{12}$/.test(args.managementAccountId)) {
        problems.push(`managementAccountId ${JSON.stringify(args.managementAccountId)} is not a 12-digit account ID`);
    }
    if (!ORGANIZATION_ID.test(args.organizationId)) {
        problems.push(`organizationId ${JSON.stringify(args.organizationId)} is not an organization ID (o-...)`);
    }
    if (!/^r-[0-9a-z]{4,32}$/.test(args.rootId)) {
        problems.push(`rootId ${JSON.stringify(args.rootId)} is not a root ID (r-...)`);
    }
    const regions = args.guardrails.map((g) => g.region);
    if (regions.length === 0) {
        problems.push("guardrails must name at least one Region's guardrail");
    }
    if (new Set(regions).size !== regions.length) {
        problems.push(`guardrails lists a Region twice (${regions.join(", ")})`);
    }
    const configName = args.bedrockPolicy?.configName;
    if (configName !== undefined && !BEDROCK_POLICY_CONFIG_NAME.test(configName)) {
        problems.push(`bedrockPolicy.configName ${JSON.stringify(configName)} must be 1-64 letters, digits or underscores`);
    }
    if (args.approvedVpcEndpointIds.length === 0 || args.approvedVpcEndpointIds.some((id) => !VPC_ENDPOINT_ID.test(id))) {
        problems.push(`approvedVpcEndpointIds must list VPC endpoint IDs (vpce-...), got ${JSON.stringify(args.approvedVpcEndpointIds)}`);
    }
    if (args.securityAutomationRoleArns.length === 0 || args.securityAutomationRoleArns.some((a) => !AUTOMATION_ROLE_ARN.test(a))) {
        problems.push(`securityAutomationRoleArns must list role ARNs, got ${JSON.stringify(args.securityAutomationRoleArns)}`);
    }
    const path = args.agentRolePath ?? "/ai-agents/";
    if (!ROLE_PATH.test(path)) {
        problems.push(`agentRolePath ${JSON.stringify(path)} is not an IAM path`);
    }
    for (const [policy, list] of Object.entries(args.targets)) {
        if (list !== undefined && (list.length === 0 || list.some((t) => !ORG_TARGET_ID.test(t)))) {
            problems.push(`targets.${policy} must list root, OU or account IDs, got ${JSON.stringify(list)}`);
        }
    }
    if (args.targets.invokeViaVpce.includes(args.rootId)) {
        problems.push("targets.invokeViaVpce names the root: accounts without the approved endpoints could invoke no model; attach it to their OUs");
    }
    return problems.map((p) => `OrganizationGuardrails ${name}: ${p}`);
}

/**
 * The organization baseline of the management account: a Bedrock policy (BEDROCK_POLICY) that
 * enforces the baseline guardrail's published version on every model call in the configured
 * Regions, with each guardrail shared to the organization through its resource-based policy;
 * three SCPs (invoke only through the approved VPC endpoints; governance controls changed only by
 * the security automation role; the destructive-action catalogue denied to agent roles); and
 * their attachments. Optionally manages the Organization itself to enable the policy types.
 */
export class OrganizationGuardrails extends pulumi.ComponentResource {
    /** The Bedrock policy. */
    public readonly bedrockPolicy: aws.organizations.Policy;
    /** The SCPs, by purpose. */
    public readonly scps: { invokeViaVpce: aws.organizations.Policy; governanceProtection: aws.organizations.Policy; agentCeiling: aws.organizations.Policy };
    /** Every policy attachment. */
    public readonly attachments: aws.organizations.PolicyAttachment[];
    /** The guardrails' resource-based policies, by Region. */
    public readonly guardrailPolicies: Record<string, awsNative.bedrock.ResourcePolicy>;
    /** The Organization, when managed here. */
    public readonly organization?: aws.organizations.Organization;
    /** ID of the Bedrock policy. */
    public readonly bedrockPolicyId: pulumi.Output<string>;
    /** IDs of the SCPs. */
    public readonly scpIds: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: OrganizationGuardrailsArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems = validate(name, args);
        const partition = args.partition ?? "aws";
        const agentRolePath = args.agentRolePath ?? "/ai-agents/";
        // Every SCP is built and measured before anything is registered.
        const documents = {
            invokeViaVpce: invokeViaVpceScp({ partition, approvedVpcEndpointIds: args.approvedVpcEndpointIds, exemptPrincipalArns: args.invokeExemptPrincipalArns ?? [agentRoleArnPattern(partition, agentRolePath)] }),
            governanceProtection: governanceProtectionScp({ partition, securityAutomationRoleArns: args.securityAutomationRoleArns, agentRolePath }),
            agentCeiling: agentCeilingScp({ partition, agentRolePath, extraDestructiveActions: args.extraDestructiveActions ?? [], allowedPassRoleArns: args.allowedPassRoleArns ?? [] }),
        };
        const texts: Partial<Record<keyof typeof documents, string>> = {};
        for (const [key, doc] of Object.entries(documents) as [keyof typeof documents, (typeof documents)[keyof typeof documents]][]) {
            try {
                texts[key] = assertScpSize(`${name}-${key}`, doc);
            } catch (e) {
                problems.push(`OrganizationGuardrails ${name}: ${(e as Error).message}`);
            }
        }
        if (problems.length > 0) {
            throw new Error(problems.join("\n"));
        }
        super("ai-guardrails:organization:OrganizationGuardrails", name, {}, opts);
        const tags = args.tags ?? {};
        const child = { parent: this };

        // ---- The organization's policy types ----
        const policyDependsOn: pulumi.Resource[] = [];
        if (args.manageOrganization) {
            this.organization = new aws.organizations.Organization(
                `${name}-organization`,
                {
                    featureSet: "ALL",
                    enabledPolicyTypes: [...new Set([...(args.keepPolicyTypes ?? []), ...REQUIRED_POLICY_TYPES])].sort(),
                },
                {
                    parent: this,
                    // Deleting this resource would mean deleting the organization: never from here.
                    protect: true,
                    retainOnDelete: true,
                    // The landing zone owns trusted service access and the feature set; this stack only adds policy types.
                    ignoreChanges: ["awsServiceAccessPrincipals", "featureSet"],
                },
            );
            policyDependsOn.push(this.organization);
        }

        // ---- Each guardrail shared with the organization, then the Bedrock policy that enforces it ----
        this.guardrailPolicies = {};
        if (args.shareGuardrails ?? true) {
            for (const g of args.guardrails) {
                // @pulumi/aws 7.48 has no guardrail resource policy; the Cloud Control provider serves
                // AWS::Bedrock::ResourcePolicy (CloudFormation reference, "AWS::Bedrock::ResourcePolicy").
                const provider = new awsNative.Provider(
                    `${name}-aws-native-${g.region}`,
                    { region: g.region as awsNative.Region, allowedAccountIds: [args.managementAccountId] },
                    child,
                );
                this.guardrailPolicies[g.region] = new awsNative.bedrock.ResourcePolicy(
                    `${name}-guardrail-share-${g.region}`,
                    {
                        resourceArn: g.guardrailArn,
                        policyDocument: pulumi.output(g.guardrailArn).apply((arn) => guardrailOrganizationSharePolicy(arn, args.organizationId)),
                    },
                    { parent: this, provider },
                );
            }
        }
        const content = pulumi
            .all(args.guardrails.map((g) => pulumi.all([g.guardrailArn, g.version])))
            .apply((resolved) =>
                JSON.stringify(
                    bedrockPolicyContent(
                        resolved.map(([guardrailArn, version], i) => ({ region: args.guardrails[i].region, guardrailArn, version })),
                        {
                            configName: args.bedrockPolicy?.configName,
                            contentGuarding: args.bedrockPolicy?.contentGuarding,
                            excludedModels: args.bedrockPolicy?.excludedModels,
                        },
                    ),
                ),
            );
        this.bedrockPolicy = new aws.organizations.Policy(
            `${name}-bedrock-policy`,
            {
                name: `${name}-bedrock-guardrail-baseline`,
                description: "Enforces the baseline guardrail version on every Bedrock model call",
                type: BEDROCK_POLICY_TYPE,
                content,
                tags,
            },
            { parent: this, dependsOn: policyDependsOn },
        );

        // ---- The SCPs ----
        const scp = (key: keyof typeof documents, description: string) =>
            new aws.organizations.Policy(`${name}-${key}`, { name: `${name}-${key}`, description, type: SCP_TYPE, content: texts[key]!, tags }, { parent: this, dependsOn: policyDependsOn });
        this.scps = {
            invokeViaVpce: scp("invokeViaVpce", "Denies Bedrock invocation outside the approved VPC endpoints"),
            governanceProtection: scp("governanceProtection", "Only the security automation role may change the AI governance controls"),
            agentCeiling: scp("agentCeiling", "Denies the destructive-action catalogue to roles on the agent path"),
        };

        // ---- Attachments ----
        const attach = (policy: aws.organizations.Policy, key: string, targets: readonly string[], dependsOn: pulumi.Resource[] = []) =>
            targets.map((target) => new aws.organizations.PolicyAttachment(`${name}-${key}-${target}`, { policyId: policy.id, targetId: target }, { parent: this, dependsOn }));
        this.attachments = [
            // Members must be able to apply the guardrail before the policy makes every call apply it.
            ...attach(this.bedrockPolicy, "bedrock-policy", args.targets.bedrockPolicy ?? [args.rootId], Object.values(this.guardrailPolicies)),
            ...attach(this.scps.invokeViaVpce, "invokeViaVpce", args.targets.invokeViaVpce),
            ...attach(this.scps.governanceProtection, "governanceProtection", args.targets.governanceProtection ?? [args.rootId]),
            ...attach(this.scps.agentCeiling, "agentCeiling", args.targets.agentCeiling ?? [args.rootId]),
        ];

        this.bedrockPolicyId = this.bedrockPolicy.id;
        this.scpIds = pulumi.all({
            invokeViaVpce: this.scps.invokeViaVpce.id,
            governanceProtection: this.scps.governanceProtection.id,
            agentCeiling: this.scps.agentCeiling.id,
        });
        this.registerOutputs({ bedrockPolicyId: this.bedrockPolicyId, scpIds: this.scpIds });
    }
}
