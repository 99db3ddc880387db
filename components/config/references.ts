/**
 * References to resources another component (or another program) created, as component arguments:
 * values that may be outputs (`pulumi.Input`), checked when they are plain.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { isNumericGuardrailVersion, parseGuardrailIdentifier } from "../../policypack/lib/guardrail-arn";
import { inputOf } from "./args";
import { kmsKeyArnSchema } from "./location";
import { GuardrailReference } from "../settings/references";

export const guardrailArnSchema = z
    .string()
    .refine((arn) => parseGuardrailIdentifier(arn)?.version === undefined && parseGuardrailIdentifier(arn) !== undefined, {
        message: "expected a guardrail ARN without version, such as arn:aws:bedrock:us-east-1:123456789012:guardrail/abc123def456",
    });

export const guardrailVersionSchema = z.string().refine(isNumericGuardrailVersion, { message: "expected a published numeric version such as 1 (not DRAFT, the working copy that changes with every edit)" });

export const guardrailReferenceSchema = z
    .object({
        arn: inputOf(guardrailArnSchema),
        version: inputOf(guardrailVersionSchema),
        kmsKeyArn: inputOf(kmsKeyArnSchema).optional(),
    })
    .strict();

/** `arn:...:guardrail/ID:VERSION`: what `bedrock:GuardrailIdentifier` equals for a call with this version. */
export function guardrailVersionedArn(guardrail: GuardrailReference): pulumi.Output<string> {
    return pulumi.interpolate`${guardrail.arn}:${guardrail.version}`;
}
