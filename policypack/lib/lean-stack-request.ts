/**
 * An `analyzeStack` request decoded without a google-protobuf object for each property value.
 *
 * google-protobuf decodes every `google.protobuf.Value` of every resource's properties into a
 * message object of its own, all alive until the call ends: a 41 MB request (an audit of 22,400
 * resources) takes about 470 MB of heap that way, more than the whole stack as plain JavaScript.
 * Here each resource is decoded by google-protobuf as before except its `properties` Struct and its
 * provider's (one provider object for the resources that share it), each kept as a span of the
 * request's bytes and turned into plain JavaScript when the server asks for it (`toJavaScript`, the one call `@pulumi/policy` makes on it), exactly as
 * google-protobuf's `Struct.toJavaScript` gives it: keys in sorted order, the last of a repeated
 * key, no `__proto__` key, an error for a value of no kind.
 *
 * How: the request deserializer of `AnalyzerService.analyzeStack` (the generated gRPC service
 * definition the server registers) is replaced. It is installed only after it gives, for a probe
 * request, what google-protobuf gives for everything the server reads;
 * `tests/policypack/core/lean-stack-request.test.ts` compares the two on requests of every shape.
 */
import { isDeepStrictEqual } from "node:util";
import { forEachField, readVarint, WIRE_FIXED64, WIRE_LENGTH_DELIMITED, WIRE_VARINT } from "./protobuf-wire";
import { policySdkModule } from "./sdk-module";

const LEAN = Symbol.for("ai-guardrails.leanStackRequest");
/** Field numbers in pulumi/proto/pulumi/analyzer.proto and google/protobuf/struct.proto. */
const REQUEST_RESOURCES = 1;
const RESOURCE_PROPERTIES = 2;
const RESOURCE_PROVIDER = 6;
const PROVIDER_PROPERTIES = 2;
const STRUCT_FIELDS = 1;
const ENTRY_KEY = 1;
const ENTRY_VALUE = 2;
const VALUE = { null: 1, number: 2, string: 3, bool: 4, struct: 5, list: 6 } as const;
const LIST_VALUES = 1;
const MESSAGE = "AnalyzeStackRequest";

/** A Value without a kind: google-protobuf's `toJavaScript` refuses it. */
const NO_KIND = Symbol("no kind");

function text(bytes: Buffer, from: number, to: number): string {
    return bytes.toString("utf8", from, to);
}

/** A Value's content: each kind field replaces the previous one, as for a oneof. */
function valueOf(bytes: Buffer, from: number, to: number, previous: unknown): unknown {
    let value = previous;
    forEachField(
        bytes,
        from,
        to,
        (field, wireType, a, b) => {
            if (field === VALUE.null && wireType === WIRE_VARINT) {
                value = null;
            } else if (field === VALUE.number && wireType === WIRE_FIXED64) {
                value = bytes.readDoubleLE(a);
            } else if (field === VALUE.string && wireType === WIRE_LENGTH_DELIMITED) {
                value = text(bytes, a, b);
            } else if (field === VALUE.bool && wireType === WIRE_VARINT) {
                value = readVarint(bytes, a, MESSAGE)[0] !== 0;
            } else if (field === VALUE.struct && wireType === WIRE_LENGTH_DELIMITED) {
                value = structOf(bytes, a, b);
            } else if (field === VALUE.list && wireType === WIRE_LENGTH_DELIMITED) {
                value = listOf(bytes, a, b);
            }
        },
        MESSAGE,
    );
    return value;
}

function known(value: unknown): unknown {
    if (value === NO_KIND) {
        throw new Error("Unexpected struct type");
    }
    return value;
}

function listOf(bytes: Buffer, from: number, to: number): unknown[] {
    const list: unknown[] = [];
    forEachField(
        bytes,
        from,
        to,
        (field, wireType, a, b) => {
            if (field === LIST_VALUES && wireType === WIRE_LENGTH_DELIMITED) {
                list.push(known(valueOf(bytes, a, b, NO_KIND)));
            }
        },
        MESSAGE,
    );
    return list;
}

/** A Struct's body as plain JavaScript, as google-protobuf's `Struct.toJavaScript` gives it. */
export function structOf(bytes: Buffer, from: number, to: number): Record<string, unknown> {
    const fields = new Map<string, unknown>();
    forEachField(
        bytes,
        from,
        to,
        (field, wireType, a, b) => {
            if (field !== STRUCT_FIELDS || wireType !== WIRE_LENGTH_DELIMITED) {
                return;
            }
            let key = "";
            let value: unknown = NO_KIND;
            forEachField(
                bytes,
                a,
                b,
                (entryField, entryWire, c, d) => {
                    if (entryField === ENTRY_KEY && entryWire === WIRE_LENGTH_DELIMITED) {
                        key = text(bytes, c, d);
                    } else if (entryField === ENTRY_VALUE && entryWire === WIRE_LENGTH_DELIMITED) {
                        // Repeated, an entry's value is merged: a later kind replaces an earlier one.
                        value = valueOf(bytes, c, d, value);
                    }
                },
                MESSAGE,
            );
            // google-protobuf's map keeps its entries on an object, where this key is lost.
            if (key !== "__proto__") {
                fields.set(key, value);
            }
        },
        MESSAGE,
    );
    const object: Record<string, unknown> = {};
    for (const key of [...fields.keys()].sort()) {
        object[key] = known(fields.get(key));
    }
    return object;
}

/**
 * Properties as the server reads them: `toJavaScript()` decodes the span each time. Read any other
 * way (`getFieldsMap`, which google-protobuf's `toObject` and serializer of the resource call), the
 * span is decoded as a google-protobuf Struct.
 */
class PropertiesSpan {
    constructor(
        private readonly bytes: Buffer,
        private readonly from: number,
        private readonly to: number,
        private readonly structClass: { deserializeBinary(bytes: Uint8Array): { getFieldsMap(): unknown } },
    ) {}

    toJavaScript(): Record<string, unknown> {
        return structOf(this.bytes, this.from, this.to);
    }

    getFieldsMap(): unknown {
        return this.structClass.deserializeBinary(this.bytes.subarray(this.from, this.to)).getFieldsMap();
    }
}

type Deserialize = (bytes: Buffer) => any;

/**
 * The fields of `bytes[from, to)` that `taken` does not take, as bytes of their own; each length-
 * delimited field `taken` names is handed to it instead.
 */
function withoutFields(bytes: Buffer, from: number, to: number, taken: Record<number, (a: number, b: number) => void>): Buffer {
    const kept: Buffer[] = [];
    forEachField(
        bytes,
        from,
        to,
        (field, wireType, a, b, fieldStart) => {
            const take = taken[field];
            if (take && wireType === WIRE_LENGTH_DELIMITED) {
                take(a, b);
            } else {
                kept.push(bytes.subarray(fieldStart, b));
            }
        },
        MESSAGE,
    );
    return Buffer.concat(kept);
}

/** A decoded message whose properties are the span: one object per message, which the pack's decode-once memo is keyed by. */
function withProperties<M extends object>(message: M, bytes: Buffer, span: [number, number] | undefined, structClass: any): M {
    if (span) {
        const properties = new PropertiesSpan(bytes, span[0], span[1], structClass);
        Object.defineProperties(message, {
            getProperties: { value: () => properties },
            hasProperties: { value: () => true },
        });
    }
    return message;
}

function leanDeserializer(pb: Record<string, any>, structClass: any): Deserialize {
    return (bytes) => {
        // A stack's resources mostly share a few providers: each distinct one is decoded once.
        const providers = new Map<string, unknown>();
        const providerOf = (from: number, to: number) => {
            const key = bytes.toString("latin1", from, to);
            let provider = providers.get(key);
            if (provider === undefined) {
                let span: [number, number] | undefined;
                const rest = withoutFields(bytes, from, to, { [PROVIDER_PROPERTIES]: (a, b) => (span = [a, b]) });
                provider = withProperties(pb.AnalyzerProviderResource.deserializeBinary(rest), bytes, span, structClass);
                providers.set(key, provider);
            }
            return provider;
        };
        const resourceOf = (from: number, to: number) => {
            let span: [number, number] | undefined;
            let provider: unknown;
            const rest = withoutFields(bytes, from, to, {
                [RESOURCE_PROPERTIES]: (a, b) => (span = [a, b]),
                [RESOURCE_PROVIDER]: (a, b) => (provider = providerOf(a, b)),
            });
            const resource = withProperties(pb.AnalyzerResource.deserializeBinary(rest), bytes, span, structClass);
            if (provider !== undefined) {
                resource.setProvider(provider);
            }
            return resource;
        };
        const resources: unknown[] = [];
        const request = pb.AnalyzeStackRequest.deserializeBinary(withoutFields(bytes, 0, bytes.length, { [REQUEST_RESOURCES]: (a, b) => resources.push(resourceOf(a, b)) }));
        request.setResourcesList(resources);
        return request;
    };
}

/** A request with a resource of every part the server reads, properties of every kind of value. */
function probeRequest(pb: Record<string, any>, Struct: any): Buffer {
    const resource = new pb.AnalyzerResource();
    resource.setType("aws:iam/role:Role");
    resource.setUrn("urn:pulumi:probe::probe::aws:iam/role:Role::r");
    resource.setName("r");
    resource.setProperties(
        Struct.fromJavaScript({ b: "x", a: [1.5, true, null, { n: "\u00e4\u{1F512}" }], c: { d: [] }, "10": -0 }),
    );
    const options = new pb.AnalyzerResourceOptions();
    options.setProtect(true);
    options.setIgnorechangesList(["tags"]);
    resource.setOptions(options);
    const provider = new pb.AnalyzerProviderResource();
    provider.setType("pulumi:providers:aws");
    provider.setProperties(Struct.fromJavaScript({ region: "us-east-1" }));
    resource.setProvider(provider);
    resource.setParent("urn:pulumi:probe::probe::pulumi:pulumi:Stack::probe");
    resource.setDependenciesList(["urn:a", "urn:b"]);
    const dependencies = new pb.AnalyzerPropertyDependencies();
    dependencies.setUrnsList(["urn:a"]);
    resource.getPropertydependenciesMap().set("policy", dependencies);
    const request = new pb.AnalyzeStackRequest();
    request.setResourcesList([resource, new pb.AnalyzerResource()]);
    return Buffer.from(request.serializeBinary());
}

/** What the server reads of each resource of a request. */
export function asServerReadsIt(request: any): unknown[] {
    return request.getResourcesList().map((r: any) => ({
        type: r.getType(),
        urn: r.getUrn(),
        name: r.getName(),
        properties: r.getProperties()?.toJavaScript(),
        options: r.getOptions()?.toObject(),
        provider: r.getProvider() && {
            type: r.getProvider().getType(),
            urn: r.getProvider().getUrn(),
            name: r.getProvider().getName(),
            properties: r.getProvider().getProperties()?.toJavaScript(),
        },
        parent: r.getParent(),
        dependencies: r.getDependenciesList(),
        propertyDependencies: [...r.getPropertydependenciesMap().entries()].map(([k, v]: [string, any]) => [k, v.getUrnsList()]),
    }));
}

/** The same values (`-0` apart from `0`), with keys in the same order. */
export function sameReading(a: unknown, b: unknown): boolean {
    return isDeepStrictEqual(a, b) && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Installs the deserializer for `analyzeStack` requests. Returns false, changing nothing, when the
 * generated modules do not have the shape this was written for or the deserializer does not give
 * google-protobuf's reading of the probe: requests are then decoded as before.
 */
export function decodeStackRequestsLean(): boolean {
    const services = policySdkModule("@pulumi/pulumi/proto/analyzer_grpc_pb") as Record<string, any>;
    const pb = policySdkModule("@pulumi/pulumi/proto/analyzer_pb") as Record<string, any>;
    const { Struct } = policySdkModule("google-protobuf/google/protobuf/struct_pb") as Record<string, any>;
    const method = services.AnalyzerService?.analyzeStack;
    if (typeof method?.requestDeserialize !== "function" || method.requestType !== pb.AnalyzeStackRequest) {
        return false;
    }
    if (method.requestDeserialize[LEAN]) {
        return true;
    }
    let lean: Deserialize;
    try {
        lean = leanDeserializer(pb, Struct);
        const probe = probeRequest(pb, Struct);
        if (!sameReading(asServerReadsIt(lean(probe)), asServerReadsIt(method.requestDeserialize(probe)))) {
            return false;
        }
    } catch {
        return false;
    }
    Object.defineProperty(lean, LEAN, { value: true });
    method.requestDeserialize = lean;
    return true;
}
