import * as aws from "@pulumi/aws";
import * as awsNative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { agentRoleArnPattern, AI_OPT_OUT_POLICY_TYPE, BEDROCK_POLICY_TYPE, REQUIRED_POLICY_TYPES, SCP_MAX_CHARACTERS, SCP_TYPE } from "../../policypack/controls/organization";
import { aiServicesOptOutContent } from "../../policypack/lib/organizations/ai-opt-out";
import { isNumericGuardrailVersion, parseGuardrailIdentifier } from "../../policypack/lib/guardrail-arn";
import { bedrockPolicyContent } from "../../policypack/lib/organizations/bedrock-policy";
import { guardrailOrganizationSharePolicy } from "../../policypack/lib/organizations/guardrail-share";
import { inputOf, validateArgs } from "../config/args";
import { identitySchema } from "../config/identity";
import { locationShape, partitionOf, regionSchema, tagsSchema } from "../config/location";
import { DeploymentLocation } from "../settings/location";
import { organizationShape, refineOrganizationSection } from "../config/organization";
import { OrganizationSettings } from "../settings/organization";
import { componentOptions, componentType } from "../shared/component";
import { agentCeilingScp, governanceProtectionScp, invokeViaVpceScp, ScpDocument, scpText } from "./serviceControlPolicies";

/** A guardrail of the management account that the Bedrock policy enforces in one Region. */
export interface EnforcedGuardrail {
    /** The Region the guardrail lives in and is enforced in. */
    region: string;
    /** ARN of the guardrail, without version: `arn:aws:bedrock:REGION:ACCOUNT:guardrail/ID`. */
    guardrailArn: pulumi.Input<string>;
    /** Its published numeric version (`"1"`, `"2"`, ...); never `DRAFT`. */
    version: pulumi.Input<string>;
}

/**
 * Arguments of OrganizationGuardrails: the organization settings (as the stack settings'
 * `organization` section), the management account and its Region, the guardrails to enforce, and
 * the agent-role settings the SCPs are written for.
 */
export interface OrganizationGuardrailsArgs extends OrganizationSettings, DeploymentLocation {
    /** One guardrail per Region where the Bedrock policy enforces it; when `bedrockPolicy.regions` is set, exactly those Regions. */
    guardrails: EnforcedGuardrail[];
    /** Give each guardrail the resource-based policy that lets the organization's accounts apply it. Defaults to true. */
    shareGuardrails?: boolean;
    /** IAM path of agent roles and their boundary policy (the identity settings' `rolePath`). Defaults to `/ai-agents/`. */
    agentRolePath?: string;
    /** Action patterns denied to agent roles on top of the destructive-action catalogue. */
    extraDestructiveActions?: string[];
    /** The only roles agents may pass (`iam:PassRole`); every other role is denied. Empty: none. */
    allowedPassRoleArns?: string[];
    /** Tags on every policy the component creates. */
    tags?: { [key: string]: string };
}

const guardrailArnSchema = z.string().refine(
    (arn) => {
        const parsed = parseGuardrailIdentifier(arn);
        return parsed !== undefined && parsed.version === undefined;
    },
    { message: "expected a guardrail ARN without version, such as arn:aws:bedrock:us-east-1:123456789012:guardrail/abc123def456" },
);
const guardrailVersionSchema = z.string().refine(isNumericGuardrailVersion, { message: "expected a published numeric version such as 1; DRAFT is the mutable working copy" });

const enforcedGuardrailSchema = z
    .object({ region: regionSchema, guardrailArn: inputOf(guardrailArnSchema), version: inputOf(guardrailVersionSchema) })
    .strict()
    .superRefine((g, ctx) => {
        const home = typeof g.guardrailArn === "string" ? parseGuardrailIdentifier(g.guardrailArn)?.region : undefined;
        if (home !== undefined && home !== g.region) {
            ctx.addIssue({ code: "custom", path: ["guardrailArn"], message: `the guardrail lives in ${home}; a Region's policy must name a guardrail of that Region (${g.region})` });
        }
    });

const argsShape = organizationShape.extend({
    ...locationShape,
    guardrails: z.array(enforcedGuardrailSchema).min(1, "name at least one Region's guardrail"),
    shareGuardrails: z.boolean().default(true),
    agentRolePath: identitySchema.shape.rolePath,
    extraDestructiveActions: identitySchema.shape.extraDestructiveActions,
    allowedPassRoleArns: identitySchema.shape.allowedPassRoleArns,
    tags: tagsSchema.default({}),
});
type Validated = z.output<typeof argsShape>;

/** The three SCPs, by name, and the argument whose list feeds each most (named when one is too long). */
const SCP_SOURCES = { invokeViaVpce: "approvedVpcEndpointIds", governanceProtection: "securityAutomationRoleArns", agentCeiling: "extraDestructiveActions" } as const;
type ScpName = keyof typeof SCP_SOURCES;

function scpDocuments(a: Validated): Record<ScpName, ScpDocument> {
    const partition = partitionOf(a.region);
    const agentRoles = agentRoleArnPattern(partition, a.agentRolePath);
    return {
        invokeViaVpce: invokeViaVpceScp({
            partition,
            approvedVpcEndpointIds: a.approvedVpcEndpointIds,
            exemptPrincipalArns: [...(a.exemptAgentRolesFromInvokeScp ? [agentRoles] : []), ...a.invokeExemptPrincipalArns],
            allowMantleInference: a.mantleInferenceReason !== undefined,
        }),
        governanceProtection: governanceProtectionScp({ partition, securityAutomationRoleArns: a.securityAutomationRoleArns, agentRolePath: a.agentRolePath }),
        agentCeiling: agentCeilingScp({ partition, agentRolePath: a.agentRolePath, extraDestructiveActions: a.extraDestructiveActions, allowedPassRoleArns: a.allowedPassRoleArns }),
    };
}

/** Checks that need the component's own arguments: distinct guardrail Regions that match `bedrockPolicy.regions`, SCPs within the size limit. */
function refineArgs(a: Validated, ctx: z.RefinementCtx): void {
    const regions = a.guardrails.map((g) => g.region);
    if (new Set(regions).size !== regions.length) {
        ctx.addIssue({ code: "custom", path: ["guardrails"], message: `lists a Region more than once (${regions.join(", ")}); one guardrail per Region` });
    }
    const configured = a.bedrockPolicy.regions;
    if (configured !== undefined && [...new Set(regions)].sort().join() !== [...new Set(configured)].sort().join()) {
        ctx.addIssue({ code: "custom", path: ["bedrockPolicy", "regions"], message: `the guardrails are in ${regions.join(", ")}; list exactly their Regions, or leave regions unset` });
    }
    // Every SCP is built and measured before anything is registered.
    for (const [key, doc] of Object.entries(scpDocuments(a)) as [ScpName, ScpDocument][]) {
        const length = scpText(doc).length;
        if (length > SCP_MAX_CHARACTERS) {
            ctx.addIssue({
                code: "custom",
                path: [SCP_SOURCES[key]],
                message:
                    `the SCP ${key} would have ${length} characters; Organizations accepts at most ${SCP_MAX_CHARACTERS}. ` +
                    "Shorten the lists that feed it (endpoint IDs, exempt roles, extra actions) or use wildcards such as s3:Delete*",
            });
        }
    }
}

/** @internal The arguments as the constructor validates them. */
export const organizationGuardrailsArgsSchema = argsShape.superRefine(refineOrganizationSection).superRefine(refineArgs);

/**
 * The organization baseline of the management account: a Bedrock policy (BEDROCK_POLICY) that
 * enforces the baseline guardrail's published version on every model call in the configured
 * Regions, with each guardrail shared to the organization through its resource-based policy;
 * three SCPs (invoke only through the approved VPC endpoints; governance controls changed only by
 * the security automation role; the destructive-action catalogue denied to agent roles); the AI
 * services opt-out policy; and their attachments. Optionally manages the Organization itself to enable the policy types.
 */
export class OrganizationGuardrails extends pulumi.ComponentResource {
    /** ID of the Bedrock policy (`p-...`). */
    public readonly bedrockPolicyId: pulumi.Output<string>;
    /** IDs of the SCPs by name: `invokeViaVpce`, `governanceProtection`, `agentCeiling`. */
    public readonly serviceControlPolicyIds: pulumi.Output<{ [name: string]: string }>;

    constructor(name: string, args: OrganizationGuardrailsArgs, opts?: pulumi.ComponentResourceOptions) {
        const a = validateArgs("OrganizationGuardrails", name, organizationGuardrailsArgsSchema, args);
        super(componentType("OrganizationGuardrails"), name, {}, componentOptions("OrganizationGuardrails", "organization", opts));
        const documents = scpDocuments(a);

        // ---- The organization's policy types ----
        const policyDependsOn: pulumi.Resource[] = [];
        if (a.manageOrganization) {
            const organization = new aws.organizations.Organization(
                `${name}-organization`,
                { featureSet: "ALL", enabledPolicyTypes: [...new Set([...a.keepPolicyTypes, ...REQUIRED_POLICY_TYPES])].sort() },
                {
                    parent: this,
                    // Deleting this resource would mean deleting the organization: never from here.
                    protect: true,
                    retainOnDelete: true,
                    // The landing zone owns trusted service access and the feature set; this stack only adds policy types.
                    ignoreChanges: ["awsServiceAccessPrincipals", "featureSet"],
                },
            );
            policyDependsOn.push(organization);
        }

        // ---- Each guardrail shared with the organization, then the Bedrock policy that enforces it ----
        const shares: pulumi.Resource[] = [];
        if (a.shareGuardrails) {
            for (const g of a.guardrails) {
                // @pulumi/aws 7.48 has no guardrail resource policy; the Cloud Control provider serves
                // AWS::Bedrock::ResourcePolicy (CloudFormation reference, "AWS::Bedrock::ResourcePolicy").
                const provider = new awsNative.Provider(`${name}-aws-native-${g.region}`, { region: g.region as awsNative.Region, allowedAccountIds: [a.accountId] }, { parent: this });
                const policyDocument = pulumi.output(g.guardrailArn).apply((arn) => guardrailOrganizationSharePolicy(arn, a.organizationId));
                shares.push(new awsNative.bedrock.ResourcePolicy(`${name}-guardrail-share-${g.region}`, { resourceArn: g.guardrailArn, policyDocument }, { parent: this, provider }));
            }
        }
        const content = pulumi
            .all(a.guardrails.map((g) => pulumi.all([g.guardrailArn, g.version])))
            .apply((resolved) =>
                JSON.stringify(
                    bedrockPolicyContent(
                        resolved.map(([guardrailArn, version], i) => ({ region: a.guardrails[i].region, guardrailArn, version })),
                        { configName: a.bedrockPolicy.configName, contentGuarding: a.bedrockPolicy.contentGuarding, excludedModels: a.bedrockPolicy.excludedModels },
                    ),
                ),
            );
        const bedrockPolicy = new aws.organizations.Policy(
            `${name}-bedrock-policy`,
            {
                name: `${name}-bedrock-guardrail-baseline`,
                description: "Enforces the baseline guardrail version on every Bedrock model call",
                type: BEDROCK_POLICY_TYPE,
                content,
                tags: a.tags,
            },
            { parent: this, dependsOn: policyDependsOn },
        );

        // ---- The SCPs ----
        const scp = (key: ScpName, description: string) =>
            new aws.organizations.Policy(`${name}-${key}`, { name: `${name}-${key}`, description, type: SCP_TYPE, content: scpText(documents[key]), tags: a.tags }, { parent: this, dependsOn: policyDependsOn });
        const scps: Record<ScpName, aws.organizations.Policy> = {
            invokeViaVpce: scp("invokeViaVpce", "Denies Bedrock and AgentCore invocation outside the approved VPC endpoints"),
            governanceProtection: scp("governanceProtection", "Only the security automation role may change the AI governance controls; nobody uses Bedrock API keys"),
            agentCeiling: scp("agentCeiling", "Denies the destructive-action catalogue to roles on the agent path"),
        };

        // ---- Attachments, keyed by target ID ----
        const attach = (policy: aws.organizations.Policy, key: string, targets: readonly string[], dependsOn: pulumi.Resource[] = []) => {
            for (const target of targets) {
                new aws.organizations.PolicyAttachment(`${name}-${key}-${target}`, { policyId: policy.id, targetId: target }, { parent: this, dependsOn });
            }
        };
        // Members must be able to apply the guardrail before the policy makes every call apply it.
        attach(bedrockPolicy, "bedrock-policy", a.targets.bedrockPolicy ?? [a.rootId], shares);
        attach(scps.invokeViaVpce, "invokeViaVpce", a.targets.invokeViaVpce);
        attach(scps.governanceProtection, "governanceProtection", a.targets.governanceProtection ?? [a.rootId]);
        attach(scps.agentCeiling, "agentCeiling", a.targets.agentCeiling ?? [a.rootId]);

        // ---- AI services may not keep what they process ----
        if (a.aiServicesOptOut) {
            const optOut = new aws.organizations.Policy(
                `${name}-ai-services-opt-out`,
                {
                    name: `${name}-ai-services-opt-out`,
                    description: "Opts every account out of AWS AI services storing and using the content they process",
                    type: AI_OPT_OUT_POLICY_TYPE,
                    content: JSON.stringify(aiServicesOptOutContent()),
                    tags: a.tags,
                },
                { parent: this, dependsOn: policyDependsOn },
            );
            attach(optOut, "ai-services-opt-out", a.targets.aiServicesOptOut ?? [a.rootId]);
        }

        this.bedrockPolicyId = bedrockPolicy.id;
        this.serviceControlPolicyIds = pulumi.all({
            invokeViaVpce: scps.invokeViaVpce.id,
            governanceProtection: scps.governanceProtection.id,
            agentCeiling: scps.agentCeiling.id,
        });
        this.registerOutputs({ bedrockPolicyId: this.bedrockPolicyId, serviceControlPolicyIds: this.serviceControlPolicyIds });
    }
}
