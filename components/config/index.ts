import * as pulumi from "@pulumi/pulumi";
import { ConfigValidationError, describeIssues, NAMESPACE, settingsKeys } from "./errors";
import { StackConfig, stackConfigSchema } from "./schema";

export * from "./schema";
export { ConfigValidationError, NAMESPACE } from "./errors";
export type { Problem } from "./errors";

/**
 * Pulumi hands config values over as strings; objects, lists and booleans arrive as JSON.
 * Plain strings stay strings, so an account ID such as "012345678901" keeps its leading zero.
 */
function decode(raw: string): unknown {
    const trimmed = raw.trim();
    if (/^[[{]/.test(trimmed) || trimmed === "true" || trimmed === "false") {
        try {
            return JSON.parse(trimmed);
        } catch {
            return raw;
        }
    }
    return raw;
}

/** The stack's raw configuration as Pulumi holds it (`namespace:key` -> string). */
export function rawStackConfig(): Record<string, string> {
    return pulumi.runtime.allConfig();
}

/**
 * Validates a stack's settings and returns them typed, with secure defaults filled in: the keys of
 * `namespace` (`ai-guardrails` by default; a program that composes the baseline with its own settings
 * chooses its own, `pulumi config set <namespace>:guardrail ...`) plus `aws:region`. Throws
 * `ConfigValidationError` naming every bad key, its value and what is allowed; call it before
 * creating any resource, so an invalid stack creates nothing.
 */
export function loadStackConfig(raw: Record<string, string> = rawStackConfig(), namespace: string = NAMESPACE): StackConfig {
    if (!/^[a-zA-Z][a-zA-Z0-9_-]*$/.test(namespace)) {
        throw new ConfigValidationError("Invalid stack configuration", [{ propertyPath: "namespace", reason: `namespace "${namespace}": expected a Pulumi config namespace such as ai-guardrails or my-project` }]);
    }
    const input: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
        if (key.startsWith(`${namespace}:`)) {
            input[key.slice(namespace.length + 1)] = decode(value);
        } else if (key === "aws:region") {
            input[key] = value;
        }
    }
    const result = stackConfigSchema.safeParse(input);
    if (!result.success) {
        throw new ConfigValidationError("Invalid stack configuration", describeIssues(result.error, input, stackConfigSchema, settingsKeys(namespace)));
    }
    return result.data;
}
