/**
 * The organization stack as the engine sees it after `pulumi up`: the three SCPs, the Bedrock
 * policy, their attachments, the baseline guardrail and its resource-based policy. Documents are
 * written out here, independently of the component, so the rules are tested against the grammar
 * itself. Builders return fresh copies.
 */
import { destructiveActions } from "../../../../policypack/controls/destructive-actions";
import { ESCALATION_PIVOTS } from "../../../../policypack/controls/escalation-paths";
import { GOVERNANCE_ACTION_GROUPS } from "../../../../policypack/controls/organization";
import { INVOKE_CLASS_PATTERNS } from "../../../../policypack/controls/invoke-class";
import { bedrockPolicyContent } from "../../../../policypack/lib/organizations/bedrock-policy";
import { guardrailOrganizationSharePolicy } from "../../../../policypack/lib/organizations/guardrail-share";
import { T } from "../../../../policypack/lib/types";
import { FakeResource } from "../../../helpers/policy-harness";

export const ORG_ID = "o-a1b2c3d4e5";
export const ROOT_ID = "r-ab12";
export const PROD_OU = "ou-ab12-prod0001";
export const VPCES = ["vpce-0a1b2c3d4e5f60718", "vpce-0b1c2d3e4f5a60719"];
export const AUTOMATION_ROLE = "arn:aws:iam::*:role/security-automation/ai-guardrails-deployer";
export const MANAGEMENT_ACCOUNT = "999999999999";
export const GUARDRAIL_ARN = `arn:aws:bedrock:us-east-1:${MANAGEMENT_ACCOUNT}:guardrail/a1b2c3d4e5f6`;

export function vpceScp(): Record<string, any> {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyBedrockInvokeOutsideApprovedEndpoints",
                Effect: "Deny",
                Action: [...INVOKE_CLASS_PATTERNS],
                Resource: "*",
                Condition: {
                    StringNotEquals: { "aws:SourceVpce": [...VPCES] },
                    BoolIfExists: { "aws:ViaAWSService": "false" },
                    ArnNotLike: { "aws:PrincipalArn": ["arn:aws:iam::*:role/aws-service-role/*", "arn:aws:iam::*:role/ai-agents/*"] },
                },
            },
            { Sid: "DenyMantleInference", Effect: "Deny", Action: ["bedrock-mantle:CreateInference"], Resource: "*" },
        ],
    };
}

/** The seed article's SCP: BoolIfExists written next to Condition instead of inside it. */
export function seedVpceScp(): Record<string, any> {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Deny",
                Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                Resource: "*",
                Condition: { StringNotEquals: { "aws:SourceVpce": VPCES[0] } },
                BoolIfExists: { "aws:ViaAWSService": "false" },
            },
        ],
    };
}

const RESOURCES = {
    all: "*",
    "agent-roles": "arn:aws:iam::*:role/ai-agents/*",
    "boundary-policies": "arn:aws:iam::*:policy/ai-agents/*",
} as const;

export function governanceScp(): Record<string, any> {
    return {
        Version: "2012-10-17",
        Statement: GOVERNANCE_ACTION_GROUPS.map((g) => ({
            Sid: `Protect${g.id}`,
            Effect: "Deny",
            Action: [...g.actions],
            Resource: RESOURCES[g.scope],
            Condition: { ArnNotLike: { "aws:PrincipalArn": [AUTOMATION_ROLE] } },
        })),
    };
}

/** The catalogue and the pivots without the entries a trailing wildcard of the list already covers, as anyone writing the SCP by hand would (size limit). */
function ceilingActions(): string[] {
    const all = [...new Set([...destructiveActions(), ...ESCALATION_PIVOTS.filter((p) => !p.resourceType).map((p) => p.action)])];
    return all.filter((a) => !all.some((w) => w !== a && w.endsWith("*") && a.startsWith(w.slice(0, -1))));
}

export function agentCeilingScp(): Record<string, any> {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyDestructiveActionsToAgents",
                Effect: "Deny",
                Action: ceilingActions(),
                Resource: "*",
                Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/ai-agents/*" } },
            },
            {
                Sid: "DenyCustomSandboxSessionsToAgents",
                Effect: "Deny",
                Action: ["bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter", "bedrock-agentcore:StartBrowserSession"],
                Resource: ["arn:aws:bedrock-agentcore:*:*:code-interpreter-custom/*", "arn:aws:bedrock-agentcore:*:*:browser-custom/*"],
                Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/ai-agents/*" } },
            },
        ],
    };
}

export function bedrockPolicy(): Record<string, any> {
    return bedrockPolicyContent([{ region: "us-east-1", guardrailArn: GUARDRAIL_ARN, version: "1" }]);
}

export function policy(name: string, type: string, content: unknown): FakeResource {
    const id = `p-${name.replace(/[^a-z0-9]/g, "").slice(0, 8)}`;
    return {
        type: T.orgPolicy,
        name,
        props: { name, type, content: typeof content === "string" ? content : JSON.stringify(content), arn: `arn:aws:organizations::${MANAGEMENT_ACCOUNT}:policy/${ORG_ID}/${type.toLowerCase()}/${id}` },
    };
}

export function attachment(policyResource: FakeResource, target = ROOT_ID): FakeResource {
    const id = String(policyResource.props.arn).split("/").pop();
    return { type: T.orgPolicyAttachment, name: `${policyResource.name}-${target}`, props: { policyId: id, targetId: target } };
}

export function guardrailResources(): FakeResource[] {
    return [
        { type: T.guardrail, name: "org-guardrail", props: { name: "org-guardrail", guardrailArn: GUARDRAIL_ARN, version: "DRAFT" } },
        { type: T.guardrailVersion, name: "org-guardrail-version", props: { guardrailArn: GUARDRAIL_ARN, version: "1" } },
        { type: T.guardrailResourcePolicy, name: "org-guardrail-share", props: { resourceArn: GUARDRAIL_ARN, policyDocument: guardrailOrganizationSharePolicy(GUARDRAIL_ARN, ORG_ID) } },
    ];
}

export interface OrgStackParts {
    vpce?: unknown;
    governance?: unknown;
    ceiling?: unknown;
    bedrock?: unknown;
}

/** The whole organization stack; pass `null` for a part to leave that policy out. */
export function orgStack(parts: OrgStackParts = {}): FakeResource[] {
    const out: FakeResource[] = [...guardrailResources()];
    const add = (name: string, type: string, content: unknown, fallback: () => unknown, target = ROOT_ID) => {
        if (content === null) {
            return;
        }
        const p = policy(name, type, content ?? fallback());
        out.push(p, attachment(p, target));
    };
    add("invoke-via-vpce", "SERVICE_CONTROL_POLICY", parts.vpce, vpceScp, PROD_OU);
    add("governance-protection", "SERVICE_CONTROL_POLICY", parts.governance, governanceScp);
    add("agent-ceiling", "SERVICE_CONTROL_POLICY", parts.ceiling, agentCeilingScp);
    add("bedrock-baseline", "BEDROCK_POLICY", parts.bedrock, bedrockPolicy);
    return out;
}

/** Drops the attachments of the named policy. */
export function detach(resources: FakeResource[], policyName: string): FakeResource[] {
    return resources.filter((r) => !(r.type === T.orgPolicyAttachment && r.name.startsWith(`${policyName}-`)));
}
