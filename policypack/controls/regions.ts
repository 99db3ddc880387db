/**
 * Where Amazon Bedrock is offered, per AWS partition: the Regions a stack may deploy to.
 *
 * Source: botocore's endpoint data (the table the AWS SDKs resolve endpoints from),
 * https://github.com/boto/botocore/blob/develop/botocore/data/endpoints.json: for each partition,
 * the Region keys of `services.bedrock.endpoints` that are Regions of that partition
 * (`partitions[].regions`), at botocore commit 0e6e2404b85dc336dd2889814e089bde7d1a4c55
 * (2026-08-07). Human-readable counterpart: "Supported AWS Regions in Amazon Bedrock",
 * https://docs.aws.amazon.com/bedrock/latest/userguide/models-regions.html. Model availability
 * varies further by Region; that is the models' settings' business.
 *
 * The project deploys to the commercial (`aws`) and GovCloud (`aws-us-gov`) partitions. The China
 * partition (`aws-cn`: cn-north-1, cn-northwest-1) has no Bedrock endpoint; the isolated partitions
 * are out of scope.
 */
export const BEDROCK_REGIONS = {
    aws: [
        "af-south-1",
        "ap-east-2",
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-northeast-3",
        "ap-south-1",
        "ap-south-2",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-southeast-3",
        "ap-southeast-4",
        "ap-southeast-5",
        "ap-southeast-6",
        "ap-southeast-7",
        "ca-central-1",
        "ca-west-1",
        "eu-central-1",
        "eu-central-2",
        "eu-north-1",
        "eu-south-1",
        "eu-south-2",
        "eu-west-1",
        "eu-west-2",
        "eu-west-3",
        "il-central-1",
        "me-central-1",
        "me-south-1",
        "mx-central-1",
        "sa-east-1",
        "us-east-1",
        "us-east-2",
        "us-west-1",
        "us-west-2",
    ],
    "aws-us-gov": ["us-gov-east-1", "us-gov-west-1"],
} as const;

export type BedrockPartition = keyof typeof BEDROCK_REGIONS;

/**
 * Regions of the same source (`partitions[].regions`) where Bedrock is not offered, by partition:
 * what a refusal names ("ap-east-1 is an AWS Region, but Bedrock is not offered there").
 */
export const REGIONS_WITHOUT_BEDROCK: Readonly<Record<string, readonly string[]>> = {
    aws: ["ap-east-1"],
    "aws-cn": ["cn-north-1", "cn-northwest-1"],
};
