import { Rule } from "../../lib/rule";

export const networkRules: Rule[] = [];
