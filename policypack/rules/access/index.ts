import { Rule } from "../../lib/rule";

export const accessRules: Rule[] = [];
