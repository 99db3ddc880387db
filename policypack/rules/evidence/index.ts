import { Rule } from "../../lib/rule";
import { cloudtrailBedrockDataEvents } from "./cloudtrail-bedrock-data-events";
import { cloudtrailBucketProtected } from "./cloudtrail-bucket-protected";
import { cloudtrailCustomerKey } from "./cloudtrail-customer-key";
import { cloudtrailLogFileValidation } from "./cloudtrail-log-file-validation";
import { cloudtrailMultiRegion } from "./cloudtrail-multi-region";
import { governanceChangeAlarms } from "./governance-change-alarms";

export const evidenceRules: Rule[] = [
    cloudtrailBedrockDataEvents,
    cloudtrailLogFileValidation,
    cloudtrailCustomerKey,
    cloudtrailMultiRegion,
    cloudtrailBucketProtected,
    governanceChangeAlarms,
];
