/**
 * Drives a CrossGuard policy pack over the Analyzer gRPC protocol the way `pulumi preview
 * --policy-pack` does: the pack is started through `@pulumi/pulumi/cmd/run-policy-pack`, the port is
 * read from its first line of output, and the engine's calls follow: `getAnalyzerInfo`, `configure`
 * (schema defaults, then the pack's initial config, then the user's), `configureStack`, `analyze`
 * per resource (inputs) and `analyzeStack` once (outputs, parents, dependencies).
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as readline from "readline";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { resolvePolicyConfig, PolicyConfigMap, ResolvedPolicyConfig } from "./policy-config";

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
export type Severity = "" | "low" | "medium" | "high" | "critical";

/** A policy as `getAnalyzerInfo` describes it. */
export interface PolicyInfo {
    name: string;
    description: string;
    kind: "resource" | "stack";
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    tags: string[];
    remediationSteps: string;
    configSchema?: { properties: Record<string, any>; required: string[] };
}

export interface AnalyzerInfo {
    name: string;
    version: string;
    policies: PolicyInfo[];
    /** Config the pack itself declares (its `initialConfig`), as policy name -> level/properties. */
    initialConfig: PolicyConfigMap;
}

export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    description: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    /** Empty when a stack policy reported on the stack as a whole. */
    urn: string;
}

export interface NotApplicable {
    policyName: string;
    reason: string;
}

export interface AnalyzeResult {
    diagnostics: Diagnostic[];
    notApplicable: NotApplicable[];
}

/** The provider a resource was created with, as the engine describes it to analyzers. */
export interface ProviderRef {
    urn: string;
    type: string;
    name: string;
    properties: Record<string, unknown>;
}

/** One resource as the engine knows it: enough for both `analyze` and `analyzeStack`. */
export interface StackResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    parent?: string;
    protect: boolean;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    provider?: ProviderRef;
    ignoreChanges?: string[];
    aliases?: string[];
    additionalSecretOutputs?: string[];
    deleteBeforeReplace?: boolean;
    customTimeouts?: { create?: number; update?: number; delete?: number };
}

export interface PackStartOptions {
    /** The pack's folder (where `PulumiPolicy.yaml` and its `package.json` live). */
    packDir: string;
    organization?: string;
    project: string;
    stack: string;
    /** `true` for a preview (unknowns possible), `false` for an update or an audit of real state. */
    dryRun: boolean;
    /** Stack configuration handed to the pack in `PULUMI_CONFIG`, as the CLI does. */
    config?: Record<string, string>;
    /** How long to wait for the pack to print its port. */
    startTimeoutMs?: number;
    /** Deadline of each RPC. */
    callTimeoutMs?: number;
}

const LEVELS: Record<number, EnforcementLevel> = { 0: "advisory", 1: "mandatory", 2: "disabled", 3: "remediate" };
const LEVEL_CODES: Record<EnforcementLevel, number> = { advisory: 0, mandatory: 1, disabled: 2, remediate: 3 };
const SEVERITIES: Record<number, Severity> = { 0: "", 1: "low", 2: "medium", 3: "high", 4: "critical" };

/** Bytes of a varint. */
function varintSize(value: number): number {
    let size = 1;
    for (let v = value; v > 0x7f; v = Math.floor(v / 128)) {
        size++;
    }
    return size;
}

/** Writes a varint at `at`; returns the offset after it. Seven bits per byte, least significant first; the high bit says more follow. */
function writeVarint(out: Buffer, at: number, value: number): number {
    let v = value;
    let i = at;
    while (v > 0x7f) {
        out[i++] = (v & 0x7f) | 0x80;
        v = Math.floor(v / 128);
    }
    out[i++] = v;
    return i;
}

/** A length-delimited field's tag and length. */
function headSize(field: number, length: number): number {
    return varintSize((field << 3) | 2) + varintSize(length);
}

function writeHead(out: Buffer, at: number, field: number, length: number): number {
    return writeVarint(out, writeVarint(out, at, (field << 3) | 2), length);
}

/**
 * Encodes JavaScript values as `google.protobuf.Value` / `Struct` directly: the bytes
 * `Struct.fromJavaScript(value).serializeBinary()` gives (map keys sorted, as google-protobuf writes
 * them), without google-protobuf's message objects, which for a large stack are most of what the
 * command would allocate. A first pass sizes every nested message (in the order the second pass
 * writes them), so the second writes into one buffer of the exact size.
 */
class StructEncoder {
    private sizes: number[] = [];
    private next = 0;

    /** The encoded size of a Struct's body; records nested sizes. */
    sizeStruct(object: Record<string, unknown>): number {
        let total = 0;
        for (const key of sortedKeys(object)) {
            const slot = this.sizes.push(0) - 1;
            const keyBytes = Buffer.byteLength(key, "utf8");
            const value = this.sizeValue(object[key]);
            const entry = headSize(1, keyBytes) + keyBytes + headSize(2, value) + value;
            this.sizes[slot] = entry;
            total += headSize(1, entry) + entry;
        }
        return total;
    }

    private sizeValue(value: unknown): number {
        if (value === null) {
            return 2;
        }
        switch (typeof value) {
            case "string": {
                const n = Buffer.byteLength(value, "utf8");
                return headSize(3, n) + n;
            }
            case "number":
                return 9;
            case "boolean":
                return 2;
            case "object": {
                const slot = this.sizes.push(0) - 1;
                let body = 0;
                if (Array.isArray(value)) {
                    for (const item of value) {
                        const n = this.sizeValue(item);
                        body += headSize(1, n) + n;
                    }
                } else {
                    body = this.sizeStruct(value as Record<string, unknown>);
                }
                this.sizes[slot] = body;
                return headSize(Array.isArray(value) ? 6 : 5, body) + body;
            }
            default:
                throw new Error("Unexpected struct type.");
        }
    }

    /** Writes a Struct's body sized by `sizeStruct` (same object, in the same state) at `at`; returns the offset after it. */
    writeStruct(object: Record<string, unknown>, out: Buffer, at: number): number {
        let i = at;
        for (const key of sortedKeys(object)) {
            const entry = this.sizes[this.next++];
            i = writeHead(out, i, 1, entry);
            i = writeHead(out, i, 1, Buffer.byteLength(key, "utf8"));
            i += out.write(key, i, "utf8");
            const value = object[key];
            i = writeHead(out, i, 2, this.valueSize(value));
            i = this.writeValue(value, out, i);
        }
        return i;
    }

    /** The size of a value about to be written (read from the plan for messages). */
    private valueSize(value: unknown): number {
        if (value !== null && typeof value === "object") {
            const body = this.sizes[this.next];
            return headSize(Array.isArray(value) ? 6 : 5, body) + body;
        }
        return this.sizeValue(value);
    }

    private writeValue(value: unknown, out: Buffer, at: number): number {
        let i = at;
        if (value === null) {
            out[i++] = 0x08;
            out[i++] = 0x00;
            return i;
        }
        switch (typeof value) {
            case "string":
                i = writeHead(out, i, 3, Buffer.byteLength(value, "utf8"));
                return i + out.write(value, i, "utf8");
            case "number":
                out[i++] = 0x11;
                out.writeDoubleLE(value, i);
                return i + 8;
            case "boolean":
                out[i++] = 0x20;
                out[i++] = value ? 1 : 0;
                return i;
            default: {
                const body = this.sizes[this.next++];
                if (Array.isArray(value)) {
                    i = writeHead(out, i, 6, body);
                    for (const item of value) {
                        i = writeHead(out, i, 1, this.valueSize(item));
                        i = this.writeValue(item, out, i);
                    }
                    return i;
                }
                i = writeHead(out, i, 5, body);
                return this.writeStruct(value as Record<string, unknown>, out, i);
            }
        }
    }
}

/** As Struct.fromJavaScript reads an object (every enumerable key), in the order google-protobuf writes them. */
function sortedKeys(object: Record<string, unknown>): string[] {
    const keys: string[] = [];
    for (const key in object) {
        keys.push(key);
    }
    return keys.sort();
}

/** A JavaScript object as the bytes of a `google.protobuf.Struct`. */
export function encodeStruct(object: Record<string, unknown>): Buffer {
    const encoder = new StructEncoder();
    const out = Buffer.allocUnsafe(encoder.sizeStruct(object));
    encoder.writeStruct(object, out, 0);
    return out;
}

/**
 * A message followed by its `properties` Struct (field 2 of AnalyzeRequest and AnalyzerResource),
 * optionally wrapped as field `wrap` of an enclosing message: the fields of a message may come in
 * any order, so this decodes as the message with that Struct set.
 */
class WithProperties {
    private readonly encoder = new StructEncoder();
    private readonly head: Uint8Array;
    private readonly structSize: number;
    readonly body: number;

    constructor(
        message: { serializeBinary(): Uint8Array },
        private readonly properties: Record<string, unknown>,
    ) {
        this.head = message.serializeBinary();
        this.structSize = this.encoder.sizeStruct(properties);
        this.body = this.head.length + headSize(2, this.structSize) + this.structSize;
    }

    /** Writes the message at `at` (with its own field head when `wrap` is given); returns the offset after it. */
    write(out: Buffer, at: number, wrap?: number): number {
        let i = wrap === undefined ? at : writeHead(out, at, wrap, this.body);
        out.set(this.head, i);
        i = writeHead(out, i + this.head.length, 2, this.structSize);
        return this.encoder.writeStruct(this.properties, out, i);
    }

    static bytes(message: { serializeBinary(): Uint8Array }, properties: Record<string, unknown>): Buffer {
        const m = new WithProperties(message, properties);
        const out = Buffer.allocUnsafe(m.body);
        m.write(out, 0);
        return out;
    }
}

/** Thrown when the pack cannot be started or an RPC fails; carries the pack's stderr. */
export class PolicyPackError extends Error {
    constructor(message: string, readonly stderr = "") {
        super(stderr.trim() ? `${message}\n--- policy pack stderr ---\n${stderr.trim()}` : message);
        this.name = "PolicyPackError";
    }
}

/**
 * The proto and gRPC modules, loaded from the `@pulumi/pulumi` the pack itself resolves (as the CLI's
 * `pulumi-analyzer-policy` shim does), with `@grpc/grpc-js` and `google-protobuf` resolved from that
 * module's own path so the message and client classes are the ones the generated code expects.
 */
interface ProtoModules {
    runPolicyPack: string;
    grpc: typeof import("@grpc/grpc-js");
    pb: typeof analyzerPb;
    rpc: any;
    Struct: any;
    Empty: any;
}

function loadProtoModules(packDir: string): ProtoModules {
    let pulumiPackageJson: string;
    try {
        pulumiPackageJson = require.resolve("@pulumi/pulumi/package.json", { paths: [packDir] });
    } catch {
        throw new PolicyPackError(`the policy pack's dependencies are not installed: @pulumi/pulumi is not resolvable from ${packDir} (run npm ci)`);
    }
    const pulumiDir = path.dirname(pulumiPackageJson);
    const protoDir = path.join(pulumiDir, "proto");
    // The modules are chosen at run time from the pack's dependencies, hence require().
    /* eslint-disable @typescript-eslint/no-require-imports */
    const fromProto = (id: string) => require(require.resolve(id, { paths: [protoDir] }));
    return {
        runPolicyPack: path.join(pulumiDir, "cmd", "run-policy-pack"),
        grpc: fromProto("@grpc/grpc-js"),
        pb: require(path.join(protoDir, "analyzer_pb")),
        rpc: require(path.join(protoDir, "analyzer_grpc_pb")),
        Struct: fromProto("google-protobuf/google/protobuf/struct_pb").Struct,
        Empty: fromProto("google-protobuf/google/protobuf/empty_pb").Empty,
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
}

/** Children still running, killed if this process exits before `close()` (for example on Ctrl-C). */
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;
function trackChild(child: ChildProcess): void {
    liveChildren.add(child);
    child.once("exit", () => liveChildren.delete(child));
    if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.once("exit", () => {
            for (const c of liveChildren) {
                c.kill("SIGKILL");
            }
        });
    }
}

/** A running policy pack and a gRPC client connected to it. */
export class PolicyPackProcess {
    private info?: AnalyzerInfo;
    private closed = false;
    private readonly notApplicableEntries = new Map<string, NotApplicable>();
    private readonly providers = new WeakMap<ProviderRef, analyzerPb.AnalyzerProviderResource>();

    private constructor(
        private readonly child: ChildProcess,
        private readonly client: any,
        private readonly mods: ProtoModules,
        private readonly stderr: () => string,
        private readonly callTimeoutMs: number,
        private readonly options: PackStartOptions,
        /** Milliseconds from spawn to the port on stdout (type-checking the pack included). */
        readonly startupMs: number,
    ) {}

    /** Spawns the pack as the Pulumi CLI does and connects to it. */
    static async start(options: PackStartOptions): Promise<PolicyPackProcess> {
        const packDir = path.resolve(options.packDir);
        const mods = loadProtoModules(packDir);
        const env: NodeJS.ProcessEnv = {
            ...process.env,
            PULUMI_NODEJS_ORGANIZATION: options.organization ?? "organization",
            PULUMI_NODEJS_PROJECT: options.project,
            PULUMI_NODEJS_STACK: options.stack,
            PULUMI_NODEJS_DRY_RUN: String(options.dryRun),
        };
        if (options.config) {
            env.PULUMI_CONFIG = JSON.stringify(options.config);
        }
        const started = Date.now();
        // The first argument is the engine's address; run-policy-pack shifts it away. No engine runs
        // here, so a placeholder stands in for it.
        const child = spawn(process.execPath, [mods.runPolicyPack, "127.0.0.1:0", "."], {
            cwd: packDir,
            env,
            stdio: ["ignore", "pipe", "pipe"],
        });
        trackChild(child);
        let stderr = "";
        child.stderr!.setEncoding("utf8");
        child.stderr!.on("data", (chunk: string) => {
            stderr = (stderr + chunk).slice(-20000);
        });
        const port = await new Promise<number>((resolve, reject) => {
            const timer = setTimeout(() => {
                child.kill("SIGKILL");
                reject(new PolicyPackError(`the policy pack did not report its port within ${options.startTimeoutMs ?? 120000} ms`, stderr));
            }, options.startTimeoutMs ?? 120000);
            const lines = readline.createInterface({ input: child.stdout! });
            lines.once("line", (line) => {
                clearTimeout(timer);
                const n = Number(line.trim());
                if (Number.isInteger(n) && n > 0) {
                    resolve(n);
                } else {
                    child.kill("SIGKILL");
                    reject(new PolicyPackError(`the policy pack printed "${line}" instead of its port`, stderr));
                }
                // The pack may log more on stdout later; keep draining it so it never blocks.
                lines.on("line", () => undefined);
            });
            child.once("exit", (code, signal) => {
                clearTimeout(timer);
                reject(new PolicyPackError(`the policy pack exited before it was ready (${signal ?? `exit code ${code}`})`, stderr));
            });
            child.once("error", (err) => {
                clearTimeout(timer);
                reject(new PolicyPackError(`could not start the policy pack: ${err.message}`, stderr));
            });
        });
        const startupMs = Date.now() - started;
        const client = new mods.rpc.AnalyzerClient(`127.0.0.1:${port}`, mods.grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": 1024 * 1024 * 400,
            "grpc.max_send_message_length": 1024 * 1024 * 400,
        });
        return new PolicyPackProcess(child, client, mods, () => stderr, options.callTimeoutMs ?? 120000, options, startupMs);
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
            return {
                name: p.getName(),
                description: p.getDescription(),
                kind: p.getPolicyType() === this.mods.pb.PolicyType.POLICY_TYPE_STACK ? "stack" : "resource",
                enforcementLevel: LEVELS[p.getEnforcementlevel()] ?? "advisory",
                severity: SEVERITIES[p.getSeverity()] ?? "",
                tags: p.getTagsList(),
                remediationSteps: p.getRemediationSteps(),
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

    private providerOf(r: StackResource): analyzerPb.AnalyzerProviderResource | undefined {
        if (!r.provider) {
            return undefined;
        }
        // Resources that share a provider object share its message (serializing never changes it).
        let p = this.providers.get(r.provider);
        if (!p) {
            p = new this.mods.pb.AnalyzerProviderResource();
            p.setUrn(r.provider.urn);
            p.setType(r.provider.type);
            p.setName(r.provider.name);
            p.setProperties(this.mods.Struct.fromJavaScript(r.provider.properties as any));
            this.providers.set(r.provider, p);
        }
        return p;
    }

    private notApplicableEntry(policyName: string, reason: string): NotApplicable {
        const key = `${policyName}\u0000${reason}`;
        let entry = this.notApplicableEntries.get(key);
        if (!entry) {
            entry = Object.freeze({ policyName, reason });
            this.notApplicableEntries.set(key, entry);
        }
        return entry;
    }

    private decode(res: analyzerPb.AnalyzeResponse, defaultUrn: string): AnalyzeResult {
        return {
            diagnostics: res.getDiagnosticsList().map((d) => ({
                policyName: d.getPolicyname(),
                policyPackName: d.getPolicypackname(),
                policyPackVersion: d.getPolicypackversion(),
                description: d.getDescription(),
                message: d.getMessage(),
                enforcementLevel: LEVELS[d.getEnforcementlevel()] ?? "advisory",
                severity: SEVERITIES[d.getSeverity()] ?? "",
                // The engine, not the pack, attributes analyze diagnostics to the resource.
                urn: d.getUrn() || defaultUrn,
            })),
            // The same few policies and reasons come back for every resource: keep one copy of each.
            notApplicable: res.getNotApplicableList().map((n) => this.notApplicableEntry(n.getPolicyName(), n.getReason())),
        };
    }

    /** `analyze`: one resource's inputs, before it is created or updated. */
    async analyze(r: StackResource): Promise<AnalyzeResult> {
        const req = new this.mods.pb.AnalyzeRequest();
        req.setUrn(r.urn);
        req.setType(r.type);
        req.setName(r.name);
        req.setOptions(this.resourceOptions(r));
        const provider = this.providerOf(r);
        if (provider) {
            req.setProvider(provider);
        }
        const method = this.mods.rpc.AnalyzerService.analyze;
        const res = await this.callRaw<analyzerPb.AnalyzeResponse>("analyze", method.path, WithProperties.bytes(req, r.inputs), method.responseDeserialize);
        return this.decode(res, r.urn);
    }

    /** One resource as `analyzeStack` describes it (outputs, options, provider, parent, dependencies), ready to encode. */
    private analyzerResource(r: StackResource): WithProperties {
        const ar = new this.mods.pb.AnalyzerResource();
        ar.setUrn(r.urn);
        ar.setType(r.type);
        ar.setName(r.name);
        ar.setOptions(this.resourceOptions(r));
        const provider = this.providerOf(r);
        if (provider) {
            ar.setProvider(provider);
        }
        if (r.parent) {
            ar.setParent(r.parent);
        }
        ar.setDependenciesList(r.dependencies);
        const deps = ar.getPropertydependenciesMap();
        for (const [prop, urns] of Object.entries(r.propertyDependencies)) {
            const pd = new this.mods.pb.AnalyzerPropertyDependencies();
            pd.setUrnsList(urns);
            deps.set(prop, pd);
        }
        return new WithProperties(ar, r.outputs);
    }

    /**
     * The bytes of the `AnalyzeStackRequest` for these resources. Its one field is the repeated
     * `resources = 1`, and a repeated field is encoded as its elements one after another (each with
     * its field tag and length): each resource is sized in a first pass and written in a second, into
     * one buffer of the exact size, so no message object for the whole stack, several times the size
     * of its bytes, is ever built.
     */
    analyzeStackRequestBytes(resources: readonly StackResource[]): Buffer {
        let size = 0;
        for (const r of resources) {
            const body = this.analyzerResource(r).body;
            size += headSize(1, body) + body;
        }
        const out = Buffer.allocUnsafe(size);
        let at = 0;
        for (const r of resources) {
            at = this.analyzerResource(r).write(out, at, 1);
        }
        return out;
    }

    /** `analyzeStack`: every resource's outputs with parents and dependencies, after the operation. */
    async analyzeStack(resources: readonly StackResource[]): Promise<AnalyzeResult> {
        const method = this.mods.rpc.AnalyzerService.analyzeStack;
        const request = this.analyzeStackRequestBytes(resources);
        const res = await this.callRaw<analyzerPb.AnalyzeResponse>("analyzeStack", method.path, request, method.responseDeserialize);
        return this.decode(res, "");
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
