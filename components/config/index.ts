import * as pulumi from "@pulumi/pulumi";
import { ConfigValidationError, Problem } from "./errors";
import { NAMESPACE } from "./namespace";
import { describeIssues, KeyNamer, settingsKeys } from "./issues";
import { partitionOf } from "./location";
import { baselineSettingsSchema, StackConfig } from "./schema";

export * from "./schema";
export { ConfigValidationError } from "./errors";
export { NAMESPACE } from "./namespace";
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

/** The stack settings' names: `region` is Pulumi's `aws:region`, everything else is in the namespace. */
function stackKeys(namespace: string): KeyNamer {
    const inNamespace = settingsKeys(namespace);
    return (path) => (path[0] === "region" ? inNamespace(["aws:region", ...path.slice(1)]) : inNamespace(path));
}

/**
 * Validates a stack's settings and returns them typed, with secure defaults filled in: the keys of
 * `namespace` (`ai-guardrails` by default; a program that composes the baseline with its own settings
 * chooses its own, `pulumi config set <namespace>:guardrail ...`) plus `aws:region`. The partition
 * follows from the Region; `<namespace>:partition`, accepted from earlier releases, must agree with it.
 * Throws `ConfigValidationError` naming every bad key, its value and what is allowed; call it before
 * creating any resource, so an invalid stack creates nothing.
 */
export function loadStackConfig(raw: Record<string, string> = rawStackConfig(), namespace: string = NAMESPACE): StackConfig {
    if (!/^[a-zA-Z][a-zA-Z0-9_-]*$/.test(namespace)) {
        throw new ConfigValidationError("Invalid stack configuration", [{ propertyPath: "namespace", reason: `namespace "${namespace}": expected a Pulumi config namespace such as ai-guardrails or my-project` }]);
    }
    const input: Record<string, unknown> = {};
    const problems: Problem[] = [];
    let partition: unknown;
    for (const [key, value] of Object.entries(raw)) {
        if (key === "aws:region") {
            input.region = value;
        } else if (key === `${namespace}:partition`) {
            partition = decode(value);
        } else if (key === `${namespace}:region`) {
            problems.push({ propertyPath: "region", reason: `${key} = ${JSON.stringify(value)}: the stack's Region is aws:region (pulumi config set aws:region ${value})` });
        } else if (key.startsWith(`${namespace}:`)) {
            input[key.slice(namespace.length + 1)] = decode(value);
        }
    }
    const result = baselineSettingsSchema.safeParse(input);
    if (!result.success) {
        problems.push(...describeIssues(result.error, input, baselineSettingsSchema, stackKeys(namespace)));
    } else if (partition !== undefined && partition !== partitionOf(result.data.region)) {
        const expected = partitionOf(result.data.region);
        problems.push({
            propertyPath: "partition",
            reason: `${namespace}:partition = ${JSON.stringify(partition)}: the Region ${result.data.region} is in the ${expected} partition; remove the key (the partition follows from aws:region)`,
        });
    }
    if (problems.length > 0) {
        throw new ConfigValidationError("Invalid stack configuration", problems);
    }
    return result.data!;
}
