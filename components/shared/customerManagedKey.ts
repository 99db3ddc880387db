import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocumentJson, PolicyStatement } from "./policyDocument";

/**
 * Every KMS key of an account in a Region, for an identity-policy statement that names its key by
 * alias (\`ForAnyValue:StringEquals kms:ResourceAliases\`): a key's ID is assigned by KMS, its alias
 * is chosen here, so such a statement is known before the key exists.
 * https://docs.aws.amazon.com/kms/latest/developerguide/alias-authorization.html
 */
export function keyArnPattern(partition: string, region: string, accountId: string): string {
    return `arn:${partition}:kms:${region}:${accountId}:key/*`;
}

/** An AWS service that may use the key, and under which conditions. */
export interface KeyServiceGrant {
    /** Statement ID in the key policy; unique within the key. */
    sid: string;
    /** Service principal, e.g. `logs.us-east-1.amazonaws.com` or `bedrock.amazonaws.com`. */
    service: pulumi.Input<string>;
    /** KMS actions the service may call, e.g. `kms:GenerateDataKey`. */
    actions: pulumi.Input<string>[];
    /**
     * Conditions that tie each use of the key to this account's resources. Defaults to
     * `StringEquals aws:SourceAccount = accountId`; services that do not send `aws:SourceAccount`
     * to KMS (CloudWatch Logs) need an encryption-context condition instead.
     */
    condition?: pulumi.Input<Record<string, Record<string, pulumi.Input<string | string[]>>>>;
}

/**
 * Principals of this account that may use the key only through one AWS service (`kms:ViaService`):
 * services that call KMS with their caller's credentials rather than as a service principal.
 */
export interface KeyCallerGrant {
    /** Statement ID in the key policy; unique within the key. */
    sid: string;
    /** The service endpoint the calls must come through, e.g. `bedrock-agentcore-identity.us-east-1.amazonaws.com`. */
    viaService: pulumi.Input<string>;
    /** KMS actions the callers may make through it. */
    actions: pulumi.Input<string>[];
    /** Further conditions (an encryption context), added to `kms:ViaService` and the caller's account. */
    condition?: Record<string, Record<string, pulumi.Input<string | string[]>>>;
}

export interface CustomerManagedKeyArgs {
    /** The account that owns and administers the key; no other account is named in its policy. */
    accountId: pulumi.Input<string>;
    /** AWS partition (`aws` or `aws-us-gov`, from `partitionOf(region)`): names the account's root in the key policy. */
    partition: pulumi.Input<string>;
    description: pulumi.Input<string>;
    /** Services allowed to use the key, each scoped by its conditions. */
    serviceGrants?: KeyServiceGrant[];
    /** This account's principals allowed to use the key through one service, each scoped by its conditions. */
    callerGrants?: KeyCallerGrant[];
    /** Alias such as `alias/ai-guardrails/guardrail`; no alias when omitted. */
    aliasName?: pulumi.Input<string>;
    /** Waiting period before a scheduled deletion takes effect (7-30). Defaults to 30, the longest. */
    deletionWindowInDays?: pulumi.Input<number>;
    /** Automatic rotation period (90-2560 days). Defaults to 365. */
    rotationPeriodInDays?: pulumi.Input<number>;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * A symmetric customer-managed KMS key with automatic rotation and a key policy scoped to one
 * account: the account administers the key through IAM, and only the named services may use it,
 * each under conditions that tie the use to this account.
 */
export class CustomerManagedKey extends pulumi.ComponentResource {
    /** ARN of the key (what `kmsKeyArn` / `kmsKeyId` inputs expect). */
    public readonly keyArn: pulumi.Output<string>;
    /** ID (UUID) of the key. */
    public readonly keyId: pulumi.Output<string>;
    /** The key policy as sent to KMS (JSON). */
    public readonly policy: pulumi.Output<string>;

    constructor(name: string, args: CustomerManagedKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ai-guardrails:shared:CustomerManagedKey", name, {}, opts);

        const partition = args.partition;
        const statements: pulumi.Input<PolicyStatement>[] = [
            {
                // The default key policy: without it nobody could ever administer the key again.
                // It names only this account; IAM policies in the account decide who may use it.
                Sid: "AccountAdministersKeyThroughIam",
                Effect: "Allow",
                Principal: { AWS: pulumi.interpolate`arn:${partition}:iam::${args.accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            ...(args.serviceGrants ?? []).map(
                (grant): pulumi.Input<PolicyStatement> => ({
                    Sid: grant.sid,
                    Effect: "Allow",
                    Principal: { Service: grant.service },
                    Action: grant.actions,
                    // In a key policy "*" means this key.
                    Resource: "*",
                    Condition: grant.condition ?? { StringEquals: { "aws:SourceAccount": args.accountId } },
                }),
            ),
            ...(args.callerGrants ?? []).map(
                (grant): pulumi.Input<PolicyStatement> => ({
                    Sid: grant.sid,
                    Effect: "Allow",
                    // Any principal, narrowed to this account's and to calls through the one service.
                    Principal: { AWS: "*" },
                    Action: grant.actions,
                    Resource: "*",
                    Condition: {
                        ...grant.condition,
                        StringEquals: { ...grant.condition?.StringEquals, "aws:PrincipalAccount": args.accountId, "kms:ViaService": grant.viaService },
                    },
                }),
            ),
        ];
        this.policy = policyDocumentJson(statements);

        const key = new aws.kms.Key(
            `${name}`,
            {
                description: args.description,
                keyUsage: "ENCRYPT_DECRYPT",
                customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                enableKeyRotation: true,
                rotationPeriodInDays: args.rotationPeriodInDays ?? 365,
                deletionWindowInDays: args.deletionWindowInDays ?? 30,
                policy: this.policy,
                tags: args.tags,
            },
            { parent: this },
        );
        this.keyArn = key.arn;
        this.keyId = key.keyId;

        if (args.aliasName !== undefined) {
            new aws.kms.Alias(`${name}-alias`, { name: args.aliasName, targetKeyId: key.keyId }, { parent: this });
        }

        this.registerOutputs({ keyArn: this.keyArn, keyId: this.keyId, policy: this.policy });
    }
}
