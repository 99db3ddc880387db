import { isCustomerManagedKeyArn } from "../../controls/agentcore";
import { resourceRule } from "../../lib/rule";
import { T } from "../../lib/types";
import { isUnknownProp } from "../../lib/unknowns";

export const agentcoreGatewayCustomerKey = resourceRule({
    name: "agentcore-gateway-customer-key",
    id: "AIG-AT-6",
    layer: "agents-and-tools",
    severity: "medium",
    description: "Every AgentCore gateway is encrypted with a customer-managed KMS key.",
    explanation:
        "A gateway stores its tool catalogue, target configuration and authorizer settings. With a customer-managed key, who may read " +
        "them is governed by the key policy, every use is logged in CloudTrail, and access can be revoked by disabling the key.",
    seedControl: "AgentCore Gateway: encrypted with a customer-managed key",
    peers: ["SecurityHub:BedrockAgentCore.4"],
    remediation: "Set kmsKeyArn on the gateway to the ARN of a customer-managed key with rotation enabled (the ToolGateway component does this).",
    resourceTypes: [T.agentcoreGateway],
    validate: ({ props }, { report }) => {
        // A key ARN unknown at preview is a key that the stack is creating: the setting is present.
        if (isUnknownProp(props, "kmsKeyArn")) {
            return;
        }
        const arn = props.kmsKeyArn;
        if (typeof arn !== "string" || arn.trim() === "") {
            report("kmsKeyArn is not set: the gateway is encrypted with an AWS owned key that the organization cannot govern or revoke");
        } else if (!isCustomerManagedKeyArn(arn)) {
            report(`kmsKeyArn ${arn} is not a customer-managed key ARN (an AWS managed alias, a bare key ID or not a KMS ARN)`);
        }
    },
});
