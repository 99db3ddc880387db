/**
 * Drives a CrossGuard policy pack over the Analyzer gRPC protocol the way `pulumi preview
 * --policy-pack` does: the engine's calls in order, `getAnalyzerInfo`, `configure` (schema
 * defaults, then the pack's initial config, then the user's), `configureStack`, `analyze` per
 * resource (inputs) and `analyzeStack` once (outputs, parents, dependencies). Starting the pack is
 * in `pack-spawn.ts`; the shapes exchanged are in `protocol.ts`.
 */
import { ChildProcess } from "child_process";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { PackStartOptions, PolicyPackError, ProtoModules, spawnPack } from "./pack-spawn";
import { resolvePolicyConfig } from "./policy-config";
import type { AnalyzeResult, AnalyzerInfo, EnforcementLevel, PolicyConfigMap, PolicyInfo, ProviderRef, ResolvedPolicyConfig, StackResource } from "./protocol";
import { AnalyzeResponseDecoder, LEVELS, SEVERITIES } from "./analyzer-response";
import { headSize, writeHead } from "../policypack/lib/protobuf-wire";
import { EncodedFields, WithProperties } from "./struct-encoding";

export type * from "./protocol";
export { PolicyPackError };
export type { PackStartOptions };

const LEVEL_CODES: Record<EnforcementLevel, number> = { advisory: 0, mandatory: 1, disabled: 2, remediate: 3 };
/**
 * Field numbers the client writes itself (pulumi/proto/pulumi/analyzer.proto): those AnalyzeRequest
 * and AnalyzerResource share, then AnalyzerResource's own, and its property-dependency map entries
 * (key, value: AnalyzerPropertyDependencies with its `urns`). `properties` (2) is the Struct
 * WithProperties writes; `options` (5) is written by google-protobuf.
 */
const FIELD = { type: 1, urn: 3, name: 4, provider: 6, parent: 7, dependencies: 8, propertyDependencies: 9 } as const;
const MAP_ENTRY = { key: 1, value: 2 } as const;
const PROPERTY_DEPENDENCIES_URNS = 1;
/** The response as received: the client decodes it (analyzer-response.ts). */
const rawResponse = (bytes: Buffer): Buffer => bytes;

/** A running policy pack and a gRPC client connected to it. */
export class PolicyPackProcess {
    private info?: AnalyzerInfo;
    private closed = false;
    private readonly responses: AnalyzeResponseDecoder;
    private readonly providers = new WeakMap<ProviderRef, Buffer>();

    private constructor(
        private readonly child: ChildProcess,
        private readonly client: any,
        private readonly mods: ProtoModules,
        private readonly stderr: () => string,
        private readonly callTimeoutMs: number,
        private readonly options: PackStartOptions,
        /** Milliseconds from spawn to the port on stdout (type-checking the pack included). */
        readonly startupMs: number,
    ) {
        this.responses = new AnalyzeResponseDecoder(mods.pb);
    }

    /** Spawns the pack as the Pulumi CLI does and connects to it. */
    static async start(options: PackStartOptions): Promise<PolicyPackProcess> {
        const spawned = await spawnPack(options);
        return new PolicyPackProcess(spawned.child, spawned.client, spawned.mods, spawned.stderr, options.callTimeoutMs ?? 120000, options, spawned.startupMs);
    }

    private call<Res>(method: string, request: unknown): Promise<Res> {
        if (this.closed) {
            return Promise.reject(new PolicyPackError(`${method}: the policy pack was already stopped`));
        }
        const deadline = new Date(Date.now() + this.callTimeoutMs);
        return new Promise<Res>((resolve, reject) => {
            this.client[method](request, { deadline }, (err: Error | null, res: Res) => {
                if (err) {
                    reject(new PolicyPackError(`${method} failed: ${err.message}`, this.stderr()));
                } else {
                    resolve(res);
                }
            });
        });
    }

    /** A call whose request is already encoded (the method's response is decoded as usual). */
    private callRaw<Res>(name: string, path: string, request: Buffer, deserialize: (bytes: Buffer) => Res): Promise<Res> {
        if (this.closed) {
            return Promise.reject(new PolicyPackError(`${name}: the policy pack was already stopped`));
        }
        const deadline = new Date(Date.now() + this.callTimeoutMs);
        return new Promise<Res>((resolve, reject) => {
            this.client.makeUnaryRequest(path, (bytes: Buffer) => bytes, deserialize, request, new this.mods.grpc.Metadata(), { deadline }, (err: Error | null, res: Res) => {
                if (err) {
                    reject(new PolicyPackError(`${name} failed: ${err.message}`, this.stderr()));
                } else {
                    resolve(res);
                }
            });
        });
    }

    /** `getAnalyzerInfo`: the pack's name, version and policies with their config schemas. */
    async getAnalyzerInfo(): Promise<AnalyzerInfo> {
        if (this.info) {
            return this.info;
        }
        const res: analyzerPb.AnalyzerInfo = await this.call("getAnalyzerInfo", new this.mods.Empty());
        const policies: PolicyInfo[] = res.getPoliciesList().map((p) => {
            const schema = p.getConfigschema();
            const framework = p.getFramework();
            return {
                name: p.getName(),
                description: p.getDescription(),
                kind: p.getPolicyType() === this.mods.pb.PolicyType.POLICY_TYPE_STACK ? "stack" : "resource",
                enforcementLevel: LEVELS[p.getEnforcementlevel()] ?? "advisory",
                severity: SEVERITIES[p.getSeverity()] ?? "",
                tags: p.getTagsList(),
                remediationSteps: p.getRemediationSteps(),
                ...(p.getDisplayname() ? { displayName: p.getDisplayname() } : {}),
                ...(p.getUrl() ? { url: p.getUrl() } : {}),
                ...(framework ? { framework: { name: framework.getName(), version: framework.getVersion(), reference: framework.getReference(), specification: framework.getSpecification() } } : {}),
                ...(schema ? { configSchema: { properties: schema.getProperties()?.toJavaScript() ?? {}, required: schema.getRequiredList() } } : {}),
            } as PolicyInfo;
        });
        const initialConfig: PolicyConfigMap = {};
        res.getInitialconfigMap().forEach((value: analyzerPb.PolicyConfig, key: string) => {
            initialConfig[key] = { enforcementLevel: LEVELS[value.getEnforcementlevel()], properties: value.getProperties()?.toJavaScript() ?? {} };
        });
        this.info = { name: res.getName(), version: res.getVersion(), policies, initialConfig };
        return this.info;
    }

    /**
     * Reconciles the configuration as the engine does (schema defaults, then the pack's initial
     * config, then `userConfig`), validates it against each policy's schema, and sends `configure`
     * and `configureStack`. Throws `PolicyConfigError` when the result does not fit the schemas.
     */
    async configure(userConfig: PolicyConfigMap = {}): Promise<ResolvedPolicyConfig> {
        const info = await this.getAnalyzerInfo();
        const resolved = resolvePolicyConfig(info.policies, info.initialConfig, userConfig);
        const req = new this.mods.pb.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const [name, cfg] of Object.entries(resolved)) {
            const pc = new this.mods.pb.PolicyConfig();
            if (cfg.enforcementLevel) {
                pc.setEnforcementlevel(LEVEL_CODES[cfg.enforcementLevel] as analyzerPb.EnforcementLevel);
            }
            pc.setProperties(this.mods.Struct.fromJavaScript(cfg.properties as any));
            map.set(name, pc);
        }
        await this.call("configure", req);
        const stackReq = new this.mods.pb.AnalyzerStackConfigureRequest();
        stackReq.setStack(this.options.stack);
        stackReq.setProject(this.options.project);
        stackReq.setOrganization(this.options.organization ?? "organization");
        stackReq.setDryRun(this.options.dryRun);
        const configMap = stackReq.getConfigMap();
        for (const [k, v] of Object.entries(this.options.config ?? {})) {
            configMap.set(k, v);
        }
        await this.call("configureStack", stackReq);
        return resolved;
    }

    private resourceOptions(r: StackResource): analyzerPb.AnalyzerResourceOptions {
        const opts = new this.mods.pb.AnalyzerResourceOptions();
        opts.setProtect(r.protect);
        opts.setIgnorechangesList(r.ignoreChanges ?? []);
        opts.setAliasesList(r.aliases ?? []);
        opts.setAdditionalsecretoutputsList(r.additionalSecretOutputs ?? []);
        if (r.deleteBeforeReplace !== undefined) {
            opts.setDeletebeforereplacedefined(true);
            opts.setDeletebeforereplace(r.deleteBeforeReplace);
        }
        if (r.parent) {
            opts.setParent(r.parent);
        }
        if (r.customTimeouts) {
            const t = new this.mods.pb.AnalyzerResourceOptions.CustomTimeouts();
            t.setCreate(r.customTimeouts.create ?? 0);
            t.setUpdate(r.customTimeouts.update ?? 0);
            t.setDelete(r.customTimeouts.delete ?? 0);
            opts.setCustomtimeouts(t);
        }
        return opts;
    }

    /**
     * The resource's provider as an encoded `provider` field, built once per provider: resources that
     * share a provider share its bytes, which follow the rest of the message (fields may come in any order).
     */
    private providerField(r: StackResource): Buffer | undefined {
        if (!r.provider) {
            return undefined;
        }
        let bytes = this.providers.get(r.provider);
        if (!bytes) {
            const p = new this.mods.pb.AnalyzerProviderResource();
            p.setUrn(r.provider.urn);
            p.setType(r.provider.type);
            p.setName(r.provider.name);
            p.setProperties(this.mods.Struct.fromJavaScript(r.provider.properties as any));
            const body = p.serializeBinary();
            bytes = Buffer.allocUnsafe(headSize(FIELD.provider, body.length) + body.length);
            bytes.set(body, writeHead(bytes, 0, FIELD.provider, body.length));
            this.providers.set(r.provider, bytes);
        }
        return bytes;
    }

    /** `analyze`: one resource's inputs, before it is created or updated. */
    async analyze(r: StackResource): Promise<AnalyzeResult> {
        const req = new this.mods.pb.AnalyzeRequest();
        req.setOptions(this.resourceOptions(r));
        const fields = new EncodedFields().string(FIELD.type, r.type).string(FIELD.urn, r.urn).string(FIELD.name, r.name).raw(this.providerField(r));
        const method = this.mods.rpc.AnalyzerService.analyze;
        const res = await this.callRaw("analyze", method.path, WithProperties.bytes(req, r.inputs, fields), rawResponse);
        return this.responses.decode(res, r.urn);
    }

    /** One resource as `analyzeStack` describes it (outputs, options, provider, parent, dependencies), ready to encode. */
    private analyzerResource(r: StackResource): WithProperties {
        const ar = new this.mods.pb.AnalyzerResource();
        ar.setOptions(this.resourceOptions(r));
        const fields = new EncodedFields()
            .string(FIELD.type, r.type)
            .string(FIELD.urn, r.urn)
            .string(FIELD.name, r.name)
            .raw(this.providerField(r))
            .string(FIELD.parent, r.parent)
            .strings(FIELD.dependencies, r.dependencies);
        for (const [prop, urns] of Object.entries(r.propertyDependencies)) {
            const entry = new EncodedFields().string(MAP_ENTRY.key, prop, true).message(MAP_ENTRY.value, new EncodedFields().strings(PROPERTY_DEPENDENCIES_URNS, urns));
            fields.message(FIELD.propertyDependencies, entry);
        }
        return new WithProperties(ar, r.outputs, fields);
    }

    /**
     * The bytes of the `AnalyzeStackRequest` for these resources. Its one field is the repeated
     * `resources = 1`, and a repeated field is encoded as its elements one after another (each with
     * its field tag and length): each resource is encoded into bytes of its own as it comes (its
     * properties read, encoded and let go), then all are joined, so neither a message object for the
     * whole stack nor every resource's properties as objects is ever held at once.
     */
    analyzeStackRequestBytes(resources: readonly StackResource[]): Buffer {
        let total = 0;
        const parts = resources.map((r) => {
            const e = this.analyzerResource(r);
            const part = Buffer.allocUnsafe(headSize(1, e.body) + e.body);
            e.write(part, 0, 1);
            total += part.length;
            return part;
        });
        return Buffer.concat(parts, total);
    }

    /** `analyzeStack`: every resource's outputs with parents and dependencies, after the operation. */
    async analyzeStack(resources: readonly StackResource[]): Promise<AnalyzeResult> {
        const method = this.mods.rpc.AnalyzerService.analyzeStack;
        const request = this.analyzeStackRequestBytes(resources);
        const res = await this.callRaw("analyzeStack", method.path, request, rawResponse);
        return this.responses.decode(res, "");
    }

    /** Closes the connection and stops the pack; waits until the process has exited. */
    async close(): Promise<void> {
        if (this.closed) {
            return;
        }
        this.closed = true;
        this.client.close();
        if (this.child.exitCode !== null || this.child.signalCode !== null) {
            return;
        }
        await new Promise<void>((resolve) => {
            const force = setTimeout(() => this.child.kill("SIGKILL"), 3000);
            this.child.once("exit", () => {
                clearTimeout(force);
                resolve();
            });
            this.child.kill("SIGTERM");
        });
    }

    /** The pack's process ID (for diagnostics and tests). */
    get pid(): number | undefined {
        return this.child.pid;
    }
}
