/**
 * Which API Gateway stages put a Bedrock model on the network, and which web ACL guards each:
 * a REST API fronts Bedrock when one of its integrations (or its OpenAPI body) targets the
 * bedrock, bedrock-runtime, bedrock-agent-runtime or bedrock-agentcore service.
 */
import { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import { byType, knownStrings, refersTo, withTailSegments } from "./links";
import { T } from "./types";
import { WebAclView, webAclViews } from "./waf";

type PolicyConfigJSONSchema = PolicyConfigSchema["properties"][string];

/** AWS service integration URI: `arn:aws:apigateway:REGION:SERVICE:path/...` or `:action/...`. */
const BEDROCK_SERVICE_URI = /arn:aws[a-z-]*:apigateway:[a-z0-9-]+:bedrock(?:-runtime|-agent-runtime|-agentcore)?:(?:path|action)\//;
/** HTTP integration straight to a Bedrock endpoint. */
const BEDROCK_HTTP_URL = /https:\/\/bedrock(?:-runtime|-agent-runtime|-agentcore)?(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com/;

export function uriTargetsBedrock(uri: string): boolean {
    return BEDROCK_SERVICE_URI.test(uri) || BEDROCK_HTTP_URL.test(uri);
}

export interface ModelApi {
    api: PolicyResource;
    /** What makes it a model API, for messages. */
    evidence: string;
    stages: PolicyResource[];
}

export interface StageProtection {
    stage: PolicyResource;
    /** Web ACLs associated with the stage, with their rules when the ACL is in the stack. */
    acls: { arn?: string; view?: WebAclView }[];
}

function restApiIdentifiers(api: PolicyResource): string[] {
    return withTailSegments(knownStrings(api, ["id", "arn", "executionArn"]));
}

function stageIdentifiers(stage: PolicyResource): string[] {
    return knownStrings(stage, ["arn"]);
}

function aclIdentifiers(view: WebAclView): string[] {
    return knownStrings(view.acl, ["arn", "id"]);
}

/** REST APIs of the stack that front Bedrock, with their stages. */
export function modelApis(resources: readonly PolicyResource[]): ModelApi[] {
    const index = byType(resources);
    const integrations = index.get(T.apiIntegration) ?? [];
    const stages = index.get(T.apiStage) ?? [];
    const out: ModelApi[] = [];
    for (const api of index.get(T.restApi) ?? []) {
        let evidence: string | undefined;
        const body = api.props.body;
        if (typeof body === "string" && uriTargetsBedrock(body)) {
            evidence = "its OpenAPI body integrates with Bedrock";
        }
        for (const integration of integrations) {
            if (evidence) {
                break;
            }
            const uri = integration.props.uri;
            if (typeof uri === "string" && uriTargetsBedrock(uri) && refersTo(integration, "restApi", api, restApiIdentifiers)) {
                evidence = `integration "${integration.name}" targets ${uri}`;
            }
        }
        if (evidence) {
            out.push({ api, evidence, stages: stages.filter((s) => refersTo(s, "restApi", api, restApiIdentifiers)) });
        }
    }
    return out;
}

/** HTTP API (API Gateway v2) integrations that reach Bedrock: AWS WAF cannot be associated with an HTTP API. */
export function httpApiModelIntegrations(resources: readonly PolicyResource[]): PolicyResource[] {
    return (byType(resources).get(T.httpApiIntegration) ?? []).filter((i) => typeof i.props.integrationUri === "string" && uriTargetsBedrock(i.props.integrationUri));
}

/** The web ACLs associated with each stage. */
export function stageProtections(resources: readonly PolicyResource[], stages: readonly PolicyResource[], views: readonly WebAclView[]): StageProtection[] {
    const associations = byType(resources).get(T.webAclAssociation) ?? [];
    return stages.map((stage) => {
        const acls: StageProtection["acls"] = [];
        for (const association of associations) {
            if (!refersTo(association, "resourceArn", stage, stageIdentifiers)) {
                continue;
            }
            const view = views.find((v) => refersTo(association, "webAclArn", v.acl, () => aclIdentifiers(v)));
            const arn = knownStrings(association, ["webAclArn"])[0];
            acls.push({ arn, view });
        }
        return { stage, acls };
    });
}

/**
 * Which web ACLs the edge rules inspect: by default only those guarding a stage that fronts
 * Bedrock (a pack enabled organization-wide must not demand prompt-injection rules of every
 * website's WAF); `all` inspects every web ACL in the stack.
 */
export type AclScope = "model-apis" | "all";

export const aclScopeSchema: PolicyConfigJSONSchema = {
    type: "string",
    enum: ["model-apis", "all"],
    default: "model-apis",
    description: "Which web ACLs to check: those associated with an API stage that fronts Bedrock, or every web ACL in the stack.",
};

export function aclsInScope(resources: readonly PolicyResource[], scope: AclScope): WebAclView[] {
    const views = webAclViews(resources);
    if (scope === "all") {
        return views;
    }
    const stages = modelApis(resources).flatMap((api) => api.stages);
    const guarding = new Set(stageProtections(resources, stages, views).flatMap((p) => p.acls.map((a) => a.view?.acl.urn)));
    return views.filter((v) => guarding.has(v.acl.urn));
}
