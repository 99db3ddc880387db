/**
 * Resources as they exist, the way Pulumi Cloud audit policy groups and `pulumi policy analyze`
 * hand them to a pack: the provider's state (outputs), not the program's inputs. The mock runtime
 * returns inputs plus computed outputs; this adds what the provider's state has beyond them, as
 * @pulumi/aws 7.48 documents it: the ID and `tagsAll`, defaults written out (`vpcEndpointType`
 * Gateway, `privateDnsEnabled` false, every invocation-logging data kind true, an alarm's
 * `actionsEnabled` true), optional strings read back as "" (no boundary, no key, no statistic when
 * metric queries are used), what AWS reports on its own (a role's attached and inline policies, a
 * bucket's default SSE-S3 encryption, an interface endpoint's full-access default policy, a key's
 * default policy), and policy documents as the compact JSON AWS returns.
 */
import type { StackResource } from "../../cli/protocol";
import { computedOutputs, MockContext } from "../../cli/mock-runtime";

const FULL_ACCESS_ENDPOINT_POLICY = JSON.stringify({ Statement: [{ Action: "*", Effect: "Allow", Principal: "*", Resource: "*" }] });

/** A policy document as AWS returns it: compact JSON (objects serialised). */
function compact(doc: unknown): unknown {
    if (typeof doc === "string") {
        try {
            return JSON.stringify(JSON.parse(doc));
        } catch {
            return doc;
        }
    }
    return doc === undefined || doc === null ? doc : JSON.stringify(doc);
}

const blank = (o: Record<string, any>, ...keys: string[]) => keys.forEach((k) => (o[k] ??= ""));

/**
 * Where the provider's state repeats a resource in another: a role's state lists the inline policies
 * its RolePolicy resources add and the policies its attachments attach (role URN -> those URNs).
 */
export function mirroredInto(resources: readonly StackResource[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const role of resources.filter((r) => r.type === "aws:iam/role:Role")) {
        const keys = new Set([role.urn, role.outputs.name, role.outputs.arn].filter(Boolean));
        const parts = resources.filter(
            (r) => (r.type === "aws:iam/rolePolicy:RolePolicy" || r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment") && (keys.has(r.outputs.role) || r.propertyDependencies.role?.includes(role.urn)),
        );
        if (parts.length > 0) {
            out.set(role.urn, parts.map((p) => p.urn));
        }
    }
    return out;
}

/** The provider's state of every resource of a stack (the same resource list, outputs replaced). */
export function providerState(resources: readonly StackResource[], ctx: MockContext): StackResource[] {
    const byType = (type: string) => resources.filter((r) => r.type === type);
    const roleKeys = (r: StackResource) => new Set([r.urn, r.outputs.name, r.outputs.arn, r.outputs.id].filter(Boolean));
    return resources.map((r) => {
        if (!r.custom || !r.type.startsWith("aws:")) {
            return r;
        }
        const o: Record<string, any> = structuredClone(r.outputs);
        o.id ??= computedOutputs(r.type, r.name, r.inputs, ctx).id ?? `${r.name}-id`;
        if ("tags" in o || r.type.startsWith("aws:bedrock")) {
            o.tagsAll = { ...(o.tags ?? {}) };
        }
        switch (r.type) {
            case "aws:iam/role:Role": {
                blank(o, "permissionsBoundary", "description");
                o.assumeRolePolicy = compact(o.assumeRolePolicy);
                const keys = roleKeys(r);
                const attached = byType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => keys.has(a.outputs.role) || a.propertyDependencies.role?.includes(r.urn));
                o.managedPolicyArns = [...new Set([...(o.managedPolicyArns ?? []), ...attached.map((a) => a.outputs.policyArn)])];
                const inline = byType("aws:iam/rolePolicy:RolePolicy").filter((p) => keys.has(p.outputs.role) || p.propertyDependencies.role?.includes(r.urn));
                o.inlinePolicies = [...(o.inlinePolicies ?? []), ...inline.map((p) => ({ name: p.outputs.name ?? p.name, policy: compact(p.outputs.policy) }))];
                break;
            }
            case "aws:iam/policy:Policy":
            case "aws:iam/rolePolicy:RolePolicy":
            case "aws:s3/bucketPolicy:BucketPolicy":
            case "aws:sns/topicPolicy:TopicPolicy":
                o.policy = compact(o.policy);
                break;
            case "aws:organizations/policy:Policy":
                o.content = compact(o.content);
                o.type ??= "SERVICE_CONTROL_POLICY";
                break;
            case "aws:ec2/vpcEndpoint:VpcEndpoint":
                o.vpcEndpointType ??= "Gateway";
                o.privateDnsEnabled ??= false;
                o.policy = compact(o.policy) ?? (o.vpcEndpointType === "Interface" || o.vpcEndpointType === "Gateway" ? FULL_ACCESS_ENDPOINT_POLICY : undefined);
                break;
            case "aws:cloudwatch/logGroup:LogGroup":
                blank(o, "kmsKeyId");
                o.retentionInDays ??= 0;
                break;
            case "aws:cloudwatch/metricAlarm:MetricAlarm":
                o.actionsEnabled ??= true;
                o.alarmActions ??= [];
                o.treatMissingData ??= "missing";
                blank(o, "statistic", "metricName", "namespace");
                break;
            case "aws:cloudtrail/trail:Trail":
                o.enableLogging ??= true;
                o.enableLogFileValidation ??= false;
                o.includeGlobalServiceEvents ??= true;
                o.isMultiRegionTrail ??= false;
                blank(o, "kmsKeyId", "cloudWatchLogsGroupArn", "cloudWatchLogsRoleArn");
                break;
            case "aws:s3/bucket:Bucket":
                // AWS encrypts every new bucket with SSE-S3; the bucket reads that back until a refresh after its configuration resource.
                o.serverSideEncryptionConfiguration ??= { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false } };
                break;
            case "aws:kms/key:Key":
                o.enableKeyRotation ??= false;
                o.keyUsage ??= "ENCRYPT_DECRYPT";
                o.policy = compact(o.policy) ?? JSON.stringify({ Version: "2012-10-17", Id: "key-default-1", Statement: [{ Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ctx.accountId}:root` }, Action: "kms:*", Resource: "*" }] });
                break;
            case "aws:sns/topic:Topic":
                blank(o, "kmsMasterKeyId");
                break;
            case "aws:bedrock/guardrail:Guardrail":
            case "aws:bedrock/agentcoreGateway:AgentcoreGateway":
                blank(o, "kmsKeyArn");
                break;
            case "aws:bedrock/agentAgent:AgentAgent":
                blank(o, "customerEncryptionKeyArn");
                o.guardrailConfigurations ??= [];
                break;
            case "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration": {
                const c = (o.loggingConfig ??= {});
                for (const kind of ["embedding", "image", "text", "video"]) {
                    c[`${kind}DataDeliveryEnabled`] ??= true;
                }
                break;
            }
        }
        return { ...r, outputs: o };
    });
}

/** As an export whose resources carry their state only: inputs are the outputs, as after an import. */
export function stateOnly(resources: readonly StackResource[], ctx: MockContext, options: { dropDependencies?: boolean } = {}): StackResource[] {
    return providerState(resources, ctx).map((r) => ({
        ...r,
        inputs: r.outputs,
        ...(options.dropDependencies ? { dependencies: [], propertyDependencies: {} } : {}),
    }));
}
