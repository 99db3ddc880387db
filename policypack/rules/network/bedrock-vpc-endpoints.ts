import { PolicyResource } from "@pulumi/policy";
import { BEDROCK_ENDPOINT_SERVICES, REQUIRED_AGENTCORE_ENDPOINT_SERVICES, REQUIRED_ENDPOINT_SERVICES, serviceOfEndpointName } from "../../controls/endpoints";
import { SOURCE_VPCE_KEY, VPC_ENDPOINT_ID } from "../../controls/organization";
import { parsePolicyDocument } from "../../lib/iam/document";
import { POLICY_DOCUMENT_TYPES, policyDocuments } from "../../lib/iam/sources";
import { declareHint, placementOf, ProvidedBy, providedBySchema, providedElsewhere } from "../../lib/placement";
import { knownStrings } from "../../lib/references";
import { wildcardToRegExp } from "../../lib/wildcards";
import { StackIndex, stackOfUrn } from "../../lib/stack-index";
import { stackRule } from "../../lib/rule";
import { AGENTCORE_WORKLOAD_TYPES, BEDROCK_WORKLOAD_TYPES, T } from "../../lib/types";
import { containsUnknownValue, rawValue } from "../../lib/unknowns";

interface DeclaredEndpoint {
    service: string;
    id: string;
}

interface Config {
    required: boolean;
    exemptStacks: string[];
    requiredServices: string[];
    agentCoreServices: string[];
    requirePrivateDns: boolean;
    providedBy?: ProvidedBy & { endpoints?: DeclaredEndpoint[] };
}

const WHAT = "private access to Bedrock through VPC endpoints";

/** The endpoint ID an endpoint has (its ID, or the tail of its ARN), or undefined while unknown at preview. */
function endpointId(endpoint: PolicyResource): string | undefined {
    const arn = knownStrings(endpoint, ["arn"])[0];
    const fromArn = arn ? /vpc-endpoint\/(vpce-[0-9a-f]+)$/.exec(arn)?.[1] : undefined;
    return knownStrings(endpoint, ["id"]).find((id) => VPC_ENDPOINT_ID.test(id)) ?? fromArn;
}

/** The stack's Bedrock interface endpoints by service. */
function bedrockEndpoints(stack: StackIndex): Map<string, PolicyResource[]> {
    const byService = new Map<string, PolicyResource[]>();
    for (const e of stack.ofType(T.vpcEndpoint)) {
        const name = e.props.serviceName;
        const service = typeof name === "string" ? serviceOfEndpointName(name) : undefined;
        if (service && (BEDROCK_ENDPOINT_SERVICES as readonly string[]).includes(service)) {
            byService.set(service, [...(byService.get(service) ?? []), e]);
        }
    }
    return byService;
}

/** Problems with one endpoint's own settings: Bedrock offers interface endpoints only, and SDKs need private DNS. */
function endpointProblems(service: string, endpoint: PolicyResource, requirePrivateDns: boolean): string[] {
    // The provider's default endpoint type is Gateway, which Bedrock does not offer.
    if (endpoint.props.vpcEndpointType !== "Interface") {
        return [`the ${service} endpoint is not of type Interface (vpcEndpointType = ${JSON.stringify(endpoint.props.vpcEndpointType ?? null)}, the provider defaults to Gateway)`];
    }
    if (requirePrivateDns && endpoint.props.privateDnsEnabled !== true) {
        return [`the ${service} endpoint has private DNS off: SDKs keep resolving the public endpoint`];
    }
    return [];
}

/**
 * Endpoint IDs named in aws:SourceVpce conditions of the stack's policy documents (every document a
 * resource carries, a role's inline policies included), by holder. A document not known at preview
 * names nothing yet.
 */
function sourceVpceReferences(stack: StackIndex): { holder: PolicyResource; ids: string[] }[] {
    const out: { holder: PolicyResource; ids: string[] }[] = [];
    for (const holder of stack.ofTypes(POLICY_DOCUMENT_TYPES)) {
        const ids = new Set<string>();
        for (const source of policyDocuments(holder.type, rawValue(holder.props))) {
            if (containsUnknownValue(source.value)) {
                continue;
            }
            for (const st of parsePolicyDocument(source.value).statements) {
                for (const c of st.conditions) {
                    if (c.key.toLowerCase() === SOURCE_VPCE_KEY.toLowerCase()) {
                        c.values.filter((v) => VPC_ENDPOINT_ID.test(v)).forEach((v) => ids.add(v));
                    }
                }
            }
        }
        if (ids.size > 0) {
            out.push({ holder, ids: [...ids] });
        }
    }
    return out;
}

export const bedrockVpcEndpoints = stackRule<Config>({
    name: "bedrock-vpc-endpoints",
    id: "AIG-NET-1",
    layer: "network",
    severity: "high",
    displayName: "Private VPC endpoints for Bedrock",
    frameworks: { owaspLlm: ["LLM10"], awsAisf: ["AISF-INFRA-01"] },
    description:
        "A stack that deploys Bedrock workloads reaches bedrock-runtime and bedrock-agent-runtime (and bedrock-agentcore with AgentCore " +
        "workloads) through interface VPC endpoints with private DNS, in the stack or in the network stack the pack config declares; every " +
        "Bedrock endpoint, wherever it is defined, is an interface endpoint with private DNS on.",
    explanation:
        "Without interface endpoints, model and agent calls from workloads leave the VPC for the public Bedrock endpoints, the SCP " +
        "condition aws:SourceVpce cannot be met, and no endpoint policy limits which models are reachable or by whom. Without private " +
        "DNS, SDKs keep resolving the public endpoint even when the endpoint exists.",
    seedControl: "VPC endpoints: approved private network path to the models",
    peers: ["Prowler:bedrock_vpc_endpoints_configured", "Prowler:bedrock_access_private_connectivity_enforced"],
    remediation:
        "Create Interface endpoints (vpcEndpointType: \"Interface\", privateDnsEnabled: true) for com.amazonaws.REGION.bedrock-runtime, " +
        "bedrock-agent-runtime and, with AgentCore, bedrock-agentcore (the PrivateModelEndpoints component does this). Environments " +
        "without private networking (dev) set required: false in their policy config; stacks without model workloads (the org " +
        "stack by default) are listed in exemptStacks. Where a shared network account provides the endpoints, declare them in providedBy " +
        "(stacks, accountId, endpoints).",
    configSchema: {
        properties: {
            required: {
                type: "boolean",
                default: true,
                description: "Require the endpoints in this environment (set false where private networking is not used, e.g. dev).",
            },
            exemptStacks: {
                type: "array",
                items: { type: "string" },
                default: ["org"],
                description:
                    "Stack names (wildcards allowed) that run no model workloads and so need no endpoints: by default the org stack " +
                    "(the management account), where the baseline creates none.",
            },
            requiredServices: {
                type: "array",
                items: { type: "string", enum: [...BEDROCK_ENDPOINT_SERVICES] },
                default: [...REQUIRED_ENDPOINT_SERVICES],
                description: "Endpoint services required wherever Bedrock workloads are deployed.",
            },
            agentCoreServices: {
                type: "array",
                items: { type: "string", enum: [...BEDROCK_ENDPOINT_SERVICES] },
                default: [...REQUIRED_AGENTCORE_ENDPOINT_SERVICES],
                description: "Endpoint services required as well when AgentCore gateways, runtimes, memories or policy engines are deployed.",
            },
            requirePrivateDns: {
                type: "boolean",
                default: true,
                description: "Require privateDnsEnabled on the required endpoints.",
            },
            providedBy: providedBySchema("the Bedrock VPC endpoints (typically a shared network account)", {
                endpoints: {
                    type: "array",
                    description:
                        "The declared endpoints. The declared stacks must hold them (by ID once deployed); other stacks are checked " +
                        "against them: a service their workloads need that none covers, and an aws:SourceVpce condition naming another endpoint, are findings.",
                    items: {
                        type: "object",
                        properties: {
                            service: { type: "string", enum: [...BEDROCK_ENDPOINT_SERVICES] },
                            id: { type: "string", pattern: VPC_ENDPOINT_ID.source },
                        },
                        required: ["service", "id"],
                        additionalProperties: false,
                    },
                },
            }),
        },
    },
    validateStack: ({ resources, notApplicable }, { config, report }) => {
        const index = StackIndex.of(resources);
        const byService = bedrockEndpoints(index);
        // Every Bedrock endpoint is judged on its own settings, in whatever stack defines it.
        for (const [service, endpoints] of byService) {
            for (const e of endpoints) {
                endpointProblems(service, e, config.requirePrivateDns).forEach((p) => report(p, e.urn));
            }
        }
        let judged = byService.size > 0;
        const placement = placementOf(resources, config.providedBy);
        const declared = placement.kind === "undeclared" ? [] : (placement.providedBy.endpoints ?? []);
        const inStackIds = new Set([...byService.values()].flat().map(endpointId).filter((id): id is string => id !== undefined));

        if (placement.kind === "home") {
            // The declared endpoints must be here: removing one breaks every stack that relies on the declaration.
            for (const d of declared) {
                const candidates = byService.get(d.service) ?? [];
                const pending = candidates.some((e) => endpointId(e) === undefined);
                if (!inStackIds.has(d.id) && !pending) {
                    report(`the pack config declares the ${d.service} endpoint ${d.id} in ${placement.where} (providedBy), but this stack has no such endpoint: restore it, or change the declaration`);
                }
            }
            for (const service of config.requiredServices.filter((s) => !byService.has(s) && !declared.some((d) => d.service === s))) {
                report(`the pack config declares ${placement.where} as the provider of ${WHAT} (providedBy), but it has no ${service} endpoint`);
            }
            return;
        }
        if (declared.length > 0) {
            // A policy that confines calls to an endpoint neither here nor declared relies on an endpoint nobody provides.
            const known = new Set([...inStackIds, ...declared.map((d) => d.id)]);
            const references = sourceVpceReferences(index);
            judged ||= references.length > 0;
            for (const { holder, ids } of references) {
                const foreign = ids.filter((id) => !known.has(id));
                if (foreign.length > 0) {
                    report(
                        `${holder.name} names ${foreign.join(", ")} in ${SOURCE_VPCE_KEY}, which is neither an endpoint of this stack nor one the pack config declares ` +
                            `(${declared.map((d) => d.id).join(", ")}): calls through the declared endpoints are refused, or the policy relies on an endpoint nobody manages`,
                        holder.urn,
                    );
                }
            }
        }

        const stackName = resources.length > 0 ? stackOfUrn(resources[0].urn) : undefined;
        const skip = !config.required
            ? "endpoints are not required in this environment (required: false)"
            : stackName !== undefined && config.exemptStacks.some((p) => wildcardToRegExp(p).test(stackName))
              ? `stack ${stackName} runs no model workloads (exemptStacks)`
              : !index.hasAny(BEDROCK_WORKLOAD_TYPES)
                ? "no Bedrock or AgentCore workload in the stack"
                : undefined;
        if (skip) {
            if (!judged) {
                notApplicable(skip);
            }
            return;
        }
        const agentCore = index.hasAny(AGENTCORE_WORKLOAD_TYPES);
        const needed = [...new Set([...config.requiredServices, ...(agentCore ? config.agentCoreServices : [])])];
        const missing = needed.filter((service) => !byService.has(service));
        if (placement.kind === "elsewhere") {
            // Declared endpoints cover the services they name; a declaration without a list covers every service.
            const uncovered = declared.length > 0 ? missing.filter((service) => !declared.some((d) => d.service === service)) : [];
            for (const service of uncovered) {
                report(`no VPC endpoint for ${service}, in this stack or among the endpoints the pack config declares in ${placement.where} (providedBy): calls to it leave the VPC`);
            }
            if (!judged && missing.length > 0 && uncovered.length === 0) {
                notApplicable(providedElsewhere(WHAT, placement));
            }
            return;
        }
        for (const service of missing) {
            report(`no VPC endpoint for ${service}: calls to it leave the VPC for the public endpoint; ${declareHint("the endpoints")}`);
        }
    },
});
