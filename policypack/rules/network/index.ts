import { Rule } from "../../lib/rule";
import { bedrockMantleInferenceDeclared } from "./bedrock-mantle-inference-declared";
import { bedrockVpcEndpoints } from "./bedrock-vpc-endpoints";
import { vpcEndpointPolicyRestricted } from "./vpc-endpoint-policy-restricted";

export const networkRules: Rule[] = [bedrockVpcEndpoints, vpcEndpointPolicyRestricted, bedrockMantleInferenceDeclared];
