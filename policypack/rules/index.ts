import { Rule } from "../lib/rule";
import { modelRules } from "./model";
import { accessRules } from "./access";
import { identityRules } from "./identity";
import { agentsRules } from "./agents";
import { networkRules } from "./network";
import { edgeRules } from "./edge";
import { evidenceRules } from "./evidence";
import { organizationRules } from "./organization";
import { integrityRules } from "./integrity";

/** Every rule of the pack, by layer in the order of the layer table, in catalogue order. */
export const rules: readonly Rule[] = [
    ...modelRules,
    ...accessRules,
    ...identityRules,
    ...agentsRules,
    ...networkRules,
    ...edgeRules,
    ...evidenceRules,
    ...organizationRules,
    ...integrityRules,
];
