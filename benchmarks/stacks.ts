/**
 * The stacks the benchmark measures with: the prod stack's resources as the offline preview
 * produces them (stacks/index.ts under the mock runtime), replicated into larger stacks; an export
 * file of such a stack; and the settings of a stack with many agents and gateways.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { StackResource } from "../cli/analyzer-client";
import { isProviderType } from "../cli/analysis";
import { PreparedStack, prepareStack, runStackProgram } from "../cli/preview";
import { stackConfigPath } from "../cli/stack-config";

/** The prod stack as `pulumi preview` would register it, with ARNs and IDs known. */
export async function prodStack(): Promise<{ prepared: PreparedStack; resources: StackResource[] }> {
    const prepared = prepareStack("prod");
    const { resources } = await runStackProgram(prepared);
    return { prepared, resources };
}

/**
 * Copy `k` of a value: every name the program derived from its component name ("ai", "ai-...")
 * becomes "ai<k>..." (type tokens and the project, "ai-guardrails:", stay), and every hex
 * identifier the mocks computed (key IDs, guardrail IDs, endpoint IDs) is rehashed. So URNs,
 * names, ARNs and IDs are distinct across copies and references stay inside their copy: a copy
 * never matches another copy's resources by value, as in a real stack of that size.
 */
function copyString(s: string, k: number): string {
    return s
        .replace(/(?<![A-Za-z0-9])ai(?=-|$)(?!-guardrails:)/g, `ai${k}`)
        .replace(/(?<![A-Za-z0-9])(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*[0-9])[0-9a-fA-F]{7,}(?![A-Za-z0-9])/g, (hex) => {
            const h = crypto.createHash("sha256").update(`${hex}/${k}`).digest("hex").slice(0, hex.length);
            return hex === hex.toUpperCase() ? h.toUpperCase() : h;
        });
}

function copyValue(value: unknown, k: number): unknown {
    if (typeof value === "string") {
        return copyString(value, k);
    }
    if (Array.isArray(value)) {
        return value.map((v) => copyValue(v, k));
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, copyValue(v, k)]));
    }
    return value;
}

/** Copy `k` of the stack's own resources (copy 0 is the stack itself); providers are left out. */
function copyOf(resources: readonly StackResource[], k: number): StackResource[] {
    return resources
        .filter((r) => !isProviderType(r.type))
        .map((r) => {
            if (k === 0) {
                return r;
            }
            // The provider reference names the stack's one AWS provider, shared by every copy.
            const { provider, ...own } = r;
            return { ...(copyValue(own, k) as StackResource), ...(provider ? { provider } : {}) };
        });
}

/** `copies` copies of a stack in one stack, sharing its providers (the program registers one). */
export function replicate(resources: readonly StackResource[], copies: number): StackResource[] {
    const out = resources.filter((r) => isProviderType(r.type));
    for (let k = 0; k < copies; k++) {
        out.push(...copyOf(resources, k));
    }
    const urns = new Set(out.map((r) => r.urn));
    if (urns.size !== out.length) {
        throw new Error(`replicating the stack ${copies} times produced ${out.length - urns.size} duplicate URNs`);
    }
    return out;
}

function exportedResource(r: StackResource): unknown {
    return {
        urn: r.urn,
        custom: r.custom,
        ...(r.custom && typeof r.outputs.id === "string" ? { id: r.outputs.id } : {}),
        type: r.type,
        inputs: r.inputs,
        outputs: r.outputs,
        ...(r.parent ? { parent: r.parent } : {}),
        ...(r.protect ? { protect: true } : {}),
        // `pulumi stack export` writes a provider reference as `<provider URN>::<provider ID>`.
        ...(r.provider ? { provider: `${r.provider.urn}::${String(r.provider.properties.id ?? "provider-id")}` } : {}),
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
    };
}

/**
 * Writes `pulumi stack export` output (version 3) of `copies` copies of the stack, one resource at
 * a time, until the file holds at least `minBytes`; returns the copies written and the size.
 */
export function writeExport(file: string, resources: readonly StackResource[], minBytes: number): { copies: number; resources: number; bytes: number } {
    const fd = fs.openSync(file, "w");
    let bytes = 0;
    let count = 0;
    let copies = 0;
    const write = (text: string) => {
        bytes += fs.writeSync(fd, text);
    };
    try {
        write(`{"version":3,"deployment":{"manifest":{"time":"2026-11-29T00:00:00Z","magic":"","version":"v3.270.0"},"resources":[\n`);
        for (const r of resources.filter((x) => isProviderType(x.type))) {
            write(`${count++ ? ",\n" : ""}${JSON.stringify(exportedResource(r))}`);
        }
        while (bytes < minBytes) {
            for (const r of copyOf(resources, copies)) {
                write(`${count++ ? ",\n" : ""}${JSON.stringify(exportedResource(r))}`);
            }
            copies++;
        }
        write("\n]}}\n");
    } finally {
        fs.closeSync(fd);
    }
    return { copies, resources: count, bytes };
}

/**
 * Writes `<dir>/Pulumi.<stack>.yaml`: the prod stack's settings with `agents` agents spread over
 * `gateways` gateways, the prod agents and gateway repeated under distinct names (each agent's
 * principal allowed on its gateway).
 */
export function writeAgentsStack(dir: string, stack: string, agents: number, gateways: number): string {
    const doc = YAML.parse(fs.readFileSync(stackConfigPath("prod"), "utf8")) as { config: Record<string, any> };
    const prod = doc.config["ai-guardrails:agents"] as { agents: Record<string, any>[]; gateways: Record<string, any>[] };
    const [gatewayTemplate] = prod.gateways;
    const gatewayName = (g: number) => `${gatewayTemplate.name}-${g}`;
    const agentList = Array.from({ length: agents }, (_, i) => {
        const template = prod.agents[i % prod.agents.length];
        return { ...template, name: `${template.name}-${i}`, gateway: gatewayName(i % gateways), gatewayPrincipal: `${template.gatewayPrincipal}-${i}` };
    });
    const gatewayList = Array.from({ length: gateways }, (_, g) => ({
        ...gatewayTemplate,
        name: gatewayName(g),
        authorizer: { ...gatewayTemplate.authorizer, allowedClients: agentList.filter((a) => a.gateway === gatewayName(g)).map((a) => a.gatewayPrincipal) },
    }));
    doc.config["ai-guardrails:agents"] = { agents: agentList, gateways: gatewayList };
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    fs.writeFileSync(file, `# Generated by benchmarks/stacks.ts: the prod settings with ${agents} agents and ${gateways} gateways.\n${YAML.stringify(doc)}`);
    return file;
}
