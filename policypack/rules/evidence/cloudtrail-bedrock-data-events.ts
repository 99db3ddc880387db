import {
    AI_DATA_EVENT_TYPES,
    BASIC_SELECTOR_DATA_RESOURCE_TYPES,
    EVENT_CATEGORY,
    FIELD,
    REQUIRED_DATA_EVENT_TYPES,
} from "../../controls/cloudtrail";
import { describeSelector, equalsOnly, FieldSelector, readFieldSelector, rejectedOperator } from "../../lib/cloudtrail-selectors";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

interface Config {
    requiredDataEventTypes: string[];
    requireManagementEvents: boolean;
}

function asArray(value: unknown): unknown[] {
    return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

const BASIC_TYPES: readonly string[] = BASIC_SELECTOR_DATA_RESOURCE_TYPES;

export const cloudtrailBedrockDataEvents = resourceRule<Config>({
    name: "cloudtrail-bedrock-data-events",
    id: "AIG-EV-1",
    layer: "evidence",
    severity: "high",
    displayName: "CloudTrail logs Bedrock and AgentCore data events",
    frameworks: { owaspLlm: ["LLM10"], awsAisf: ["AISF-AI-06"] },
    description: "Every trail logs management events and the Bedrock and AgentCore data events through advanced event selectors.",
    explanation:
        "Management events record who changed the controls and most model calls; Bedrock and AgentCore data events record agent " +
        "invocations, guardrail evaluations, knowledge-base retrievals, asynchronous model calls and gateway and runtime traffic. " +
        "Trails do not log data events by default, and basic event selectors cannot carry Bedrock types at all: a trail written " +
        "with a basic AWS::Bedrock::Model data resource is rejected or records nothing, so the evidence an incident needs is missing.",
    seedControl: "CloudTrail: management events plus Bedrock and AgentCore data events (advanced selectors)",
    peers: [
        "Prowler:cloudtrail_bedrock_logging_enabled",
        "Prowler:cloudtrail_multi_region_enabled_logging_management_events",
        "SecurityHub:CloudTrail.1",
        "AWSConfig:multi-region-cloudtrail-enabled",
    ],
    remediation:
        "Use advancedEventSelectors: one selector with eventCategory = Management (read and write), and one per resource type with " +
        "eventCategory = Data and resources.type = the type (AWS::Bedrock::Model, AWS::Bedrock::AgentAlias, ...). Remove eventSelectors. " +
        "The AiAuditTrail component does this.",
    configSchema: {
        properties: {
            requiredDataEventTypes: {
                type: "array",
                items: { type: "string", enum: [...AI_DATA_EVENT_TYPES] },
                default: [...REQUIRED_DATA_EVENT_TYPES],
                description: "Data-event resource types every trail must log.",
            },
            requireManagementEvents: {
                type: "boolean",
                default: true,
                description: "Require management events (read and write) on every trail.",
            },
        },
    },
    resourceTypes: [T.trail],
    validate: ({ props }, { config, report }) => {
        if (props.enableLogging === false) {
            report("the trail is not logging (enableLogging = false): it records nothing");
        }

        const basic = asArray(props.eventSelectors);
        basic.forEach((selector: any, i) => {
            asArray(selector?.dataResources).forEach((resource: any, j) => {
                const type = resource?.type;
                if (typeof type === "string" && !BASIC_TYPES.includes(type)) {
                    report(
                        `eventSelectors[${i}].dataResources[${j}] has type ${type}: basic event selectors accept only ${BASIC_TYPES.join(", ")}, ` +
                            `so CloudTrail rejects this selector and no ${type} data events are recorded; use advancedEventSelectors ` +
                            `(eventCategory = Data, resources.type = ${type})`,
                    );
                }
            });
        });

        const advanced = asArray(props.advancedEventSelectors);
        if (advanced.length === 0) {
            const mgmt = basic.length === 0 || basic.some((s: any) => s?.includeManagementEvents !== false);
            if (config.requireManagementEvents && !mgmt) {
                report("no event selector includes management events: changes to the controls are not recorded");
            }
            if (config.requiredDataEventTypes.length > 0) {
                report(`the trail has no advanced event selectors, so it logs none of the required data events: ${config.requiredDataEventTypes.join(", ")}`);
            }
            return;
        }

        let management = false;
        // readOnly values logged by Management selectors narrowed by readOnly alone (both together log everything).
        const managementHalves = new Set<string>();
        const managementNarrowed: string[] = [];
        const logged = new Set<string>();
        // Per type, the readOnly values logged by selectors narrowed by readOnly alone (both together log everything).
        const readOnlyHalves = new Map<string, Set<string>>();
        const narrowed = new Map<string, string[]>();
        advanced.forEach((selector: any, i) => {
            const fields = asArray(selector?.fieldSelectors)
                .map(readFieldSelector)
                .filter((f): f is FieldSelector => f !== undefined);
            const rejected = fields.map(rejectedOperator).filter((r): r is string => r !== undefined);
            if (rejected.length > 0) {
                report(`advancedEventSelectors[${i}]: ${rejected.join("; ")}, and it logs nothing`);
                return;
            }
            const category = equalsOnly(fields, FIELD.eventCategory);
            if (category === undefined || category.length === 0) {
                report(`advancedEventSelectors[${i}] has no eventCategory field (Equals Management or Data): CloudTrail rejects it`);
                return;
            }
            // Any field but eventCategory and resources.type keeps some events of the category (or type) out,
            // whatever its operator: eventName, eventSource, resources.ARN, readOnly and the other fields.
            const filters = fields.filter((f) => f.field !== FIELD.eventCategory && f.field !== FIELD.resourcesType);
            const readOnly = filters.length === 1 && filters[0].field === FIELD.readOnly ? filters[0].operators.equals : undefined;
            const narrowing = `advancedEventSelectors[${i}] (${filters.map(describeSelector).join(", ")})`;
            if (category.includes(EVENT_CATEGORY.management)) {
                if (filters.length === 0) {
                    management = true;
                } else if (readOnly !== undefined && readOnly.length > 0) {
                    readOnly.forEach((v) => managementHalves.add(v.toLowerCase()));
                } else {
                    managementNarrowed.push(narrowing);
                }
            }
            if (category.includes(EVENT_CATEGORY.data)) {
                for (const type of equalsOnly(fields, FIELD.resourcesType) ?? []) {
                    if (filters.length === 0) {
                        logged.add(type);
                    } else if (readOnly !== undefined && readOnly.length > 0) {
                        const halves = readOnlyHalves.get(type) ?? new Set<string>();
                        readOnly.forEach((v) => halves.add(v.toLowerCase()));
                        readOnlyHalves.set(type, halves);
                    } else {
                        narrowed.set(type, [...(narrowed.get(type) ?? []), narrowing]);
                    }
                }
            }
        });
        management ||= managementHalves.has("true") && managementHalves.has("false");
        for (const [type, halves] of readOnlyHalves) {
            if (halves.has("true") && halves.has("false")) {
                logged.add(type);
            } else {
                narrowed.set(type, [...(narrowed.get(type) ?? []), `readOnly = ${[...halves].join(", ")} only`]);
            }
        }

        if (config.requireManagementEvents && !management) {
            report(
                managementNarrowed.length > 0
                    ? `management events are only partly recorded: ${managementNarrowed.join("; ")} leave${managementNarrowed.length === 1 ? "s" : ""} some out; log them with eventCategory = Management alone`
                    : managementHalves.size > 0
                      ? "management events are limited to read-only or write-only events: record both (drop the readOnly field of the Management selector)"
                      : "no advanced selector with eventCategory = Management: management events (control changes, InvokeModel and Converse calls) are not recorded",
            );
        }
        const missing = config.requiredDataEventTypes.filter((t) => !logged.has(t));
        const partial = missing.filter((t) => narrowed.has(t));
        const absent = missing.filter((t) => !narrowed.has(t));
        if (absent.length > 0) {
            report(`data events not logged for: ${absent.join(", ")} (add a selector with eventCategory = Data and resources.type = each type)`);
        }
        if (partial.length > 0) {
            report(
                `data events only partly logged for: ${partial.map((t) => `${t} (narrowed by ${narrowed.get(t)!.join("; ")})`).join(", ")}: ` +
                    "a selector that also filters on eventName, resources.ARN, readOnly or another field leaves the other events of the type unrecorded; " +
                    "log each required type with eventCategory and resources.type alone",
            );
        }
    },
});
