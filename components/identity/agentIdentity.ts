import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { z } from "zod";
import {
    AGENT_IDENTITY_TAG,
    AGENT_SERVICE_PRINCIPALS,
    AGENT_TRUSTED_SERVICE_TAG,
    DEFAULT_AGENT_ROLE_PATH,
    defaultAgentSourceArn,
    isForbiddenManagedPolicyArn,
} from "../../policypack/controls/agent-identity";
import { parsePolicyDocument } from "../../policypack/lib/iam/document";
import { describeEscalation, escalationPaths } from "../../policypack/lib/iam/escalation";
import { administrativeGrants } from "../../policypack/lib/iam/privilege";
import { inputOf, validateArgs } from "../config/args";
import { agentTrustedServiceSchema } from "../config/identity";
import { AgentTrustedService } from "../settings/identity";
import { iamPathSchema, locationShape, managedPolicyArnSchema, partitionOf, tagsSchema } from "../config/location";
import { DeploymentLocation } from "../settings/location";
import { componentOptions, componentType } from "../shared/component";
import { serviceTrustPolicy } from "../shared/policyDocument";

/** An inline, least-privilege policy of an agent role. */
export interface AgentPolicy {
    /** Policy name, unique within the role (IAM: 1-128 of letters, digits and `+=,.@_-`). */
    name: string;
    /**
     * The IAM policy document: an object (`{Version, Statement}`; in TypeScript nested values may be
     * outputs, such as resource ARNs) or its JSON text. Grammar errors and administrative grants
     * (`*`, `iam:*`, `iam:PassRole` on every role, ...) are refused.
     */
    document: any;
}

/** Arguments of AgentIdentity: what the role is for, who assumes it, its boundary and its least-privilege policies. */
export interface AgentIdentityArgs extends DeploymentLocation {
    /** What the agent is for, in one sentence; becomes the role's description. */
    purpose: string;
    /** The service that assumes the role: Bedrock Agents, or AgentCore (runtimes and gateways). */
    trustedService: AgentTrustedService;
    /**
     * The `aws:SourceArn` pattern the trust policy requires. Defaults to any Bedrock agent
     * (`arn:PARTITION:bedrock:REGION:ACCOUNT:agent/*`) or any AgentCore runtime or gateway
     * (`arn:PARTITION:bedrock-agentcore:REGION:ACCOUNT:*`) in this account and Region.
     */
    sourceArn?: pulumi.Input<string>;
    /** The permissions boundary (normally the stack's AgentPermissionBoundary `policyArn`). Required. */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** Inline least-privilege policies: what the agent's purpose needs and nothing more; at least one. */
    policies: AgentPolicy[];
    /**
     * Customer managed policies to attach (AWS administrative and `*FullAccess` policies are refused).
     * An attachment is keyed by the policy's name when its ARN is known at construction, so reordering
     * the list replaces nothing.
     */
    managedPolicyArns?: pulumi.Input<string>[];
    /** IAM path marking the role as an agent identity (the stack settings' `identity.rolePath`). Defaults to `/ai-agents/`. */
    rolePath?: string;
    /** Tags on the role, besides the agent-identity tags. */
    tags?: { [key: string]: string };
}

/** IAM role descriptions: at most 1000 characters of this set. */
const ROLE_DESCRIPTION = /^[\t\n\r\u0020-\u007E\u00A1-\u00FF]{1,1000}$/;

/** A copy of a document with every not-yet-known value (output, promise) replaced by a marker. */
function knownPart(value: unknown): unknown {
    if (pulumi.Output.isInstance(value) || value instanceof Promise) {
        return "(computed)";
    }
    if (Array.isArray(value)) {
        return value.map(knownPart);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, knownPart(v)]));
    }
    return value;
}

/** A document given as JSON text, as an object. */
function documentObject(document: unknown): unknown {
    return typeof document === "string" ? JSON.parse(document) : document;
}

/** Grammar errors and administrative grants in one inline policy document. */
function documentProblems(document: unknown): string[] {
    let parsed;
    try {
        parsed = parsePolicyDocument(documentObject(document));
    } catch {
        return ["expected a policy document: an object or its JSON text"];
    }
    return [
        ...parsed.errors,
        ...administrativeGrants(parsed).map((f) => `${f}; an agent role gets least privilege only`),
        // The boundary denies every escalation pivot, so such a grant could only mislead a reader.
        ...escalationPaths(parsed).map((f) => `${describeEscalation(f)}; the permission boundary denies it`),
    ];
}

const policyDocument = z.any().superRefine((document, ctx) => {
    // A document that is an output as a whole is checked once it resolves (see the constructor).
    if (pulumi.Output.isInstance(document) || document instanceof Promise) {
        return;
    }
    if (document === undefined || document === null) {
        ctx.addIssue({ code: "custom", message: "required: the policy document" });
        return;
    }
    for (const message of documentProblems(knownPart(document))) {
        ctx.addIssue({ code: "custom", message });
    }
});

const agentPolicy = z
    .object({
        name: z.string().regex(/^[\w+=,.@-]{1,128}$/, "expected 1-128 letters, digits or +=,.@_-"),
        document: policyDocument,
    })
    .strict();

const managedPolicyArn = managedPolicyArnSchema.refine((arn) => !isForbiddenManagedPolicyArn(arn), {
    message: "administrative and *FullAccess AWS managed policies are not allowed on an agent role",
});

const permissionsBoundaryArn = z
    .string({ error: "an agent role must carry a permissions boundary (the stack's AgentPermissionBoundary policyArn)" })
    .regex(/^arn:aws(-us-gov)?:iam::\d{12}:policy\/.+$/, "an agent role must carry a permissions boundary: expected a policy ARN such as arn:aws:iam::123456789012:policy/ai-agents/agent-boundary");

/** @internal The arguments as the constructor validates them. */
export const agentIdentityArgsSchema = z
    .object({
        ...locationShape,
        purpose: z.string().trim().regex(ROLE_DESCRIPTION, "a sentence of 1-1000 printable characters is required (it documents why the role exists)"),
        trustedService: agentTrustedServiceSchema,
        sourceArn: inputOf(z.string().regex(/^arn:aws(-us-gov)?:bedrock(-agentcore)?:/, "expected a Bedrock or AgentCore ARN pattern such as arn:aws:bedrock:us-east-1:123456789012:agent/*")).optional(),
        permissionsBoundaryArn: inputOf(permissionsBoundaryArn),
        policies: z.array(agentPolicy).min(1, "at least one least-privilege policy is required (an agent role without permissions has no purpose)"),
        managedPolicyArns: z.array(inputOf(managedPolicyArn)).default([]),
        rolePath: iamPathSchema.default(DEFAULT_AGENT_ROLE_PATH),
        tags: tagsSchema.default({}),
    })
    .strict()
    .superRefine((a, ctx) => {
        const seen = new Set<string>();
        for (const [i, policy] of (Array.isArray(a.policies) ? a.policies : []).entries()) {
            if (seen.has(policy?.name)) {
                ctx.addIssue({ code: "custom", path: ["policies", i, "name"], message: "duplicate policy name: names are unique within a role" });
            }
            seen.add(policy?.name);
        }
    });

/** `AdministratorAccess`, `ai-agents-model-access`: an attachment's key, from the policy's path and name. */
function managedPolicyKey(arn: string): string {
    return arn.slice(arn.indexOf(":policy/") + ":policy/".length).replace(/\//g, "-");
}

/**
 * A dedicated IAM role for one agent: trusted only by the Bedrock or AgentCore service, and only
 * for requests from this account (`aws:SourceAccount`) and its agents (`aws:SourceArn`), so no
 * human and no other service can assume it (confused deputy). It carries the permissions boundary,
 * lives under the agent path and is tagged as an agent identity; its only permissions are the
 * least-privilege policies given. Invalid arguments throw before any resource is registered.
 */
export class AgentIdentity extends pulumi.ComponentResource {
    /** ARN of the role: pass it to the agent (`agentResourceRoleArn`) or the runtime/gateway (`roleArn`). */
    public readonly roleArn: pulumi.Output<string>;
    /** Name of the role. */
    public readonly roleName: pulumi.Output<string>;
    /** The trust policy, as JSON. */
    public readonly trustPolicy: pulumi.Output<string>;

    constructor(name: string, args: AgentIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        const a = validateArgs("AgentIdentity", name, agentIdentityArgsSchema, args);
        super(componentType("AgentIdentity"), name, {}, componentOptions("AgentIdentity", "identity", opts));

        const service = a.trustedService;
        const sourceArn = a.sourceArn ?? defaultAgentSourceArn(service, partitionOf(a.region), a.region, a.accountId);
        this.trustPolicy = serviceTrustPolicy({ service: AGENT_SERVICE_PRINCIPALS[service], accountId: a.accountId, sourceArnLike: sourceArn });

        // The role is the component: it takes the component's name (releases before 0.2 named it `${name}-role`).
        const role = new aws.iam.Role(
            name,
            {
                description: a.purpose,
                path: a.rolePath,
                assumeRolePolicy: this.trustPolicy,
                permissionsBoundary: a.permissionsBoundaryArn,
                maxSessionDuration: 3600,
                tags: { ...a.tags, [AGENT_IDENTITY_TAG]: "true", [AGENT_TRUSTED_SERVICE_TAG]: service },
            },
            { parent: this, aliases: [{ name: `${name}-role` }] },
        );

        for (const policy of a.policies) {
            // Refuse administrative grants in parts of the document that were not known at construction too.
            const document = pulumi.output(policy.document).apply((doc: unknown) => {
                const problems = documentProblems(doc);
                if (problems.length > 0) {
                    throw new Error(`AgentIdentity ${name}: policies ${policy.name}: ${problems.join("; ")}`);
                }
                return typeof doc === "string" ? doc : JSON.stringify(doc);
            });
            new aws.iam.RolePolicy(`${name}-${policy.name}`, { role: role.name, name: policy.name, policy: document }, { parent: this });
        }
        a.managedPolicyArns.forEach((arn, i) => {
            const key = typeof arn === "string" ? managedPolicyKey(arn) : String(i);
            new aws.iam.RolePolicyAttachment(
                `${name}-managed-${key}`,
                {
                    role: role.name,
                    // Refuse forbidden policies that were not known at construction too.
                    policyArn: pulumi.output(arn).apply((value) => {
                        if (isForbiddenManagedPolicyArn(value)) {
                            throw new Error(`AgentIdentity ${name}: ${value} is an administrative or *FullAccess AWS managed policy`);
                        }
                        return value;
                    }),
                },
                // Releases before 0.2 keyed attachments by list position.
                { parent: this, aliases: key === String(i) ? [] : [{ name: `${name}-managed-${i}` }] },
            );
        });

        this.roleArn = role.arn;
        this.roleName = role.name;
        this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName, trustPolicy: this.trustPolicy });
    }
}
