import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";

/** A KMS key ARN, or an alias ARN that is not an AWS managed alias (`alias/aws/...`). */
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const ALIAS_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:alias\/(.+)$/;

export const cloudtrailCustomerKey = resourceRule({
    name: "cloudtrail-customer-key",
    id: "AIG-EV-3",
    layer: "evidence",
    severity: "high",
    displayName: "CloudTrail encrypted with a customer key",
    frameworks: { owaspLlm: ["LLM10"], awsAisf: ["AISF-DETECT-01"] },
    description: "Every trail encrypts its log files with a customer-managed KMS key.",
    explanation:
        "Log files hold who called which model, agent and tool, and every change to the controls. With SSE-KMS under a customer " +
        "key, reading them needs kms:Decrypt on that key as well as S3 access, the key policy decides who may, and every use of " +
        "the key is itself recorded. Without it, anyone who can read the bucket reads the evidence.",
    seedControl: "CloudTrail: encrypted evidence (KMS)",
    peers: [
        "Prowler:cloudtrail_kms_encryption_enabled",
        "Checkov:CKV_AWS_35",
        "SecurityHub:CloudTrail.2",
        "AWSConfig:cloud-trail-encryption-enabled",
    ],
    remediation: "Set kmsKeyId to the ARN of a customer-managed key whose policy lets CloudTrail encrypt for this trail (the AiAuditTrail component creates one).",
    resourceTypes: [T.trail],
    validate: ({ props }, { report }) => {
        const key = props.kmsKeyId;
        if (typeof key !== "string" || key.trim() === "") {
            report("the trail has no kmsKeyId: log files are encrypted only with S3-managed keys, readable by anyone who can read the bucket");
            return;
        }
        const alias = ALIAS_ARN.exec(key);
        if (alias) {
            if (alias[1].startsWith("aws/")) {
                report(`kmsKeyId ${key} is an AWS managed key: its policy cannot be restricted; use a customer-managed key`);
            }
            return;
        }
        if (!KEY_ARN.test(key)) {
            report(`kmsKeyId ${JSON.stringify(key)} is not a KMS key or alias ARN: the provider accepts only a full ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)`);
        }
    },
});
