import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export type PolicyStatement = aws.iam.PolicyStatement;

/**
 * A policy document as the JSON string AWS stores. Statements may hold outputs (ARNs of resources
 * created in the same program); the document resolves once they are known.
 */
export function policyDocumentJson(statements: pulumi.Input<pulumi.Input<PolicyStatement>[]>): pulumi.Output<string> {
    return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}

export interface ServiceTrustArgs {
    /** Service principal allowed to assume the role, e.g. `bedrock.amazonaws.com`. */
    service: pulumi.Input<string>;
    /** The only account whose resources may make the service assume the role. */
    accountId: pulumi.Input<string>;
    /** ARN pattern of the resources on whose behalf the service acts (`ArnLike`). */
    sourceArnLike: pulumi.Input<string>;
}

/**
 * Trust policy for a service role. `aws:SourceAccount` and `aws:SourceArn` stop the confused-deputy
 * problem: without them any account could make the service assume this role on its behalf.
 */
export function serviceTrustPolicy(args: ServiceTrustArgs): pulumi.Output<string> {
    return policyDocumentJson([
        {
            Sid: "TrustServiceForThisAccountOnly",
            Effect: "Allow",
            Principal: { Service: args.service },
            Action: "sts:AssumeRole",
            Condition: {
                StringEquals: { "aws:SourceAccount": args.accountId },
                ArnLike: { "aws:SourceArn": args.sourceArnLike },
            },
        },
    ]);
}
