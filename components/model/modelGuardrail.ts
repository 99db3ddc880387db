import * as crypto from "crypto";
import * as aws from "@pulumi/aws";
import * as awsNative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { GROUNDING_FILTER_TYPES, HARM_FILTER_TYPES, PROMPT_ATTACK_FILTER } from "../../policypack/controls/guardrail";
import { MODEL_IDS_WITHOUT_GUARDRAIL } from "../../policypack/controls/model-capabilities";
import { ALL_MODELS } from "../../policypack/controls/organization";
import { inputOf, validateArgs } from "../config/args";
import { kmsKeyArnSchema, locationShape, partitionOf, tagsSchema } from "../config/location";
import { DeploymentLocation } from "../settings/location";
import { guardrailSchema } from "../config/model";
import { GuardrailSettings } from "../settings/model";
import { componentOptions, componentType } from "../shared/component";
import { CustomerManagedKey } from "../shared/customerManagedKey";

/** Arguments of ModelGuardrail: the guardrail settings (as the stack settings' `guardrail` section), where it deploys, and an optional existing key. */
export interface ModelGuardrailArgs extends GuardrailSettings, DeploymentLocation {
    /** An existing customer-managed KMS key to encrypt the guardrail; one is created when omitted. */
    kmsKeyArn?: pulumi.Input<string>;
    /** The guardrail's description. */
    description?: string;
    /** Tags on every resource the component creates. */
    tags?: { [key: string]: string };
}

/** @internal The arguments as the constructor validates them. */
export const modelGuardrailArgsSchema = guardrailSchema.extend({
    ...locationShape,
    kmsKeyArn: inputOf(kmsKeyArnSchema).optional(),
    description: z.string().min(1).max(200).default("Baseline guardrail for every model invocation"),
    tags: tagsSchema.default({}),
});

type HarmFilters = z.output<typeof modelGuardrailArgsSchema>["harmFilters"];
type PiiEntities = z.output<typeof modelGuardrailArgsSchema>["piiEntities"];

function harmFilterConfigs(strengths: HarmFilters) {
    // Every category is configured (the schema fills in the defaults): a missing filter is an unfiltered category.
    const harm = HARM_FILTER_TYPES.map((type) => ({ type, inputStrength: strengths[type].input, outputStrength: strengths[type].output }));
    return [...harm, { ...PROMPT_ATTACK_FILTER }];
}

function piiEntityConfigs(entities: PiiEntities) {
    return Object.entries(entities)
        .filter((entry): entry is [string, NonNullable<(typeof entry)[1]>] => entry[1] !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([type, action]) => ({ type, action }));
}

/**
 * The Bedrock guardrail every model call must carry: the five harm filters at configured strengths,
 * prompt-attack detection at HIGH on input, PII anonymized or blocked, denied topics, contextual
 * grounding, word filters, clear blocked messages, encryption with a customer-managed key, and a
 * published numeric version that IAM policies and agents pin; optionally enforced by Bedrock on
 * every model call of the account (`enforceInAccount`).
 */
export class ModelGuardrail extends pulumi.ComponentResource {
    /** ARN of the guardrail, without version: `arn:aws:bedrock:REGION:ACCOUNT:guardrail/ID`. */
    public readonly guardrailArn: pulumi.Output<string>;
    /** ID of the guardrail. */
    public readonly guardrailId: pulumi.Output<string>;
    /** The published numeric version (`"1"`, `"2"`, ...); never `DRAFT`. */
    public readonly version: pulumi.Output<string>;
    /**
     * `arn:aws:bedrock:REGION:ACCOUNT:guardrail/ID:VERSION`: the value IAM's `bedrock:GuardrailIdentifier`
     * condition must equal for a call that uses this guardrail's published version.
     */
    public readonly versionedArn: pulumi.Output<string>;
    /** ARN of the customer-managed key that encrypts the guardrail. */
    public readonly kmsKeyArn: pulumi.Output<string>;

    constructor(name: string, args: ModelGuardrailArgs, opts?: pulumi.ComponentResourceOptions) {
        const a = validateArgs("ModelGuardrail", name, modelGuardrailArgsSchema, args);
        super(componentType("ModelGuardrail"), name, {}, componentOptions("ModelGuardrail", "model", opts));

        this.kmsKeyArn =
            a.kmsKeyArn !== undefined
                ? pulumi.output(a.kmsKeyArn)
                : new CustomerManagedKey(
                      `${name}-key`,
                      { accountId: a.accountId, partition: partitionOf(a.region), description: `Encrypts the Bedrock guardrail ${name}`, aliasName: `alias/${name}`, tags: a.tags },
                      { parent: this },
                  ).keyArn;

        const contentPolicyConfig = { filtersConfigs: harmFilterConfigs(a.harmFilters) };
        const sensitiveInformationPolicyConfig = { piiEntitiesConfigs: piiEntityConfigs(a.piiEntities) };
        const topicPolicyConfig = { topicsConfigs: a.deniedTopics.map((t) => ({ name: t.name, definition: t.definition, examples: [...t.examples], type: "DENY" })) };
        const contextualGroundingPolicyConfig = {
            filtersConfigs: GROUNDING_FILTER_TYPES.map((type) => ({ type, threshold: type === "GROUNDING" ? a.grounding.grounding : a.grounding.relevance })),
        };
        const managed = a.managedProfanityFilter ? [{ type: "PROFANITY" }] : [];
        const custom = a.blockedWords.map((text) => ({ text }));
        const wordPolicyConfig =
            managed.length + custom.length === 0 ? undefined : { managedWordListsConfigs: managed.length > 0 ? managed : undefined, wordsConfigs: custom.length > 0 ? custom : undefined };

        const guardrail = new aws.bedrock.Guardrail(
            name,
            {
                description: a.description,
                blockedInputMessaging: a.blockedInputMessage,
                blockedOutputsMessaging: a.blockedOutputMessage,
                kmsKeyArn: this.kmsKeyArn,
                contentPolicyConfig,
                sensitiveInformationPolicyConfig,
                topicPolicyConfig,
                contextualGroundingPolicyConfig,
                wordPolicyConfig,
                tags: a.tags,
            },
            { parent: this },
        );

        // A version is a snapshot taken when it is created; editing the guardrail does not change it.
        // The description carries a digest of the content, so any change to the guardrail publishes
        // a new version (create first, repoint dependents, then delete the old one).
        const digest = crypto
            .createHash("sha256")
            .update(JSON.stringify([contentPolicyConfig, sensitiveInformationPolicyConfig, topicPolicyConfig, contextualGroundingPolicyConfig, wordPolicyConfig, a.blockedInputMessage, a.blockedOutputMessage]))
            .digest("hex")
            .slice(0, 16);
        const guardrailVersion = new aws.bedrock.GuardrailVersion(
            `${name}-version`,
            { guardrailArn: guardrail.guardrailArn, description: `Published baseline (content ${digest})` },
            { parent: this, replaceOnChanges: ["description"] },
        );

        if (a.enforceInAccount) {
            // @pulumi/aws 7.48 has no such resource; the Cloud Control provider serves AWS::Bedrock::EnforcedGuardrailConfiguration.
            const provider = new awsNative.Provider(`${name}-aws-native`, { region: a.region as awsNative.Region, allowedAccountIds: [a.accountId] }, { parent: this });
            new awsNative.bedrock.EnforcedGuardrailConfiguration(
                `${name}-enforced`,
                {
                    guardrailIdentifier: guardrail.guardrailArn,
                    guardrailVersion: guardrailVersion.version,
                    selectiveContentGuarding: { system: "COMPREHENSIVE", messages: "COMPREHENSIVE" },
                    // "ALL" as in the Organizations Bedrock policy; models that cannot take a guardrail would only fail.
                    modelEnforcement: { includedModels: [ALL_MODELS], excludedModels: [...MODEL_IDS_WITHOUT_GUARDRAIL] },
                },
                { parent: this, provider },
            );
        }

        // The same ARN, read from the published version: whoever names the guardrail then depends on
        // that version alone, which is how a stack policy knows at a first preview that an agent's
        // guardrail configuration holds a published version (bedrock-agent-guardrail).
        this.guardrailArn = guardrailVersion.guardrailArn;
        this.guardrailId = guardrail.guardrailId;
        this.version = guardrailVersion.version;
        this.versionedArn = pulumi.interpolate`${guardrailVersion.guardrailArn}:${guardrailVersion.version}`;

        this.registerOutputs({
            guardrailArn: this.guardrailArn,
            guardrailId: this.guardrailId,
            version: this.version,
            versionedArn: this.versionedArn,
            kmsKeyArn: this.kmsKeyArn,
        });
    }
}
