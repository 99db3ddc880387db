/**
 * Resources for driving the pack over the Analyzer protocol in tests, shaped as the engine sends them.
 */
import * as path from "path";
import { PackStartOptions, StackResource } from "../../cli/analyzer-client";

export const PACK_DIR = path.join(__dirname, "..", "..", "policypack");
export const FIXTURES = path.join(__dirname, "..", "fixtures");
export const GUARDRAIL = "aws:bedrock/guardrail:Guardrail";

/** Start options for one pack per test file. */
export function packOptions(overrides: Partial<PackStartOptions> = {}): PackStartOptions {
    return { packDir: PACK_DIR, project: "ai-guardrails", stack: "test", dryRun: true, ...overrides };
}

export function urnOf(type: string, name: string, stack = "test"): string {
    return `urn:pulumi:${stack}::ai-guardrails::${type}::${name}`;
}

/** A custom resource whose inputs and outputs are the given props. */
export function resource(type: string, name: string, props: Record<string, unknown>, extra: Partial<StackResource> = {}): StackResource {
    return {
        urn: urnOf(type, name),
        type,
        name,
        custom: true,
        inputs: props,
        outputs: props,
        protect: false,
        dependencies: [],
        propertyDependencies: {},
        ...extra,
    };
}

/** Guardrail inputs with the given PROMPT_ATTACK input strength (absent when `undefined`). */
export function guardrailProps(promptAttackInput: string | undefined): Record<string, unknown> {
    const filters = ["HATE", "VIOLENCE", "SEXUAL", "INSULTS", "MISCONDUCT"].map((type) => ({ type, inputStrength: "HIGH", outputStrength: "HIGH" }));
    if (promptAttackInput) {
        filters.push({ type: "PROMPT_ATTACK", inputStrength: promptAttackInput, outputStrength: "NONE" });
    }
    return {
        name: "test-guardrail",
        blockedInputMessaging: "Blocked.",
        blockedOutputsMessaging: "Blocked.",
        contentPolicyConfig: { filtersConfigs: filters },
    };
}
