import { MANTLE_BYPASSES, MANTLE_INFERENCE_ACTION } from "../../controls/invoke-class";
import { SCP_TYPE, SOURCE_VPCE_KEY, VIA_AWS_SERVICE_KEY, VPC_ENDPOINT_ID } from "../../controls/organization";
import { invokeClassActions } from "../../lib/iam/invoke-class";
import { statementCoversAction } from "../../lib/iam/actions";
import { ConditionClause, describeStatement, Statement } from "../../lib/iam/document";
import {
    describeClause,
    isPrincipalExemption,
    judgeDenies,
    organizationPoliciesOfType,
    OrgScopeConfig,
    orgScopeSchema,
    overbroadExemptions,
    policyLabel,
    statementReview,
    usabilityProblems,
} from "../../lib/organizations/policy-views";
import { stackRule } from "../../lib/rule";

interface Config extends OrgScopeConfig {
    requiredActions: string[];
    approvedVpcEndpointIds: string[];
    mantleInferenceReason: string;
}

const is = (clause: ConditionClause, key: string, operator: RegExp) => clause.key.toLowerCase() === key.toLowerCase() && operator.test(clause.operator);
const SOURCE_VPCE_OPERATOR = /^StringNotEquals(IfExists)?$/;
const VIA_SERVICE_OPERATOR = /^Bool(IfExists)?$/;

/** Why a Deny statement does not confine the action to the approved endpoints; empty when it does (an unconditional Deny confines it to nowhere). */
function confinementProblems(s: Statement, approved: readonly string[]): string[] {
    if (s.conditions.length === 0) {
        return [];
    }
    const problems: string[] = [];
    const where = describeStatement(s);
    const vpce = s.conditions.find((c) => is(c, SOURCE_VPCE_KEY, SOURCE_VPCE_OPERATOR));
    if (!vpce) {
        problems.push(`${where} has no StringNotEquals ${SOURCE_VPCE_KEY} condition`);
    } else {
        const malformed = vpce.values.filter((v) => !VPC_ENDPOINT_ID.test(v));
        if (vpce.values.length === 0 || malformed.length > 0) {
            problems.push(`${where}: ${SOURCE_VPCE_KEY} must list VPC endpoint IDs (vpce-...), got ${JSON.stringify(vpce.values)}`);
        }
        const unapproved = approved.length > 0 ? vpce.values.filter((v) => !approved.includes(v)) : [];
        if (unapproved.length > 0) {
            problems.push(`${where} also lets invocations through ${unapproved.join(", ")}, which ${unapproved.length === 1 ? "is" : "are"} not an approved endpoint`);
        }
    }
    const via = s.conditions.find((c) => is(c, VIA_AWS_SERVICE_KEY, VIA_SERVICE_OPERATOR));
    if (!via || via.values.length !== 1 || via.values[0].toLowerCase() !== "false") {
        problems.push(
            `${where} has no BoolIfExists ${VIA_AWS_SERVICE_KEY} "false" condition inside Condition: calls AWS services make on a principal's behalf ` +
                "(agents, knowledge bases) would be denied too",
        );
    }
    for (const c of s.conditions) {
        if (c === vpce || c === via) {
            continue;
        }
        if (isPrincipalExemption(c)) {
            const broad = overbroadExemptions(c);
            if (broad.length > 0) {
                problems.push(`${where} exempts ${broad.join(", ")}, which covers ordinary administrators`);
            }
            continue;
        }
        problems.push(`${where} is narrowed by ${describeClause(c)}: invocations outside that condition are not confined`);
    }
    return problems;
}

export const scpBedrockInvokeViaVpce = stackRule<Config>({
    name: "scp-bedrock-invoke-via-vpce",
    id: "AIG-ORG-2",
    layer: "organization",
    severity: "high",
    displayName: "SCP: model invocation only through approved endpoints",
    frameworks: { owaspLlm: ["LLM10"], awsAisf: ["AISF-INFRA-01", "AISF-GOV-02"] },
    description:
        "In the organization stack, attached, valid SCPs deny every invoke-class action (Bedrock, Mantle and AgentCore invocation, derived from " +
        "the action catalogue) unless it arrives through an approved VPC endpoint (aws:SourceVpce), with an exception for calls AWS services make " +
        "on a principal's behalf, and deny Mantle inference outright unless its use is declared with a reason.",
    explanation:
        "Endpoint policies and private DNS only help if invocation cannot simply go around them over the public endpoint. An SCP is the one " +
        "control a member account cannot remove. Its grammar must be exact: an operator such as BoolIfExists written outside Condition " +
        "makes AWS reject the policy, and a missing aws:ViaAWSService exception breaks agents and knowledge bases. A hand list of actions " +
        "leaves every newer path open (AgentCore's WebSocket and per-user runtime calls, gateways, Mantle): the rule requires the whole " +
        "invoke class. Mantle inference is a private path around every model control. SCPs do not apply in the management account.",
    seedControl: "VPC endpoints / SCP condition: invoke only through approved endpoints",
    peers: [],
    remediation:
        'Attach an SCP with {"Effect": "Deny", "Action": ["bedrock:Invoke*", "bedrock:Retrieve*", "bedrock:AgenticRetrieve*", ' +
        '"bedrock:Rerank", "bedrock:GenerateQuery", "bedrock:OptimizePrompt", "bedrock-mantle:CreateInference", "bedrock-agentcore:Invoke*", ' +
        '"bedrock-agentcore:Retrieve*"], "Resource": "*", ' +
        '"Condition": {"StringNotEquals": {"aws:SourceVpce": ["vpce-..."]}, "BoolIfExists": {"aws:ViaAWSService": "false"}}} to the OUs of ' +
        "the accounts that run models, and deny bedrock-mantle:CreateInference without condition unless mantleInferenceReason says why it is " +
        "needed; the OrganizationGuardrails component does this.",
    configSchema: {
        properties: {
            ...orgScopeSchema,
            requiredActions: {
                type: "array",
                items: { type: "string" },
                default: invokeClassActions(),
                description: "Actions that must be confined to the approved VPC endpoints (default: the invoke class, expanded from the action catalogue).",
            },
            approvedVpcEndpointIds: {
                type: "array",
                items: { type: "string", pattern: VPC_ENDPOINT_ID.source },
                default: [],
                description: "The approved endpoints; when set, an SCP that lets any other endpoint through is flagged.",
            },
            mantleInferenceReason: {
                type: "string",
                default: "",
                description:
                    "Why Mantle inference (bedrock-mantle:CreateInference) is allowed (keep in line with ai-guardrails:organization.mantleInferenceReason). " +
                    "Empty: an SCP must deny it outright; set: the finding that it runs without guardrail or invocation logging is advisory.",
            },
        },
    },
    validateStack: (args, { config, report }) => {
        const { scope, views: scps } = organizationPoliciesOfType(args, config, SCP_TYPE, report);
        // The SCPs that try to confine invocation, judged whole: grammar and attachment first.
        const candidates = scps.filter(
            (v) =>
                !v.doc || v.doc.statements.length === 0 ||
                v.doc.statements.some((s) => s.effect === "Deny" && config.requiredActions.some((a) => statementCoversAction(s, a)) && s.conditions.some((c) => c.key.toLowerCase() === SOURCE_VPCE_KEY.toLowerCase())),
        );
        for (const view of candidates) {
            const problems = [...usabilityProblems(view), ...(scope === "review" ? statementReview(view, config.requiredActions, (s) => confinementProblems(s, config.approvedVpcEndpointIds)) : [])];
            if (problems.length > 0) {
                report(`${policyLabel(view)}: ${problems.join("; ")}`, view.resource.urn);
            }
        }
        if (scope === "review") {
            // The baseline lives in the stack providedBy names: here only the policies' own content is judged.
            return;
        }
        const unconfined: string[] = [];
        for (const action of config.requiredActions) {
            const { enforced, verdicts } = judgeDenies(scps, action, "*", (s) => confinementProblems(s, config.approvedVpcEndpointIds));
            if (enforced) {
                continue;
            }
            const reasons = verdicts.flatMap((v) => v.problems.map((p) => `${policyLabel(v.policy)} ${p}`));
            unconfined.push(reasons.length > 0 ? `${action} (${[...new Set(reasons)].join("; ")})` : action);
        }
        if (unconfined.length > 0) {
            report(`no attached, valid SCP confines these actions to approved VPC endpoints: ${unconfined.join(" | ")}`);
        }
        const mantleDenied = judgeDenies(scps, MANTLE_INFERENCE_ACTION, "*", (s) => (s.conditions.length === 0 ? [] : [`${describeStatement(s)} denies it only under conditions`])).enforced;
        if (!mantleDenied) {
            const reason = config.mantleInferenceReason.trim();
            if (reason !== "") {
                report(`Mantle inference is allowed (${reason}): ${MANTLE_BYPASSES}`, undefined, "advisory");
            } else {
                report(`no attached, valid SCP denies ${MANTLE_INFERENCE_ACTION} outright: ${MANTLE_BYPASSES}. Deny it, or declare why it is needed (mantleInferenceReason)`);
            }
        }
    },
});
