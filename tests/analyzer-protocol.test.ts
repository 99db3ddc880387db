/**
 * The pack over the real Analyzer protocol: spawned through `@pulumi/pulumi/cmd/run-policy-pack`
 * as the Pulumi CLI spawns it, driven over gRPC. One pack process serves the whole file.
 */
import { strict as assert } from "assert";
import { AnalyzeResult, PolicyPackProcess } from "../cli/analyzer-client";
import { PolicyConfigError } from "../cli/policy-config";
import { configSchemaOf, frameworkTags, notApplicableReason, policyFramework, ResourceRule, ruleUrl, StackRule } from "../policypack/lib/rule";
import { rules } from "../policypack/rules";
import { GUARDRAIL, guardrailProps, packOptions, resource, urnOf } from "./cli/fixtures";
import { UNKNOWN } from "./helpers/policy-harness";

const PROMPT_ATTACK = "bedrock-guardrail-prompt-attack-high";

function diagnosticsOf(result: AnalyzeResult, policy: string) {
    return result.diagnostics.filter((d) => d.policyName === policy);
}

describe("the policy pack over the Analyzer protocol", function () {
    // Start-up type-checks the pack, as `pulumi preview --policy-pack` does.
    this.timeout(180000);
    let pack: PolicyPackProcess;

    before(async () => {
        pack = await PolicyPackProcess.start(packOptions());
        await pack.configure();
    });

    after(async () => {
        await pack?.close();
    });

    afterEach(async function () {
        // Each test may reconfigure the pack; go back to the defaults (unless the last test stopped it).
        if (this.currentTest?.title.startsWith("stops the pack")) {
            return;
        }
        await pack.configure();
    });

    it("prints its port and answers getAnalyzerInfo with the pack's name and version", async () => {
        const info = await pack.getAnalyzerInfo();
        assert.equal(info.name, "ai-guardrails");
        assert.match(info.version, /^\d+\.\d+\.\d+/);
        assert.ok(pack.startupMs > 0);
    });

    it("lists every rule of policypack/rules, with its kind, level, tags and config schema", async () => {
        const info = await pack.getAnalyzerInfo();
        assert.ok(rules.length > 0, "the catalogue has rules");
        assert.deepEqual(
            info.policies.map((p) => p.name),
            rules.map((r) => r.name),
        );
        for (const rule of rules) {
            const policy = info.policies.find((p) => p.name === rule.name)!;
            assert.equal(policy.kind, rule.kind, rule.name);
            assert.equal(policy.enforcementLevel, rule.enforcementLevel ?? "mandatory", rule.name);
            assert.equal(policy.severity, rule.severity, rule.name);
            assert.equal(policy.description, rule.description, rule.name);
            assert.deepEqual(policy.tags, [rule.id, rule.layer, ...frameworkTags(rule)], rule.name);
            // What Pulumi Cloud lists: a title, the README entry, the OWASP reference.
            assert.equal(policy.displayName, rule.displayName, rule.name);
            assert.equal(policy.url, ruleUrl(rule), rule.name);
            assert.deepEqual(policy.framework, policyFramework(rule), rule.name);
            assert.match(policy.framework!.reference, /^LLM\d\d:2025(; LLM\d\d:2025)*$/, rule.name);
            // The schema crosses the wire as a protobuf Struct: compare its JSON form.
            const schema = JSON.parse(JSON.stringify(configSchemaOf(rule)));
            assert.deepEqual(policy.configSchema?.properties, schema.properties, rule.name);
            assert.ok(policy.configSchema?.properties.exemptions, `${rule.name} accepts exemptions`);
        }
    });

    it("reports a mandatory violation for a non-compliant resource, and lists the policies that do not apply", async () => {
        const result = await pack.analyze(resource(GUARDRAIL, "no-prompt-attack", guardrailProps(undefined)));
        const [d] = diagnosticsOf(result, PROMPT_ATTACK);
        assert.ok(d, "the prompt-attack policy reported");
        assert.equal(d.enforcementLevel, "mandatory");
        assert.match(d.message, /no PROMPT_ATTACK content filter/);
        // The SDK prefixes the policy's description; the engine attributes it to the resource.
        assert.ok(d.message.startsWith(`${d.description}\n`));
        assert.equal(d.urn, resource(GUARDRAIL, "no-prompt-attack", {}).urn);
        const notApplicable = new Set(result.notApplicable.map((n) => n.policyName));
        assert.ok(!notApplicable.has(PROMPT_ATTACK));
        for (const rule of rules.filter((r) => r.kind === "resource" && !r.resourceTypes.includes(GUARDRAIL))) {
            assert.ok(notApplicable.has(rule.name), `${rule.name} is not applicable to a guardrail`);
        }
    });

    it("dispatches by type: a resource reaches no rule that does not govern its type, and each answers in the server's words", async () => {
        const resourceRules = rules.filter((r): r is ResourceRule => r.kind === "resource");
        assert.ok(resourceRules.some((r) => r.resourceTypes.length === 1) && resourceRules.some((r) => r.resourceTypes.length > 1));
        // A KMS key: no resource rule governs it. The server itself answers for a rule of one type
        // and, through the pack's dispatch (lib/dispatch-by-type), for a rule of several; either way
        // in the words the rules use when called directly (tests/policypack/core/dispatch-by-type.test.ts).
        const result = await pack.analyze(resource("aws:kms/key:Key", "key", { description: "a key", enableKeyRotation: true }));
        const reasons = new Map(result.notApplicable.map((n) => [n.policyName, n.reason]));
        for (const rule of resourceRules) {
            assert.equal(reasons.get(rule.name), notApplicableReason(rule.resourceTypes), rule.name);
        }
        assert.equal(reasons.size, resourceRules.length);
    });

    it("dispatches stack policies by type: a stack without the one type a rule requires is turned away by the server", async () => {
        const typed = rules.filter((r): r is StackRule => r.kind === "stack" && r.requiresType !== undefined);
        assert.ok(typed.length >= 4);
        // A stack of one KMS key: none of those types.
        const result = await pack.analyzeStack([resource("aws:kms/key:Key", "key", { description: "a key", enableKeyRotation: true })]);
        const reasons = new Map(result.notApplicable.map((n) => [n.policyName, n.reason]));
        for (const rule of typed) {
            assert.equal(reasons.get(rule.name), `Policy only applies to resources of type '${rule.requiresType}'`, rule.name);
        }
        // With a trail in the stack the trail rules run (and judge it).
        const trail = resource("aws:cloudtrail/trail:Trail", "trail", { name: "trail", s3BucketName: "bucket", isMultiRegionTrail: true });
        const withTrail = await pack.analyzeStack([trail]);
        const ran = new Set(withTrail.diagnostics.map((d) => d.policyName));
        assert.ok(ran.has("cloudtrail-customer-key") && ran.has("cloudtrail-bucket-protected"), [...ran].join(", "));
    });

    it("reports nothing from the policy for a compliant resource", async () => {
        const result = await pack.analyze(resource(GUARDRAIL, "high", guardrailProps("HIGH")));
        assert.deepEqual(diagnosticsOf(result, PROMPT_ATTACK), []);
    });

    it("turns a value unknown at preview into the SDK's advisory note, whatever the policy's level", async () => {
        const result = await pack.analyze(resource(GUARDRAIL, "unknown", { ...guardrailProps("HIGH"), contentPolicyConfig: UNKNOWN }));
        const [d] = diagnosticsOf(result, PROMPT_ATTACK);
        assert.ok(d, "the policy answered");
        assert.equal(d.enforcementLevel, "advisory");
        assert.match(d.message, new RegExp(`^can't run policy '${PROMPT_ATTACK}' from policy pack 'ai-guardrails@v[^']+' during preview`));
    });

    it("applies schema defaults and the user's settings sent with configure", async () => {
        const medium = resource(GUARDRAIL, "medium", guardrailProps("MEDIUM"));
        // Default minimum strength is HIGH: MEDIUM is a violation.
        assert.equal(diagnosticsOf(await pack.analyze(medium), PROMPT_ATTACK).length, 1);
        await pack.configure({ [PROMPT_ATTACK]: { properties: { minimumInputStrength: "MEDIUM" } } });
        assert.deepEqual(diagnosticsOf(await pack.analyze(medium), PROMPT_ATTACK), []);
    });

    it("honours enforcement levels from the config: all, per policy, disabled", async () => {
        const bad = resource(GUARDRAIL, "bad", guardrailProps(undefined));
        await pack.configure({ all: { enforcementLevel: "advisory", properties: {} } });
        assert.equal(diagnosticsOf(await pack.analyze(bad), PROMPT_ATTACK)[0].enforcementLevel, "advisory");
        await pack.configure({ all: { enforcementLevel: "advisory", properties: {} }, [PROMPT_ATTACK]: { enforcementLevel: "mandatory", properties: {} } });
        assert.equal(diagnosticsOf(await pack.analyze(bad), PROMPT_ATTACK)[0].enforcementLevel, "mandatory");
        await pack.configure({ [PROMPT_ATTACK]: { enforcementLevel: "disabled", properties: {} } });
        assert.deepEqual(diagnosticsOf(await pack.analyze(bad), PROMPT_ATTACK), []);
    });

    it("reports a resource covered by an exemption as advisory [exempt], and an expired one as mandatory", async () => {
        const bad = resource(GUARDRAIL, "legacy-guardrail", guardrailProps(undefined));
        const exemption = { resource: "legacy-*", reason: "migration ticket SEC-1", approver: "security-lead" };
        await pack.configure({ [PROMPT_ATTACK]: { properties: { exemptions: [{ ...exemption, expires: "2999-12-31" }] } } });
        const [active] = diagnosticsOf(await pack.analyze(bad), PROMPT_ATTACK);
        assert.equal(active.enforcementLevel, "advisory");
        assert.match(active.message, /\[exempt\]/);
        await pack.configure({ [PROMPT_ATTACK]: { properties: { exemptions: [{ ...exemption, expires: "2020-01-01" }] } } });
        const [expired] = diagnosticsOf(await pack.analyze(bad), PROMPT_ATTACK);
        assert.equal(expired.enforcementLevel, "mandatory");
        assert.match(expired.message, /exemption expired on 2020-01-01/);
    });

    it("rejects config that does not fit a policy's schema, or names no policy, before sending it", async () => {
        await assert.rejects(pack.configure({ [PROMPT_ATTACK]: { properties: { minimumInputStrength: "HIGHEST" } } }), (e: Error) => e instanceof PolicyConfigError && /bedrock-guardrail-prompt-attack-high\.minimumInputStrength/.test(e.message));
        await assert.rejects(pack.configure({ "no-such-policy": { enforcementLevel: "advisory", properties: {} } }), (e: Error) => e instanceof PolicyConfigError && /no-such-policy: no such policy/.test(e.message));
    });

    it("runs stack policies with analyzeStack: an agent and a guardrail without invocation logging is a violation", async () => {
        const result = await pack.analyzeStack([resource(GUARDRAIL, "lonely", guardrailProps("HIGH")), resource("aws:bedrock/agentAgent:AgentAgent", "agent", { agentName: "agent" })]);
        const diagnostics = diagnosticsOf(result, "bedrock-model-invocation-logging");
        assert.ok(diagnostics.length > 0);
        assert.ok(diagnostics.every((d) => d.enforcementLevel === "mandatory"));
        // Resource policies never run in analyzeStack.
        assert.deepEqual(diagnosticsOf(result, PROMPT_ATTACK), []);
    });

    it("encodes analyzeStack one resource at a time into a request that decodes as the whole stack", () => {
        // Sizes around the varint boundaries of a length: one byte up to 127, two up to 16383, then three.
        // A provider shared by some resources (encoded once), dependencies and property dependencies of every shape.
        const provider = { urn: urnOf("pulumi:providers:aws", "default"), type: "pulumi:providers:aws", name: "default", properties: { region: "eu-west-1", defaultTags: { tags: { team: "ünï ✓" } } } };
        const resources = [0, 100, 200, 20000, 3].map((n, i) =>
            resource(
                GUARDRAIL,
                `g${i}`,
                { ...guardrailProps("HIGH"), padding: "x".repeat(n) },
                {
                    parent: i === 4 ? undefined : urnOf("parent", "p"),
                    dependencies: [urnOf("d", "d"), urnOf("d", `dé-${"y".repeat(n)}`)].slice(0, i % 3),
                    propertyDependencies: i === 1 ? {} : { name: [urnOf("d", "d")], tags: [], "ünï": [urnOf("d", "a"), urnOf("d", "b")] },
                    ...(i % 2 === 0 ? { provider } : {}),
                },
            ),
        );
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const pb: typeof import("@pulumi/pulumi/proto/analyzer_pb") = require("@pulumi/pulumi/proto/analyzer_pb");
        const bytes = pack.analyzeStackRequestBytes(resources);
        assert.ok(bytes.length > 20000);
        const decoded = pb.AnalyzeStackRequest.deserializeBinary(new Uint8Array(bytes)).getResourcesList();
        assert.deepEqual(
            decoded.map((r) => ({
                urn: r.getUrn(),
                type: r.getType(),
                name: r.getName(),
                parent: r.getParent(),
                dependencies: r.getDependenciesList(),
                propertyDependencies: (() => {
                    const out: Record<string, string[]> = {};
                    r.getPropertydependenciesMap().forEach((v, k) => (out[k] = v.getUrnsList()));
                    return out;
                })(),
                protect: r.getOptions()?.getProtect(),
                provider: r.getProvider() && { urn: r.getProvider()!.getUrn(), type: r.getProvider()!.getType(), name: r.getProvider()!.getName(), properties: r.getProvider()!.getProperties()?.toJavaScript() },
                outputs: r.getProperties()?.toJavaScript(),
            })),
            resources.map((r) => ({
                urn: r.urn,
                type: r.type,
                name: r.name,
                parent: r.parent ?? "",
                dependencies: r.dependencies,
                propertyDependencies: r.propertyDependencies,
                protect: r.protect,
                provider: r.provider,
                outputs: r.outputs,
            })),
        );
        assert.equal(pack.analyzeStackRequestBytes([]).length, 0);
    });

    it("sends property dependencies, which stack policies follow to the resource behind an unknown value", async () => {
        // The logging configuration's bucket name is unknown at preview.
        const bucket = resource("aws:s3/bucket:Bucket", "logs", { bucket: UNKNOWN });
        const logging = resource(
            "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration",
            "logging",
            { loggingConfig: { textDataDeliveryEnabled: true, s3Config: { bucketName: UNKNOWN } } },
            { dependencies: [bucket.urn], propertyDependencies: { loggingConfig: [bucket.urn] } },
        );
        const guardrail = resource(GUARDRAIL, "g", guardrailProps("HIGH"));
        // With the dependency the rule finds the bucket and judges it: it has no SSE-KMS configuration.
        const followed = diagnosticsOf(await pack.analyzeStack([guardrail, bucket, logging]), "bedrock-model-invocation-logging");
        assert.equal(followed.length, 1);
        assert.equal(followed[0].enforcementLevel, "mandatory");
        assert.match(followed[0].message, /s3Config bucket logs is not encrypted with SSE-KMS/);
        // Without it the rule cannot tell which bucket it is, and the SDK says so.
        const unresolved = diagnosticsOf(await pack.analyzeStack([guardrail, bucket, { ...logging, dependencies: [], propertyDependencies: {} }]), "bedrock-model-invocation-logging");
        assert.equal(unresolved.length, 1);
        assert.equal(unresolved[0].enforcementLevel, "advisory");
        assert.match(unresolved[0].message, /during preview/);
    });

    it("sends resource options: protect reaches stack policies, which report on the resource's URN", async () => {
        const policy = "governance-resources-protected";
        await pack.configure({ [policy]: { properties: { protectedStacks: ["*"] } } });
        const unprotected = resource(GUARDRAIL, "g", guardrailProps("HIGH"));
        const [d] = diagnosticsOf(await pack.analyzeStack([unprotected]), policy);
        assert.equal(d.enforcementLevel, "mandatory");
        assert.equal(d.urn, unprotected.urn);
        assert.deepEqual(diagnosticsOf(await pack.analyzeStack([{ ...unprotected, protect: true }]), policy), []);
    });

    it("stops the pack on close(): no process is left running", async () => {
        const pid = pack.pid!;
        assert.doesNotThrow(() => process.kill(pid, 0));
        await pack.close();
        assert.throws(() => process.kill(pid, 0), /ESRCH/);
    });
});
