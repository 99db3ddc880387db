/**
 * The guardrail's resource-based policy, which the Organizations Bedrock policy needs (member
 * accounts apply the management account's guardrail on every call) and which @pulumi/aws 7.48 has
 * no resource for. AWS exposes it as the CloudFormation/Cloud Control type
 * `AWS::Bedrock::ResourcePolicy` (properties `ResourceArn`, the guardrail ARN without version, and
 * `PolicyDocument`), which Pulumi's AWS Cloud Control provider (`aws-native`, 1.62 and later)
 * serves as `aws-native:bedrock:ResourcePolicy`.
 *
 * The two classes below register that resource and its provider under exactly the type tokens
 * and inputs the `@pulumi/aws-native` SDK uses, without adding that SDK to the package: Pulumi
 * installs the pinned provider plugin on first use. Once `@pulumi/aws-native` is a dependency,
 * `aws_native.bedrock.ResourcePolicy` and `aws_native.Provider` replace them with no change to
 * the stack's state (same tokens, same inputs).
 * Sources: AWS CloudFormation template reference, "AWS::Bedrock::ResourcePolicy"; Amazon Bedrock
 * user guide, "Using resource-based policies for guardrails"; Pulumi Registry, aws-native
 * bedrock.ResourcePolicy.
 */
import * as pulumi from "@pulumi/pulumi";

/** The aws-native provider release these registrations are pinned to. */
export const AWS_NATIVE_VERSION = "1.79.0";

/** `pulumi:providers:aws-native`: the Cloud Control provider for one Region (it has no default Region). */
export class AwsNativeProvider extends pulumi.ProviderResource {
    constructor(name: string, args: { region: pulumi.Input<string>; allowedAccountIds?: pulumi.Input<string[]> }, opts?: pulumi.ResourceOptions) {
        // Provider configuration travels as strings: lists and flags JSON-encoded, as the SDK encodes them.
        const inputs: pulumi.Inputs = {
            region: args.region,
            allowedAccountIds: pulumi.output(args.allowedAccountIds).apply((ids) => (ids === undefined ? undefined : JSON.stringify(ids))),
            skipCredentialsValidation: "true",
            skipGetEc2Platforms: "true",
            skipMetadataApiCheck: "true",
            skipRegionValidation: "true",
        };
        super("aws-native", name, inputs, { version: AWS_NATIVE_VERSION, ...opts });
    }
}

export interface GuardrailResourcePolicyArgs {
    /** The guardrail's ARN, without version (`arn:aws:bedrock:REGION:ACCOUNT:guardrail/ID`). */
    resourceArn: pulumi.Input<string>;
    /** The policy document, as an object. */
    policyDocument: pulumi.Input<Record<string, unknown>>;
}

/** `aws-native:bedrock:ResourcePolicy`: the resource-based policy of a Bedrock guardrail or guardrail profile. */
export class GuardrailResourcePolicy extends pulumi.CustomResource {
    /** The guardrail the policy is attached to. */
    declare public readonly resourceArn: pulumi.Output<string>;
    /** The policy document as AWS holds it. */
    declare public readonly policyDocument: pulumi.Output<Record<string, unknown>>;

    constructor(name: string, args: GuardrailResourcePolicyArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            "aws-native:bedrock:ResourcePolicy",
            name,
            { resourceArn: args.resourceArn, policyDocument: args.policyDocument },
            // A policy belongs to one guardrail: another ARN is another policy.
            { version: AWS_NATIVE_VERSION, ...opts, replaceOnChanges: ["resourceArn", ...(opts?.replaceOnChanges ?? [])] },
        );
    }
}
