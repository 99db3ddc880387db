/**
 * What the engine hands an analyzer is not what the program sent: for every custom resource the
 * engine first calls the provider's `Check` and then passes the inputs `Check` returns to
 * `Analyze` (pulumi/pulumi pkg/resource/deploy/step_generator.go: `inputs = resp.Properties` after
 * `prov.Check`, then `analyzeAll(..., inputs, ...)`); `AnalyzeStack` gets the outputs, which during
 * preview come from the provider's `Create` with `Preview: true` on those same checked inputs
 * (pkg/resource/deploy/step.go, `CreateStep.Apply`). The offline preview models the two things the
 * AWS provider's `Check` does that change what the policy pack reads:
 *
 * - A JSON-document property (`policy`, `assumeRolePolicy`, ...) given as an object is turned into
 *   a JSON string; given as an object that contains an unknown anywhere, it becomes one unknown
 *   string. pulumi/pulumi-terraform-bridge pkg/tfbridge/transforms.go `TransformJSONDocument`
 *   ("We can't marshal properties that contain unknowns. Turn these into an unknown value
 *   instead."), applied by `makeTerraformInput` (pkg/tfbridge/schema.go) during `Check`
 *   (pkg/tfbridge/provider.go), whose result goes back through `MakeTerraformOutputs`, where the
 *   Terraform unknown sentinel becomes a computed string. So a policy passed as structured data with
 *   one unknown ARN reaches the analyzer exactly as a JSON string built from that ARN does: unknown
 *   as a whole.
 * - An auto-named property (`name`, an S3 bucket's `bucket`) that the program left out is filled in
 *   by `Check` (the engine's random seed makes it stable), so it is known during preview, and so is
 *   anything the program computes from it.
 *
 * Other provider defaults are not filled in.
 */

/**
 * Properties the AWS provider declares as JSON documents (`Transform: tfbridge.TransformJSONDocument`
 * in pulumi/pulumi-aws provider/resources.go; in the SDK, the inputs typed `string | PolicyDocument`).
 * tests/cli/provider-check.test.ts keeps this list equal to the installed @pulumi/aws declarations.
 */
export const JSON_DOCUMENT_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": ["policyDocument"],
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": ["policy"],
    "aws:ecr/registryPolicy:RegistryPolicy": ["policy"],
    "aws:ecr/repositoryPolicy:RepositoryPolicy": ["policy"],
    "aws:elasticsearch/domain:Domain": ["accessPolicies"],
    "aws:elasticsearch/domainPolicy:DomainPolicy": ["accessPolicies"],
    "aws:iam/groupPolicy:GroupPolicy": ["policy"],
    "aws:iam/policy:Policy": ["policy"],
    "aws:iam/role:Role": ["assumeRolePolicy"],
    "aws:iam/rolePolicy:RolePolicy": ["policy"],
    "aws:iam/userPolicy:UserPolicy": ["policy"],
    "aws:s3/bucket:Bucket": ["policy"],
    "aws:s3/bucketPolicy:BucketPolicy": ["policy"],
    "aws:sns/topicPolicy:TopicPolicy": ["policy"],
    "aws:sqs/queuePolicy:QueuePolicy": ["policy"],
};

/** Auto-named properties of the types whose names the programs here leave to the provider (`tfbridge.AutoName`). */
export const AUTONAMED_PROPERTIES: Readonly<Record<string, { property: string; lowerCase?: boolean }>> = {
    "aws:iam/role:Role": { property: "name" },
    "aws:iam/policy:Policy": { property: "name" },
    "aws:iam/rolePolicy:RolePolicy": { property: "name" },
    "aws:cloudwatch/logGroup:LogGroup": { property: "name" },
    "aws:sns/topic:Topic": { property: "name" },
    "aws:s3/bucket:Bucket": { property: "bucket", lowerCase: true },
    "aws:s3/bucketV2:BucketV2": { property: "bucket", lowerCase: true },
};

/** How one representation of inputs marks an unknown value. */
export interface UnknownMarker {
    isUnknown(value: unknown): boolean;
    /** The value that stands for an unknown string in this representation. */
    unknown: unknown;
}

function containsUnknown(value: unknown, marker: UnknownMarker): boolean {
    if (marker.isUnknown(value)) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some((v) => containsUnknown(v, marker));
    }
    if (value !== null && typeof value === "object") {
        return Object.values(value).some((v) => containsUnknown(v, marker));
    }
    return false;
}

/** JSON as Go's `encoding/json` writes a map: keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped. */
export function goJson(value: unknown): string {
    const sorted = (v: unknown): unknown => {
        if (Array.isArray(v)) {
            return v.map(sorted);
        }
        if (v !== null && typeof v === "object") {
            return Object.fromEntries(
                Object.keys(v)
                    .sort()
                    .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
            );
        }
        return v;
    };
    return JSON.stringify(sorted(value)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** `TransformJSONDocument`: a string stays, an object or list becomes JSON, anything holding an unknown becomes unknown. */
export function transformJsonDocument(value: unknown, marker: UnknownMarker): unknown {
    if (containsUnknown(value, marker)) {
        return marker.unknown;
    }
    return value !== null && typeof value === "object" ? goJson(value) : value;
}

/**
 * The inputs the provider's `Check` returns for a resource, as far as the policy pack is concerned:
 * JSON documents transformed and the auto-name filled in (`autoName`, the same name the mocks
 * answer with). Inputs of other types are returned as they are.
 */
export function checkedInputs(type: string, inputs: Record<string, unknown>, marker: UnknownMarker, autoName: () => string): Record<string, unknown> {
    const documents = JSON_DOCUMENT_PROPERTIES[type] ?? [];
    const autonamed = AUTONAMED_PROPERTIES[type];
    if (documents.length === 0 && !autonamed) {
        return inputs;
    }
    const out: Record<string, unknown> = { ...inputs };
    for (const prop of documents) {
        if (out[prop] !== undefined && out[prop] !== null) {
            out[prop] = transformJsonDocument(out[prop], marker);
        }
    }
    // With a name prefix the provider picks the name when it creates the resource: unknown at preview.
    if (autonamed && (out[autonamed.property] === undefined || out[autonamed.property] === null) && out.namePrefix === undefined && out.bucketPrefix === undefined) {
        const name = autoName();
        out[autonamed.property] = autonamed.lowerCase ? name.toLowerCase() : name;
    }
    return out;
}
