/**
 * Every stack in stacks/ is compliant: its program, run under the mock runtime with its own
 * settings, sends every resource and the stack through the pack over the Analyzer protocol, and no
 * rule reports anything. One pack process serves all stacks.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PolicyPackProcess } from "../cli/analyzer-client";
import { Analysis, analyzeStack } from "../cli/analysis";
import { ResolvedPolicyConfig } from "../cli/policy-config";
import { prepareStack, runStackProgram } from "../cli/preview";
import { allFindings, buildReport, Report } from "../cli/report";
import { describeFindings } from "./helpers/org-wide";
import { availableStacks } from "../cli/stack-config";
import { rules } from "../policypack/rules";
import { packOptions } from "./cli/fixtures";
import type { StackResource } from "../cli/protocol";

const TOOL = { name: "ai-guardrails", version: "test" };

/**
 * Resources whose identifiers AWS assigns when it creates them (a guardrail's ID and published
 * version, a KMS key's ID, an AgentCore gateway's ID, a VPC endpoint's ID): nothing in a program can
 * know them at a first preview, and the AWS provider turns a document that contains one into one
 * unknown string. Every other ARN the components write is computed from the settings.
 */
const ASSIGNED_BY_AWS = new Set([
    "aws:bedrock/guardrail:Guardrail",
    "aws:bedrock/guardrailVersion:GuardrailVersion",
    "aws:kms/key:Key",
    "aws:bedrock/agentcoreGateway:AgentcoreGateway",
    "aws:ec2/vpcEndpoint:VpcEndpoint",
]);

/**
 * Undecided verdicts at a first preview, per stack: every one waits for an ID AWS assigns (checked
 * below); the README states these numbers. 0 is the target for a stack whose documents name none.
 */
const UNDECIDED_AT_FIRST_PREVIEW: Record<string, number> = { prod: 26, staging: 26, dev: 18, org: 10 };

/** The resource and property an undecided verdict names: `NAME (TYPE): T value at .PROP...` or, for a resource finding, its URN. */
function waitedFor(message: string, urn: string | undefined, resources: readonly StackResource[]): { resource: StackResource; property: string } {
    const m = /during preview: (?:(\S+) \(([^)]+)\): )?\w+ value at \.([^.\s]+)/.exec(message);
    assert.ok(m, `an undecided verdict names the property it waits for: ${message}`);
    const resource = m[1] ? resources.find((r) => r.name === m[1] && r.type === m[2]) : resources.find((r) => r.urn === urn);
    assert.ok(resource, `an undecided verdict names its resource: ${message}`);
    return { resource, property: m[3] };
}

function describeVerdicts(report: Report, verdicts: readonly string[] = ["mandatory", "advisory", "exempt"]): string {
    return describeFindings(allFindings(report).filter((f) => verdicts.includes(f.verdict)));
}

describe("every stack's program passes every rule over the Analyzer protocol", function () {
    this.timeout(300000);
    const stacks = availableStacks();
    let pack: PolicyPackProcess;
    let config: ResolvedPolicyConfig;
    const ran = new Map<string, string[]>();

    before(async () => {
        pack = await PolicyPackProcess.start(packOptions({ stack: "stacks" }));
        config = await pack.configure();
    });

    after(async () => {
        await pack?.close();
        for (const [stack, names] of ran) {
            const idle = rules.filter((r) => !names.includes(r.name)).map((r) => r.name);
            console.log(`      ${stack}: ${names.length} of ${rules.length} rules ran${idle.length ? `; nothing to check for ${idle.join(", ")}` : ""}`);
        }
    });

    it("has stacks to check", () => {
        assert.ok(stacks.length > 0);
        for (const required of ["dev", "staging", "prod"]) {
            assert.ok(stacks.includes(required), `stacks/Pulumi.${required}.yaml exists`);
        }
    });

    it("pins the undecided verdicts of every stack, and the README states them", () => {
        assert.deepEqual(Object.keys(UNDECIDED_AT_FIRST_PREVIEW).sort(), [...stacks].sort(), "every stack has its number of undecided verdicts");
        const u = UNDECIDED_AT_FIRST_PREVIEW;
        assert.equal(u.prod, u.staging, "the README states prod and staging together");
        const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8").replace(/\s+/g, " ");
        assert.ok(readme.includes(`leaves ${u.prod} undecided verdicts in prod and staging, ${u.dev} in dev and ${u.org} in org`), "README states the pinned numbers");
    });

    for (const stack of stacks) {
        describe(`stack ${stack}`, () => {
            let analysis: Analysis;
            let report: Report;

            before(async () => {
                const run = await runStackProgram(prepareStack(stack));
                analysis = await analyzeStack(pack, config, run.resources);
                report = buildReport(analysis, { kind: "preview", stack, file: `stacks/Pulumi.${stack}.yaml` }, TOOL);
                ran.set(stack, report.policies.filter((p) => p.status === "ran").map((p) => p.name));
            });

            it("registers resources and analyses every custom resource", () => {
                assert.ok(analysis.resources.length > 0);
                const custom = analysis.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
                assert.equal(analysis.perResource.size, custom.length);
            });

            it("has zero violations of every rule (mandatory, advisory or exempt)", () => {
                const s = report.summary;
                assert.equal(s.mandatory + s.advisory + s.exempt, 0, `violations in ${stack}:\n${describeVerdicts(report)}`);
                assert.equal(report.exitCode, 0);
            });

            it("runs every resource rule whose resource types the stack deploys", () => {
                const types = new Set(analysis.resources.map((r) => r.type));
                for (const rule of rules) {
                    if (rule.kind === "resource" && rule.resourceTypes.some((t) => types.has(t))) {
                        const policy = report.policies.find((p) => p.name === rule.name)!;
                        assert.equal(policy.status, "ran", `${rule.name} ran on ${stack}`);
                        assert.ok(policy.counts.passed > 0, `${rule.name} passed at least one resource of ${stack}`);
                    }
                }
            });

            it("at a first preview, violates nothing and leaves undecided only what waits for an ID AWS assigns at creation", async () => {
                const run = await runStackProgram(prepareStack(stack), { unknowns: true });
                const preview = buildReport(await analyzeStack(pack, config, run.resources), { kind: "preview", stack, file: `stacks/Pulumi.${stack}.yaml`, unknowns: true }, TOOL);
                assert.equal(preview.summary.mandatory, 0, `mandatory violations in ${stack} at preview:\n${describeVerdicts(preview, ["mandatory"])}`);
                const findings = allFindings(preview);
                const advisory = findings.filter((f) => f.verdict === "advisory");
                assert.deepEqual(advisory.filter((f) => !f.previewUnknown), [], "no advisory verdict other than an undecided one");
                assert.equal(advisory.length, preview.summary.previewUnknown);
                for (const f of advisory) {
                    for (const message of f.messages) {
                        const { resource, property } = waitedFor(message, f.urn, run.resources);
                        const sources = (resource.propertyDependencies[property] ?? []).map((urn) => run.resources.find((r) => r.urn === urn)!.type);
                        assert.ok(sources.length > 0, `${f.policy}: ${resource.name}.${property} comes from another resource`);
                        // The value waited for comes only from IDs AWS assigns: everything else is computed.
                        assert.deepEqual(sources.filter((t) => !ASSIGNED_BY_AWS.has(t)), [], `${f.policy}: ${resource.name}.${property} waits for values a component could compute`);
                    }
                }
                assert.equal(preview.summary.previewUnknown, UNDECIDED_AT_FIRST_PREVIEW[stack], `undecided verdicts in ${stack} at a first preview (the README states the number)`);
            });
        });
    }
});
