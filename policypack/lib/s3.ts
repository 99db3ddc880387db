/**
 * S3 buckets of a stack and their default encryption, indexed once per stack rule. Encryption
 * can be declared on the bucket itself (`serverSideEncryptionConfiguration` on `aws.s3.Bucket`,
 * `serverSideEncryptionConfigurations` on the legacy `BucketV2`) or by a separate
 * `BucketServerSideEncryptionConfiguration` resource, linked by bucket name or, when the name is
 * unknown at preview, by property dependency.
 */
import { PolicyResource } from "@pulumi/policy";
import { StackIndex } from "./stack-index";
import { T } from "./types";
import { dependenciesOf, isUnknownProp } from "./unknowns";

export const BUCKET_TYPES: readonly string[] = [T.s3Bucket, T.s3BucketV2];
const ENCRYPTION_TYPES: readonly string[] = [T.s3Encryption, T.s3EncryptionV2];

function asList(value: unknown): any[] {
    if (value === undefined || value === null) {
        return [];
    }
    return Array.isArray(value) ? value : [value];
}

/** The bucket's name when it is known (an auto-named bucket's name is unknown at preview). */
export function bucketName(bucket: PolicyResource): string | undefined {
    if (isUnknownProp(bucket.props, "bucket")) {
        return undefined;
    }
    const name = bucket.props.bucket;
    return typeof name === "string" ? name : undefined;
}

function algorithmsOfRules(rules: unknown, defaultsField: "applyServerSideEncryptionByDefault" | "applyServerSideEncryptionByDefaults"): string[] {
    return asList(rules)
        .flatMap((rule) => asList(rule?.[defaultsField]))
        .map((d) => d?.sseAlgorithm)
        .filter((a): a is string => typeof a === "string");
}

export class BucketIndex {
    private readonly byName = new Map<string, PolicyResource>();
    /** Separate encryption resources by the bucket they configure. */
    private readonly encryption = new Map<PolicyResource, PolicyResource[]>();

    /** The stack's buckets, indexed once per stack rule. */
    static of(resources: readonly PolicyResource[]): BucketIndex {
        const stack = StackIndex.of(resources);
        return stack.remember("buckets", () => new BucketIndex(stack));
    }

    private constructor(stack: StackIndex) {
        // The last bucket in stack order for a name written twice.
        for (const bucket of stack.ofTypes(BUCKET_TYPES)) {
            const name = bucketName(bucket);
            if (name !== undefined) {
                this.byName.set(name, bucket);
            }
        }
        for (const config of stack.ofTypes(ENCRYPTION_TYPES)) {
            for (const bucket of this.bucketsOf(config)) {
                const configs = this.encryption.get(bucket);
                if (configs) {
                    configs.push(config);
                } else {
                    this.encryption.set(bucket, [config]);
                }
            }
        }
    }

    /** The in-stack bucket with this name. */
    find(name: string): PolicyResource | undefined {
        return this.byName.get(name);
    }

    private bucketsOf(config: PolicyResource): PolicyResource[] {
        if (!isUnknownProp(config.props, "bucket")) {
            const target = typeof config.props.bucket === "string" ? this.byName.get(config.props.bucket) : undefined;
            if (target) {
                return [target];
            }
        }
        return dependenciesOf(config, "bucket").filter((d) => BUCKET_TYPES.includes(d.type));
    }

    /**
     * The default-encryption algorithms that apply to a bucket (`aws:kms`, `AES256`, ...). Separate
     * configuration resources are read first; the bucket's own (computed) block only when none
     * exists, so a value unknown at preview stops the rule only when it is the sole source.
     */
    sseAlgorithms(bucket: PolicyResource): string[] {
        const separate = (this.encryption.get(bucket) ?? []).flatMap((c) => algorithmsOfRules(c.props.rules, "applyServerSideEncryptionByDefault"));
        if (separate.length > 0) {
            return separate;
        }
        if (bucket.type === T.s3BucketV2) {
            return asList(bucket.props.serverSideEncryptionConfigurations).flatMap((c) => algorithmsOfRules(c?.rules, "applyServerSideEncryptionByDefaults"));
        }
        return asList(bucket.props.serverSideEncryptionConfiguration).flatMap((c) => algorithmsOfRules(c?.rule, "applyServerSideEncryptionByDefault"));
    }
}
