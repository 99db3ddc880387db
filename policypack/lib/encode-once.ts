/**
 * Each "not applicable" entry of an Analyzer response encoded once per pack instead of once per
 * resource.
 *
 * For every resource, the `@pulumi/policy` server (1.21, pinned in package.json) answers one
 * `PolicyNotApplicable` entry per resource policy that does not govern its type: about 30 of this
 * pack's 55 policies, the same few hundred (policy, reason) pairs over and over. google-protobuf
 * encoded each of them again, byte by byte into a growing JavaScript array, for every response: the
 * largest single part of what a pack of this many policies cost per resource beyond an empty pack.
 *
 * How: the response serializer of `AnalyzerService` (the generated gRPC service definition the
 * server registers) is replaced by one that writes the same bytes: the diagnostics, rare, encoded
 * by google-protobuf as before, then each entry from its bytes kept by policy name and reason (a
 * list of the very entry objects of an earlier response, as the served pack answers every resource
 * of a type, from that list's bytes). It is installed only after it gives exactly google-protobuf's
 * bytes for a probe response; `tests/policypack/core/encode-once.test.ts` compares the two on
 * responses of every shape.
 */
import { lengthDelimited } from "./protobuf-wire";
import { policySdkModule } from "./sdk-module";

const ENCODED_ONCE = Symbol.for("ai-guardrails.encodeOnce");
/** Field numbers in pulumi/proto/pulumi/analyzer.proto. */
const NOT_APPLICABLE_FIELD = 3;
const POLICY_NAME_FIELD = 1;
const REASON_FIELD = 2;
/** Reasons kept per policy: a rule's own reasons may name what the resource lacks, so they are bounded. */
const REASONS_PER_POLICY = 64;

interface NotApplicableEntry {
    getPolicyName(): string;
    getReason(): string;
}
interface AnalyzeResponseMessage {
    getDiagnosticsList(): unknown[];
    getNotApplicableList(): NotApplicableEntry[];
    serializeBinary(): Uint8Array;
}
type Serialize = (response: unknown) => Buffer;

/** One `PolicyNotApplicable` as a repeated field of `AnalyzeResponse`: empty strings are not written, as proto3 does. */
function encodeEntry(policyName: string, reason: string): Buffer {
    const fields: Buffer[] = [];
    if (policyName.length > 0) {
        fields.push(lengthDelimited(POLICY_NAME_FIELD, Buffer.from(policyName, "utf8")));
    }
    if (reason.length > 0) {
        fields.push(lengthDelimited(REASON_FIELD, Buffer.from(reason, "utf8")));
    }
    return lengthDelimited(NOT_APPLICABLE_FIELD, Buffer.concat(fields));
}

/** The serializer with the entries' bytes kept; `responseClass` builds a response holding only diagnostics. */
function serializerKeepingEntries(responseClass: new () => AnalyzeResponseMessage & { setDiagnosticsList(list: unknown[]): void }): Serialize {
    // By policy name, its reasons and their bytes. The server builds each reason anew for every
    // response, so a reason is compared with the few its policy gives rather than hashed as a key.
    const kept = new Map<string, Array<{ reason: string; bytes: Buffer }>>();
    const entryBytes = (entry: NotApplicableEntry): Buffer => {
        const policyName = entry.getPolicyName();
        const reason = entry.getReason();
        let reasons = kept.get(policyName);
        if (reasons === undefined) {
            reasons = [];
            kept.set(policyName, reasons);
        }
        for (const known of reasons) {
            if (known.reason === reason) {
                return known.bytes;
            }
        }
        const bytes = encodeEntry(policyName, reason);
        if (reasons.length < REASONS_PER_POLICY) {
            reasons.push({ reason, bytes });
        }
        return bytes;
    };
    // The entries the server answers for a resource type are the same objects for every resource
    // of the type (lib/dispatch-by-type): a list that is, object for object, one written before is
    // written from its bytes. Kept by the list's first entry, so it goes with the entries.
    const lists = new WeakMap<NotApplicableEntry, { entries: NotApplicableEntry[]; bytes: Buffer }>();
    const listBytes = (entries: NotApplicableEntry[]): Buffer => {
        const known = lists.get(entries[0]);
        if (known !== undefined && known.entries.length === entries.length && known.entries.every((entry, i) => entry === entries[i])) {
            return known.bytes;
        }
        const bytes = Buffer.concat(entries.map(entryBytes));
        lists.set(entries[0], { entries: entries.slice(), bytes });
        return bytes;
    };
    return (response) => {
        const message = response as AnalyzeResponseMessage;
        const parts: Buffer[] = [];
        const diagnostics = message.getDiagnosticsList();
        if (diagnostics.length > 0) {
            const onlyDiagnostics = new responseClass();
            onlyDiagnostics.setDiagnosticsList(diagnostics);
            parts.push(Buffer.from(onlyDiagnostics.serializeBinary()));
        }
        const entries = message.getNotApplicableList();
        if (entries.length > 0) {
            parts.push(listBytes(entries));
        }
        // gRPC copies the message into its frame, so bytes kept here are never written to.
        return parts.length === 1 ? parts[0] : Buffer.concat(parts);
    };
}

/** A response with a diagnostic and entries of every kind (empty reason, non-ASCII, long). */
function probe(pb: Record<string, any>): AnalyzeResponseMessage {
    const response = new pb.AnalyzeResponse();
    const diagnostic = new pb.AnalyzeDiagnostic();
    diagnostic.setPolicyname("probe");
    diagnostic.setMessage("probe message");
    diagnostic.setEnforcementlevel(1);
    response.setDiagnosticsList([diagnostic]);
    const entries = [
        ["probe-a", ""],
        ["probe-b", "Policy only applies to resources of type 'aws:iam/role:Role'"],
        ["probe-c", `n\u00e4me \u2192 ${"x".repeat(300)}`],
    ].map(([name, reason]) => {
        const entry = new pb.PolicyNotApplicable();
        entry.setPolicyName(name);
        entry.setReason(reason);
        return entry;
    });
    response.setNotApplicableList(entries);
    return response as AnalyzeResponseMessage;
}

/**
 * Installs the serializer for `analyze` and `analyzeStack` responses. Returns false, changing
 * nothing, when the generated modules do not have the shape this was written for or the serializer
 * does not give google-protobuf's bytes for the probe: responses are then encoded as before.
 */
export function encodeNotApplicableOnce(): boolean {
    const services = policySdkModule("@pulumi/pulumi/proto/analyzer_grpc_pb") as Record<string, any>;
    const pb = policySdkModule("@pulumi/pulumi/proto/analyzer_pb") as Record<string, any>;
    const methods = [services.AnalyzerService?.analyze, services.AnalyzerService?.analyzeStack];
    if (methods.some((m) => typeof m?.responseSerialize !== "function" || m.responseType !== pb.AnalyzeResponse)) {
        return false;
    }
    if (methods.every((m) => m.responseSerialize[ENCODED_ONCE])) {
        return true;
    }
    let fast: Serialize;
    try {
        fast = serializerKeepingEntries(pb.AnalyzeResponse);
        const sample = probe(pb);
        if (!fast(sample).equals(Buffer.from(sample.serializeBinary()))) {
            return false;
        }
    } catch {
        return false;
    }
    for (const method of methods) {
        const original = method.responseSerialize as Serialize;
        const serialize: Serialize = (response) => (response instanceof pb.AnalyzeResponse ? fast(response) : original(response));
        Object.defineProperty(serialize, ENCODED_ONCE, { value: true });
        method.responseSerialize = serialize;
    }
    return true;
}
