import { Rule } from "../../lib/rule";

export const modelRules: Rule[] = [];
