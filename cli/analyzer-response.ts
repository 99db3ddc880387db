/**
 * Decoding of the pack's `AnalyzeResponse` without google-protobuf's reader for the part that
 * repeats: every response lists a not-applicable entry (policy name, reason) for most policies, the
 * same few dozen entries for every resource. google-protobuf decodes each string through an array of
 * its character codes, which for an audit of tens of thousands of resources was most of what the
 * client allocated; here an entry is recognised by its bytes and decoded once. Diagnostics, rare and
 * of many fields, are decoded by the generated message class.
 */
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type { AnalyzeResult, Diagnostic, EnforcementLevel, NotApplicable, Severity } from "./protocol";

/** Field numbers of pulumirpc.AnalyzeResponse and pulumirpc.PolicyNotApplicable (pulumi/proto/pulumi/analyzer.proto). */
const RESPONSE_DIAGNOSTICS = 2;
const RESPONSE_NOT_APPLICABLE = 3;
const NOT_APPLICABLE_POLICY_NAME = 1;
const NOT_APPLICABLE_REASON = 2;

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

export const LEVELS: Record<number, EnforcementLevel> = { 0: "advisory", 1: "mandatory", 2: "disabled", 3: "remediate" };
export const SEVERITIES: Record<number, Severity> = { 0: "", 1: "low", 2: "medium", 3: "high", 4: "critical" };

/** A varint at `at`: its value and the offset after it. */
function readVarint(bytes: Uint8Array, at: number): [number, number] {
    let value = 0;
    let scale = 1;
    let i = at;
    for (;;) {
        if (i >= bytes.length) {
            throw new Error("truncated varint in an AnalyzeResponse");
        }
        const b = bytes[i++];
        value += (b & 0x7f) * scale;
        if (b < 0x80) {
            return [value, i];
        }
        scale *= 128;
    }
}

/**
 * Calls `visit` with each field of the message in `bytes[start, end)`: its number, its wire type and
 * the span of its value (a length-delimited field's payload; the raw bytes of any other).
 */
export function forEachField(bytes: Uint8Array, start: number, end: number, visit: (field: number, wireType: number, from: number, to: number) => void): void {
    let i = start;
    while (i < end) {
        const [tag, afterTag] = readVarint(bytes, i);
        const field = Math.floor(tag / 8);
        const wireType = tag & 7;
        let from = afterTag;
        let to: number;
        switch (wireType) {
            case WIRE_VARINT:
                to = readVarint(bytes, afterTag)[1];
                break;
            case WIRE_FIXED64:
                to = afterTag + 8;
                break;
            case WIRE_LENGTH_DELIMITED: {
                const [length, afterLength] = readVarint(bytes, afterTag);
                from = afterLength;
                to = afterLength + length;
                break;
            }
            case WIRE_FIXED32:
                to = afterTag + 4;
                break;
            default:
                throw new Error(`unsupported wire type ${wireType} in an AnalyzeResponse`);
        }
        if (to > end) {
            throw new Error("truncated field in an AnalyzeResponse");
        }
        visit(field, wireType, from, to);
        i = to;
    }
}

/** Decodes responses, keeping one object per distinct not-applicable entry across all of them. */
export class AnalyzeResponseDecoder {
    private readonly entries = new Map<string, NotApplicable>();

    constructor(private readonly pb: Pick<typeof analyzerPb, "AnalyzeDiagnostic">) {}

    /** The response in `bytes`; a diagnostic without a URN is attributed to `defaultUrn` (the engine does so for `analyze`). */
    decode(bytes: Buffer, defaultUrn: string): AnalyzeResult {
        const diagnostics: Diagnostic[] = [];
        const notApplicable: NotApplicable[] = [];
        forEachField(bytes, 0, bytes.length, (field, wireType, from, to) => {
            if (wireType !== WIRE_LENGTH_DELIMITED) {
                return;
            }
            if (field === RESPONSE_DIAGNOSTICS) {
                diagnostics.push(this.diagnostic(this.pb.AnalyzeDiagnostic.deserializeBinary(bytes.subarray(from, to)), defaultUrn));
            } else if (field === RESPONSE_NOT_APPLICABLE) {
                notApplicable.push(this.notApplicable(bytes, from, to));
            }
        });
        return { diagnostics, notApplicable };
    }

    private notApplicable(bytes: Buffer, from: number, to: number): NotApplicable {
        // The entry's bytes are its identity: the same policy and reason encode the same.
        const key = bytes.toString("latin1", from, to);
        let entry = this.entries.get(key);
        if (!entry) {
            let policyName = "";
            let reason = "";
            forEachField(bytes, from, to, (field, wireType, a, b) => {
                if (wireType === WIRE_LENGTH_DELIMITED && field === NOT_APPLICABLE_POLICY_NAME) {
                    policyName = bytes.toString("utf8", a, b);
                } else if (wireType === WIRE_LENGTH_DELIMITED && field === NOT_APPLICABLE_REASON) {
                    reason = bytes.toString("utf8", a, b);
                }
            });
            entry = Object.freeze({ policyName, reason });
            this.entries.set(key, entry);
        }
        return entry;
    }

    private diagnostic(d: analyzerPb.AnalyzeDiagnostic, defaultUrn: string): Diagnostic {
        return {
            policyName: d.getPolicyname(),
            policyPackName: d.getPolicypackname(),
            policyPackVersion: d.getPolicypackversion(),
            description: d.getDescription(),
            message: d.getMessage(),
            enforcementLevel: LEVELS[d.getEnforcementlevel()] ?? "advisory",
            severity: SEVERITIES[d.getSeverity()] ?? "",
            // The engine, not the pack, attributes analyze diagnostics to the resource.
            urn: d.getUrn() || defaultUrn,
        };
    }
}
