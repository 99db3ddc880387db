import { Rule } from "../../lib/rule";

export const agentsRules: Rule[] = [];
