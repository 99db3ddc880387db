import { Policies } from "@pulumi/policy";
import { toPolicy } from "./lib/rule";
import { rules } from "./rules";

export { rules };

/** The pack's name, as `pulumi policy publish` and `--policy-pack-config` know it. */
export const PACK_NAME = "ai-guardrails";

/** The CrossGuard policies built from the rule catalogue. */
export const policies: Policies = rules.map((rule) => toPolicy(rule));
