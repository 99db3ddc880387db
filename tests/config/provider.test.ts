/**
 * The stack's aws: settings reach the explicit provider the program creates, and the keys nobody
 * reads are named; secrets do not block the offline preview.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as os from "os";
import { prepareStack } from "../../cli/preview";
import { offlineConfig, SECRET_PLACEHOLDER, STACKS_DIR } from "../../cli/stack-config";
import { AWS_PROVIDER_KEYS, awsProviderSettings, isReadByProgram } from "../../components/config/provider";
import { loadStackConfigFile, runStackProgram, single } from "../helpers/mocks";
import { ACCOUNT } from "../helpers/fixtures";


describe("the AWS provider's stack settings", () => {
    it("knows every configuration key of the installed @pulumi/aws", () => {
        const vars = fs.readFileSync(path.join(path.dirname(require.resolve("@pulumi/aws/package.json")), "config", "vars.d.ts"), "utf8");
        const declared = [...vars.matchAll(/^export declare const (\w+):/gm)].map((m) => m[1]).sort();
        assert.deepStrictEqual([...AWS_PROVIDER_KEYS].sort(), declared);
    });

    it("hands the provider every aws: key it honours, decoded, and names every key no one reads", () => {
        const settings = awsProviderSettings(
            {
                "aws:region": "us-east-1",
                "aws:profile": "dev-admin",
                "aws:defaultTags": JSON.stringify({ tags: { Team: "platform" } }),
                "aws:maxRetries": "5",
                "aws:skipCredentialsValidation": "true",
                "aws:allowedAccountIds": JSON.stringify([ACCOUNT]),
                "aws:regoin": "us-east-1",
                "ai-guardrails:accountId": ACCOUNT,
                "billing:costCenter": "42",
                "pulumi:tags": JSON.stringify({ team: "platform" }),
            },
            ACCOUNT,
        );
        assert.deepStrictEqual(settings.args, { profile: "dev-admin", defaultTags: { tags: { Team: "platform" } }, maxRetries: 5, skipCredentialsValidation: true });
        assert.deepStrictEqual(settings.unread, ["aws:regoin (not a setting of the AWS provider)", "billing:costCenter (no one in this program reads the billing namespace)"]);
        // The program lets a stack touch its own account only.
        assert.deepStrictEqual(awsProviderSettings({ "aws:allowedAccountIds": JSON.stringify([ACCOUNT, "999999999999"]) }, ACCOUNT).unread, [
            `aws:allowedAccountIds (the program allows only ai-guardrails:accountId, ${ACCOUNT})`,
        ]);
        assert.ok(isReadByProgram("aws:profile") && isReadByProgram("ai-guardrails:models") && !isReadByProgram("aws:regoin") && !isReadByProgram("billing:x"));
    });

    it("the program's provider honours aws:profile and aws:defaultTags, and keeps the Region and the one allowed account", async () => {
        const { resources } = await runStackProgram("dev", { "aws:profile": "dev-admin", "aws:defaultTags": JSON.stringify({ tags: { Team: "platform" } }) });
        const provider = single(resources, "pulumi:providers:aws");
        assert.strictEqual(provider.inputs.profile, "dev-admin");
        assert.deepStrictEqual(JSON.parse(provider.inputs.defaultTags), { tags: { Team: "platform" } });
        assert.strictEqual(provider.inputs.region, "us-east-1");
        assert.deepStrictEqual(JSON.parse(provider.inputs.allowedAccountIds), [ACCOUNT]);
    });
});

describe("secrets in the offline preview", () => {
    it("leaves out a secret the program never reads and reads a placeholder for one it reads, with a note", () => {
        const raw = { ...loadStackConfigFile("dev"), "aws:secretKey": SECRET_PLACEHOLDER, "other:apiToken": SECRET_PLACEHOLDER };
        const { config, notes } = offlineConfig(raw, ["aws:secretKey", "other:apiToken"]);
        assert.strictEqual(config["aws:secretKey"], SECRET_PLACEHOLDER);
        assert.ok(!("other:apiToken" in config));
        assert.deepStrictEqual(notes, [
            `aws:secretKey is a secret (secure:), which the offline preview cannot decrypt: the program reads "${SECRET_PLACEHOLDER}" in its place, so verdicts that depend on it are not final`,
            "stack settings the program does not honour: other:apiToken (no one in this program reads the other namespace)",
        ]);
    });

    it("prepares a stack whose settings file holds secrets, instead of refusing it", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ai-guardrails-secrets-"));
        try {
            const text = fs.readFileSync(path.join(STACKS_DIR, "Pulumi.dev.yaml"), "utf8") + "  other:apiToken:\n    secure: v1:AAAA\n  aws:token:\n    secure: v1:BBBB\n";
            fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), text);
            const prepared = prepareStack("dev", { configDir: dir });
            assert.strictEqual(prepared.config["aws:token"], SECRET_PLACEHOLDER);
            assert.ok(!("other:apiToken" in prepared.config));
            assert.match(prepared.notes[0], /^aws:token is a secret \(secure:\)/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
