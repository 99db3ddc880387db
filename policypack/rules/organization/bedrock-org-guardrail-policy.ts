import { PolicyResource } from "@pulumi/policy";
import { BEDROCK_POLICY_TYPE } from "../../controls/organization";
import { parseGuardrailIdentifier } from "../../lib/guardrail-arn";
import { validateBedrockPolicyContent } from "../../lib/organizations/bedrock-policy-check";
import { knownStrings } from "../../lib/references";
import { StackIndex } from "../../lib/stack-index";
import { statementCoversAction } from "../../lib/iam/actions";
import { parsePolicyDocument } from "../../lib/iam/document";
import { organizationPoliciesOfType, OrgScopeConfig, orgScopeSchema, statementCoversResource } from "../../lib/organizations/policy-views";
import { stackRule } from "../../lib/rule";
import { T } from "../../lib/types";
import { dependenciesOf } from "../../lib/unknowns";

const APPLY_GUARDRAIL = "bedrock:ApplyGuardrail";

interface Config extends OrgScopeConfig {
    requiredRegions: string[];
    managementAccountId: string;
    requireAllModels: boolean;
    allowedExcludedModels: string[];
    requireComprehensiveMessages: boolean;
    requireGuardrailResourcePolicy: boolean;
}

export const bedrockOrgGuardrailPolicy = stackRule<Config>({
    name: "bedrock-org-guardrail-policy",
    id: "AIG-ORG-1",
    layer: "organization",
    severity: "critical",
    displayName: "Organization enforces the baseline guardrail",
    frameworks: { owaspLlm: ["LLM01", "LLM02"], awsAisf: ["AISF-AI-01", "AISF-GOV-02"] },
    description:
        "In the organization stack, an attached BEDROCK_POLICY enforces a published, numeric guardrail version of the management account on " +
        "all models in every configured Region, and the guardrail lets the organization apply it.",
    explanation:
        "The Organizations Bedrock policy is the only way to put the baseline guardrail on every model call of every member account, " +
        "whatever their code does. It must name a published numeric version: DRAFT changes under everyone's feet, and AWS documents that a " +
        "malformed identifier, a guardrail in another Region or one member accounts may not apply makes every Bedrock call in the target " +
        "accounts fail.",
    seedControl: "Organizations BEDROCK_POLICY with the guardrail baseline",
    peers: [],
    remediation:
        'Create an aws.organizations.Policy of type BEDROCK_POLICY whose content is {"bedrock": {"guardrail_inference": {"<region>": {"<name>": ' +
        '{"identifier": {"@@assign": "<guardrail ARN>:<version number>"}, "selective_content_guarding": {"messages": {"@@assign": "comprehensive"}}, ' +
        '"model_enforcement": {"included_models": {"@@assign": ["ALL"]}}}}}}}, attach it, enable BEDROCK_POLICY on the root and give the guardrail ' +
        "a resource-based policy that lets the organization call bedrock:ApplyGuardrail; the OrganizationGuardrails component does all of it.",
    configSchema: {
        properties: {
            ...orgScopeSchema,
            requiredRegions: { type: "array", items: { type: "string" }, default: [], description: "Regions the policy must enforce a guardrail in." },
            managementAccountId: { type: "string", default: "", description: "When set, the guardrails must belong to this account (the management account)." },
            requireAllModels: { type: "boolean", default: true, description: 'Require included_models ["ALL"].' },
            allowedExcludedModels: { type: "array", items: { type: "string" }, default: [], description: "Models that may be excluded from enforcement." },
            requireComprehensiveMessages: { type: "boolean", default: true, description: 'Require selective_content_guarding.messages "comprehensive".' },
            requireGuardrailResourcePolicy: {
                type: "boolean",
                default: true,
                description: "Require, in the stack, a resource-based policy (aws-native:bedrock:ResourcePolicy) on each enforced guardrail.",
            },
        },
    },
    validateStack: (args, { config, report }) => {
        const { resources } = args;
        const { scope, views: policies } = organizationPoliciesOfType(args, config, BEDROCK_POLICY_TYPE, report);
        if (policies.length === 0 && scope === "review") {
            return;
        }
        if (policies.length === 0) {
            report("the organization stack has no BEDROCK_POLICY: no guardrail is enforced on the member accounts' model calls");
            return;
        }
        // Guardrail resource policies by the guardrail ARN they are for: written out, or the ARN of the in-stack guardrail they depend on.
        const resourcePolicies = new Map<string, PolicyResource[]>();
        for (const rp of StackIndex.of(resources).ofType(T.guardrailResourcePolicy)) {
            const arns = new Set([...knownStrings(rp, ["resourceArn"]), ...dependenciesOf(rp, "resourceArn").flatMap((g) => knownStrings(g, ["guardrailArn", "arn"]))]);
            for (const arn of arns) {
                resourcePolicies.set(arn, [...(resourcePolicies.get(arn) ?? []), rp]);
            }
        }
        let effective = false;
        for (const view of policies) {
            const label = `Bedrock policy "${view.resource.name}"`;
            const { problems, entries } = validateBedrockPolicyContent(view.text, {
                requiredRegions: config.requiredRegions,
                managementAccountId: config.managementAccountId || undefined,
                requireAllModels: config.requireAllModels,
                allowedExcludedModels: config.allowedExcludedModels,
                requireComprehensiveMessages: config.requireComprehensiveMessages,
            });
            if (view.attachments.length === 0) {
                problems.push("it is not attached to any root, OU or account in this stack");
            }
            if (config.requireGuardrailResourcePolicy) {
                for (const entry of entries) {
                    const parsed = entry.identifier ? parseGuardrailIdentifier(entry.identifier) : undefined;
                    if (!parsed) {
                        continue;
                    }
                    const guardrailArn = `arn:${parsed.partition}:bedrock:${parsed.region}:${parsed.accountId}:guardrail/${parsed.guardrailId}`;
                    const attached = resourcePolicies.get(guardrailArn) ?? [];
                    // The policy must actually grant ApplyGuardrail on the guardrail: a policy that grants only reads leaves every member call failing.
                    const grants = attached.some((rp) =>
                        parsePolicyDocument(rp.props.policyDocument).statements.some(
                            (st) => st.effect === "Allow" && statementCoversAction(st, APPLY_GUARDRAIL) && statementCoversResource(st, guardrailArn),
                        ),
                    );
                    if (attached.length === 0) {
                        problems.push(
                            `${entry.region}.${entry.configName}: the guardrail ${guardrailArn} has no resource-based policy in this stack letting member accounts call ${APPLY_GUARDRAIL}, so their model calls would fail`,
                        );
                    } else if (!grants) {
                        problems.push(
                            `${entry.region}.${entry.configName}: the resource-based policy of the guardrail ${guardrailArn} does not allow ${APPLY_GUARDRAIL} on it, so member accounts' model calls would fail`,
                        );
                    }
                }
            }
            if (problems.length > 0) {
                report(`${label}: ${problems.join("; ")}`, view.resource.urn);
            } else {
                effective = true;
            }
        }
        if (!effective && policies.length > 1 && scope === "baseline") {
            report("no BEDROCK_POLICY of the organization stack is both valid and attached");
        }
    },
});
