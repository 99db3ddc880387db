/**
 * Values the tests share: the account and Region the mock runtime deploys into, an approved model,
 * and a guardrail and a customer-managed key in that account. Tests that need another account
 * (a management or member account, a documentation example's) declare their own.
 */
import { foundationModelArn } from "../../policypack/controls/model-access";
import type { MockContext } from "../../cli/mock-runtime";

/** Where components deploy under the mock runtime (tests/helpers/mocks.ts). */
export const TEST_CONTEXT: MockContext = { accountId: "111111111111", region: "us-east-1", partition: "aws" };
export const { accountId: ACCOUNT, region: REGION, partition: PARTITION } = TEST_CONTEXT;

/** An approved foundation model, and its ARN in the test Region. */
export const MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";
export const MODEL_ARN = foundationModelArn(PARTITION, REGION, MODEL);

/** A guardrail (unversioned ARN) and a KMS key of the test account. */
export const GUARDRAIL_ARN = `arn:${PARTITION}:bedrock:${REGION}:${ACCOUNT}:guardrail/abc123def456`;
export const KEY_ARN = `arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
