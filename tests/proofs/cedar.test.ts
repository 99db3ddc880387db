/**
 * Proof, with Cedar itself (`@cedar-policy/cedar-wasm`), that the tool policies every stack
 * deploys do what they claim. For each stack the program runs under mocks; the Cedar statements it
 * registers (generated for the gateway's real ARN) are validated against the AgentCore schema of
 * the gateway's tool manifest (reading `validationErrors` and `validationWarnings`, not only the
 * answer's type), then sample tool calls are authorized against the gateway's whole policy set.
 */
import * as assert from "assert";
import { gatewayManifest } from "../../components/agents/cedarPolicies";
import { GatewayConfig, loadStackConfig } from "../../components/config";
import { CEDAR_NAMESPACE, GATEWAY_ENTITY, OAUTH_USER, ToolManifestEntry } from "../../policypack/controls/agentcore";
import { agentCoreCedarSchema } from "../../policypack/lib/cedar";
import { authorizeCedar, parseCedar, schemaErrors, validateCedar } from "../../policypack/lib/cedar";
import { T } from "../../policypack/lib/types";
import { byType, loadStackConfigFile, runStackProgram } from "../helpers/mocks";

const STACKS = ["dev", "staging", "prod"] as const;

interface DeployedGateway {
    config: GatewayConfig;
    arn: string;
    manifest: ToolManifestEntry[];
    /** The gateway's policy set: every statement registered on its policy engine. */
    statements: string[];
}

async function deployedGateways(stack: string): Promise<{ gateways: DeployedGateway[]; agents: ReturnType<typeof loadStackConfig>["agents"]["agents"] }> {
    const config = loadStackConfig(loadStackConfigFile(stack));
    const { resources } = await runStackProgram(stack);
    const engines = byType(resources, T.agentcorePolicyEngine);
    const gateways = byType(resources, T.agentcoreGateway).map((g): DeployedGateway => {
        const gatewayConfig = config.agents.gateways.find((c) => c.name === g.inputs.name);
        assert.ok(gatewayConfig, `gateway ${g.inputs.name} comes from config`);
        const engine = engines.find((e) => e.outputs.policyEngineArn === g.inputs.policyEngineConfiguration.arn);
        assert.ok(engine, `the engine of ${g.inputs.name} is in the stack`);
        const statements = byType(resources, T.agentcorePolicy)
            .filter((p) => p.inputs.policyEngineId === engine.outputs.policyEngineId)
            .map((p) => p.inputs.definition.cedar.statement as string);
        return { config: gatewayConfig, arn: g.outputs.gatewayArn, manifest: gatewayManifest(gatewayConfig), statements };
    });
    assert.strictEqual(gateways.length, config.agents.gateways.length);
    return { gateways, agents: config.agents.agents };
}

/** A tool call's arguments that satisfy the tool's input schema. */
function sampleInput(tool: ToolManifestEntry): Record<string, unknown> {
    const values = { string: "sample", integer: 5, boolean: true, number: { __extn: { fn: "decimal", arg: "1.5" } } };
    return Object.fromEntries(Object.entries(tool.input).map(([name, input]) => [name, values[input.type]]));
}

interface Caller {
    sub: string;
    claims?: Record<string, string>;
}

function decide(gateway: DeployedGateway, caller: Caller, tool: ToolManifestEntry, extraPolicies: string[] = []) {
    const principal = { type: `${CEDAR_NAMESPACE}::${OAUTH_USER}`, id: caller.sub };
    const result = authorizeCedar([...gateway.statements, ...extraPolicies].join("\n"), {
        principal,
        action: { type: `${CEDAR_NAMESPACE}::Action`, id: tool.action },
        resource: { type: `${CEDAR_NAMESPACE}::${GATEWAY_ENTITY}`, id: gateway.arn },
        context: { input: sampleInput(tool) },
        entities: [{ uid: principal, attrs: { id: caller.sub }, parents: [], tags: caller.claims ?? {} }],
        schema: agentCoreCedarSchema(gateway.manifest, [OAUTH_USER]),
    });
    assert.deepStrictEqual(result.errors, [], `${caller.sub} -> ${tool.action}`);
    return result.decision;
}

function accessOf(gateway: DeployedGateway, action: string): string {
    for (const target of gateway.config.targets) {
        for (const tool of target.tools) {
            if (`${target.name}___${tool.name}` === action) {
                return tool.access;
            }
        }
    }
    throw new Error(`no tool ${action}`);
}

describe("proof: the Cedar tool policies of every stack", () => {
    for (const stack of STACKS) {
        describe(stack, () => {
            let gateways: DeployedGateway[];
            let agents: Awaited<ReturnType<typeof deployedGateways>>["agents"];

            before(async () => {
                ({ gateways, agents } = await deployedGateways(stack));
                assert.ok(gateways.length > 0, `${stack} deploys a gateway`);
            });

            it("every generated statement is one Cedar policy that validates against its gateway's AgentCore schema, with no finding", () => {
                let checked = 0;
                for (const g of gateways) {
                    const schema = agentCoreCedarSchema(g.manifest, [OAUTH_USER]);
                    assert.deepStrictEqual(schemaErrors(schema), [], `schema of ${g.config.name}`);
                    assert.ok(g.statements.length > 0);
                    for (const statement of g.statements) {
                        assert.strictEqual(parseCedar(statement).policies.length, 1, statement);
                        assert.deepStrictEqual(validateCedar(statement, schema), { errors: [], warnings: [] }, statement);
                        checked++;
                    }
                    // The whole set too: AgentCore evaluates the policies of an engine together.
                    assert.deepStrictEqual(validateCedar(g.statements.join("\n"), schema), { errors: [], warnings: [] });
                }
                assert.ok(checked >= 3, `${checked} statements validated`);
            });

            it("allows a read-only tool call by a principal allowed to make it: the agent that lists it, and a member of an allowed group", () => {
                let allowed = 0;
                for (const g of gateways) {
                    for (const tool of g.manifest.filter((t) => accessOf(g, t.action) === "read-only")) {
                        for (const agent of agents.filter((a) => a.gateway === g.config.name && a.tools.includes(tool.action))) {
                            assert.strictEqual(decide(g, { sub: agent.gatewayPrincipal! }, tool), "allow", `${agent.name} -> ${tool.action}`);
                            allowed++;
                        }
                    }
                    const readLogs = g.manifest.find((t) => t.action.endsWith("___read_logs"))!;
                    assert.strictEqual(decide(g, { sub: "oncall-engineer", claims: { [g.config.groupClaim]: '["dev","sre"]' } }, readLogs), "allow", "sre member");
                    assert.strictEqual(decide(g, { sub: "oncall-engineer", claims: { [g.config.groupClaim]: "sre" } }, readLogs), "allow", "single-valued claim");
                    assert.strictEqual(decide(g, { sub: "someone", claims: { [g.config.groupClaim]: '["sre-interns"]' } }, readLogs), "deny", "a group whose name contains sre");
                }
                assert.ok(allowed >= 2, `${allowed} agent calls allowed`);
            });

            it("denies an agent the tools it does not list", () => {
                let denied = 0;
                for (const g of gateways) {
                    for (const agent of agents.filter((a) => a.gateway === g.config.name)) {
                        for (const tool of g.manifest.filter((t) => !agent.tools.includes(t.action))) {
                            assert.strictEqual(decide(g, { sub: agent.gatewayPrincipal! }, tool), "deny", `${agent.name} -> ${tool.action}`);
                            denied++;
                        }
                    }
                }
                assert.ok(denied > 0, `${denied} unlisted tool calls denied`);
            });

            it("denies every destructive tool call to everyone, even when someone adds a permit for everything", () => {
                const permitAll = "permit (principal, action, resource is AgentCore::Gateway);";
                for (const g of gateways) {
                    const destructive = g.manifest.filter((t) => accessOf(g, t.action) === "destructive");
                    assert.ok(destructive.length > 0, `${g.config.name} has destructive tools to prove denied`);
                    const groups = [...new Set(g.config.targets.flatMap((t) => t.tools.flatMap((x) => x.allowedGroups)))];
                    const callers: Caller[] = [
                        ...agents.filter((a) => a.gateway === g.config.name).map((a) => ({ sub: a.gatewayPrincipal! })),
                        { sub: "oncall-engineer", claims: { [g.config.groupClaim]: JSON.stringify(groups) } },
                        { sub: "unknown-principal" },
                    ];
                    for (const tool of destructive) {
                        for (const caller of callers) {
                            assert.strictEqual(decide(g, caller, tool), "deny", `${caller.sub} -> ${tool.action}`);
                            assert.strictEqual(decide(g, caller, tool, [permitAll]), "deny", `${caller.sub} -> ${tool.action} despite a permit-all`);
                        }
                    }
                    const readOnly = g.manifest.find((t) => accessOf(g, t.action) === "read-only")!;
                    assert.strictEqual(decide(g, { sub: "unknown-principal" }, readOnly, [permitAll]), "allow", "the permit-all really permits: the forbid is what denies");
                }
            });

            it("denies an unknown principal every tool", () => {
                for (const g of gateways) {
                    for (const tool of g.manifest) {
                        assert.strictEqual(decide(g, { sub: "unknown-principal" }, tool), "deny", tool.action);
                        assert.strictEqual(decide(g, { sub: "unknown-principal", claims: { [g.config.groupClaim]: '["contractors"]' } }, tool), "deny", tool.action);
                    }
                }
            });
        });
    }
});
