/**
 * The guardrail's resource-based policy: lets principals of the organization's accounts apply the
 * guardrail, which the Bedrock policy requires (member accounts evaluate the management account's
 * guardrail on every call). Nothing else is granted.
 * Source: Amazon Bedrock user guide, "Using resource-based policies for guardrails".
 */
export function guardrailOrganizationSharePolicy(guardrailArn: string, organizationId: string): Record<string, unknown> {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "OrganizationAppliesBaselineGuardrail",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: ["bedrock:ApplyGuardrail"],
                Resource: guardrailArn,
                Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId } },
            },
        ],
    };
}
