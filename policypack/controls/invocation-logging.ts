/**
 * What compliant Bedrock model invocation logging records, and how its destinations are encrypted.
 * Source: Amazon Bedrock user guide, "Monitor model invocation using CloudWatch Logs and Amazon S3";
 * @pulumi/aws 7.48 `aws.bedrockmodel.InvocationLoggingConfiguration`.
 */

/** Data kinds Bedrock can deliver, and the `loggingConfig` field that switches each on. */
export const LOG_DELIVERY_FIELDS = {
    text: "textDataDeliveryEnabled",
    image: "imageDataDeliveryEnabled",
    embedding: "embeddingDataDeliveryEnabled",
    video: "videoDataDeliveryEnabled",
} as const;
export type LogDelivery = keyof typeof LOG_DELIVERY_FIELDS;
export const LOG_DELIVERIES = Object.keys(LOG_DELIVERY_FIELDS) as LogDelivery[];

/** Deliveries that must stay on: text is the record of every prompt and response. */
export const REQUIRED_LOG_DELIVERIES: readonly LogDelivery[] = ["text"];

/** S3 default-encryption algorithms that use KMS (SSE-KMS and dual-layer DSSE-KMS). */
export const KMS_SSE_ALGORITHMS: readonly string[] = ["aws:kms", "aws:kms:dsse"];
