import { PolicyResource } from "@pulumi/policy";
import { statementCoversAction } from "../../lib/iam/actions";
import { parsePolicyDocument, Statement } from "../../lib/iam/document";
import { identityKeys, KeyIndex, referenceKeys } from "../../lib/references";
import { StackIndex } from "../../lib/stack-index";
import { stackRule } from "../../lib/rule";
import { BUCKET_TYPES } from "../../lib/s3";
import { T } from "../../lib/types";

interface Config {
    externalBuckets: string[];
}

const VERSIONING_TYPES = [T.s3Versioning, T.s3VersioningV2];
const PUBLIC_ACCESS_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

function isEveryone(statement: Statement): boolean {
    const p = statement.principals;
    return p === "*" || (p !== undefined && (p.AWS ?? []).includes("*"));
}

/** A Deny for everyone, on reads and writes of objects, whenever the request is not over TLS. */
export function isTlsOnlyDeny(statement: Statement): boolean {
    return (
        statement.effect === "Deny" &&
        isEveryone(statement) &&
        statementCoversAction(statement, "s3:GetObject") &&
        statementCoversAction(statement, "s3:PutObject") &&
        (statement.resources ?? []).some((r) => r === "*" || r.endsWith("/*")) &&
        statement.conditions.some(
            (c) => /^Bool(IfExists)?$/.test(c.operator) && c.key.toLowerCase() === "aws:securetransport" && c.values.length === 1 && c.values[0] === "false",
        )
    );
}

/** Problems of one bucket's protection; empty when versioning, the public-access block and a TLS-only policy are all there. */
function bucketProblems(bucket: PolicyResource, keys: Set<string>, stack: StackIndex): string[] {
    // The resources of the types that configure this bucket, grouped by type as listed.
    const attached = (types: readonly string[]) => types.flatMap((t) => stack.referrers([t], "bucket").referring(keys));
    const problems: string[] = [];

    const inlineVersioning = bucket.props.versioning?.enabled === true;
    const versioned = attached(VERSIONING_TYPES).some((v) => v.props.versioningConfiguration?.status === "Enabled");
    if (!inlineVersioning && !versioned) {
        problems.push("versioning is not enabled (an overwritten or deleted log file is gone)");
    }

    const blocks = attached([T.s3PublicAccessBlock]);
    if (blocks.length === 0) {
        problems.push("no public access block");
    } else if (!blocks.some((b) => PUBLIC_ACCESS_FLAGS.every((f) => b.props[f] === true))) {
        const off = PUBLIC_ACCESS_FLAGS.filter((f) => !blocks.some((b) => b.props[f] === true));
        problems.push(`the public access block leaves ${off.join(", ")} off`);
    }

    const documents = [...attached([T.s3BucketPolicy]).map((p) => p.props.policy), ...(bucket.props.policy ? [bucket.props.policy] : [])];
    const parsed = documents.map((d) => parsePolicyDocument(d));
    for (const doc of parsed) {
        for (const e of doc.errors) {
            problems.push(`bucket policy: ${e}`);
        }
    }
    if (!parsed.some((doc) => doc.statements.some(isTlsOnlyDeny))) {
        problems.push(
            documents.length === 0
                ? "no bucket policy, so requests without TLS are not denied"
                : 'the bucket policy does not deny requests without TLS (Deny, Principal "*", s3:*, Condition Bool aws:SecureTransport = "false")',
        );
    }
    return problems;
}

export const cloudtrailBucketProtected = stackRule<Config>({
    name: "cloudtrail-bucket-protected",
    id: "AIG-EV-5",
    layer: "evidence",
    severity: "high",
    displayName: "CloudTrail bucket protected",
    frameworks: { owaspLlm: ["LLM10"], awsAisf: ["AISF-DETECT-01", "AISF-DATA-04"] },
    description: "Every trail delivers to a bucket with versioning, a full public access block and a TLS-only bucket policy.",
    explanation:
        "The trail's bucket is the evidence. Without versioning a deleted or overwritten log file cannot be recovered; without the " +
        "public access block a policy or ACL mistake publishes every prompt-bearing event; without a TLS-only policy log files " +
        "can be read or written over plain HTTP.",
    seedControl: "CloudTrail: hardened evidence bucket",
    peers: [
        "Prowler:cloudtrail_logs_s3_bucket_is_not_publicly_accessible",
        "SecurityHub:CloudTrail.6",
        "AWSConfig:cloudtrail-s3-bucket-public-access-prohibited",
    ],
    remediation:
        "Deliver the trail to a bucket with BucketVersioning status Enabled, a BucketPublicAccessBlock with all four flags true and a " +
        'bucket policy that denies s3:* to Principal "*" when aws:SecureTransport is "false" (the AiAuditTrail component uses SecureBucket). ' +
        "A bucket managed in another stack (a log-archive account) can be listed in externalBuckets.",
    configSchema: {
        properties: {
            externalBuckets: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Names of trail buckets managed (and checked) outside this stack, for example in a log-archive account.",
            },
        },
    },
    requiresType: T.trail,
    validateStack: ({ resources, notApplicable }, { config, report }) => {
        const stack = StackIndex.of(resources);
        if (!stack.has(T.trail)) {
            notApplicable("no trail in the stack");
        }
        const buckets = BUCKET_TYPES.flatMap((t) => stack.ofType(t));
        const bucketKeys = new KeyIndex(buckets, ["bucket", "id"]);
        for (const trail of stack.ofType(T.trail)) {
            // The first bucket (in the order of BUCKET_TYPES, then the stack's) the trail names.
            const [bucket] = bucketKeys.lookupInOrder(referenceKeys(trail, "s3BucketName"));
            const match = bucket ? { bucket, keys: identityKeys(bucket, ["bucket", "id"]) } : undefined;
            if (!match) {
                const name = trail.props.s3BucketName;
                if (typeof name === "string" && config.externalBuckets.includes(name)) {
                    continue;
                }
                report(
                    `the trail's bucket ${typeof name === "string" ? name : "(unknown)"} is not managed in this stack, so its protection cannot be checked ` +
                        "(list it in externalBuckets when another stack manages and checks it)",
                    trail.urn,
                );
                continue;
            }
            const problems = bucketProblems(match.bucket, match.keys, stack);
            if (problems.length > 0) {
                report(`the trail's bucket ${match.bucket.name}: ${problems.join("; ")}`, trail.urn);
            }
        }
    },
});
