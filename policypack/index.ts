// Entry point that `pulumi preview --policy-pack policypack` and `pulumi policy publish` run,
// compiled to bin/index.js (package.json `main`): the Pulumi CLI type-checks a TypeScript entry at
// every start. It sets up the SDK's server for this pack (each resource decoded once per request
// and dispatched to the rules of its type; the stack decoded without a message object per property
// value and built once per analyzeStack for all stack rules; "not applicable" answers encoded once;
// every policy's settings checked at configure) and constructs the pack: constructing it starts the
// Analyzer server, so nothing else imports this file.
import * as fs from "node:fs";
import * as path from "node:path";
import { PolicyPack } from "@pulumi/policy";
import { decodeEachResourceOnce } from "./lib/decode-once";
import { dispatchEachResourceByType } from "./lib/dispatch-by-type";
import { encodeNotApplicableOnce } from "./lib/encode-once";
import { decodeStackRequestsLean } from "./lib/lean-stack-request";
import { refuseWrongSettingsAtConfigure } from "./lib/settings-at-configure";
import { buildEachStackOnce } from "./lib/stack-once";
import { PACK_METADATA, PACK_NAME, policies } from "./policies";

const packDir = path.join(__dirname, "..");
const packageJson = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")) as { homepage: string };

const served = [...policies];
decodeEachResourceOnce();
dispatchEachResourceByType();
decodeStackRequestsLean();
buildEachStackOnce();
encodeNotApplicableOnce();
refuseWrongSettingsAtConfigure(served);
new PolicyPack(PACK_NAME, {
    ...PACK_METADATA,
    policies: served,
    enforcementLevel: "mandatory",
    readme: fs.readFileSync(path.join(packDir, "README.md"), "utf8"),
    repository: packageJson.homepage,
});
