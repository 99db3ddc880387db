/**
 * Wrong pack settings are refused in the engine's `configure` call, for every policy, whether or
 * not it has anything to judge in the stack (policypack/lib/settings-at-configure.ts): the Pulumi
 * CLI sends the user's config there unchecked for unknown keys, since the protocol's schema cannot
 * forbid them. Shown over the Analyzer protocol with the config sent as the engine sends it.
 */
import { strict as assert } from "assert";
import { spawnPack, SpawnedPack } from "../../../cli/pack-spawn";
import { settingsProblems } from "../../../policypack/lib/settings-at-configure";
import { configSchemaOf } from "../../../policypack/lib/rule";
import { rules } from "../../../policypack/rules";
import { packOptions } from "../../cli/fixtures";

const schemas = new Map(rules.map((r) => [r.name, configSchemaOf(r)]));

describe("pack settings checked at configure (settings-at-configure)", function () {
    this.timeout(120000);
    let pack: SpawnedPack;

    before(async () => {
        pack = await spawnPack(packOptions({ stack: "settings" }));
    });

    after(() => {
        pack?.child.kill();
    });

    /** `configure` with these properties per policy, as the engine sends them; the error's message, or undefined. */
    function configure(configs: Record<string, Record<string, unknown>>): Promise<string | undefined> {
        const req = new pack.mods.pb.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const [name, properties] of Object.entries(configs)) {
            const pc = new pack.mods.pb.PolicyConfig();
            pc.setProperties(pack.mods.Struct.fromJavaScript(properties as any));
            map.set(name, pc);
        }
        return new Promise((resolve) => pack.client.configure(req, (err: Error | null) => resolve(err ? err.message : undefined)));
    }

    it("accepts the settings each policy has", async () => {
        assert.equal(await configure({ "bedrock-guardrail-harm-filters": { minimumStrength: "HIGH" }, "scp-agent-action-ceiling": { exemptions: [] } }), undefined);
    });

    it("refuses a misspelt key of a policy with nothing to judge, naming the policy, the key and the nearest valid one, in one line", async () => {
        // scp-agent-action-ceiling judges only organization stacks; the engine configures it for every stack.
        const message = await configure({ "scp-agent-action-ceiling": { approvedActionz: [] }, "bedrock-guardrail-harm-filters": { minimumStrenght: "HIGH" } });
        assert.ok(message, "configure fails");
        assert.match(message, /ai-guardrails policy pack config: /);
        assert.match(message, /bedrock-guardrail-harm-filters: unknown key "minimumStrenght" \(did you mean "minimumStrength"\?\)/);
        assert.match(message, /scp-agent-action-ceiling: unknown key "approvedActionz"/);
        assert.doesNotMatch(message, /\n\s+at /, "no stack trace");
    });

    it("refuses an exemption expiring on a day that does not exist", async () => {
        const exemption = { resource: "a", reason: "r", approver: "p", expires: "2027-02-30" };
        const message = await configure({ "bedrock-guardrail-harm-filters": { exemptions: [exemption] } });
        assert.match(message ?? "", /bedrock-guardrail-harm-filters: exemptions\[0\]\.expires: "2027-02-30" is not a calendar date/);
    });

    it("leaves the settings of policies the pack does not have to the engine", () => {
        assert.deepEqual(settingsProblems(schemas, [["not-a-policy-of-this-pack", { anything: 1 }]]), []);
        assert.deepEqual(settingsProblems(schemas, [["bedrock-guardrail-harm-filters", { minimumStrength: "HIGH" }]]), []);
    });
});
