/**
 * Wrong pack settings refused when the engine configures the pack, for every policy, before any
 * resource is analysed.
 *
 * The Analyzer protocol carries a policy's config schema as `properties` and `required` only, so
 * the Pulumi CLI accepts a key no policy has (`minimumStrenght`) and an exemption expiring on
 * 2027-02-30. Each rule refuses them when it first reads its settings (`settingsOf` in rule.ts),
 * but a policy with nothing to judge in a stack never reads them. So the pack checks all of them in
 * the `configure` call: the `@pulumi/policy` server (1.21, pinned) reads the request's policy
 * configs through `ConfigureAnalyzerRequest.getPolicyconfigMap` inside a try block whose error it
 * returns to the engine, which stops the preview with that message. The check reads the same map
 * once the request is decoded and throws one line naming each policy, key and the nearest valid key.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { configProblems } from "./config-check";
import { policySdkModule } from "./sdk-module";

const CHECKED = Symbol.for("ai-guardrails.settingsAtConfigure");

/** An error the server passes on as its `stack`: one line, no trace. */
class PackSettingsError extends Error {
    constructor(problems: readonly string[]) {
        super(`ai-guardrails policy pack config: ${problems.join("; ")}`);
        this.name = "PackSettingsError";
        this.stack = this.message;
    }
}

/** What is wrong with the settings of the policies this pack has, one line per policy and problem. */
export function settingsProblems(schemas: ReadonlyMap<string, PolicyConfigSchema>, configs: Iterable<[string, Record<string, unknown>]>): string[] {
    const problems: string[] = [];
    for (const [policy, config] of configs) {
        const schema = schemas.get(policy);
        if (schema) {
            problems.push(...configProblems(schema, config).map((p) => `${policy}: ${p}`));
        }
    }
    return problems;
}

/**
 * Installs the check in the request class the SDK's server decodes `configure` into. Returns false,
 * changing nothing, when the class does not have the shape this was written for (a future SDK):
 * each rule still refuses its own wrong settings when it reads them.
 */
export function refuseWrongSettingsAtConfigure(policies: readonly { name: string; configSchema?: PolicyConfigSchema }[]): boolean {
    const pb = policySdkModule("@pulumi/pulumi/proto/analyzer_pb") as Record<string, any>;
    const Request = pb.ConfigureAnalyzerRequest as Record<string | symbol, any> | undefined;
    const proto = Request?.prototype as Record<string | symbol, any> | undefined;
    const original = proto?.getPolicyconfigMap;
    const decode = Request?.deserializeBinaryFromReader;
    if (!Request || !proto || typeof original !== "function" || typeof decode !== "function") {
        return false;
    }
    if (original[CHECKED]) {
        return true;
    }
    const schemas = new Map(policies.filter((p) => p.configSchema).map((p) => [p.name, p.configSchema!]));
    // The decoder fills the map through the same getter: the check waits for the request to be whole.
    let decoding = 0;
    Request.deserializeBinaryFromReader = function (this: unknown, ...args: unknown[]) {
        decoding++;
        try {
            return decode.apply(this, args);
        } finally {
            decoding--;
        }
    };
    const checked = function (this: unknown, ...args: unknown[]) {
        const map = original.apply(this, args);
        if (decoding > 0) {
            return map;
        }
        const configs: [string, Record<string, unknown>][] = [];
        map.forEach((value: any, policy: string) => configs.push([policy, (value.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>]));
        const problems = settingsProblems(schemas, configs);
        if (problems.length > 0) {
            throw new PackSettingsError(problems);
        }
        return map;
    };
    Object.defineProperty(checked, CHECKED, { value: true });
    proto.getPolicyconfigMap = checked;
    return true;
}
