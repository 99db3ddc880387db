/**
 * State-only resources: Pulumi Cloud audit policy groups and `pulumi policy analyze` give the pack
 * resources as they exist (the provider's state, no program inputs). Every rule must judge such a
 * resource as it judges it at preview. The test bed is the offline audit: each stack's program is
 * run under mocks, its resources are turned into the provider's state (tests/helpers/provider-state.ts),
 * written as a `pulumi stack export` whose inputs are that state, read by `audit`'s reader and sent
 * through the pack; a second pass also drops dependencies, as discovered resources have none. The
 * verdict of every policy on every subject (passed included) must match the preview's.
 */
import { strict as assert } from "assert";
import { PolicyPackProcess } from "../../cli/analyzer-client";
import { analyzeStack } from "../../cli/analysis";
import { parseExport } from "../../cli/audit";
import { MockContext } from "../../cli/mock-runtime";
import { prepareStack, runStackProgram } from "../../cli/preview";
import type { ResolvedPolicyConfig, StackResource } from "../../cli/protocol";
import { allFindings, buildReport } from "../../cli/report";
import { availableStacks } from "../../cli/stack-config";
import { ORG_WIDE_CONFIG, runTestOrganization } from "../helpers/org-wide";
import { mirroredInto, stateOnly } from "../helpers/provider-state";
import { readPolicyConfigFile } from "../../cli/policy-config";
import { packOptions } from "./fixtures";

/** `policy on subject` -> verdict, every verdict included. */
async function verdicts(pack: PolicyPackProcess, config: ResolvedPolicyConfig, resources: StackResource[]): Promise<Record<string, string>> {
    const report = buildReport(await analyzeStack(pack, config, resources), { kind: "audit", file: "state.json" }, { name: "ai-guardrails", version: "test" });
    const out: Record<string, string> = {};
    for (const f of allFindings(report)) {
        out[`${f.policy} on ${f.urn ?? "(stack)"}`] = f.previewUnknown ? "preview-unknown" : f.verdict;
    }
    return out;
}

const WORST = ["mandatory", "advisory", "exempt", "preview-unknown", "passed"];

/**
 * The subjects whose verdicts differ, except where the state repeats another resource: a role's
 * state lists the inline policies its RolePolicy resources add, so a policy may judge the role too,
 * and must then give it the verdict it gives those policies.
 */
function differences(preview: Record<string, string>, state: Record<string, string>, mirrors: Map<string, string[]>): string[] {
    const out: string[] = [];
    for (const key of [...new Set([...Object.keys(preview), ...Object.keys(state)])].sort()) {
        if (preview[key] === state[key]) {
            continue;
        }
        const [policy, subject] = key.split(" on ");
        const mirrored = (mirrors.get(subject) ?? []).map((urn) => preview[`${policy} on ${urn}`]).filter((v) => v !== undefined);
        const worst = WORST.find((v) => mirrored.includes(v));
        if (preview[key] === undefined && worst !== undefined && state[key] === worst) {
            continue;
        }
        out.push(`${key}: preview ${preview[key] ?? "(no verdict)"}, state ${state[key] ?? "(no verdict)"}`);
    }
    return out;
}

/** The export `pulumi stack export` would write for this state, read back by the audit's reader. */
function throughExport(resources: StackResource[]): StackResource[] {
    const data = {
        version: 3,
        deployment: {
            resources: resources.map((r) => ({
                urn: r.urn,
                type: r.type,
                custom: r.custom,
                inputs: r.inputs,
                outputs: r.outputs,
                ...(r.parent ? { parent: r.parent } : {}),
                protect: r.protect,
                dependencies: r.dependencies,
                propertyDependencies: r.propertyDependencies,
            })),
        },
    };
    return parseExport(JSON.parse(JSON.stringify(data)), "state.json").resources;
}

/** Edits both sides of a resource, as a program change would. */
function edit(resources: StackResource[], match: (r: StackResource) => boolean, change: (props: Record<string, any>) => void): StackResource[] {
    return resources.map((r) => {
        if (!match(r)) {
            return r;
        }
        const inputs = structuredClone(r.inputs);
        const outputs = structuredClone(r.outputs);
        change(inputs);
        change(outputs);
        return { ...r, inputs, outputs };
    });
}

interface Case {
    name: string;
    resources: () => Promise<StackResource[]>;
    context: MockContext;
    config?: string;
}

const US = (accountId: string): MockContext => ({ accountId, region: "us-east-1", partition: "aws" });

describe("state-only resources are judged as at preview", function () {
    this.timeout(900000);
    let pack: PolicyPackProcess;
    let organization: Awaited<ReturnType<typeof runTestOrganization>> | undefined;
    const org = async () => (organization ??= await runTestOrganization());

    const cases: Case[] = [
        ...availableStacks().map((stack): Case => {
            const prepared = prepareStack(stack);
            return { name: `stack ${stack}`, resources: async () => (await runStackProgram(prepared)).resources, context: prepared.context };
        }),
        { name: "test organization: app", resources: async () => (await org()).app, context: US("111111111111"), config: ORG_WIDE_CONFIG },
        { name: "test organization: security", resources: async () => (await org()).security, context: US("222222222222"), config: ORG_WIDE_CONFIG },
        { name: "test organization: network", resources: async () => (await org()).network, context: US("333333333333"), config: ORG_WIDE_CONFIG },
        {
            name: "a broken app: no guardrail, no key, no boundary, an admin policy",
            resources: async () => {
                let app = edit((await org()).app, (r) => r.type === "aws:bedrock/agentAgent:AgentAgent", (p) => {
                    delete p.guardrailConfigurations;
                    delete p.customerEncryptionKeyArn;
                });
                app = edit(app, (r) => r.type === "aws:iam/role:Role", (p) => delete p.permissionsBoundary);
                return edit(app, (r) => r.type === "aws:iam/rolePolicy:RolePolicy", (p) => (p.policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] })));
            },
            context: US("111111111111"),
        },
        {
            name: "a broken network stack: private DNS off, no endpoint policy, a Gateway endpoint",
            resources: async () =>
                edit((await org()).network, (r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint", (p) => {
                    if (String(p.serviceName).endsWith("bedrock-runtime")) {
                        p.privateDnsEnabled = false;
                        delete p.policy;
                    } else if (String(p.serviceName).endsWith("bedrock-agentcore")) {
                        delete p.vpcEndpointType;
                    }
                }),
            context: US("333333333333"),
            config: ORG_WIDE_CONFIG,
        },
        {
            name: "a broken security stack: alarms on Average, a log group without a key, trail validation off",
            resources: async () => {
                let security = edit((await org()).security, (r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm", (p) => (p.statistic = "Average"));
                security = edit(security, (r) => r.type === "aws:cloudwatch/logGroup:LogGroup", (p) => delete p.kmsKeyId);
                return edit(security, (r) => r.type === "aws:cloudtrail/trail:Trail", (p) => (p.enableLogFileValidation = false));
            },
            context: US("222222222222"),
        },
    ];

    before(async () => {
        pack = await PolicyPackProcess.start(packOptions({ stack: "state-only", dryRun: false }));
    });

    after(async () => {
        await pack?.close();
    });

    for (const c of cases) {
        it(c.name, async () => {
            const config = await pack.configure(c.config ? readPolicyConfigFile(c.config) : {});
            const resources = await c.resources();
            const preview = await verdicts(pack, config, resources);
            assert.ok(Object.keys(preview).length > 0);
            if (c.name.startsWith("a broken")) {
                assert.ok(Object.values(preview).includes("mandatory"), "the broken stack has violations to compare");
            }
            const mirrors = mirroredInto(resources);
            const state = await verdicts(pack, config, throughExport(stateOnly(resources, c.context)));
            assert.deepEqual(differences(preview, state, mirrors), [], "an export of the provider's state");
            const discovered = await verdicts(pack, config, throughExport(stateOnly(resources, c.context, { dropDependencies: true })));
            assert.deepEqual(differences(preview, discovered, mirrors), [], "the provider's state without dependencies");
            assert.ok(Object.values(state).includes("passed"));
        });
    }
});
