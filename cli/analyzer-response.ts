/**
 * Decoding of the pack's `AnalyzeResponse` without google-protobuf's reader for the part that
 * repeats: every response lists a not-applicable entry (policy name, reason) for most policies, the
 * same few dozen entries for every resource. google-protobuf decodes each string through an array of
 * its character codes, which for an audit of tens of thousands of resources was most of what the
 * client allocated; here an entry is recognised by its bytes and decoded once. Diagnostics, rare and
 * of many fields, are decoded by the generated message class.
 */
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { forEachField as forEachFieldIn, WIRE_LENGTH_DELIMITED } from "../policypack/lib/protobuf-wire";
import type { AnalyzeResult, Diagnostic, EnforcementLevel, NotApplicable, Severity } from "./protocol";

/** Field numbers of pulumirpc.AnalyzeResponse and pulumirpc.PolicyNotApplicable (pulumi/proto/pulumi/analyzer.proto). */
const RESPONSE_DIAGNOSTICS = 2;
const RESPONSE_NOT_APPLICABLE = 3;
const NOT_APPLICABLE_POLICY_NAME = 1;
const NOT_APPLICABLE_REASON = 2;

export const LEVELS: Record<number, EnforcementLevel> = { 0: "advisory", 1: "mandatory", 2: "disabled", 3: "remediate" };
export const SEVERITIES: Record<number, Severity> = { 0: "", 1: "low", 2: "medium", 3: "high", 4: "critical" };

/** The fields of a message in `bytes[start, end)`, as of an AnalyzeResponse (named in errors). */
function forEachField(bytes: Uint8Array, start: number, end: number, visit: (field: number, wireType: number, from: number, to: number) => void): void {
    forEachFieldIn(bytes, start, end, visit, "AnalyzeResponse");
}

/** Responses without diagnostics kept, by length, for recognising the next ones (a few per type of resource). */
const KEPT_RESPONSES = 256;
const KEPT_PER_LENGTH = 8;

/**
 * Decodes responses, keeping one object per distinct not-applicable entry across all of them, and
 * one result per distinct response without diagnostics: resources of one type get the same answer
 * byte for byte, recognised by comparing bytes instead of decoding them again. Results are frozen,
 * as they are shared.
 */
export class AnalyzeResponseDecoder {
    private readonly entries = new Map<string, NotApplicable>();
    private readonly responses = new Map<number, Array<{ bytes: Buffer; result: AnalyzeResult }>>();
    private keptResponses = 0;

    constructor(private readonly pb: Pick<typeof analyzerPb, "AnalyzeDiagnostic">) {}

    /** The response in `bytes`; a diagnostic without a URN is attributed to `defaultUrn` (the engine does so for `analyze`). */
    decode(bytes: Buffer, defaultUrn: string): AnalyzeResult {
        const sameLength = this.responses.get(bytes.length);
        const known = sameLength?.find((r) => r.bytes.equals(bytes));
        if (known) {
            return known.result;
        }
        const result = this.decodeAnew(bytes, defaultUrn);
        if (result.diagnostics.length === 0 && (sameLength?.length ?? 0) < KEPT_PER_LENGTH) {
            if (this.keptResponses >= KEPT_RESPONSES) {
                this.responses.clear();
                this.keptResponses = 0;
            }
            Object.freeze(result.diagnostics);
            Object.freeze(result.notApplicable);
            const kept = this.responses.get(bytes.length) ?? [];
            kept.push({ bytes: Buffer.from(bytes), result: Object.freeze(result) });
            this.responses.set(bytes.length, kept);
            this.keptResponses++;
        }
        return result;
    }

    private decodeAnew(bytes: Buffer, defaultUrn: string): AnalyzeResult {
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
