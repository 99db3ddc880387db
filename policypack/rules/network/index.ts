import { Rule } from "../../lib/rule";
import { bedrockVpcEndpoints } from "./bedrock-vpc-endpoints";
import { vpcEndpointPolicyRestricted } from "./vpc-endpoint-policy-restricted";

export const networkRules: Rule[] = [bedrockVpcEndpoints, vpcEndpointPolicyRestricted];
