import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import {
    AGENT_IDENTITY_TAG,
    AGENT_SERVICE_PRINCIPALS,
    AGENT_TRUSTED_SERVICE_TAG,
    AgentTrustedService,
    DEFAULT_AGENT_ROLE_PATH,
    defaultAgentSourceArn,
    isForbiddenManagedPolicyArn,
    ROLE_PATH,
} from "../../policypack/controls/agent-identity";
import { parsePolicyDocument } from "../../policypack/lib/iam/document";
import { administrativeGrants } from "../../policypack/lib/iam/privilege";
import { serviceTrustPolicy } from "../shared/policyDocument";

/** An inline, least-privilege policy of an agent role. */
export interface AgentPolicy {
    /** Policy name, unique within the role (IAM: 1-128 of letters, digits and `+=,.@_-`). */
    name: string;
    /** The IAM policy document (an object; nested values may be outputs, such as resource ARNs). */
    document: pulumi.Input<aws.iam.PolicyDocument | Record<string, unknown>>;
}

export interface AgentIdentityArgs {
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
    /** The account the role lives in; the trust policy requires it as `aws:SourceAccount`. */
    accountId: pulumi.Input<string>;
    region: pulumi.Input<string>;
    partition: pulumi.Input<string>;
    /** The permissions boundary (normally the stack's `AgentPermissionBoundary`). Required. */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** Inline least-privilege policies: what the agent's purpose needs and nothing more. */
    policies: AgentPolicy[];
    /** Customer managed policies to attach (AWS administrative and `*FullAccess` policies are refused). */
    managedPolicyArns?: pulumi.Input<string>[];
    /** IAM path marking the role as an agent identity; defaults to `/ai-agents/`. */
    path?: string;
    tags?: Record<string, string>;
}

const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
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

/** Grammar errors and administrative grants in one inline policy document, one line each. */
function documentProblems(index: number, policyName: string, document: unknown): string[] {
    const parsed = parsePolicyDocument(document);
    return [
        ...parsed.errors.map((e) => `policies[${index}] (${policyName}): ${e}`),
        ...administrativeGrants(parsed).map((f) => `policies[${index}] (${policyName}): ${f}; an agent role gets least privilege only`),
    ];
}

/** Problems with the arguments, one line each; empty when they are valid. */
export function agentIdentityProblems(name: string, args: AgentIdentityArgs): string[] {
    const problems: string[] = [];
    if (!(args.trustedService in AGENT_SERVICE_PRINCIPALS)) {
        problems.push(`trustedService ${JSON.stringify(args.trustedService)}: expected one of ${Object.keys(AGENT_SERVICE_PRINCIPALS).join(", ")}`);
    }
    if (typeof args.purpose !== "string" || !ROLE_DESCRIPTION.test(args.purpose.trim())) {
        problems.push("purpose: a sentence of 1-1000 printable characters is required (it documents why the role exists)");
    }
    if (!args.permissionsBoundaryArn) {
        problems.push("permissionsBoundaryArn: an agent role must carry a permissions boundary");
    }
    const path = args.path ?? DEFAULT_AGENT_ROLE_PATH;
    if (!ROLE_PATH.test(path) || path.length > 512) {
        problems.push(`path ${JSON.stringify(path)}: expected an IAM path such as /ai-agents/`);
    }
    if (!Array.isArray(args.policies) || args.policies.length === 0) {
        problems.push("policies: at least one least-privilege policy is required (an agent role without permissions has no purpose)");
    }
    const seen = new Set<string>();
    for (const [i, policy] of (args.policies ?? []).entries()) {
        if (!POLICY_NAME.test(policy.name ?? "")) {
            problems.push(`policies[${i}].name ${JSON.stringify(policy.name)}: expected 1-128 letters, digits or +=,.@_-`);
        } else if (seen.has(policy.name)) {
            problems.push(`policies[${i}].name ${JSON.stringify(policy.name)}: duplicate policy name`);
        }
        seen.add(policy.name);
        const doc = policy.document;
        // A document that is an output as a whole is checked once it resolves (see the constructor).
        if (!pulumi.Output.isInstance(doc) && !(doc instanceof Promise)) {
            problems.push(...documentProblems(i, policy.name, knownPart(doc)));
        }
    }
    for (const [i, arn] of (args.managedPolicyArns ?? []).entries()) {
        if (typeof arn === "string" && isForbiddenManagedPolicyArn(arn)) {
            problems.push(`managedPolicyArns[${i}] ${arn}: administrative and *FullAccess AWS managed policies are not allowed on an agent role`);
        }
    }
    if (!name) {
        problems.push("name: required");
    }
    return problems;
}

/**
 * A dedicated IAM role for one agent: trusted only by the Bedrock or AgentCore service, and only
 * for requests from this account (`aws:SourceAccount`) and its agents (`aws:SourceArn`), so no
 * human and no other service can assume it (confused deputy). It carries the permissions boundary,
 * lives under the agent path and is tagged as an agent identity; its only permissions are the
 * least-privilege policies given. Invalid arguments throw before any resource is registered.
 */
export class AgentIdentity extends pulumi.ComponentResource {
    /** The agent's role. */
    public readonly role: aws.iam.Role;
    /** ARN of the role: pass it to the agent (`agentResourceRoleArn`) or the runtime/gateway (`roleArn`). */
    public readonly roleArn: pulumi.Output<string>;
    /** Name of the role. */
    public readonly roleName: pulumi.Output<string>;
    /** The trust policy, as JSON. */
    public readonly trustPolicy: pulumi.Output<string>;

    constructor(name: string, args: AgentIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems = agentIdentityProblems(name, args);
        if (problems.length > 0) {
            throw new Error(`AgentIdentity ${name}: invalid arguments:\n` + problems.map((p) => `  - ${p}`).join("\n"));
        }
        super("ai-guardrails:identity:AgentIdentity", name, {}, opts);

        const service = args.trustedService;
        const sourceArn = args.sourceArn ?? pulumi.all([args.partition, args.region, args.accountId]).apply(([p, r, a]) => defaultAgentSourceArn(service, p, r, a));
        this.trustPolicy = serviceTrustPolicy({ service: AGENT_SERVICE_PRINCIPALS[service], accountId: args.accountId, sourceArnLike: sourceArn });

        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                description: args.purpose.trim(),
                path: args.path ?? DEFAULT_AGENT_ROLE_PATH,
                assumeRolePolicy: this.trustPolicy,
                permissionsBoundary: args.permissionsBoundaryArn,
                maxSessionDuration: 3600,
                tags: { ...(args.tags ?? {}), [AGENT_IDENTITY_TAG]: "true", [AGENT_TRUSTED_SERVICE_TAG]: service },
            },
            { parent: this },
        );

        args.policies.forEach((policy, i) => {
            // Refuse administrative grants in parts of the document that were not known at construction too.
            const document = pulumi.output(policy.document).apply((doc) => {
                const problems = documentProblems(i, policy.name, doc);
                if (problems.length > 0) {
                    throw new Error(`AgentIdentity ${name}: ${problems.join("; ")}`);
                }
                return JSON.stringify(doc);
            });
            new aws.iam.RolePolicy(`${name}-${policy.name}`, { role: this.role.name, name: policy.name, policy: document }, { parent: this });
        });
        (args.managedPolicyArns ?? []).forEach((arn, i) => {
            new aws.iam.RolePolicyAttachment(
                `${name}-managed-${i}`,
                {
                    role: this.role.name,
                    // Refuse forbidden policies that were not known at construction too.
                    policyArn: pulumi.output(arn).apply((a) => {
                        if (isForbiddenManagedPolicyArn(a)) {
                            throw new Error(`AgentIdentity ${name}: ${a} is an administrative or *FullAccess AWS managed policy`);
                        }
                        return a;
                    }),
                },
                { parent: this },
            );
        });

        this.roleArn = this.role.arn;
        this.roleName = this.role.name;
        this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName, trustPolicy: this.trustPolicy });
    }
}
