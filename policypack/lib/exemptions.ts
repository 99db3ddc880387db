import { PolicyConfigSchema } from "@pulumi/policy";
import { isCalendarDate } from "./config-check";

type PolicyConfigJSONSchema = PolicyConfigSchema["properties"][string];

/** A time-boxed, approved exception to one policy for the resources that match `resource`. */
export interface Exemption {
    /** Resource name or URN; `*` matches any run of characters. */
    resource: string;
    reason: string;
    approver: string;
    /** Last day the exemption applies, `YYYY-MM-DD` (UTC). */
    expires: string;
}

export const exemptionSchema: PolicyConfigJSONSchema = {
    type: "array",
    description: "Approved, time-boxed exceptions to this policy. An exempt resource is reported as [exempt] (advisory); an expired exemption no longer applies.",
    default: [],
    items: {
        type: "object",
        additionalProperties: false,
        required: ["resource", "reason", "approver", "expires"],
        properties: {
            resource: { type: "string", minLength: 1, description: "Resource name or URN; * is a wildcard." },
            reason: { type: "string", minLength: 1 },
            approver: { type: "string", minLength: 1 },
            expires: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", format: "date", description: "Last valid day, YYYY-MM-DD (UTC), a calendar date." },
        },
    },
};

export type ExemptionMatch = { status: "active" | "expired"; exemption: Exemption };

function globToRegExp(glob: string): RegExp {
    const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
    return new RegExp(`^${escaped}$`);
}

/** The resource's name is the last `::` segment of its URN. */
function nameOfUrn(urn: string): string {
    const i = urn.lastIndexOf("::");
    return i < 0 ? urn : urn.slice(i + 2);
}

/**
 * The exemption that applies to a resource: an active one wins over an expired one.
 * Expiry is inclusive: an exemption expiring 2026-12-31 applies through that whole day (UTC).
 */
export function matchExemption(exemptions: readonly Exemption[], urn: string, now: Date): ExemptionMatch | undefined {
    const name = nameOfUrn(urn);
    let expired: Exemption | undefined;
    for (const exemption of exemptions) {
        const pattern = globToRegExp(exemption.resource);
        if (!pattern.test(urn) && !pattern.test(name)) {
            continue;
        }
        // Date.parse rolls 2027-02-30 over to March: only a calendar date can keep an exemption active.
        const lastValid = isCalendarDate(exemption.expires) ? Date.parse(`${exemption.expires}T23:59:59.999Z`) : NaN;
        if (Number.isFinite(lastValid) && now.getTime() <= lastValid) {
            return { status: "active", exemption };
        }
        expired = exemption;
    }
    return expired ? { status: "expired", exemption: expired } : undefined;
}
