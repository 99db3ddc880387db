import * as pulumi from "@pulumi/pulumi";

/** The package name in every component's type token, and the multi-language plugin's name. */
export const PACKAGE = "ai-guardrails";

/**
 * `ai-guardrails:index:<Class>`: the one module Pulumi's component host serves. Releases before 0.2
 * used a module per layer (`ai-guardrails:model:ModelGuardrail`); `formerModule` adds an alias from
 * that token, so stacks deployed with it are updated in place, children included, not replaced.
 */
export function componentOptions(className: string, formerModule: string | undefined, opts: pulumi.ComponentResourceOptions | undefined): pulumi.ComponentResourceOptions {
    if (formerModule === undefined) {
        return opts ?? {};
    }
    const type = `${PACKAGE}:${formerModule}:${className}`;
    const given = opts?.aliases ?? [];
    // A caller's alias for a former name (`{ name }`) was registered under the former token too: an
    // alias only matches whole, so each such alias also gets a copy that names that token.
    const renamed = given.filter((a): a is pulumi.Alias => isAliasSpec(a) && a.type === undefined && a.name !== undefined);
    return { ...opts, aliases: [...given, { type }, ...renamed.map((a) => ({ ...a, type }))] };
}

export function componentType(className: string): string {
    return `${PACKAGE}:index:${className}`;
}

function isAliasSpec(alias: pulumi.Input<string | pulumi.Alias>): alias is pulumi.Alias {
    return typeof alias === "object" && !pulumi.Output.isInstance(alias) && !(alias instanceof Promise);
}
