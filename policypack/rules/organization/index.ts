import { Rule } from "../../lib/rule";

export const organizationRules: Rule[] = [];
