import { strict as assert } from "assert";
import { actionExists, expandActionPattern } from "../../../../policypack/lib/iam/catalog";
import { SERVICE_CREDENTIAL_ACTION } from "../../../../policypack/controls/bedrock-api-keys";
import { DESTRUCTIVE_ACTIONS } from "../../../../policypack/controls/destructive-actions";
import { GOVERNANCE_PROTECTED_ACTIONS } from "../../../../policypack/controls/organization";
import {
    AI_DATA_EVENT_TYPES,
    aiEvidenceSelectors,
    BASIC_SELECTOR_DATA_RESOURCE_TYPES,
    DEFAULT_DATA_EVENT_TYPES,
    REQUIRED_DATA_EVENT_TYPES,
} from "../../../../policypack/controls/cloudtrail";
import {
    eventsMissingFromPattern,
    GOVERNANCE_EVENT_CLASSES,
    governanceFilterPattern,
    iamPrefixOfEventSource,
} from "../../../../policypack/controls/governance-events";

describe("evidence controls", () => {
    describe("governance event classes", () => {
        it("cover the governance changes the baseline alarms on", () => {
            assert.deepEqual(
                GOVERNANCE_EVENT_CLASSES.map((c) => c.id),
                [
                    "guardrail-changes",
                    "permission-boundary-changes",
                    "agent-role-policy-changes",
                    "trail-changes",
                    "event-selector-changes",
                    "invocation-logging-changes",
                    "organizations-policy-changes",
                    "gateway-policy-engine-changes",
                    "service-specific-credentials",
                ],
            );
        });

        it("watch every action the governance SCP protects, the audit's A10 and A11 changes included", () => {
            const watched = new Set(GOVERNANCE_EVENT_CLASSES.flatMap((c) => c.events.flatMap((e) => e.eventNames.map((n) => `${iamPrefixOfEventSource(e.eventSource)}:${n}`.toLowerCase()))));
            assert.deepEqual(GOVERNANCE_PROTECTED_ACTIONS.filter((a) => !watched.has(a.toLowerCase())), []);
            for (const action of [
                "bedrock:PutEnforcedGuardrailConfiguration", "bedrock:DeleteEnforcedGuardrailConfiguration", "bedrock:PutResourcePolicy", "bedrock:DeleteResourcePolicy",
                "bedrock-agentcore:CreatePolicy", "bedrock-agentcore:CreateGatewayTarget", "bedrock-agentcore:UpdateGatewayTarget",
            ]) {
                assert.ok(watched.has(action.toLowerCase()), action);
            }
        });

        it("watch, in the management account where no SCP applies, what the SCPs deny elsewhere: Organizations changes and long-term Bedrock API keys", () => {
            const watched = new Set(GOVERNANCE_EVENT_CLASSES.flatMap((c) => c.events.flatMap((e) => e.eventNames.map((n) => `${iamPrefixOfEventSource(e.eventSource)}:${n}`))));
            const organizations = DESTRUCTIVE_ACTIONS.filter((p) => p.startsWith("organizations:")).flatMap(expandActionPattern);
            // Every way out of the organization and every policy change the catalogue names.
            for (const action of ["organizations:LeaveOrganization", "organizations:RemoveAccountFromOrganization", "organizations:CloseAccount", "organizations:DeleteOrganization", "organizations:DetachPolicy", "organizations:DeletePolicy", "organizations:UpdatePolicy", "organizations:DisablePolicyType",
                // Out of the OU that carries the invoke SCP; the organization trail switched off.
                "organizations:MoveAccount", "organizations:DisableAWSServiceAccess"]) {
                assert.ok(organizations.includes(action) && watched.has(action), action);
            }
            assert.ok(watched.has(SERVICE_CREDENTIAL_ACTION));
        });

        it("have unique IDs and metric names", () => {
            assert.equal(new Set(GOVERNANCE_EVENT_CLASSES.map((c) => c.id)).size, GOVERNANCE_EVENT_CLASSES.length);
            assert.equal(new Set(GOVERNANCE_EVENT_CLASSES.map((c) => c.metricName)).size, GOVERNANCE_EVENT_CLASSES.length);
        });

        // A CloudTrail eventName is the API operation name, which is the IAM action name of the same service.
        for (const cls of GOVERNANCE_EVENT_CLASSES) {
            for (const source of cls.events) {
                it(`${cls.id}: every eventName of ${source.eventSource} is a real ${iamPrefixOfEventSource(source.eventSource)} action`, async () => {
                    assert.match(source.eventSource, /^[a-z0-9-]+\.amazonaws\.com$/);
                    for (const name of source.eventNames) {
                        assert.ok(await actionExists(`${iamPrefixOfEventSource(source.eventSource)}:${name}`), `${source.eventSource} ${name}`);
                    }
                });
            }
        }

        it("a misspelt event name would be caught by the catalogue check", async () => {
            assert.equal(await actionExists("cloudtrail:StopTrail"), false);
            assert.equal(await actionExists("bedrock:RemoveGuardrail"), false);
        });

        it("build filter patterns CloudWatch accepts (JSON form, at most 1024 characters) that cover their events", () => {
            for (const cls of GOVERNANCE_EVENT_CLASSES) {
                const pattern = governanceFilterPattern(cls);
                assert.ok(pattern.startsWith("{ ") && pattern.endsWith(" }"), pattern);
                assert.ok(pattern.length <= 1024, `${cls.id}: ${pattern.length} characters`);
                assert.deepEqual(eventsMissingFromPattern(cls, pattern), [], cls.id);
            }
        });

        it("a pattern for one event name does not count as covering a longer name that starts with it", () => {
            const cls = GOVERNANCE_EVENT_CLASSES.find((c) => c.id === "trail-changes")!;
            const pattern = '{ ($.eventSource = "cloudtrail.amazonaws.com") && (($.eventName = "StopLoggingX") || ($.eventName = "DeleteTrail") || ($.eventName = "UpdateTrail")) }';
            assert.deepEqual(eventsMissingFromPattern(cls, pattern), ["cloudtrail.amazonaws.com:StopLogging"]);
        });
    });

    describe("CloudTrail data-event types", () => {
        it("list every Bedrock, Mantle, web search and AgentCore type of CloudTrail's data-event table (audit A2, A3)", () => {
            for (const t of [
                "AWS::BedrockAgentCore::PolicyEngine", "AWS::BedrockAgentCore::Policy", "AWS::BedrockAgentCore::TokenVault", "AWS::BedrockAgentCore::OAuth2CredentialProvider",
                "AWS::BedrockAgentCore::APIKeyCredentialProvider", "AWS::BedrockAgentCore::WorkloadIdentityDirectory", "AWS::BedrockAgentCore::BrowserProfile",
                "AWS::BedrockAgentCore::CapacityProvider", "AWS::BedrockAgentCore::Evaluator", "AWS::BedrockAgentCore::BatchEvaluate", "AWS::BedrockAgentCore::ABTest",
                "AWS::BedrockAgentCore::Recommendation", "AWS::BedrockAgentCore::Registry", "AWS::BedrockAgentCore::Payments",
                "AWS::Bedrock::AdvancedOptimizePromptJob", "AWS::Bedrock::Blueprint", "AWS::Bedrock::DataAutomationInvocation", "AWS::Bedrock::DataAutomationProfile",
                "AWS::Bedrock::DataAutomationProject", "AWS::BedrockMantle::Project", "AWS::BedrockWebSearch::Tool",
            ]) {
                assert.ok((AI_DATA_EVENT_TYPES as readonly string[]).includes(t), t);
            }
            // Cedar decisions, credential fetches and Mantle inference are evidence every AI trail keeps.
            for (const t of ["AWS::BedrockAgentCore::PolicyEngine", "AWS::BedrockAgentCore::TokenVault", "AWS::BedrockMantle::Project"]) {
                assert.ok((REQUIRED_DATA_EVENT_TYPES as readonly string[]).includes(t), t);
            }
        });

        it("are Bedrock or AgentCore types, never a basic-selector type, without duplicates", () => {
            assert.equal(new Set(AI_DATA_EVENT_TYPES).size, AI_DATA_EVENT_TYPES.length);
            for (const t of AI_DATA_EVENT_TYPES) {
                assert.match(t, /^AWS::(Bedrock|BedrockAgentCore|BedrockMantle|BedrockWebSearch)::[A-Za-z0-9]+$/);
                assert.ok(!(BASIC_SELECTOR_DATA_RESOURCE_TYPES as readonly string[]).includes(t));
            }
        });

        it("the required types are logged by default", () => {
            for (const t of REQUIRED_DATA_EVENT_TYPES) {
                assert.ok(DEFAULT_DATA_EVENT_TYPES.includes(t), t);
            }
        });

        it("selectors: all management events first, then one Data selector per type with a single resources.type value", () => {
            const selectors = aiEvidenceSelectors(["AWS::Bedrock::Model", "AWS::BedrockAgentCore::Gateway"]);
            assert.deepEqual(selectors[0].fieldSelectors, [{ field: "eventCategory", equals: ["Management"] }]);
            assert.deepEqual(
                selectors.slice(1).map((s) => s.fieldSelectors),
                [
                    [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::Bedrock::Model"] }],
                    [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::BedrockAgentCore::Gateway"] }],
                ],
            );
            for (const s of selectors) {
                assert.ok(s.name.length >= 1 && s.name.length <= 1000);
            }
        });
    });
});
