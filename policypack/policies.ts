import { Policies, PolicyPackArgs } from "@pulumi/policy";
import { toPolicy } from "./lib/rule";
import { rules } from "./rules";

export { rules };

/** The pack's name, as `pulumi policy publish` and `--policy-pack-config` know it. */
export const PACK_NAME = "ai-guardrails";

/** What Pulumi Cloud shows about the pack (its readme and repository come from README.md and package.json). */
export const PACK_METADATA: Pick<PolicyPackArgs, "displayName" | "provider" | "tags"> = {
    displayName: "AI guardrails for Amazon Bedrock and AgentCore",
    provider: "aws",
    tags: ["aws", "bedrock", "agentcore", "ai-security", "iam"],
};

/** The CrossGuard policies built from the rule catalogue. */
export const policies: Policies = rules.map((rule) => toPolicy(rule));
