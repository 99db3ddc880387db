/**
 * Every operator of a CloudTrail advanced field selector, as a trail's `advancedEventSelectors`
 * carry them: Pulumi's `equals`, `notEquals`, `startsWiths`, `notStartsWiths`, `endsWiths`,
 * `notEndsWiths`, the API's and CloudFormation's `Equals`, `StartsWith`, ... (any case, with or
 * without the plural `s`). Source: CloudTrail API Reference, AdvancedFieldSelector
 * (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html):
 * "Equals ... is the only valid operator that you can use with the readOnly, eventCategory, and
 * resources.type fields"; the other operators include or exclude events by prefix, suffix or value.
 */
import { FIELD } from "../controls/cloudtrail";

export const OPERATORS = ["equals", "notEquals", "startsWith", "notStartsWith", "endsWith", "notEndsWith"] as const;
export type Operator = (typeof OPERATORS)[number];

/** Fields CloudTrail accepts only with Equals. */
const EQUALS_ONLY: readonly string[] = [FIELD.readOnly, FIELD.eventCategory, FIELD.resourcesType];

export interface FieldSelector {
    field: string;
    /** Values by operator, for the operators the selector sets. */
    operators: Partial<Record<Operator, string[]>>;
}

const BY_KEY = new Map<string, Operator>(OPERATORS.flatMap((op) => [[op.toLowerCase(), op] as [string, Operator], [`${op.toLowerCase()}s`, op] as [string, Operator]]));

function strings(value: unknown): string[] {
    const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
    return list.filter((v): v is string => typeof v === "string");
}

/** A field selector read from any of its spellings; undefined when it is not an object with a field. */
export function readFieldSelector(raw: unknown): FieldSelector | undefined {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        return undefined;
    }
    const entries = Object.entries(raw as Record<string, unknown>);
    const field = entries.find(([k]) => k.toLowerCase() === "field")?.[1];
    if (typeof field !== "string") {
        return undefined;
    }
    const operators: Partial<Record<Operator, string[]>> = {};
    for (const [key, value] of entries) {
        const op = BY_KEY.get(key.toLowerCase());
        if (op && value !== undefined && value !== null) {
            operators[op] = [...(operators[op] ?? []), ...strings(value)];
        }
    }
    return { field, operators };
}

/** The operators a selector sets, as written: `readOnly notEquals [true]`. */
export function describeSelector(s: FieldSelector): string {
    return Object.entries(s.operators)
        .map(([op, values]) => `${s.field} ${op} [${values.join(", ")}]`)
        .join(" and ");
}

/** Why CloudTrail rejects this field selector, or undefined: Equals is the only operator of readOnly, eventCategory and resources.type. */
export function rejectedOperator(s: FieldSelector): string | undefined {
    if (!EQUALS_ONLY.includes(s.field)) {
        return undefined;
    }
    const others = (Object.keys(s.operators) as Operator[]).filter((op) => op !== "equals");
    return others.length > 0 ? `${describeSelector(s)}: CloudTrail accepts only Equals on ${s.field}, so it rejects the selector` : undefined;
}

/** The Equals values of a field when the selector constrains it with Equals alone (undefined otherwise). */
export function equalsOnly(selectors: readonly FieldSelector[], field: string): string[] | undefined {
    const s = selectors.find((f) => f.field === field);
    const ops = s ? (Object.keys(s.operators) as Operator[]) : [];
    return s && ops.length === 1 && ops[0] === "equals" ? s.operators.equals : undefined;
}
