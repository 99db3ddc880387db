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

export { nearest } from "../policypack/lib/config-check";
