/**
 * Which API Gateway stages put a Bedrock model on the network, and which web ACL guards each:
 * a REST API fronts Bedrock when one of its integrations (or its OpenAPI body) targets the
 * bedrock, bedrock-runtime, bedrock-agent-runtime or bedrock-agentcore service.
 */
import { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import { MODEL_API_WEB_ACL_TAG } from "../controls/waf";
import { isUnknownProp } from "./unknowns";
import { KeyIndex, knownStrings, referenceKeys, withTailSegments } from "./references";
import { StackIndex } from "./stack-index";
import { T } from "./types";
import { WebAclView, webAclViews } from "./waf/rules";

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

/** Groups `holders` under the resources of `targets` their reference property points at (stack order kept). */
function groupByTarget(holders: readonly PolicyResource[], prop: string, targets: KeyIndex): Map<PolicyResource, PolicyResource[]> {
    const out = new Map<PolicyResource, PolicyResource[]>();
    for (const holder of holders) {
        for (const target of targets.lookup(referenceKeys(holder, prop))) {
            const list = out.get(target);
            if (list) {
                list.push(holder);
            } else {
                out.set(target, [holder]);
            }
        }
    }
    return out;
}

/** REST APIs of the stack that front Bedrock, with their stages. */
export function modelApis(resources: readonly PolicyResource[]): ModelApi[] {
    const stack = StackIndex.of(resources);
    return stack.remember("model APIs", () => {
        const apis = stack.ofType(T.restApi);
        const byKey = stack.remember("REST APIs by identifier", () => new KeyIndex(apis, restApiIdentifiers));
        // Read once, when the first API needs them: integrations that target Bedrock, by API (the
        // first in stack order is the evidence), and stages, by API.
        let integrations: Map<PolicyResource, PolicyResource[]> | undefined;
        let stages: Map<PolicyResource, PolicyResource[]> | undefined;
        const out: ModelApi[] = [];
        for (const api of apis) {
            let evidence: string | undefined;
            const body = api.props.body;
            if (typeof body === "string" && uriTargetsBedrock(body)) {
                evidence = "its OpenAPI body integrates with Bedrock";
            } else {
                integrations ??= groupByTarget(
                    stack.ofType(T.apiIntegration).filter((i) => typeof i.props.uri === "string" && uriTargetsBedrock(i.props.uri)),
                    "restApi",
                    byKey,
                );
                const [integration] = integrations.get(api) ?? [];
                if (integration) {
                    evidence = `integration "${integration.name}" targets ${integration.props.uri}`;
                }
            }
            if (evidence) {
                stages ??= groupByTarget(stack.ofType(T.apiStage), "restApi", byKey);
                out.push({ api, evidence, stages: stages.get(api) ?? [] });
            }
        }
        return out;
    });
}

/** HTTP API (API Gateway v2) integrations that reach Bedrock: AWS WAF cannot be associated with an HTTP API. */
export function httpApiModelIntegrations(resources: readonly PolicyResource[]): PolicyResource[] {
    return StackIndex.of(resources)
        .ofType(T.httpApiIntegration)
        .filter((i) => typeof i.props.integrationUri === "string" && uriTargetsBedrock(i.props.integrationUri));
}

/** The ACLs of a list of views by identity key, built once per list (callers ask for the stages of one API at a time). */
const aclIndexes = new WeakMap<readonly WebAclView[], { viewsByAcl: Map<PolicyResource, WebAclView>; acls: KeyIndex }>();

function aclIndexOf(views: readonly WebAclView[]): { viewsByAcl: Map<PolicyResource, WebAclView>; acls: KeyIndex } {
    let index = aclIndexes.get(views);
    if (!index) {
        index = {
            viewsByAcl: new Map(views.map((v) => [v.acl, v])),
            acls: new KeyIndex(
                views.map((v) => v.acl),
                ["arn", "id"],
            ),
        };
        aclIndexes.set(views, index);
    }
    return index;
}

/** The web ACLs associated with each stage. */
export function stageProtections(resources: readonly PolicyResource[], stages: readonly PolicyResource[], views: readonly WebAclView[]): StageProtection[] {
    if (stages.length === 0) {
        return [];
    }
    const stack = StackIndex.of(resources);
    const associations = stack.referrers([T.webAclAssociation], "resourceArn");
    const { viewsByAcl, acls } = aclIndexOf(views);
    return stages.map((stage) => {
        const found: StageProtection["acls"] = [];
        for (const association of associations.referring(new Set([stage.urn, ...stageIdentifiers(stage)]))) {
            // The first web ACL (in the order of `views`) the association names.
            const [acl] = views.length > 0 ? acls.lookupInOrder(referenceKeys(association, "webAclArn")) : [];
            const arn = knownStrings(association, ["webAclArn"])[0];
            found.push({ arn, view: acl ? viewsByAcl.get(acl) : undefined });
        }
        return { stage, acls: found };
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
    description:
        `Which web ACLs to check: those associated with an API stage that fronts Bedrock or tagged ${MODEL_API_WEB_ACL_TAG}=true (wherever the API is), or every web ACL in the stack.`,
};

/** Whether a web ACL is tagged as a model API's guard, so it is reviewed in whatever stack defines it. */
export function isMarkedModelApiAcl(acl: PolicyResource): boolean {
    if (isUnknownProp(acl.props, "tags")) {
        return false;
    }
    const tags = acl.props.tags;
    return tags !== null && typeof tags === "object" && String((tags as Record<string, unknown>)[MODEL_API_WEB_ACL_TAG]).toLowerCase() === "true";
}

export function aclsInScope(resources: readonly PolicyResource[], scope: AclScope): WebAclView[] {
    const views = webAclViews(resources);
    if (scope === "all") {
        return views;
    }
    const stages = modelApis(resources).flatMap((api) => api.stages);
    const guarding = new Set(stageProtections(resources, stages, views).flatMap((p) => p.acls.map((a) => a.view?.acl.urn)));
    return views.filter((v) => guarding.has(v.acl.urn) || isMarkedModelApiAcl(v.acl));
}
