import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

export const cloudtrailMultiRegion = resourceRule({
    name: "cloudtrail-multi-region",
    id: "AIG-EV-4",
    layer: "evidence",
    severity: "high",
    displayName: "CloudTrail records every Region",
    frameworks: { owaspLlm: ["LLM10"], awsAisf: ["AISF-DETECT-01"] },
    description: "Every trail records all Regions and global service events.",
    explanation:
        "Bedrock models and agents can be called in any enabled Region, and IAM and Organizations changes are global events. A " +
        "single-Region trail misses a model used from another Region and, without global service events, the removal of a " +
        "permissions boundary or an SCP.",
    seedControl: "CloudTrail: multi-Region evidence",
    peers: [
        "Prowler:cloudtrail_multi_region_enabled",
        "Checkov:CKV_AWS_67",
        "SecurityHub:CloudTrail.1",
        "AWSConfig:multi-region-cloudtrail-enabled",
    ],
    remediation: "Set isMultiRegionTrail: true and leave includeGlobalServiceEvents at true (the AiAuditTrail component does).",
    resourceTypes: [T.trail],
    validate: ({ props }, { report }) => {
        if (props.isMultiRegionTrail !== true) {
            report("the trail records one Region only (isMultiRegionTrail is not true): model and agent calls in other Regions are not recorded");
        }
        if (props.includeGlobalServiceEvents === false) {
            report("includeGlobalServiceEvents = false: IAM, STS and Organizations changes (boundaries, role policies, SCPs) are not recorded");
        }
    },
});
