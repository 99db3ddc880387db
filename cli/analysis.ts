/**
 * Sends a stack's resources through a running policy pack the way the engine does during an
 * operation: `analyze` for each custom resource (its inputs), then `analyzeStack` once with every
 * resource (outputs, parents, dependencies, property dependencies, options).
 */
import { AnalyzeResult, AnalyzerInfo, PolicyPackProcess, ProviderRef, StackResource } from "./analyzer-client";
import { ResolvedPolicyConfig } from "./policy-config";

export interface AnalysisTimings {
    /** Wall time of each `analyze` round trip, in milliseconds. */
    analyzeMs: number[];
    analyzeStackMs: number;
}

export interface Analysis {
    info: AnalyzerInfo;
    config: ResolvedPolicyConfig;
    resources: StackResource[];
    /** `analyze` results by URN (custom resources only). */
    perResource: Map<string, AnalyzeResult>;
    stack: AnalyzeResult;
    timings: AnalysisTimings;
}

/** Provider resources are the engine's own plumbing; analyzers see them only in `analyzeStack`. */
export function isProviderType(type: string): boolean {
    return type.startsWith("pulumi:providers:");
}

/** The resources `analyze` is called for: custom resources that are not providers. */
export function analyzedResources(resources: readonly StackResource[]): StackResource[] {
    return resources.filter((r) => r.custom && !isProviderType(r.type));
}

/** Splits a provider reference (`<urn>::<id>`) and finds the provider among the registered resources. */
export function providerRef(reference: string | undefined, byUrn: ReadonlyMap<string, { type: string; name: string; inputs: Record<string, unknown> }>): ProviderRef | undefined {
    if (!reference) {
        return undefined;
    }
    const cut = reference.lastIndexOf("::");
    const urn = cut > 0 ? reference.slice(0, cut) : reference;
    const provider = byUrn.get(urn);
    if (!provider) {
        return undefined;
    }
    return { urn, type: provider.type, name: provider.name, properties: provider.inputs };
}

/** Runs `analyze` and `analyzeStack` on an already configured pack. */
export async function analyzeStack(pack: PolicyPackProcess, config: ResolvedPolicyConfig, resources: StackResource[]): Promise<Analysis> {
    const info = await pack.getAnalyzerInfo();
    const perResource = new Map<string, AnalyzeResult>();
    const analyzeMs: number[] = [];
    for (const r of analyzedResources(resources)) {
        const t = process.hrtime.bigint();
        perResource.set(r.urn, await pack.analyze(r));
        analyzeMs.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const t = process.hrtime.bigint();
    const stack = await pack.analyzeStack(resources);
    const analyzeStackMs = Number(process.hrtime.bigint() - t) / 1e6;
    return { info, config, resources, perResource, stack, timings: { analyzeMs, analyzeStackMs } };
}
