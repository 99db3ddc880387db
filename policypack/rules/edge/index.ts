import { Rule } from "../../lib/rule";

export const edgeRules: Rule[] = [];
