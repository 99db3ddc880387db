/**
 * The program `pulumi up` runs for every stack (`Pulumi.yaml`: `main: stacks/index.ts`).
 *
 * It is exported as a function: Pulumi calls it and exports what it returns as stack outputs, and
 * the offline preview and the tests call the very same function under the mock runtime.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AiSecurityBaseline } from "../components/baseline";
import { loadStackConfig } from "../components/config";

function program(): Record<string, pulumi.Output<unknown>> {
    // Validate first: an invalid configuration throws here, before any resource is registered.
    const config = loadStackConfig();

    // Every stack belongs to one account: the provider refuses to touch any other, so the prod
    // configuration can never be applied with dev credentials or the other way round.
    const provider = new aws.Provider("aws", { region: config.region, allowedAccountIds: [config.accountId] });

    const baseline = new AiSecurityBaseline("ai", config, { providers: [provider] });
    return baseline.stackOutputs();
}

export = program;
