/**
 * Errors the user can fix: each is printed as one line (or a short list of problems), with no
 * stack trace, and ends the command with exit status 2 before anything is analysed. Told apart by
 * `instanceof`, never by name.
 */
export class UserError extends Error {
    constructor(message: string) {
        super(message);
        this.name = new.target.name;
    }
}

/** Bad arguments: an unknown flag or command, a missing or contradictory option. */
export class UsageError extends UserError {}

/** A file or folder named on the command line that cannot be used (unwritable output, missing folder, byte-order mark). */
export class InputFileError extends UserError {}

/** Stack settings the program would refuse (`Pulumi.<stack>.yaml` failing validation). */
export class StackSettingsError extends UserError {}

/** Nothing in the input is governed by the pack: a verdict of OK would mean nothing. */
export class NothingToJudgeError extends UserError {}

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
