/**
 * The measurement of issue 14: a test organization shaped like a multi-account organization (an
 * app stack with only an agent and its role; a security stack with logging, trail and alarms; a
 * network stack with the endpoints; the org stack), judged over the Analyzer protocol with one
 * organization-wide pack config, the README's recipe (examples/org-wide-policy-config.json).
 *
 * With the config, every finding in the app stack is one its owner can act on (it is about a
 * resource of the stack). Removing a central control from its stack is a mandatory finding in that
 * stack (so the removal cannot be deployed while the declaration stands), and once the declaration
 * is withdrawn the app stack's finding is back; an app's own reference to a central control (an
 * endpoint ID in aws:SourceVpce) is checked against the declaration.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import { PolicyPackProcess } from "../cli/analyzer-client";
import { PolicyConfigMap, readPolicyConfigFile } from "../cli/policy-config";
import type { StackResource } from "../cli/protocol";
import type { Finding } from "../cli/report";
import { rules } from "../policypack/policies";
import { configSchemaOf } from "../policypack/lib/rule";
import { packOptions } from "./cli/fixtures";
import { describeFindings, endpointIdsOf, ORG_WIDE_CONFIG, OrgStackName, ROOT, runAppStack, runTestOrganization, TestOrganization, violationsOf } from "./helpers/org-wide";

const ORG_WIDE: PolicyConfigMap = readPolicyConfigFile(ORG_WIDE_CONFIG);

/** The org-wide config with one policy's declaration changed (withdrawn when `change` returns undefined). */
function withDeclaration(policy: string, change: (providedBy: Record<string, any>) => Record<string, any> | undefined): PolicyConfigMap {
    const config = structuredClone(ORG_WIDE);
    const properties = config[policy].properties;
    const next = change(properties.providedBy as Record<string, any>);
    if (next) {
        properties.providedBy = next;
    } else {
        delete properties.providedBy;
    }
    return config;
}

const isStackLevel = (f: Finding) => f.urn === undefined;

describe("one organization-wide pack config on a multi-account organization", function () {
    this.timeout(600000);
    let pack: PolicyPackProcess;
    let org: TestOrganization;
    const judge = async (config: PolicyConfigMap, stack: OrgStackName, resources?: StackResource[]) =>
        violationsOf(pack, await pack.configure(config), resources ?? org[stack], stack);

    before(async () => {
        org = await runTestOrganization();
        pack = await PolicyPackProcess.start(packOptions({ stack: "org-wide" }));
    });

    after(async () => {
        await pack?.close();
    });

    it("is the README's recipe, and declares what the central stacks hold", () => {
        const readme = fs.readFileSync(`${ROOT}/README.md`, "utf8");
        const blocks = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.stringify(JSON.parse(m[1])));
        assert.ok(blocks.includes(JSON.stringify(JSON.parse(fs.readFileSync(ORG_WIDE_CONFIG, "utf8")))), "README.md shows examples/org-wide-policy-config.json");
        const declared = (ORG_WIDE["bedrock-vpc-endpoints"].properties.providedBy as any).endpoints;
        assert.deepEqual(Object.fromEntries(declared.map((d: any) => [d.service, d.id])), endpointIdsOf(org.network));
        const topics = org.security.filter((r) => r.type === "aws:sns/topic:Topic").map((r) => r.outputs.arn);
        assert.deepEqual((ORG_WIDE["governance-change-alarms"].properties.providedBy as any).topicArns, topics);
        // Every Organizations rule (those that know organization stacks) is declared, so none asks an app stack for the baseline.
        const orgRules = rules.filter((r) => "organizationStacks" in configSchemaOf(r).properties).map((r) => r.name);
        assert.ok(orgRules.includes("ai-services-opt-out-policy"));
        assert.deepEqual(orgRules.filter((name) => ORG_WIDE[name]?.properties.providedBy === undefined), [], "Organizations rules without providedBy");
    });

    it("before: with the default settings, the app stack is asked for controls that live in other accounts", async () => {
        const findings = await judge({ all: { enforcementLevel: "mandatory", properties: {} } }, "app");
        const presence = findings.filter(isStackLevel).map((f) => f.policy).sort();
        assert.deepEqual(presence, ["bedrock-model-invocation-logging", "bedrock-vpc-endpoints", "governance-change-alarms"], describeFindings(findings));
        console.log(`      before: app ${findings.length} findings (${findings.filter(isStackLevel).length} about controls it cannot hold)`);
    });

    it("after: every stack passes with the org-wide config", async () => {
        const counts: string[] = [];
        for (const stack of ["app", "security", "network", "org"] as const) {
            const findings = await judge(ORG_WIDE, stack);
            assert.deepEqual(findings, [], `${stack}:\n${describeFindings(findings)}`);
            counts.push(`${stack} ${findings.length}`);
        }
        console.log(`      after: ${counts.join(", ")}`);
    });

    it("after, at a first preview too (computed outputs unknown): no stack has a mandatory finding", async () => {
        const preview = await runTestOrganization({}, { unknowns: true });
        for (const stack of ["app", "security", "network", "org"] as const) {
            const findings = await judge(ORG_WIDE, stack, preview[stack]);
            assert.deepEqual(findings.filter((f) => f.verdict === "mandatory"), [], `${stack}:\n${describeFindings(findings)}`);
        }
    });

    it("after: an app stack's remaining findings are about its own resources", async () => {
        const broken = org.app.map((r) =>
            r.type === "aws:bedrock/agentAgent:AgentAgent" ? { ...r, inputs: { ...r.inputs, guardrailConfigurations: [] }, outputs: { ...r.outputs, guardrailConfigurations: [] } } : r,
        );
        const findings = await judge(ORG_WIDE, "app", broken);
        assert.deepEqual(
            findings.map((f) => f.policy),
            ["bedrock-agent-guardrail"],
        );
        assert.ok(findings.every((f) => f.urn && org.app.some((r) => r.urn === f.urn)));
    });

    describe("removing a central control from its stack", () => {
        const scenarios: { control: string; policy: string; home: OrgStackName; removed: (r: StackResource) => boolean; withdraw: PolicyConfigMap; home_message: RegExp }[] = [
            {
                control: "invocation logging",
                policy: "bedrock-model-invocation-logging",
                home: "security",
                removed: (r) => r.type === "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration",
                withdraw: withDeclaration("bedrock-model-invocation-logging", () => undefined),
                home_message: /declares that stack security\/\* .* provides model invocation logging \(providedBy\), but this stack has none/,
            },
            {
                control: "the audit trail and its alarms",
                policy: "governance-change-alarms",
                home: "security",
                removed: (r) => r.type === "aws:cloudtrail/trail:Trail",
                withdraw: withDeclaration("governance-change-alarms", () => undefined),
                home_message: /provides alarms on AI governance changes .* but this stack has none/,
            },
            {
                control: "the bedrock-agent-runtime endpoint",
                policy: "bedrock-vpc-endpoints",
                home: "network",
                removed: (r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && String(r.outputs.serviceName).endsWith("bedrock-agent-runtime"),
                withdraw: withDeclaration("bedrock-vpc-endpoints", (p) => ({ ...p, endpoints: p.endpoints.filter((e: any) => e.service !== "bedrock-agent-runtime") })),
                home_message: /declares the bedrock-agent-runtime endpoint vpce-[0-9a-f]+ in stack network\/\* .* but this stack has no such endpoint/,
            },
        ];
        for (const s of scenarios) {
            it(`${s.control}: a mandatory finding in the ${s.home} stack, and the app stack's finding is back once the declaration is withdrawn`, async () => {
                const home = await judge(ORG_WIDE, s.home, org[s.home].filter((r) => !s.removed(r)));
                const homeFinding = home.find((f) => f.policy === s.policy);
                assert.ok(homeFinding && homeFinding.verdict === "mandatory", describeFindings(home));
                assert.match(homeFinding.messages.join(" | "), s.home_message);
                assert.deepEqual(await judge(ORG_WIDE, "app"), [], "the declaration stands until withdrawn");
                const app = await judge(s.withdraw, "app");
                assert.deepEqual(app.map((f) => f.policy), [s.policy], describeFindings(app));
            });
        }

        for (const [policyType, policy] of [
            ["BEDROCK_POLICY", "bedrock-org-guardrail-policy"],
            ["AISERVICES_OPT_OUT_POLICY", "ai-services-opt-out-policy"],
        ]) {
            it(`the Organizations baseline (${policyType}): a mandatory finding in the org stack; an app stack is never an organization stack`, async () => {
                const without = org.org.filter((r) => !(r.type === "aws:organizations/policy:Policy" && r.inputs.type === policyType));
                assert.ok(without.length < org.org.length, `the org stack has a ${policyType}`);
                const home = await judge(ORG_WIDE, "org", without);
                assert.ok(home.some((f) => f.policy === policy && f.verdict === "mandatory"), describeFindings(home));
                assert.deepEqual(await judge(withDeclaration(policy, () => undefined), "app"), []);
            });
        }

        it("an app's own reference to a central endpoint is checked against the declaration", async () => {
            const runtime = endpointIdsOf(org.network)["bedrock-agent-runtime"];
            const withCallers = await runAppStack({ "app:callerEndpoint": runtime });
            assert.deepEqual(await judge(ORG_WIDE, "app", withCallers), []);
            const withdrawn = scenarios[2].withdraw;
            const findings = await judge(withdrawn, "app", withCallers);
            const byResource = findings.find((f) => f.urn?.endsWith("::payments-callers"));
            assert.ok(byResource, describeFindings(findings));
            assert.match(byResource.messages[0], new RegExp(`payments-callers names ${runtime} in aws:SourceVpce, which is neither an endpoint of this stack nor one the pack config declares`));
            assert.ok(findings.some((f) => isStackLevel(f) && /no VPC endpoint for bedrock-agent-runtime/.test(f.messages.join(" "))));
        });
    });
});
