/**
 * Judging documents read partially (`parsePolicyDocument(..., { partial: true })`): unknown ARNs
 * are set aside, and a rule decides what the actions, effects and conditions already decide. What
 * is wrong whatever the unknown ARNs turn out to be is reported; what they alone decide leaves the
 * verdict undecided at preview, naming the statements and elements it waits for.
 */
import { describeStatement, PartialElement, Statement } from "./document";
import { undecided } from "../unknowns";

/** Whether some of the statement's Resource or NotResource is unknown at preview. */
export function unknownResources(s: Statement): boolean {
    return (s.unknown ?? []).some((e) => e === "Resource" || e === "NotResource");
}


/** Where the unknowns of the statements are, for the message: `Statement[2].Resource`. */
export function unknownLocations(statements: readonly Statement[], elements?: readonly PartialElement[]): string[] {
    return statements.flatMap((s) => (s.unknown ?? []).filter((e) => !elements || elements.includes(e)).map((e) => `${describeStatement(s)}.${e}`));
}

/**
 * Nothing to report when findings were made (they stand whatever the unknowns are); otherwise, when
 * statements with unknowns decide `question`, the verdict is undecided at preview.
 */
export function undecidedUnlessFindings(findings: readonly string[], deciding: readonly Statement[], question: string, location = "policy"): void {
    if (findings.length > 0 || deciding.length === 0) {
        return;
    }
    const where = unknownLocations(deciding);
    undecided([location], `${question} depends on ${where.join(", ")}, unknown until the resources they name exist`);
}
