/**
 * The program `pulumi up` runs for every stack (`Pulumi.yaml`: `main: stacks/index.ts`).
 *
 * It is exported as a function: Pulumi calls it and exports what it returns as stack outputs, and
 * the offline preview and the tests call the very same function under the mock runtime.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AiSecurityBaseline } from "../components/baseline";
import { loadStackConfig, rawStackConfig } from "../components/config";
import { awsProviderSettings, unreadKeysLine } from "../components/config/provider";

function program(): Record<string, pulumi.Output<unknown>> {
    // Validate first: an invalid configuration throws here, before any resource is registered.
    const raw = rawStackConfig();
    const config = loadStackConfig(raw);

    // An explicit provider reads no stack configuration of its own: it gets every aws: key the stack
    // sets (aws:profile, aws:defaultTags, ...), and the keys no one reads are named, not ignored.
    const settings = awsProviderSettings(raw, config.accountId);
    if (settings.unread.length > 0) {
        void pulumi.log.warn(unreadKeysLine(settings.unread));
    }

    // Every stack belongs to one account: the provider refuses to touch any other, so the prod
    // configuration can never be applied with dev credentials or the other way round.
    const provider = new aws.Provider("aws", { ...settings.args, region: config.region, allowedAccountIds: [config.accountId] });

    const baseline = new AiSecurityBaseline("ai", config, { providers: [provider] });
    return baseline.stackOutputs();
}

export = program;
