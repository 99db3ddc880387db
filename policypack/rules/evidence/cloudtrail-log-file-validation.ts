import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

export const cloudtrailLogFileValidation = resourceRule({
    name: "cloudtrail-log-file-validation",
    id: "AIG-EV-2",
    layer: "evidence",
    severity: "medium",
    displayName: "CloudTrail log-file validation on",
    frameworks: { owaspLlm: ["LLM10"], awsAisf: ["AISF-DETECT-01"] },
    description: "Every trail has log-file integrity validation on.",
    explanation:
        "Validation makes CloudTrail deliver signed digest files, so anyone can prove later that a log file was not changed or " +
        "deleted after delivery. Without it, an intruder who reaches the bucket can edit the record of what the agents did and " +
        "who changed the guardrails, and nobody can tell.",
    seedControl: "CloudTrail: tamper-evident evidence",
    peers: [
        "Prowler:cloudtrail_log_file_validation_enabled",
        "Checkov:CKV_AWS_36",
        "SecurityHub:CloudTrail.4",
        "AWSConfig:cloud-trail-log-file-validation-enabled",
        "cdk-nag:CloudTrailLogFileValidationEnabled",
    ],
    remediation: "Set enableLogFileValidation: true on the trail (the AiAuditTrail component does).",
    resourceTypes: [T.trail],
    validate: ({ props }, { report }) => {
        if (props.enableLogFileValidation !== true) {
            report(`log-file validation is off (enableLogFileValidation = ${JSON.stringify(props.enableLogFileValidation ?? null)}): changes to delivered log files cannot be detected`);
        }
    },
});
