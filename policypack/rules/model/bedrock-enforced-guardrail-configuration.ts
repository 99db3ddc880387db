import { PUBLISHED_GUARDRAIL_VERSION } from "../../controls/agentcore";
import { canTakeGuardrail } from "../../controls/model-capabilities";
import { ALL_MODELS } from "../../controls/organization";
import { knownAt } from "../../lib/agentcore";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

interface Config {
    allowedExcludedModels: string[];
    selectiveSystemReason: string;
}

function strings(value: unknown): string[] | undefined {
    return Array.isArray(value) && value.every((v) => typeof v === "string") ? value : undefined;
}

export const bedrockEnforcedGuardrailConfiguration = resourceRule<Config>({
    name: "bedrock-enforced-guardrail-configuration",
    id: "AIG-MI-10",
    layer: "model",
    severity: "high",
    displayName: "Account-enforced guardrail pinned and comprehensive",
    frameworks: { owaspLlm: ["LLM01", "LLM02"], awsAisf: ["AISF-AI-01"] },
    description:
        "Every account-level enforced guardrail configuration names a published numeric guardrail version, guards system prompts and " +
        "messages comprehensively, enforces on all models and leaves out only models that cannot take a guardrail.",
    explanation:
        "The enforced guardrail configuration makes Bedrock apply a guardrail to every model call of the account in its Region, whatever " +
        "the caller asks for. A DRAFT version changes under every call; SELECTIVE guarding evaluates nothing that is not tagged; an " +
        "included-models list or an exclusion of a model that can take a guardrail leaves calls unguarded.",
    seedControl: "Model interaction: account-level enforced guardrail",
    peers: [],
    remediation:
        'Create an aws-native bedrock.EnforcedGuardrailConfiguration {guardrailIdentifier, guardrailVersion: "<published version>", ' +
        'selectiveContentGuarding: {system: "COMPREHENSIVE", messages: "COMPREHENSIVE"}, modelEnforcement: {includedModels: ["ALL"], ' +
        "excludedModels: [<models that cannot take a guardrail>]}} (ModelGuardrail's accountEnforcement does).",
    configSchema: {
        properties: {
            allowedExcludedModels: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Models that can take a guardrail and may still be excluded (models that cannot take one may always be).",
            },
            selectiveSystemReason: {
                type: "string",
                default: "",
                description: "Why system prompts may be guarded only where tagged (system SELECTIVE); empty: COMPREHENSIVE is required.",
            },
        },
    },
    resourceTypes: [T.enforcedGuardrailConfiguration],
    validate: ({ props }, { config, report }) => {
        const version = knownAt(props, ["guardrailVersion"]);
        if (version.known && (typeof version.value !== "string" || !PUBLISHED_GUARDRAIL_VERSION.test(version.value))) {
            report(`guardrailVersion is ${JSON.stringify(version.value)}: pin a published numeric version (DRAFT changes under every call of the account)`);
        }
        const identifier = knownAt(props, ["guardrailIdentifier"]);
        if (identifier.known && (typeof identifier.value !== "string" || identifier.value === "")) {
            report("guardrailIdentifier is not set: the configuration enforces no guardrail");
        }
        for (const part of ["system", "messages"] as const) {
            const mode = knownAt(props, ["selectiveContentGuarding", part]);
            if (mode.known && mode.value === "SELECTIVE" && (part === "messages" || config.selectiveSystemReason.trim() === "")) {
                report(`selectiveContentGuarding.${part} is SELECTIVE: only content inside guard-content tags is evaluated, so untagged ${part === "system" ? "system prompts" : "messages"} go unguarded; use COMPREHENSIVE`);
            }
        }
        const included = knownAt(props, ["modelEnforcement", "includedModels"]);
        if (included.known && included.value !== undefined) {
            const list = strings(included.value);
            if (!list || !(list.length === 1 && list[0] === ALL_MODELS)) {
                report(`modelEnforcement.includedModels is ${JSON.stringify(included.value)}: enforce on ["${ALL_MODELS}"] so no model escapes the guardrail`);
            }
        }
        const excluded = knownAt(props, ["modelEnforcement", "excludedModels"]);
        const capable = excluded.known ? (strings(excluded.value) ?? []).filter((m) => canTakeGuardrail(m) && !config.allowedExcludedModels.includes(m)) : [];
        if (capable.length > 0) {
            report(`modelEnforcement.excludedModels leaves out ${capable.join(", ")}, which can take a guardrail: ${capable.length === 1 ? "its" : "their"} calls run unguarded`);
        }
    },
});
