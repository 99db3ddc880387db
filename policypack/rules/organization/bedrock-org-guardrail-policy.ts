import { PolicyResource } from "@pulumi/policy";
import { MODEL_IDS_WITHOUT_GUARDRAIL } from "../../controls/model-capabilities";
import { BEDROCK_POLICY_TYPE } from "../../controls/organization";
import { parseGuardrailIdentifier } from "../../lib/guardrail-arn";
import { validateBedrockPolicyContent } from "../../lib/organizations/bedrock-policy-check";
import { guardrailShareProblems } from "../../lib/organizations/guardrail-share";
import { knownStrings } from "../../lib/references";
import { StackIndex } from "../../lib/stack-index";
import { organizationPoliciesOfType, OrgScopeConfig, orgScopeSchema } from "../../lib/organizations/policy-views";
import { stackRule } from "../../lib/rule";
import { T } from "../../lib/types";
import { dependenciesOf } from "../../lib/unknowns";

interface Config extends OrgScopeConfig {
    requiredRegions: string[];
    managementAccountId: string;
    requireAllModels: boolean;
    allowedExcludedModels: string[];
    requireComprehensiveMessages: boolean;
    selectiveSystemReason: string;
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
        "all models that can take a guardrail in every configured Region, system prompts and messages alike, and the guardrail's resource " +
        "policy shares it with the organization in the documented form.",
    explanation:
        "The Organizations Bedrock policy is the only way to put the baseline guardrail on every model call of every member account, " +
        "whatever their code does. It must name a published numeric version: DRAFT changes under everyone's feet, and AWS documents that a " +
        "malformed identifier, a guardrail in another Region or one member accounts may not apply makes every Bedrock call in the target " +
        "accounts fail, and guardrail resource policies accept only a restricted set of statements (Principal \"*\" as a string, with an " +
        "organization condition). Selective guarding of system prompts evaluates nothing that is not tagged. Models that cannot take a " +
        "guardrail (embeddings, rerank, speech) are the only ones to exclude.",
    seedControl: "Organizations BEDROCK_POLICY with the guardrail baseline",
    peers: [],
    remediation:
        'Create an aws.organizations.Policy of type BEDROCK_POLICY whose content is {"bedrock": {"guardrail_inference": {"<region>": {"<name>": ' +
        '{"identifier": {"@@assign": "<guardrail ARN>:<version number>"}, "selective_content_guarding": {"system": {"@@assign": "comprehensive"}, ' +
        '"messages": {"@@assign": "comprehensive"}}, "model_enforcement": {"included_models": {"@@assign": ["ALL"]}, "excluded_models": {"@@assign": ' +
        '[<models that cannot take a guardrail>]}}}}}}}, attach it, enable BEDROCK_POLICY on the root and give the guardrail the resource-based policy ' +
        '{"Effect": "Allow", "Principal": "*", "Action": ["bedrock:ApplyGuardrail", "bedrock:GetGuardrail"], "Resource": "<guardrail ARN>", ' +
        '"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-..."}}}; the OrganizationGuardrails component does all of it.',
    configSchema: {
        properties: {
            ...orgScopeSchema,
            requiredRegions: { type: "array", items: { type: "string" }, default: [], description: "Regions the policy must enforce a guardrail in." },
            managementAccountId: { type: "string", default: "", description: "When set, the guardrails must belong to this account (the management account)." },
            requireAllModels: { type: "boolean", default: true, description: 'Require included_models ["ALL"].' },
            allowedExcludedModels: {
                type: "array",
                items: { type: "string" },
                default: [...MODEL_IDS_WITHOUT_GUARDRAIL],
                description: "Models that may be excluded from enforcement; by default the models that cannot take a guardrail (embeddings, rerank, speech).",
            },
            requireComprehensiveMessages: { type: "boolean", default: true, description: 'Require selective_content_guarding.messages "comprehensive".' },
            selectiveSystemReason: {
                type: "string",
                default: "",
                description: 'Why system prompts may be guarded only where tagged (selective_content_guarding.system "selective"); empty: "comprehensive" is required.',
            },
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
                requireComprehensiveSystem: config.selectiveSystemReason.trim() === "",
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
                    if (attached.length === 0) {
                        problems.push(
                            `${entry.region}.${entry.configName}: the guardrail ${guardrailArn} has no resource-based policy in this stack letting member accounts call bedrock:ApplyGuardrail, so their model calls would fail`,
                        );
                        continue;
                    }
                    // One policy per guardrail: judge each, and accept when one shares it as documented.
                    const verdicts = attached.map((rp) => guardrailShareProblems(rp.props.policyDocument, guardrailArn));
                    if (!verdicts.some((v) => v.length === 0)) {
                        problems.push(`${entry.region}.${entry.configName}: the resource-based policy of the guardrail ${guardrailArn}: ${[...new Set(verdicts.flat())].join("; ")}`);
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
