import * as crypto from "crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    DEFAULT_BLOCKED_INPUT_MESSAGE,
    DEFAULT_BLOCKED_OUTPUT_MESSAGE,
    DEFAULT_DENIED_TOPICS,
    DEFAULT_GROUNDING_THRESHOLD,
    DEFAULT_HARM_FILTER_STRENGTH,
    DeniedTopic,
    FilterStrength,
    GROUNDING_FILTER_TYPES,
    HARM_FILTER_TYPES,
    HarmFilterType,
    PiiAction,
    PiiEntityType,
    PROMPT_ATTACK_FILTER,
    REQUIRED_PII_ENTITIES,
} from "../../policypack/controls/guardrail";
import { CustomerManagedKey } from "../shared/customerManagedKey";

/** Input and output strength of one harm filter. */
export interface HarmFilterStrengths {
    input: FilterStrength;
    output: FilterStrength;
}

export interface ModelGuardrailArgs {
    /** The account the guardrail and its key live in (the key policy names only this account). */
    accountId: pulumi.Input<string>;
    /** AWS partition. Defaults to `aws`. */
    partition?: pulumi.Input<string>;
    /** Strength per harm category (HATE, VIOLENCE, SEXUAL, INSULTS, MISCONDUCT); a category left out gets HIGH. */
    harmFilters?: pulumi.Input<Partial<Record<HarmFilterType, HarmFilterStrengths>>>;
    /** PII entity type -> BLOCK or ANONYMIZE. Defaults to the required entities of the policy pack. */
    piiEntities?: pulumi.Input<Partial<Record<PiiEntityType, PiiAction>>>;
    /** Topics the guardrail refuses. Defaults to financial advice and medical diagnosis. */
    deniedTopics?: pulumi.Input<DeniedTopic[]>;
    /** Contextual grounding thresholds in [0, 0.99]. Default 0.75 each. */
    grounding?: pulumi.Input<{ grounding: number; relevance: number }>;
    /** Apply AWS's managed profanity word list. Defaults to true. */
    managedProfanityFilter?: pulumi.Input<boolean>;
    /** Extra words or phrases to block. */
    blockedWords?: pulumi.Input<string[]>;
    /** Returned to the caller when a prompt is blocked. */
    blockedInputMessage?: pulumi.Input<string>;
    /** Returned to the caller when a response is blocked. */
    blockedOutputMessage?: pulumi.Input<string>;
    description?: pulumi.Input<string>;
    /** Use an existing customer-managed key instead of creating one. */
    kmsKeyArn?: pulumi.Input<string>;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

function harmFilterConfigs(strengths: Partial<Record<HarmFilterType, HarmFilterStrengths>> | undefined) {
    // Every category is configured, whatever the caller listed: a missing filter is an unfiltered category.
    const harm = HARM_FILTER_TYPES.map((type) => ({
        type,
        inputStrength: strengths?.[type]?.input ?? DEFAULT_HARM_FILTER_STRENGTH,
        outputStrength: strengths?.[type]?.output ?? DEFAULT_HARM_FILTER_STRENGTH,
    }));
    return [...harm, { ...PROMPT_ATTACK_FILTER }];
}

function piiEntityConfigs(entities: Partial<Record<PiiEntityType, PiiAction>> | undefined) {
    return Object.entries(entities ?? REQUIRED_PII_ENTITIES)
        .filter((entry): entry is [string, PiiAction] => entry[1] !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([type, action]) => ({ type, action }));
}

/**
 * The Bedrock guardrail every model call must carry: the five harm filters at configured strengths,
 * prompt-attack detection at HIGH on input, PII anonymized or blocked, denied topics, contextual
 * grounding, word filters, clear blocked messages, encryption with a customer-managed key, and a
 * published numeric version that IAM policies and agents pin.
 */
export class ModelGuardrail extends pulumi.ComponentResource {
    /** The guardrail (its working draft). */
    public readonly guardrail: aws.bedrock.Guardrail;
    /** The published, immutable version of the guardrail. */
    public readonly guardrailVersion: aws.bedrock.GuardrailVersion;
    /** The key that encrypts the guardrail, when this component created it. */
    public readonly key?: CustomerManagedKey;
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
        super("ai-guardrails:model:ModelGuardrail", name, {}, opts);

        if (args.kmsKeyArn === undefined) {
            this.key = new CustomerManagedKey(
                `${name}-key`,
                {
                    accountId: args.accountId,
                    partition: args.partition,
                    description: `Encrypts the Bedrock guardrail ${name}`,
                    aliasName: `alias/${name}`,
                    tags: args.tags,
                },
                { parent: this },
            );
        }
        this.kmsKeyArn = this.key ? this.key.keyArn : pulumi.output(args.kmsKeyArn!);

        const contentPolicyConfig = pulumi.output(args.harmFilters).apply((h) => ({ filtersConfigs: harmFilterConfigs(h) }));
        const sensitiveInformationPolicyConfig = pulumi.output(args.piiEntities).apply((p) => ({ piiEntitiesConfigs: piiEntityConfigs(p) }));
        const topicPolicyConfig = pulumi.output(args.deniedTopics).apply((topics) => ({
            topicsConfigs: (topics ?? DEFAULT_DENIED_TOPICS).map((t) => ({ name: t.name, definition: t.definition, examples: [...(t.examples ?? [])], type: "DENY" })),
        }));
        const contextualGroundingPolicyConfig = pulumi.output(args.grounding).apply((g) => ({
            filtersConfigs: GROUNDING_FILTER_TYPES.map((type) => ({
                type,
                threshold: (type === "GROUNDING" ? g?.grounding : g?.relevance) ?? DEFAULT_GROUNDING_THRESHOLD,
            })),
        }));
        const wordPolicyConfig = pulumi.all([args.managedProfanityFilter, args.blockedWords]).apply(([profanity, words]) => {
            const managed = profanity === false ? [] : [{ type: "PROFANITY" }];
            const custom = (words ?? []).map((text) => ({ text }));
            if (managed.length + custom.length === 0) {
                return undefined;
            }
            return { managedWordListsConfigs: managed.length > 0 ? managed : undefined, wordsConfigs: custom.length > 0 ? custom : undefined };
        });
        const blockedInputMessaging = pulumi.output(args.blockedInputMessage).apply((m) => m ?? DEFAULT_BLOCKED_INPUT_MESSAGE);
        const blockedOutputsMessaging = pulumi.output(args.blockedOutputMessage).apply((m) => m ?? DEFAULT_BLOCKED_OUTPUT_MESSAGE);

        this.guardrail = new aws.bedrock.Guardrail(
            name,
            {
                description: args.description ?? "Baseline guardrail for every model invocation",
                blockedInputMessaging,
                blockedOutputsMessaging,
                kmsKeyArn: this.kmsKeyArn,
                contentPolicyConfig,
                sensitiveInformationPolicyConfig,
                topicPolicyConfig,
                contextualGroundingPolicyConfig,
                wordPolicyConfig,
                tags: args.tags,
            },
            { parent: this },
        );

        // A version is a snapshot taken when it is created; editing the guardrail does not change it.
        // The description carries a digest of the content, so any change to the guardrail publishes
        // a new version (create first, repoint dependents, then delete the old one).
        const digest = pulumi
            .all([contentPolicyConfig, sensitiveInformationPolicyConfig, topicPolicyConfig, contextualGroundingPolicyConfig, wordPolicyConfig, blockedInputMessaging, blockedOutputsMessaging])
            .apply((parts) => crypto.createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 16));
        this.guardrailVersion = new aws.bedrock.GuardrailVersion(
            `${name}-version`,
            { guardrailArn: this.guardrail.guardrailArn, description: pulumi.interpolate`Published baseline (content ${digest})` },
            { parent: this, replaceOnChanges: ["description"] },
        );

        this.guardrailArn = this.guardrail.guardrailArn;
        this.guardrailId = this.guardrail.guardrailId;
        this.version = this.guardrailVersion.version;
        this.versionedArn = pulumi.interpolate`${this.guardrail.guardrailArn}:${this.guardrailVersion.version}`;

        this.registerOutputs({
            guardrailArn: this.guardrailArn,
            guardrailId: this.guardrailId,
            version: this.version,
            versionedArn: this.versionedArn,
            kmsKeyArn: this.kmsKeyArn,
        });
    }
}
