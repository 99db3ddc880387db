import * as pulumi from "@pulumi/pulumi";

/** One invalid setting or argument: where it is, and a line naming its value and what is allowed. */
export interface Problem {
    /** Dotted path (`guardrail.harmFilters.HATE.input`, `agents[0].name`). */
    propertyPath: string;
    /** `<key> = <value>: <what is wrong; what is allowed>`. */
    reason: string;
}

/**
 * Raised before any resource is registered when stack settings or a component's arguments are
 * invalid: one line per problem. It is an `InputPropertiesError`, so the component plugin hands each
 * problem to the engine as an invalid property (Python, Go, .NET, Java and YAML users see the same
 * lines), and it carries Pulumi's run-error flag, so the CLI prints the lines without a stack trace.
 */
export class ConfigValidationError extends pulumi.InputPropertiesError {
    /** One line per problem. */
    readonly problems: string[];
    private readonly __pulumiRunError = true;

    constructor(subject: string, problems: readonly Problem[]) {
        super({
            message: `${subject} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` + problems.map((p) => `  - ${p.reason}`).join("\n"),
            errors: problems.map((p) => ({ propertyPath: p.propertyPath, reason: p.reason })),
        });
        this.name = "ConfigValidationError";
        this.problems = problems.map((p) => p.reason);
        void this.__pulumiRunError;
    }
}
