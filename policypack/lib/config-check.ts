/**
 * Strict pack settings. The Analyzer protocol carries a policy's config schema as `properties` and
 * `required` only, so a Pulumi CLI cannot be told to refuse keys a policy does not have: the pack
 * refuses them itself when a policy first reads its config, as it refuses an exemption whose
 * expiry is not a calendar date, and checks every policy's settings when the engine configures the
 * pack (settings-at-configure.ts). The offline tool checks the same before starting the pack.
 */
import { PolicyConfigSchema } from "@pulumi/policy";

/** `YYYY-MM-DD` naming a day that exists (2027-02-30 does not). */
export function isCalendarDate(text: unknown): text is string {
    if (typeof text !== "string") {
        return false;
    }
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) {
        return false;
    }
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The closest candidate to `word` by edit distance, when it is close enough to be a likely typo. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
            diagonal = above;
        }
    }
    return row[b.length];
}

/** `unknown key "x" (did you mean "y"?)`, or the valid keys when none is close. */
export function unknownKeyProblem(key: string, known: readonly string[]): string {
    const guess = nearest(key, known);
    return guess ? `unknown key "${key}" (did you mean "${guess}"?)` : `unknown key "${key}" (valid keys: ${known.length ? known.join(", ") : "none"})`;
}

/**
 * What is wrong with one policy's settings that its JSON schema cannot say over the protocol:
 * keys the schema does not declare, and exemption expiry dates that are not calendar dates.
 */
export function configProblems(schema: PolicyConfigSchema, config: Record<string, unknown>): string[] {
    const known = Object.keys(schema.properties);
    const problems = Object.keys(config)
        .filter((k) => k !== "enforcementLevel" && !known.includes(k))
        .map((k) => unknownKeyProblem(k, known));
    const exemptions = config.exemptions;
    if (Array.isArray(exemptions)) {
        exemptions.forEach((e, i) => {
            const expires = e && typeof e === "object" ? (e as Record<string, unknown>).expires : undefined;
            if (expires !== undefined && !isCalendarDate(expires)) {
                problems.push(`exemptions[${i}].expires: ${JSON.stringify(expires)} is not a calendar date (YYYY-MM-DD)`);
            }
        });
    }
    return problems;
}

/** Thrown by a policy whose settings are wrong: the engine reports the policy as failed, naming the problem. */
export class PolicySettingsError extends Error {
    constructor(policy: string, problems: readonly string[]) {
        super(`policy ${policy}: invalid settings: ${problems.join("; ")}`);
        this.name = "PolicySettingsError";
        // The server passes an error on as its stack: the message alone, not a trace of the pack.
        this.stack = this.message;
    }
}
