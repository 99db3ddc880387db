import { Rule } from "../../lib/rule";

export const evidenceRules: Rule[] = [];
