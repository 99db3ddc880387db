import { PolicyResource } from "@pulumi/policy";
import { wildcardToRegExp } from "../../lib/wildcards";
import { StackIndex, stackOfUrn } from "../../lib/stack-index";
import { placementOf, ProvidedBy, providedBySchema, providedElsewhere } from "../../lib/placement";
import { stackRule } from "../../lib/rule";
import { BEDROCK_CONTROL_TYPES, T } from "../../lib/types";
import { boundaryPolicies } from "../../lib/agent-roles";

interface Config {
    protectedStacks: string[];
    governanceTypes: string[];
    includeBoundaryPolicies: boolean;
    providedBy?: ProvidedBy;
}

/**
 * The governance controls whose loss would switch the baseline off: every Bedrock and AgentCore
 * type the classification calls a control, plus trails, Organizations resources and the guardrail's
 * resource-based policy.
 */
export const DEFAULT_GOVERNANCE_TYPES: readonly string[] = [
    ...BEDROCK_CONTROL_TYPES,
    T.guardrailResourcePolicy,
    T.trail,
    T.organization,
    T.orgPolicy,
    T.orgPolicyAttachment,
];

/** Managed policies used as a role's permissions boundary in the stack, in stack order. */
function boundaryPoliciesOf(stack: StackIndex, resources: readonly PolicyResource[]): PolicyResource[] {
    const policies = stack.ofType(T.iamPolicy);
    if (policies.length === 0) {
        return [];
    }
    const used = boundaryPolicies(resources);
    return policies.filter((p) => used.has(p));
}

export const governanceResourcesProtected = stackRule<Config>({
    name: "governance-resources-protected",
    id: "AIG-CI-2",
    layer: "integrity",
    severity: "high",
    displayName: "Governance resources protected from deletion",
    frameworks: { owaspLlm: ["LLM01", "LLM06"], awsAisf: ["AISF-GOV-01"] },
    description:
        "In protected stacks (prod and org by default), governance resources (guardrails and their versions, boundary policies, trails, " +
        "invocation logging, Organizations policies, gateway policy engines) are registered with `protect: true`.",
    explanation:
        "A refactor that renames a component, a stack config switched by mistake or a `pulumi destroy` run against the wrong stack deletes " +
        "the guardrail, the trail or the SCPs as readily as any other resource. `protect` makes Pulumi refuse to delete them until someone " +
        "deliberately unprotects them: the deletion becomes a reviewed change.",
    seedControl: "Control integrity: governance resources carry protect in prod",
    peers: [],
    remediation:
        "Register these resources with `{protect: true}` (the baseline does when `ai-guardrails:protectGovernance` is true), or run " +
        "`pulumi state protect <urn>` for existing ones.",
    configSchema: {
        properties: {
            protectedStacks: {
                type: "array",
                items: { type: "string" },
                default: ["prod", "org"],
                description: "Stack names (wildcards allowed) whose governance resources must be protected; [\"*\"] for every stack.",
            },
            governanceTypes: {
                type: "array",
                items: { type: "string" },
                default: [...DEFAULT_GOVERNANCE_TYPES],
                description: "Resource type tokens that are governance controls.",
            },
            includeBoundaryPolicies: {
                type: "boolean",
                default: true,
                description: "Also require protect on IAM policies used as a role's permissions boundary.",
            },
            providedBy: providedBySchema(
                "deletion protection of governance resources, when something other than Pulumi's protect provides it (for example the " +
                    "organization's governance SCP, when these stacks are not deployed by the role it exempts)",
            ),
        },
    },
    validateStack: ({ resources, notApplicable }, { config, report }) => {
        const stack = StackIndex.of(resources);
        // Decided once per stack name (a stack's resources share one), not once per resource.
        const protectedStacks = new Set(stack.stackNames().filter((name) => config.protectedStacks.some((p) => wildcardToRegExp(p).test(name))));
        const inScope = (r: PolicyResource) => {
            const name = stackOfUrn(r.urn);
            return name !== undefined && protectedStacks.has(name);
        };
        if (protectedStacks.size === 0) {
            notApplicable(`not a protected stack (protectedStacks: ${config.protectedStacks.join(", ")})`);
        }
        const placement = placementOf(resources, config.providedBy);
        if (placement.kind === "elsewhere") {
            notApplicable(providedElsewhere("deletion protection of governance resources", placement));
        }
        const governance = stack.ofTypes(config.governanceTypes);
        if (config.includeBoundaryPolicies) {
            governance.push(...boundaryPoliciesOf(stack, resources));
        }
        for (const r of governance) {
            if (inScope(r) && !r.opts?.protect) {
                report(`${r.type} "${r.name}" is a governance control but is not protected: a rename, a refactor or a destroy deletes it`, r.urn);
            }
        }
    },
});
