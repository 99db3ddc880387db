/**
 * References to resources created elsewhere, as component arguments.
 * Settings are data only (no validation here: components/config holds the schemas), so every
 * language the component plugin serves can express them.
 */
import * as pulumi from "@pulumi/pulumi";

/** A published version of a Bedrock guardrail (ModelGuardrail's `guardrailArn` and `version`). */
export interface GuardrailReference {
    /** ARN of the guardrail, without version: `arn:aws:bedrock:REGION:ACCOUNT:guardrail/ID`. */
    arn: pulumi.Input<string>;
    /** Its published numeric version (`"1"`, `"2"`, ...); never DRAFT, which changes under its callers. */
    version: pulumi.Input<string>;
    /** The guardrail's customer-managed key, if it has one: callers may use it through Bedrock only. */
    kmsKeyArn?: pulumi.Input<string>;
}
