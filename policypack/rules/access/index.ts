import { Rule } from "../../lib/rule";
import { bedrockApiKeysNotGranted } from "./bedrock-api-keys-not-granted";
import { bedrockInvokeApprovedModelsOnly } from "./bedrock-invoke-approved-models-only";
import { bedrockInvokeRequiresGuardrail } from "./bedrock-invoke-requires-guardrail";
import { iamPolicyRealActionsAndKeys } from "./iam-policy-real-actions-and-keys";

export const accessRules: Rule[] = [bedrockInvokeApprovedModelsOnly, bedrockInvokeRequiresGuardrail, iamPolicyRealActionsAndKeys, bedrockApiKeysNotGranted];
