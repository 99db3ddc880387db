// The floor for `npm run bench`: a pack with no policies, in JavaScript so nothing is type-checked,
// started and driven exactly as the policy pack is. Whatever it costs, every pack costs.
"use strict";
const { PolicyPack } = require("@pulumi/policy");

new PolicyPack("empty", { policies: [] });
