import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
    FOUNDATION_MODEL_ID,
    foundationModelArn,
    GUARDRAIL_CONDITION_KEY,
    INFERENCE_PROFILE_ID,
    inferenceProfileArn,
    INVOKE_ACTIONS,
    isInferenceProfileId,
    modelResourceArns,
} from "../../policypack/controls/model-access";
import { canTakeGuardrail } from "../../policypack/controls/model-capabilities";
import { VPC_ENDPOINT_ID } from "../../policypack/controls/organization";
import { isNumericGuardrailVersion, parseGuardrailIdentifier } from "../../policypack/lib/guardrail-arn";
import { inputOf, validateArgs } from "../config/args";
import { iamPathSchema, locationShape, modelIdSchema, partitionOf, tagsSchema } from "../config/location";
import { DeploymentLocation } from "../settings/location";
import { modelsSchema } from "../config/model";
import { ModelSettings } from "../settings/model";
import { guardrailReferenceSchema, guardrailVersionedArn } from "../config/references";
import { GuardrailReference } from "../settings/references";
import { componentOptions, componentType } from "../shared/component";
import { policyDocumentJson, PolicyStatement } from "../shared/policyDocument";

/** Arguments of ModelAccessPolicy: which models (the stack settings' `models` section), the guardrail every call carries, where it deploys. */
export interface ModelAccessPolicyArgs extends DeploymentLocation {
    /** Which models may be invoked, and which are denied outright in every Region (the stack settings' `models` section). */
    models: ModelSettings;
    /** The guardrail every call must carry, pinned to a published version (ModelGuardrail's outputs). */
    guardrail: GuardrailReference;
    /**
     * Models that cannot take a guardrail (embeddings, rerank) this policy also grants, without the
     * guardrail: for the roles that need them, such as a knowledge base's embedding model. Each must
     * be in `models.approvedWithoutGuardrail`. Defaults to none.
     */
    withoutGuardrail?: string[];
    /**
     * VPC endpoint IDs (`vpce-...`) of the approved private path to bedrock-runtime. When given, invokes
     * that arrive through any other path are denied (`aws:SourceVpce`), except calls AWS services make
     * on the caller's behalf (`aws:ViaAWSService`). For principals that call from inside the VPC; not
     * for roles that AWS services assume to call models themselves (agent roles).
     */
    sourceVpceIds?: pulumi.Input<string[]>;
    /** The policy's description. */
    description?: string;
    /** IAM path of the policy. Defaults to `/ai-guardrails/`. */
    path?: string;
    /** Tags on the policy. */
    tags?: { [key: string]: string };
}

const vpceId = z.string().regex(VPC_ENDPOINT_ID, "expected a VPC endpoint ID such as vpce-0123456789abcdef0");

/** @internal The arguments as the constructor validates them. */
export const modelAccessPolicyArgsSchema = z
    .object({
        ...locationShape,
        models: modelsSchema,
        guardrail: guardrailReferenceSchema,
        withoutGuardrail: z.array(modelIdSchema).default([]),
        sourceVpceIds: inputOf(z.array(vpceId)).optional(),
        description: z.string().min(1).max(1000).default("Invoke approved Bedrock models only, and only through the approved guardrail version"),
        path: iamPathSchema.default("/ai-guardrails/"),
        tags: tagsSchema.default({}),
    })
    .strict()
    .superRefine((a, ctx) => {
        a.withoutGuardrail.forEach((id, i) => {
            if (!(a.models.approvedWithoutGuardrail ?? []).includes(id)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["withoutGuardrail", i],
                    message: `not one of models.approvedWithoutGuardrail (${(a.models.approvedWithoutGuardrail ?? []).join(", ") || "none approved"})`,
                });
            }
        });
    });

/**
 * ARNs a deny must cover for a model ID, in every Region: a denied foundation model cannot be
 * reached through any inference profile either, because a profile call is also authorized on the
 * foundation-model ARN in each Region it routes to.
 */
export function deniedModelResourceArns(partition: string, accountId: string, modelId: string): string[] {
    return isInferenceProfileId(modelId) ? [inferenceProfileArn(partition, "*", accountId, modelId)] : [foundationModelArn(partition, "*", modelId)];
}

function unique(values: string[]): string[] {
    return [...new Set(values)];
}

/** The model-access document: allow approved models, deny denied models, deny calls without the guardrail. */
export function modelAccessStatements(input: {
    partition: string;
    region: string;
    accountId: string;
    approvedModels: string[];
    /** Models that cannot take a guardrail, granted without it (InvokeModel only: embeddings and rerank do not stream). */
    unguardedModels?: string[];
    deniedModels: string[];
    guardrailVersionedArn: string;
    guardrailArn: string;
    guardrailKmsKeyArn?: string;
    sourceVpceIds?: string[];
}): PolicyStatement[] {
    if (input.approvedModels.length === 0) {
        throw new Error("ModelAccessPolicy: approvedModels must list at least one model; an empty list would allow nothing and hide a configuration error");
    }
    const unguarded = input.unguardedModels ?? [];
    const misclassified = [...input.approvedModels.filter((id) => !canTakeGuardrail(id)), ...unguarded.filter(canTakeGuardrail)];
    if (misclassified.length > 0) {
        throw new Error(
            `ModelAccessPolicy: ${misclassified.join(", ")} ${misclassified.length === 1 ? "is" : "are"} in the wrong list: approvedModels are models that can take a guardrail, unguardedModels those that cannot`,
        );
    }
    const badIds = [...input.approvedModels, ...unguarded, ...input.deniedModels].filter((id) => !FOUNDATION_MODEL_ID.test(id) && !INFERENCE_PROFILE_ID.test(id));
    if (badIds.length > 0) {
        throw new Error(
            `ModelAccessPolicy: ${badIds.map((id) => JSON.stringify(id)).join(", ")} is not a Bedrock foundation-model ID (anthropic.claude-3-5-sonnet-20240620-v1:0) or inference-profile ID (us.anthropic.claude-3-5-sonnet-20240620-v1:0)`,
        );
    }
    // The request carries the guardrail ARN with its version, or the bare ARN for the DRAFT, which
    // changes with every edit: only a published numeric version pins what every call is checked against.
    const pinned = parseGuardrailIdentifier(input.guardrailVersionedArn);
    if (!pinned || !isNumericGuardrailVersion(pinned.version) || input.guardrailVersionedArn !== `${input.guardrailArn}:${pinned.version}`) {
        throw new Error(
            `ModelAccessPolicy: guardrailVersionedArn must be guardrailArn followed by a published numeric version (${input.guardrailArn}:1); got ${JSON.stringify(input.guardrailVersionedArn)}`,
        );
    }
    const actions = [...INVOKE_ACTIONS];
    const statements: PolicyStatement[] = [
        {
            Sid: "InvokeApprovedModelsOnly",
            Effect: "Allow",
            Action: actions,
            Resource: unique(input.approvedModels.flatMap((id) => modelResourceArns(input.partition, input.region, input.accountId, id))),
        },
        {
            // Invoking with a guardrail also authorizes ApplyGuardrail on that guardrail.
            Sid: "ApplyApprovedGuardrail",
            Effect: "Allow",
            Action: "bedrock:ApplyGuardrail",
            Resource: input.guardrailArn,
        },
    ];
    // In every Region, as the deny below leaves them out in every Region.
    const unguardedArns = unique(unguarded.flatMap((id) => modelResourceArns(input.partition, "*", input.accountId, id)));
    if (unguarded.length > 0) {
        statements.push({
            Sid: "InvokeApprovedModelsWithoutGuardrail",
            Effect: "Allow",
            Action: "bedrock:InvokeModel",
            Resource: unique(unguarded.flatMap((id) => modelResourceArns(input.partition, input.region, input.accountId, id))),
        });
    }
    if (input.guardrailKmsKeyArn) {
        statements.push({
            Sid: "DecryptGuardrailThroughBedrock",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: input.guardrailKmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `bedrock.${input.region}.amazonaws.com` } },
        });
    }
    if (input.deniedModels.length > 0) {
        statements.push({
            Sid: "DenyDeniedModels",
            Effect: "Deny",
            Action: actions,
            Resource: unique(input.deniedModels.flatMap((id) => deniedModelResourceArns(input.partition, input.accountId, id))),
        });
    }
    if (input.sourceVpceIds && input.sourceVpceIds.length > 0) {
        statements.push({
            Sid: "DenyInvokeOutsideApprovedEndpoints",
            Effect: "Deny",
            Action: actions,
            Resource: "*",
            Condition: { StringNotEquals: { "aws:SourceVpce": input.sourceVpceIds }, BoolIfExists: { "aws:ViaAWSService": "false" } },
        });
    }
    statements.push({
        // StringNotEquals is a negated operator: when the request carries no bedrock:GuardrailIdentifier
        // at all, the condition evaluates to true, so the Deny applies to calls without a guardrail as
        // well as to calls with another guardrail or version. ("Enforce the use of specific guardrails
        // in model inference requests", https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-permissions-id.html)
        // Models that cannot take a guardrail are left out: with the Deny they could not be called at all.
        Sid: "DenyInvokeWithoutApprovedGuardrail",
        Effect: "Deny",
        Action: actions,
        ...(unguardedArns.length > 0 ? { NotResource: unguardedArns } : { Resource: "*" }),
        Condition: { StringNotEquals: { [GUARDRAIL_CONDITION_KEY]: input.guardrailVersionedArn } },
    });
    return statements;
}

/**
 * An IAM managed policy for anything that invokes models: `bedrock:InvokeModel` and
 * `bedrock:InvokeModelWithResponseStream` (which also authorize Converse and ConverseStream) only
 * on the approved foundation-model and inference-profile ARNs, an explicit deny on denied models,
 * and an explicit deny on every invoke that does not carry the approved guardrail version.
 */
export class ModelAccessPolicy extends pulumi.ComponentResource {
    /** ARN of the managed policy, to attach to roles. */
    public readonly policyArn: pulumi.Output<string>;
    /** Name of the managed policy. */
    public readonly policyName: pulumi.Output<string>;
    /** The policy document (JSON) as sent to IAM. */
    public readonly policyDocument: pulumi.Output<string>;

    constructor(name: string, args: ModelAccessPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
        const a = validateArgs("ModelAccessPolicy", name, modelAccessPolicyArgsSchema, args);
        super(componentType("ModelAccessPolicy"), name, {}, componentOptions("ModelAccessPolicy", "access", opts));

        const partition = partitionOf(a.region);
        const g = a.guardrail;
        // The guardrail's ARN and version are outputs of another resource; the rest is known now.
        const statements = pulumi
            .all([g.arn, guardrailVersionedArn(g), g.kmsKeyArn, a.sourceVpceIds ?? []])
            .apply(([guardrailArn, versionedArn, guardrailKmsKeyArn, sourceVpceIds]) =>
                modelAccessStatements({
                    partition,
                    region: a.region,
                    accountId: a.accountId,
                    approvedModels: a.models.approved,
                    unguardedModels: a.withoutGuardrail,
                    deniedModels: a.models.denied ?? [],
                    guardrailArn,
                    guardrailVersionedArn: versionedArn,
                    guardrailKmsKeyArn,
                    sourceVpceIds,
                }),
            );
        this.policyDocument = policyDocumentJson(statements);

        const policy = new aws.iam.Policy(name, { description: a.description, path: a.path, policy: this.policyDocument, tags: a.tags }, { parent: this });
        this.policyArn = policy.arn;
        this.policyName = policy.name;

        this.registerOutputs({ policyArn: this.policyArn, policyName: this.policyName, policyDocument: this.policyDocument });
    }
}
