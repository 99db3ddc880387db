import * as assert from "assert";
import { ConfigValidationError, loadStackConfig, StackConfig } from "../../components/config";
import { HARM_FILTER_TYPES, REQUIRED_PII_ENTITIES } from "../../policypack/controls/guardrail";
import { availableStacks, loadStackConfigFile, parseStackConfigYaml, StackConfigFileError, tryStackProgram } from "../helpers/mocks";
import { configProblems } from "../helpers/config";
import { SECRET_PLACEHOLDER } from "../../cli/stack-config";
import { partitionOf } from "../../components/config/location";
import { BEDROCK_REGIONS } from "../../policypack/controls/regions";

const STACKS = ["dev", "staging", "prod"] as const;

function load(stack: string, overrides: Record<string, string> = {}): StackConfig {
    return loadStackConfig({ ...loadStackConfigFile(stack), ...overrides });
}

/** The validation problems for a stack's settings with some keys replaced. */
function problems(overrides: Record<string, string>, stack = "prod"): string[] {
    return configProblems({ ...loadStackConfigFile(stack), ...overrides });
}

const json = (value: unknown) => JSON.stringify(value);

describe("stack settings files", () => {
    it("exist for dev, staging and prod", () => {
        for (const stack of STACKS) {
            assert.ok(availableStacks().includes(stack), stack);
        }
    });

    for (const stack of STACKS) {
        it(`${stack}: validates, names its environment and its own account`, () => {
            const config = load(stack);
            assert.strictEqual(config.environment, stack);
            assert.match(config.accountId, /^\d{12}$/);
            assert.strictEqual(config.region, "us-east-1");
            assert.ok(config.models.approved.length > 0);
        });
    }

    it("gives each stack its own account", () => {
        const accounts = STACKS.map((s) => load(s).accountId);
        assert.deepStrictEqual(accounts, ["111111111111", "222222222222", "333333333333"]);
    });

    it("makes prod the strictest: all filters HIGH, most PII blocked, longest retention, governance protected", () => {
        const [dev, staging, prod] = STACKS.map((s) => load(s));
        for (const type of HARM_FILTER_TYPES) {
            assert.deepStrictEqual(prod.guardrail.harmFilters[type], { input: "HIGH", output: "HIGH" }, type);
        }
        const blocked = (c: StackConfig) => Object.values(c.guardrail.piiEntities).filter((a) => a === "BLOCK").length;
        assert.ok(blocked(prod) > blocked(staging) && blocked(staging) > blocked(dev));
        assert.ok(prod.invocationLogging.logRetentionDays > staging.invocationLogging.logRetentionDays);
        assert.ok(staging.invocationLogging.logRetentionDays > dev.invocationLogging.logRetentionDays);
        assert.ok(prod.invocationLogging.s3ExpirationDays > staging.invocationLogging.s3ExpirationDays);
        assert.ok(prod.guardrail.grounding.grounding >= staging.guardrail.grounding.grounding);
        assert.strictEqual(prod.protectGovernance, true);
        assert.strictEqual(dev.protectGovernance, false);
    });
});

describe("reading a stack settings file", () => {
    it("gives Pulumi's raw form: objects and lists as JSON, scalars as strings, bare keys in the project namespace", () => {
        const raw = parseStackConfigYaml(
            ["config:", "  aws:region: eu-west-1", "  ai-guardrails:protectGovernance: false", "  environment: dev", "  ai-guardrails:models:", "    approved: [amazon.titan-embed-text-v2:0]", "  ai-guardrails:tags: { Team: ai }"].join("\n"),
            { project: "ai-guardrails" },
        );
        assert.deepStrictEqual(raw, {
            "aws:region": "eu-west-1",
            "ai-guardrails:protectGovernance": "false",
            "ai-guardrails:environment": "dev",
            "ai-guardrails:models": '{"approved":["amazon.titan-embed-text-v2:0"]}',
            "ai-guardrails:tags": '{"Team":"ai"}',
        });
    });

    it("keeps a quoted account ID as written (leading zeros included)", () => {
        const raw = parseStackConfigYaml('config:\n  ai-guardrails:accountId: "012345678901"\n', { project: "ai-guardrails" });
        assert.strictEqual(raw["ai-guardrails:accountId"], "012345678901");
    });

    it("reads a secret it cannot decrypt as a placeholder, naming its key; refuses malformed YAML, naming the file", () => {
        const secrets: string[] = [];
        const raw = parseStackConfigYaml("config:\n  ai-guardrails:token:\n    secure: v1:abc\n  aws:profile: dev\n", { project: "ai-guardrails", source: "Pulumi.x.yaml", secrets });
        assert.deepStrictEqual(raw, { "ai-guardrails:token": SECRET_PLACEHOLDER, "aws:profile": "dev" });
        assert.deepStrictEqual(secrets, ["ai-guardrails:token"]);
        assert.throws(() => parseStackConfigYaml("config: [unclosed", { project: "ai-guardrails", source: "Pulumi.y.yaml" }), /Pulumi\.y\.yaml: not valid YAML/);
    });

    it("names the available stacks when asked for one that does not exist", () => {
        assert.throws(() => loadStackConfigFile("qa"), (e: Error) => e instanceof StackConfigFileError && /Unknown stack "qa"/.test(e.message) && /dev/.test(e.message) && /prod/.test(e.message));
        assert.throws(() => loadStackConfigFile("../prod"), /Unknown stack/);
    });
});

describe("a namespace the program chooses", () => {
    it("reads the settings of that namespace and no other, and names its keys in errors", () => {
        const file = loadStackConfigFile("dev");
        const renamed = Object.fromEntries(Object.entries(file).map(([k, v]) => [k.replace(/^ai-guardrails:/, "my-app:"), v]));
        assert.deepStrictEqual(loadStackConfig(renamed, "my-app"), load("dev"));
        // The default namespace no longer holds anything: the required keys are missing, named in the chosen namespace.
        assert.throws(() => loadStackConfig(renamed), (e: unknown) => e instanceof ConfigValidationError && e.problems.some((p) => p.startsWith("ai-guardrails:accountId = (not set)")));
        assert.throws(
            () => loadStackConfig({ ...renamed, "my-app:accountId": "12" }, "my-app"),
            (e: unknown) => e instanceof ConfigValidationError && e.problems.length === 1 && e.problems[0].startsWith('my-app:accountId = "12": expected a 12-digit AWS account ID'),
        );
    });

    it("refuses a namespace Pulumi config could not hold", () => {
        assert.throws(() => loadStackConfig({}, "my app:"), /namespace "my app:": expected a Pulumi config namespace/);
    });
});

describe("invalid configuration", () => {
    it("rejects a filter strength HIGHEST, naming the key, the value and the allowed strengths", () => {
        assert.deepStrictEqual(problems({ "ai-guardrails:guardrail": json({ harmFilters: { HATE: { input: "HIGHEST", output: "HIGH" } } }) }), [
            'ai-guardrails:guardrail.harmFilters.HATE.input = "HIGHEST": allowed: MEDIUM, HIGH',
        ]);
    });

    it("rejects guardrail settings the policy pack would reject: a harm filter below MEDIUM, grounding below 0.5, fewer than two denied topics", () => {
        assert.deepStrictEqual(problems({ "ai-guardrails:guardrail": json({ harmFilters: { HATE: { input: "HIGH", output: "LOW" }, INSULTS: { input: "NONE" } } }) }), [
            'ai-guardrails:guardrail.harmFilters.HATE.output = "LOW": below the minimum MEDIUM the policy pack requires; allowed: MEDIUM, HIGH',
            'ai-guardrails:guardrail.harmFilters.INSULTS.input = "NONE": below the minimum MEDIUM the policy pack requires; allowed: MEDIUM, HIGH',
        ]);
        assert.deepStrictEqual(problems({ "ai-guardrails:guardrail": json({ grounding: { grounding: 0.2, relevance: 1 } }) }), [
            "ai-guardrails:guardrail.grounding.grounding = 0.2: below the minimum 0.5 the policy pack requires; allowed: 0.5 to 0.99",
            "ai-guardrails:guardrail.grounding.relevance = 1: above AWS's maximum 0.99; allowed: 0.5 to 0.99",
        ]);
        const [topics] = problems({ "ai-guardrails:guardrail": json({ deniedTopics: [] }) });
        assert.strictEqual(topics, "ai-guardrails:guardrail.deniedTopics = []: at least 2 denied topics are required (the policy pack's minimum)");
        const floor = load("dev", { "ai-guardrails:guardrail": json({ harmFilters: { HATE: { input: "MEDIUM", output: "MEDIUM" } }, grounding: { grounding: 0.5, relevance: 0.99 } }) });
        assert.deepStrictEqual([floor.guardrail.harmFilters.HATE, floor.guardrail.grounding], [{ input: "MEDIUM", output: "MEDIUM" }, { grounding: 0.5, relevance: 0.99 }]);
    });

    it("rejects an empty approved-model list", () => {
        assert.deepStrictEqual(problems({ "ai-guardrails:models": json({ approved: [] }) }), ["ai-guardrails:models.approved = []: at least one approved model is required"]);
    });

    it("rejects a model ID that is neither a foundation-model nor an inference-profile ID", () => {
        const [p] = problems({ "ai-guardrails:models": json({ approved: ["anthropic.claude-3-5-sonnet-20240620-v1:0", "GPT-4o"] }) });
        assert.match(p, /^ai-guardrails:models\.approved\[1\] = "GPT-4o": expected a Bedrock foundation-model ID \(.+\) or inference-profile ID \(.+\)$/);
    });

    it("rejects a malformed account ID", () => {
        for (const bad of ["12345", "1111-2222-3333", "11111111111a"]) {
            assert.deepStrictEqual(problems({ "ai-guardrails:accountId": bad }), [`ai-guardrails:accountId = "${bad}": expected a 12-digit AWS account ID (quote it in YAML)`]);
        }
    });

    it("accepts only a Region where Bedrock is offered, in that Region's partition, with one line for any other", () => {
        assert.deepStrictEqual(problems({ "aws:region": "us-east-9" }), [
            'aws:region = "us-east-9": expected an AWS Region where Amazon Bedrock is offered, such as us-east-1, eu-west-1 or us-gov-west-1 (the list: policypack/controls/regions.ts)',
        ]);
        // The China partition has no Bedrock: no partition setting gets a China Region past the check.
        assert.deepStrictEqual(problems({ "aws:region": "cn-north-1" }), ['aws:region = "cn-north-1": cn-north-1 is in the aws-cn partition (China), where Amazon Bedrock is not offered']);
        assert.deepStrictEqual(problems({ "aws:region": "cn-north-1", "ai-guardrails:partition": "aws-cn" }), ['aws:region = "cn-north-1": cn-north-1 is in the aws-cn partition (China), where Amazon Bedrock is not offered']);
        assert.deepStrictEqual(problems({ "aws:region": "ap-east-1" }), ['aws:region = "ap-east-1": ap-east-1 is an AWS Region where Amazon Bedrock is not offered']);
        for (const region of [...BEDROCK_REGIONS.aws, ...BEDROCK_REGIONS["aws-us-gov"]]) {
            assert.strictEqual(load("dev", { "aws:region": region }).region, region);
        }
        assert.strictEqual(partitionOf("us-gov-east-1"), "aws-us-gov");
        assert.match(problems({ "aws:region": "us-gov-west-1", "ai-guardrails:partition": "aws" })[0], /the Region us-gov-west-1 is in the aws-us-gov partition/);
    });

    it("derives the partition from the Region and refuses a partition setting that disagrees (aws-cn, or aws-us-gov with us-east-1)", () => {
        for (const partition of ["aws-cn", "aws-us-gov"]) {
            const [p, ...rest] = problems({ "ai-guardrails:partition": partition });
            assert.deepStrictEqual(rest, []);
            assert.strictEqual(p, `ai-guardrails:partition = "${partition}": the Region us-east-1 is in the aws partition; remove the key (the partition follows from aws:region)`);
        }
        assert.strictEqual(load("prod", { "ai-guardrails:partition": "aws" }).region, "us-east-1");
        assert.match(problems({ "ai-guardrails:region": "eu-west-1" })[0], /^ai-guardrails:region = "eu-west-1": the stack's Region is aws:region/);
    });

    it("rejects an unknown key and lists the keys that exist", () => {
        const [top] = problems({ "ai-guardrails:guardrial": json({}) });
        assert.match(top, /^ai-guardrails:guardrial = \{\}: unknown key; allowed keys: .*ai-guardrails:guardrail, .*ai-guardrails:models/);
        const [nested] = problems({ "ai-guardrails:invocationLogging": json({ retentionDays: 30 }) });
        assert.match(nested, /^ai-guardrails:invocationLogging\.retentionDays = 30: unknown key; allowed keys: logRetentionDays, s3ExpirationDays, text, image, embedding, video/);
        const [pii] = problems({ "ai-guardrails:guardrail": json({ piiEntities: { SSN: "BLOCK" } }) });
        assert.match(pii, /^ai-guardrails:guardrail\.piiEntities\.SSN = "BLOCK": unknown key; allowed keys: .*US_SOCIAL_SECURITY_NUMBER/);
    });

    it("rejects weakening a required PII entity, and keeps the required ones when others are added", () => {
        assert.deepStrictEqual(problems({ "ai-guardrails:guardrail": json({ piiEntities: { AWS_SECRET_KEY: "ANONYMIZE" } }) }), [
            'ai-guardrails:guardrail.piiEntities.AWS_SECRET_KEY = "ANONYMIZE": AWS_SECRET_KEY is a required entity; allowed: BLOCK',
        ]);
        const config = load("dev", { "ai-guardrails:guardrail": json({ piiEntities: { NAME: "ANONYMIZE", EMAIL: "BLOCK" } }) });
        assert.deepStrictEqual(config.guardrail.piiEntities, { ...REQUIRED_PII_ENTITIES, NAME: "ANONYMIZE", EMAIL: "BLOCK" });
    });

    it("rejects denying a model that an approved inference profile routes to", () => {
        const [p] = problems({
            "ai-guardrails:models": json({ approved: ["us.anthropic.claude-3-7-sonnet-20250219-v1:0"], denied: ["anthropic.claude-3-7-sonnet-20250219-v1:0"] }),
        });
        assert.strictEqual(p, 'ai-guardrails:models.denied[0] = "anthropic.claude-3-7-sonnet-20250219-v1:0": denying this model also blocks the approved inference profile us.anthropic.claude-3-7-sonnet-20250219-v1:0');
    });

    it("reports every problem at once", () => {
        const found = problems({ "ai-guardrails:accountId": "1", "ai-guardrails:environment": "qa", "ai-guardrails:models": json({ approved: [] }) });
        assert.strictEqual(found.length, 3);
        assert.ok(found.some((p) => p.startsWith("ai-guardrails:environment = \"qa\"")));
    });

    it("registers no resource at all when the configuration is invalid", async () => {
        const invalid: Record<string, string>[] = [
            { "ai-guardrails:guardrail": json({ harmFilters: { HATE: { input: "HIGHEST", output: "HIGH" } } }) },
            { "ai-guardrails:accountId": "12345" },
            { "ai-guardrails:models": json({ approved: [] }) },
        ];
        for (const overrides of invalid) {
            const run = await tryStackProgram("prod", overrides);
            // By name: the program loads its own copy of the settings module (reloaded per run), whose class is not this file's.
            assert.strictEqual(run.error?.name, ConfigValidationError.name, `${run.error}`);
            assert.match(run.error?.message ?? "", /^Invalid stack configuration \(1 problem\):/);
            assert.deepStrictEqual(run.resources, []);
        }
    });

    it("registers resources from the same stack when its settings are valid", async () => {
        const run = await tryStackProgram("prod");
        assert.strictEqual(run.error, undefined);
        assert.ok(run.resources.length > 0);
    });
});
