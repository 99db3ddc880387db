/**
 * Guardrail identifiers as IAM conditions, the Bedrock policy and agents write them: a guardrail
 * ARN, optionally followed by `:VERSION`. Read by the model-access analysis, the Bedrock policy's
 * builder and validator, and the components that pin a published version.
 */

/** A guardrail ARN followed by its version: `arn:aws:bedrock:REGION:ACCOUNT:guardrail/ID:VERSION`. */
const GUARDRAIL_IDENTIFIER = /^arn:(aws[a-z-]*):bedrock:([a-z0-9-]+):(\d{12}):guardrail\/([a-z0-9]+)(?::([^:]*))?$/;

export interface ParsedGuardrailIdentifier {
    partition: string;
    region: string;
    accountId: string;
    guardrailId: string;
    /** What follows the ARN; undefined when no version is given. */
    version?: string;
}

export function parseGuardrailIdentifier(identifier: string): ParsedGuardrailIdentifier | undefined {
    const m = GUARDRAIL_IDENTIFIER.exec(identifier);
    return m ? { partition: m[1], region: m[2], accountId: m[3], guardrailId: m[4], version: m[5] } : undefined;
}

/** A published guardrail version is a positive integer; `DRAFT` is the mutable working copy. */
export function isNumericGuardrailVersion(version: string | undefined): boolean {
    return version !== undefined && /^[1-9]\d*$/.test(version);
}

/**
 * Why an identifier cannot be a Region's pinned guardrail: not a guardrail ARN with `:VERSION`, a
 * version that is not published (DRAFT, empty, text), or a guardrail of another Region. Empty when it can.
 */
export function guardrailIdentifierProblems(identifier: string, region: string): string[] {
    const parsed = parseGuardrailIdentifier(identifier);
    if (!parsed) {
        return [`${region}: identifier ${JSON.stringify(identifier)} is not a guardrail ARN followed by :VERSION`];
    }
    if (parsed.version === undefined) {
        return [`${region}: identifier ${identifier} has no version; append the published numeric version (:1)`];
    }
    if (parsed.version === "DRAFT") {
        return [`${region}: identifier ${identifier} points at DRAFT, the mutable working copy; pin a published numeric version`];
    }
    if (!isNumericGuardrailVersion(parsed.version)) {
        return [`${region}: identifier ${identifier} has version ${JSON.stringify(parsed.version)}, not a published numeric version`];
    }
    if (parsed.region !== region) {
        return [`${region}: the guardrail ${identifier} lives in ${parsed.region}; a Region's policy must name a guardrail in that Region`];
    }
    return [];
}
