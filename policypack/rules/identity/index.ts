import { Rule } from "../../lib/rule";

export const identityRules: Rule[] = [];
