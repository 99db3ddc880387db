/**
 * Where a control lives. A presence rule (invocation logging, VPC endpoints, governance alarms,
 * governance protection, the Organizations baseline) has three answers for a stack: the control is
 * in this stack (the rule reviews it); it is provided elsewhere, as the pack config declares in the
 * rule's `providedBy` setting (the answer names where, and what can be checked from this stack is
 * checked); or it is missing (a violation). One organization-wide config declares every central
 * control once, so the pack can be enforced at mandatory on every stack: the stacks the
 * declaration names must hold the control (removing it there is a finding), the others are not
 * asked for what they cannot provide.
 */
import { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import { StackIndex } from "./stack-index";
import { wildcardToRegExp } from "./wildcards";

type JSONSchema = PolicyConfigSchema["properties"][string];

/** The common part of every `providedBy` setting. */
export interface ProvidedBy {
    /** Stacks that hold the control: stack names or `project/stack`, wildcards allowed. */
    stacks: string[];
    /** The AWS account that holds it. */
    accountId?: string;
    /** What and where, in the words of the platform team (named in the answers). */
    description?: string;
}

/** The `providedBy` schema of a rule: the common keys plus the control's own (endpoint IDs, topic ARNs). */
export function providedBySchema(what: string, extra: Record<string, JSONSchema> = {}): JSONSchema {
    return {
        type: "object",
        description:
            `Where ${what} lives when it is not in the stack being checked (an organization-wide setting). The stacks named in stacks must ` +
            "hold it; every other stack is told where it is instead of being asked to create it.",
        properties: {
            stacks: {
                type: "array",
                items: { type: "string", minLength: 1 },
                description: "Stacks that hold the control: stack names or project/stack, wildcards allowed (for example security-*); empty (the default) declares nothing.",
            },
            accountId: { type: "string", pattern: "^\\d{12}$", description: "The AWS account that holds it." },
            description: { type: "string", description: "What and where, named in the answers (for example: the security account's audit stack)." },
            ...extra,
        },
        required: ["stacks"],
        additionalProperties: false,
        default: { stacks: [] },
    };
}

export type Placement<P extends ProvidedBy = ProvidedBy> =
    /** This stack is one the declaration names: it must hold the control. */
    | { kind: "home"; providedBy: P; where: string }
    /** Another stack or account holds it, as declared. */
    | { kind: "elsewhere"; providedBy: P; where: string }
    /** Nothing is declared: the control must be in the stack. */
    | { kind: "undeclared" };

/** `stack` and `project/stack` of every URN in the stack, once per stack index. */
function stackLabels(resources: readonly PolicyResource[]): readonly string[] {
    const index = StackIndex.of(resources);
    return index.remember("stack labels", () => {
        const labels = new Set<string>();
        for (const r of resources) {
            const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(r.urn);
            if (m) {
                labels.add(m[1]);
                labels.add(`${m[2]}/${m[1]}`);
            }
        }
        return [...labels];
    });
}

/** How the answers name a declaration: `stack security-* (account 222233334444: the audit stack)`. */
export function describeProvider(p: ProvidedBy): string {
    const details = [p.accountId ? `account ${p.accountId}` : "", p.description ?? ""].filter((d) => d !== "");
    return `${p.stacks.length === 1 ? "stack" : "stacks"} ${p.stacks.join(", ")}${details.length > 0 ? ` (${details.join(": ")})` : ""}`;
}

/** Where the control of a rule lives, seen from this stack. */
export function placementOf<P extends ProvidedBy>(resources: readonly PolicyResource[], providedBy: P | undefined): Placement<P> {
    if (!providedBy || !Array.isArray(providedBy.stacks) || providedBy.stacks.length === 0) {
        return { kind: "undeclared" };
    }
    const labels = stackLabels(resources);
    const home = providedBy.stacks.some((pattern) => labels.some((label) => wildcardToRegExp(pattern).test(label)));
    return { kind: home ? "home" : "elsewhere", providedBy, where: describeProvider(providedBy) };
}

/** The not-applicable answer of a stack that does not hold a control another stack provides. */
export function providedElsewhere(what: string, placement: { where: string }): string {
    return `${what} is provided outside this stack, by ${placement.where}, as the pack config declares (providedBy)`;
}

/** The missing-control message's tail, pointing at the declaration. */
export function declareHint(what: string): string {
    return `if another stack or account provides ${what}, declare it in this policy's providedBy setting`;
}

/** The home stack's message when the declared control is not there. */
export function missingAtHome(what: string, placement: { where: string }): string {
    return `the pack config declares that ${placement.where} provides ${what} (providedBy), but this stack has none: restore it, or change the declaration`;
}
