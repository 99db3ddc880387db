/**
 * Checks a BEDROCK_POLICY's content against the syntax AWS documents and the baseline's
 * expectations (the Bedrock-policy rule's reading of it).
 * Sources: AWS Organizations user guide, "Amazon Bedrock policy syntax and examples"
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_bedrock_syntax.html),
 * "Best practices for using Amazon Bedrock policies".
 */
import { canTakeGuardrail } from "../../controls/model-capabilities";
import { ALL_MODELS, CONTENT_GUARDING_MODES } from "../../controls/organization";
import { guardrailIdentifierProblems, parseGuardrailIdentifier } from "../guardrail-arn";

export interface BedrockPolicyExpectations {
    /** Regions that must carry a configuration. */
    requiredRegions?: readonly string[];
    /** The account the guardrails must live in (the management account). */
    managementAccountId?: string;
    /** Require `included_models` to be `["ALL"]`. */
    requireAllModels?: boolean;
    /** Models that may be excluded; any other exclusion is a problem. */
    allowedExcludedModels?: readonly string[];
    /** Require `selective_content_guarding.messages` to be `comprehensive`. */
    requireComprehensiveMessages?: boolean;
    /** Require `selective_content_guarding.system` to be `comprehensive` (or absent: AWS's default). */
    requireComprehensiveSystem?: boolean;
}

export interface BedrockPolicyEntry {
    region: string;
    configName: string;
    identifier?: string;
}

const CONFIG_KEYS = new Set(["identifier", "selective_content_guarding", "model_enforcement", "input_tags"]);
const CHILD_CONTROL = "@@operators_allowed_for_child_policies";

function isObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The `@@assign` value of a node, or undefined with a problem when the node is malformed. */
function assigned(node: unknown, where: string, problems: string[]): unknown {
    if (!isObject(node) || !("@@assign" in node)) {
        problems.push(`${where} must be an object with "@@assign"`);
        return undefined;
    }
    return node["@@assign"];
}

function stringList(value: unknown, where: string, problems: string[]): string[] | undefined {
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
        problems.push(`${where} must assign a list of model IDs`);
        return undefined;
    }
    return value as string[];
}

/**
 * Checks a BEDROCK_POLICY's content (a JSON string or an object) against the syntax AWS documents
 * and the expectations; never throws. Returns the problems and the configurations it found.
 */
export function validateBedrockPolicyContent(content: unknown, expect: BedrockPolicyExpectations = {}): { problems: string[]; entries: BedrockPolicyEntry[] } {
    const problems: string[] = [];
    const entries: BedrockPolicyEntry[] = [];
    let doc: unknown = content;
    if (typeof content === "string") {
        try {
            doc = JSON.parse(content);
        } catch (e) {
            return { problems: [`the content is not valid JSON: ${(e as Error).message}`], entries };
        }
    }
    const inference = isObject(doc) && isObject(doc.bedrock) ? doc.bedrock.guardrail_inference : undefined;
    if (!isObject(inference)) {
        return { problems: ['the content has no "bedrock" -> "guardrail_inference" object'], entries };
    }
    for (const [region, configs] of Object.entries(inference)) {
        if (region === CHILD_CONTROL) {
            continue;
        }
        if (!isObject(configs)) {
            problems.push(`${region}: must map configuration names to configurations`);
            continue;
        }
        for (const [configName, config] of Object.entries(configs)) {
            if (configName === CHILD_CONTROL) {
                continue;
            }
            const where = `${region}.${configName}`;
            if (!isObject(config)) {
                problems.push(`${where}: must be an object`);
                continue;
            }
            for (const key of Object.keys(config)) {
                if (!CONFIG_KEYS.has(key) && key !== CHILD_CONTROL) {
                    problems.push(`${where}: unknown element ${JSON.stringify(key)}`);
                }
            }
            const identifier = assigned(config.identifier, `${where}.identifier`, problems);
            const entry: BedrockPolicyEntry = { region, configName };
            entries.push(entry);
            if (identifier !== undefined) {
                if (typeof identifier !== "string") {
                    problems.push(`${where}.identifier must assign a string`);
                } else {
                    entry.identifier = identifier;
                    problems.push(...guardrailIdentifierProblems(identifier, region).map((p) => p.replace(`${region}:`, `${where}:`)));
                    const parsed = parseGuardrailIdentifier(identifier);
                    if (parsed && expect.managementAccountId && parsed.accountId !== expect.managementAccountId) {
                        problems.push(`${where}: the guardrail belongs to account ${parsed.accountId}, not the management account ${expect.managementAccountId}`);
                    }
                }
            }
            checkContentGuarding(config.selective_content_guarding, where, expect, problems);
            checkModelEnforcement(config.model_enforcement, where, expect, problems);
        }
    }
    for (const region of expect.requiredRegions ?? []) {
        if (!entries.some((e) => e.region === region)) {
            problems.push(`no guardrail is enforced in ${region}`);
        }
    }
    if (entries.length === 0) {
        problems.push("the policy enforces no guardrail in any Region");
    }
    return { problems, entries };
}

function checkContentGuarding(node: unknown, where: string, expect: BedrockPolicyExpectations, problems: string[]): void {
    if (node === undefined) {
        if (expect.requireComprehensiveMessages) {
            problems.push(`${where}: selective_content_guarding.messages is not set; set it to "comprehensive" so every message is guarded`);
        }
        return;
    }
    if (!isObject(node)) {
        problems.push(`${where}.selective_content_guarding must be an object`);
        return;
    }
    for (const part of ["system", "messages"] as const) {
        if (node[part] === undefined) {
            if (part === "messages" && expect.requireComprehensiveMessages) {
                problems.push(`${where}: selective_content_guarding.messages is not set; set it to "comprehensive" so every message is guarded`);
            }
            continue;
        }
        const mode = assigned(node[part], `${where}.selective_content_guarding.${part}`, problems);
        if (mode === undefined) {
            continue;
        }
        if (!(CONTENT_GUARDING_MODES as readonly unknown[]).includes(mode)) {
            problems.push(`${where}.selective_content_guarding.${part} is ${JSON.stringify(mode)}; expected "selective" or "comprehensive"`);
        } else if (part === "messages" && mode !== "comprehensive" && expect.requireComprehensiveMessages) {
            problems.push(`${where}: selective_content_guarding.messages is "${mode}": only tagged content is checked; set "comprehensive"`);
        } else if (part === "system" && mode !== "comprehensive" && expect.requireComprehensiveSystem) {
            problems.push(
                `${where}: selective_content_guarding.system is "${mode}": AWS evaluates no system-prompt content without guard-content tags, so an untagged ` +
                    'system prompt is never guarded; set "comprehensive", or state why in the rule\'s selectiveSystemReason',
            );
        }
    }
}

function checkModelEnforcement(node: unknown, where: string, expect: BedrockPolicyExpectations, problems: string[]): void {
    if (node === undefined) {
        // Without model_enforcement the guardrail applies to every model.
        return;
    }
    if (!isObject(node)) {
        problems.push(`${where}.model_enforcement must be an object`);
        return;
    }
    if (node.included_models !== undefined) {
        const included = stringList(assigned(node.included_models, `${where}.model_enforcement.included_models`, problems), `${where}.model_enforcement.included_models`, problems);
        if (included && expect.requireAllModels && !(included.length === 1 && included[0] === ALL_MODELS)) {
            problems.push(`${where}: the guardrail is enforced only on ${JSON.stringify(included)}; include ["${ALL_MODELS}"] so no model escapes it`);
        }
    }
    if (node.excluded_models !== undefined) {
        const excluded = stringList(assigned(node.excluded_models, `${where}.model_enforcement.excluded_models`, problems), `${where}.model_enforcement.excluded_models`, problems);
        const allowed = expect.allowedExcludedModels;
        const extra = allowed && excluded ? excluded.filter((m) => !allowed.includes(m)) : [];
        if (extra.length > 0) {
            const capable = extra.filter(canTakeGuardrail);
            const why = capable.length > 0 ? ` (${capable.join(", ")} can take a guardrail: ${capable.length === 1 ? "its" : "their"} calls run unguarded)` : "";
            problems.push(`${where}: ${extra.join(", ")} ${extra.length === 1 ? "is" : "are"} excluded from the guardrail without approval${why}`);
        }
    }
}
