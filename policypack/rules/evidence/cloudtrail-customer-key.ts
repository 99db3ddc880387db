import { PolicyResource } from "@pulumi/policy";
import { isAwsManagedAlias, isCustomerManagedKeyArn } from "../../lib/kms";
import { stackRule } from "../../lib/rule";
import { StackIndex } from "../../lib/stack-index";
import { T } from "../../lib/types";
import { isUnknownProp, judgeEach, soleSourceIsOfType } from "../../lib/unknowns";

/**
 * Whether a kmsKeyId unknown at preview comes from exactly one key the stack creates: a KMS key
 * created by a program is customer-managed (AWS managed keys are created by the services). The key
 * ARN holds the ID KMS assigns, and naming the key by alias ARN instead would not help: CloudTrail
 * stores the key's ARN, so the provider would plan an UpdateTrail on every update (terraform-provider-aws#33928),
 * an event the governance alarms and the organization's SCP treat as tampering.
 */
function keyCreatedByStack(trail: PolicyResource): boolean {
    return soleSourceIsOfType(trail, "kmsKeyId", T.kmsKey);
}

function keyProblem(trail: PolicyResource): string | undefined {
    if (isUnknownProp(trail.props, "kmsKeyId") && keyCreatedByStack(trail)) {
        return undefined;
    }
    // Read through the proxy: an unknown from anything else leaves the verdict undecided, naming the trail.
    const key = trail.props.kmsKeyId;
    if (typeof key !== "string" || key.trim() === "") {
        return "the trail has no kmsKeyId: log files are encrypted only with S3-managed keys, readable by anyone who can read the bucket";
    }
    if (isAwsManagedAlias(key)) {
        return `kmsKeyId ${key} is an AWS managed key: its policy cannot be restricted; use a customer-managed key`;
    }
    if (!isCustomerManagedKeyArn(key)) {
        return `kmsKeyId ${JSON.stringify(key)} is not a KMS key or alias ARN: the provider accepts only a full ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)`;
    }
    return undefined;
}

export const cloudtrailCustomerKey = stackRule({
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
    requiresType: T.trail,
    // A stack rule: at a first preview the key's ARN is unknown, and only the stack's dependencies say it is a key the stack creates.
    validateStack: async ({ resources, notApplicable }, { report }) => {
        const stack = StackIndex.of(resources);
        if (!stack.has(T.trail)) {
            notApplicable("no trail in the stack");
        }
        await judgeEach(stack.ofType(T.trail), (trail) => {
            const problem = keyProblem(trail);
            if (problem) {
                report(problem, trail.urn);
            }
        });
    },
});
