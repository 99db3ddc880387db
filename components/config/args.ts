/**
 * Validation of component arguments with the same schemas as the stack settings: a component
 * checks its arguments before it registers anything, and a bad value throws one line naming the
 * argument, the value and what is allowed, in TypeScript as in every language of the plugin.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ConfigValidationError } from "./errors";
import { argumentKeys, describeIssues } from "./issues";

/**
 * An argument that may be an output of another resource (`pulumi.Input<T>`): an output passes as it
 * is (it is checked where it resolves, if at all), a plain value must satisfy `schema`.
 */
export function inputOf<S extends z.ZodType>(schema: S): z.ZodType<pulumi.Input<z.output<S>>, pulumi.Input<z.input<S>>> {
    return z.any().superRefine((value, ctx) => {
        if (pulumi.Output.isInstance(value)) {
            return;
        }
        const result = schema.safeParse(value);
        if (!result.success) {
            for (const issue of result.error.issues) {
                ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
            }
        }
    }) as unknown as z.ZodType<pulumi.Input<z.output<S>>, pulumi.Input<z.input<S>>>;
}

/**
 * The component's arguments, validated and with defaults filled in; throws `ConfigValidationError`
 * (every problem, one line each) before anything is registered.
 */
export function validateArgs<S extends z.ZodType>(component: string, name: string, schema: S, args: unknown): z.output<S> {
    const result = schema.safeParse(args ?? {});
    if (!result.success) {
        throw new ConfigValidationError(`${component} ${name}: invalid arguments`, describeIssues(result.error, args, schema, argumentKeys));
    }
    return result.data;
}
