/**
 * The `aws:` stack settings, for the explicit provider the program creates. A default provider
 * reads `aws:profile`, `aws:defaultTags` and the rest of its configuration from the stack; an
 * explicit one reads only the arguments it is given, so the program hands it every `aws:` key it
 * can honour, and names the keys nobody reads.
 */
import { NAMESPACE } from "./namespace";

/**
 * The AWS provider's configuration keys (`aws:<key>`), as @pulumi/aws declares them in
 * `config/vars` and `ProviderArgs` (tests/config/provider.test.ts keeps the list equal to the
 * installed package's).
 */
export const AWS_PROVIDER_KEYS = [
    "accessKey",
    "allowedAccountIds",
    "assumeRoleWithWebIdentity",
    "assumeRoles",
    "customCaBundle",
    "defaultTags",
    "ec2MetadataServiceEndpoint",
    "ec2MetadataServiceEndpointMode",
    "endpoints",
    "forbiddenAccountIds",
    "httpProxy",
    "httpsProxy",
    "ignoreTags",
    "insecure",
    "maxRetries",
    "noProxy",
    "profile",
    "region",
    "retryMode",
    "s3UsEast1RegionalEndpoint",
    "s3UsePathStyle",
    "secretKey",
    "sharedConfigFiles",
    "sharedCredentialsFiles",
    "skipCredentialsValidation",
    "skipMetadataApiCheck",
    "skipRequestingAccountId",
    "skipRegionValidation",
    "stsRegion",
    "tagPolicyCompliance",
    "token",
    "tokenBucketRateLimiterCapacity",
    "useDualstackEndpoint",
    "useFipsEndpoint",
    "userAgents",
] as const;

const AWS_KEYS: ReadonlySet<string> = new Set(AWS_PROVIDER_KEYS);

/** The program sets these itself from the stack settings: the Region and the one account it may touch. */
const SET_BY_PROGRAM: ReadonlySet<string> = new Set(["region", "allowedAccountIds"]);

/** Settings Pulumi itself reads (`pulumi:tags` tags the stack, `pulumi:template`, ...), not the program. */
const PULUMI_NAMESPACE = "pulumi";

/** Objects, lists, booleans and numbers arrive as JSON; other values are strings. */
function decode(raw: string): unknown {
    const trimmed = raw.trim();
    if (/^[[{]/.test(trimmed) || trimmed === "true" || trimmed === "false" || /^-?\d+(\.\d+)?$/.test(trimmed)) {
        try {
            return JSON.parse(trimmed);
        } catch {
            return raw;
        }
    }
    return raw;
}

/** Whether the program (stacks/index.ts) reads a configuration key: its namespace's keys and the AWS provider's. */
export function isReadByProgram(key: string, namespace: string = NAMESPACE): boolean {
    const [ns, name = ""] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
    return ns === namespace || (ns === "aws" && AWS_KEYS.has(name));
}

export interface AwsProviderSettings {
    /** Arguments for `new aws.Provider`, from every `aws:` key the program honours (Region and allowed accounts aside). */
    args: Record<string, unknown>;
    /** `key (why)` for every key no one in the program reads; empty when there is none. */
    unread: string[];
}

/**
 * The provider arguments the stack's `aws:` keys ask for, and the keys the program cannot honour:
 * unknown `aws:` keys, `aws:allowedAccountIds` that would let the stack touch another account, and
 * the keys of namespaces no one reads (`pulumi:` keys are Pulumi's own, and are not listed).
 */
export function awsProviderSettings(raw: Record<string, string>, accountId: string, namespace: string = NAMESPACE): AwsProviderSettings {
    const args: Record<string, unknown> = {};
    const unread: string[] = [];
    for (const [key, value] of Object.entries(raw)) {
        const ns = key.slice(0, key.indexOf(":"));
        const name = key.slice(key.indexOf(":") + 1);
        if (ns === "aws") {
            if (!AWS_KEYS.has(name)) {
                unread.push(`${key} (not a setting of the AWS provider)`);
            } else if (name === "allowedAccountIds") {
                const allowed = decode(value);
                if (!Array.isArray(allowed) || allowed.length !== 1 || String(allowed[0]) !== accountId) {
                    unread.push(`${key} (the program allows only ${namespace}:accountId, ${accountId})`);
                }
            } else if (!SET_BY_PROGRAM.has(name)) {
                args[name] = decode(value);
            }
        } else if (ns !== namespace && ns !== PULUMI_NAMESPACE) {
            unread.push(`${key} (no one in this program reads the ${ns} namespace)`);
        }
    }
    return { args, unread };
}

/** The one line that names the keys the program cannot honour. */
export function unreadKeysLine(unread: readonly string[]): string {
    return `stack settings the program does not honour: ${unread.join(", ")}`;
}
