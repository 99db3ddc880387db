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
    return { ...opts, aliases: [...(opts?.aliases ?? []), { type: `${PACKAGE}:${formerModule}:${className}` }] };
}

export function componentType(className: string): string {
    return `${PACKAGE}:index:${className}`;
}
