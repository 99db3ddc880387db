/**
 * The test organization: four stacks shaped like a multi-account organization, run under the
 * mock runtime as `pulumi up` would run them, and judged by the pack with one policy config.
 *
 * - `payments-agent/app-prod` (account 111111111111): an agent and its role (tests/fixtures/org-wide/app.ts);
 * - `security/security-prod` (222222222222): invocation logging, the audit trail, governance alarms;
 * - `network/network-prod` (333333333333): the shared Bedrock interface endpoints;
 * - `ai-guardrails/org` (999999999999): the repository's org stack, its SCP naming the network endpoints.
 */
import * as fs from "fs";
import * as path from "path";
import { PolicyPackProcess } from "../../cli/analyzer-client";
import { analyzeStack } from "../../cli/analysis";
import { ResolvedPolicyConfig } from "../../cli/policy-config";
import { PreparedStack, prepareStack, runStackProgram } from "../../cli/preview";
import type { StackResource } from "../../cli/protocol";
import { allFindings, buildReport, Finding } from "../../cli/report";

export const ROOT = path.join(__dirname, "..", "..");
export const ORG_WIDE_CONFIG = path.join(ROOT, "examples", "org-wide-policy-config.json");
const FIXTURES = path.join(ROOT, "tests", "fixtures", "org-wide");
const REGION = "us-east-1";

export type OrgStackName = "app" | "security" | "network" | "org";
export type TestOrganization = Record<OrgStackName, StackResource[]>;

function fixtureStack(project: string, stack: string, accountId: string, config: Record<string, string> = {}): PreparedStack {
    return { stack, project, configFile: path.join("tests", "fixtures", "org-wide", `${project}.ts`), config, context: { accountId, region: REGION, partition: "aws" }, notes: [] };
}

/** The endpoint IDs a stack's Bedrock endpoints have (from their ARNs), by service. */
export function endpointIdsOf(resources: readonly StackResource[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const r of resources.filter((x) => x.type === "aws:ec2/vpcEndpoint:VpcEndpoint")) {
        const service = String(r.outputs.serviceName).split(".").pop()!;
        out[service] = String(r.outputs.arn).split("/").pop()!;
    }
    return out;
}

/** The endpoint IDs the org-wide config declares (the network stack's, as the org-wide test checks). */
function declaredEndpointIds(): string[] {
    const config = JSON.parse(fs.readFileSync(ORG_WIDE_CONFIG, "utf8"));
    return config["bedrock-vpc-endpoints"].providedBy.endpoints.map((e: { id: string }) => e.id);
}

/**
 * Runs the four stacks, after `up` or (with `unknowns`) as a first preview sees them; `app`
 * settings (`app:callerEndpoint`) shape the app stack.
 */
export async function runTestOrganization(appConfig: Record<string, string> = {}, options: { unknowns?: boolean } = {}): Promise<TestOrganization> {
    const run = async (prepared: PreparedStack, program?: string) => (await runStackProgram(prepared, { unknowns: options.unknowns, ...(program ? { program: path.join(FIXTURES, program) } : {}) })).resources;
    const network = await run(fixtureStack("network", "network-prod", "333333333333"), "network.ts");
    const security = await run(fixtureStack("security", "security-prod", "222222222222"), "security.ts");
    const app = await runAppStack(appConfig, options);
    // The org stack's SCP confines invocation to the network account's endpoints.
    const prepared = prepareStack("org");
    const organization = JSON.parse(prepared.config["ai-guardrails:organization"]);
    organization.approvedVpcEndpointIds = declaredEndpointIds();
    const org = await run({ ...prepared, config: { ...prepared.config, "ai-guardrails:organization": JSON.stringify(organization) } });
    return { app, security, network, org };
}

/** The app stack alone (its settings shape it; the mocks give every stack the same IDs on every run). */
export async function runAppStack(appConfig: Record<string, string> = {}, options: { unknowns?: boolean } = {}): Promise<StackResource[]> {
    const prepared = fixtureStack("payments-agent", "app-prod", "111111111111", appConfig);
    return (await runStackProgram(prepared, { unknowns: options.unknowns, program: path.join(FIXTURES, "app.ts") })).resources;
}

/** The violations (mandatory, advisory or exempt) the pack reports on one stack with one config. */
export async function violationsOf(pack: PolicyPackProcess, config: ResolvedPolicyConfig, resources: StackResource[], stack: string): Promise<Finding[]> {
    const report = buildReport(await analyzeStack(pack, config, resources), { kind: "preview", stack, file: "tests/fixtures/org-wide" }, { name: "ai-guardrails", version: "test" });
    return allFindings(report).filter((f) => f.verdict !== "passed");
}

/** `policy: message` lines, for assertion messages. */
export function describeFindings(findings: readonly Finding[]): string {
    return findings.map((f) => `  ${f.verdict} ${f.policy} on ${f.urn ?? "(stack)"}: ${f.messages.join(" | ")}`).join("\n");
}
