/**
 * Bedrock API keys: bearer tokens for Bedrock and Mantle calls. A long-term key is an IAM
 * service-specific credential of a user for `bedrock.amazonaws.com`; every call made with any key
 * (short- or long-term) needs `CallWithBearerToken`. Sources: Amazon Bedrock user guide, "Use Amazon
 * Bedrock API keys" and "Control permissions for Amazon Bedrock API keys"; aws-samples/
 * service-control-policy-examples, `Service-specific-controls/Amazon-Bedrock/Deny-Bedrock-api-keys.json`
 * (denies `iam:CreateServiceSpecificCredential` when `iam:ServiceSpecificCredentialServiceName` is
 * `bedrock.amazonaws.com`, and both `CallWithBearerToken` actions); the service authorization
 * reference for the action and key names.
 */

/** The IAM action that creates a long-term (service-specific) credential. */
export const SERVICE_CREDENTIAL_ACTION = "iam:CreateServiceSpecificCredential";

/** The condition key naming the service a service-specific credential is for. */
export const SERVICE_CREDENTIAL_SERVICE_KEY = "iam:ServiceSpecificCredentialServiceName";

/** The service name of Bedrock API keys. */
export const BEDROCK_API_KEY_SERVICE = "bedrock.amazonaws.com";

/** Calls made with a Bedrock API key, on the Bedrock and the Mantle endpoints. */
export const BEDROCK_BEARER_TOKEN_ACTIONS = ["bedrock:CallWithBearerToken", "bedrock-mantle:CallWithBearerToken"] as const;
