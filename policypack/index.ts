// Entry point that `pulumi preview --policy-pack policypack` and `pulumi policy publish` run.
// It only constructs the pack: constructing it starts the Analyzer server, so nothing else imports this file.
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policies } from "./policies";

new PolicyPack(PACK_NAME, { policies, enforcementLevel: "mandatory" });
