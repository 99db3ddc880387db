/**
 * Which layer of the baseline a resource belongs to. A resource inside a component belongs to the
 * nearest enclosing component the layer table lists (`ai-guardrails:index:<Class>`, or a token of
 * an earlier release with a module segment); shared building blocks and the composing baseline take
 * their parent's layer. A resource outside any such component (a stack export of another program,
 * for example) is placed by its AWS type where that type belongs to one layer only, else with the
 * resources that depend on it when they are all in one layer, else under "other".
 */
import { Layer, LAYER_KEYS, layerInfo, layerOfComponent } from "../policypack/controls/layers";

export type LayerKey = Layer | "other";

export const LAYER_ORDER: readonly LayerKey[] = [...LAYER_KEYS, "other"];

/** A layer's heading: its title and the controls it holds. */
export function layerTitle(layer: LayerKey): string {
    if (layer === "other") {
        return "Other resources";
    }
    const info = layerInfo(layer);
    return `${info.title} (${info.controls})`;
}

/** AWS types that belong to a single layer whatever program created them. */
const TYPE_PREFIXES: [string, LayerKey][] = [
    ["aws:bedrock/guardrail", "model"],
    ["aws:bedrockmodel/", "model"],
    ["aws:organizations/", "organization"],
    ["aws:iam/role:", "identity"],
    ["aws:iam/rolePolicy", "identity"],
    ["aws:bedrock/agent", "agents"],
    ["aws:ec2/vpcEndpoint", "network"],
    ["aws:wafv2/", "edge"],
    ["aws:apigateway/", "edge"],
    ["aws:apigatewayv2/", "edge"],
    ["aws:cloudtrail/", "evidence"],
    ["aws:cloudwatch/metricAlarm", "evidence"],
    ["aws:cloudwatch/dashboard", "evidence"],
    ["aws:sns/", "evidence"],
];

/** The layer a component token names, if any (`ai-guardrails:index:ModelGuardrail` -> model). */
export function layerOfComponentToken(type: string): LayerKey | undefined {
    const parts = type.split(":");
    return parts.length === 3 && parts[0] === "ai-guardrails" ? layerOfComponent(parts[2]) : undefined;
}

export function layerOfType(type: string): LayerKey {
    for (const [prefix, layer] of TYPE_PREFIXES) {
        if (type.startsWith(prefix)) {
            return layer;
        }
    }
    return "other";
}

interface Node {
    urn: string;
    type: string;
    custom?: boolean;
    parent?: string;
    dependencies?: readonly string[];
    propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

/** The one layer all the given layers agree on, if they do. */
function unanimous(layers: Iterable<LayerKey | undefined>): LayerKey | undefined {
    let found: LayerKey | undefined;
    for (const layer of layers) {
        if (layer === undefined) {
            continue;
        }
        if (found !== undefined && found !== layer) {
            return undefined;
        }
        found = layer;
    }
    return found;
}

/**
 * Assigns every resource a layer, in linear passes: the nearest enclosing layer component; else
 * the layer its AWS type belongs to; else the one layer of the resources that depend on it (a key
 * created beside the agents for them), else the one layer of the resources it depends on (that
 * key's alias). A component without a layer of its own takes its children's layer when they all
 * have the same one. What remains is "other"; a component there composes several layers.
 */
export function assignLayers(resources: readonly Node[]): Map<string, LayerKey> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const fromAncestors = new Map<string, LayerKey | undefined>();
    const ancestorLayer = (urn: string | undefined, seen: Set<string>): LayerKey | undefined => {
        if (!urn || seen.has(urn)) {
            return undefined;
        }
        if (fromAncestors.has(urn)) {
            return fromAncestors.get(urn);
        }
        seen.add(urn);
        const node = byUrn.get(urn);
        const layer = node ? (layerOfComponentToken(node.type) ?? ancestorLayer(node.parent, seen)) : undefined;
        fromAncestors.set(urn, layer);
        return layer;
    };
    const layer = new Map<string, LayerKey | undefined>();
    for (const r of resources) {
        const byType = layerOfType(r.type);
        layer.set(r.urn, ancestorLayer(r.urn, new Set()) ?? (byType === "other" ? undefined : byType));
    }

    // Custom resources still without a layer: the layer of what uses them, else of what they use.
    const dependenciesOf = (r: Node) => [...new Set([...(r.dependencies ?? []), ...Object.values(r.propertyDependencies ?? {}).flat()])];
    const dependents = new Map<string, string[]>();
    for (const r of resources) {
        for (const d of dependenciesOf(r)) {
            const list = dependents.get(d) ?? [];
            list.push(r.urn);
            dependents.set(d, list);
        }
    }
    const unplaced = resources.filter((r) => r.custom !== false && layer.get(r.urn) === undefined);
    for (const r of unplaced) {
        layer.set(r.urn, unanimous((dependents.get(r.urn) ?? []).map((u) => layer.get(u))));
    }
    for (const r of unplaced) {
        if (layer.get(r.urn) === undefined) {
            layer.set(r.urn, unanimous(dependenciesOf(r).map((u) => layer.get(u))));
        }
    }

    // Components without a layer, innermost first: their children's layer when all agree.
    const children = new Map<string, Node[]>();
    for (const r of resources) {
        if (r.parent) {
            const list = children.get(r.parent) ?? [];
            list.push(r);
            children.set(r.parent, list);
        }
    }
    for (const r of [...resources].reverse()) {
        if (r.custom !== false || layer.get(r.urn) !== undefined) {
            continue;
        }
        const agreed = unanimous((children.get(r.urn) ?? []).map((c) => layer.get(c.urn) ?? "other"));
        if (agreed !== undefined && agreed !== "other") {
            layer.set(r.urn, agreed);
        }
    }

    const result = new Map<string, LayerKey>();
    for (const r of resources) {
        result.set(r.urn, layer.get(r.urn) ?? "other");
    }
    return result;
}
