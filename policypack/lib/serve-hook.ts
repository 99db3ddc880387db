/**
 * Handlers of the Analyzer service swapped in while the `@pulumi/policy` server (1.21, pinned in
 * package.json) registers them: its `serve` builds each handler from the pack's policies with
 * functions it also exports (`makeAnalyzeRpcFun`, `makeAnalyzeStackRpcFun`), which the pack's own
 * handlers call, so what a policy is answered stays the SDK's. `serve` is wrapped; while it runs,
 * the gRPC server's `addService` hands the Analyzer service's implementation to `replace` first.
 */
import type { Policy } from "@pulumi/policy";
import { policySdkModule } from "./sdk-module";

export type Callback = (err: unknown, response?: any) => void;
export type Handler = (call: { request: any }, callback: Callback) => unknown;
export type Implementation = Record<string, Handler>;
/** The pack as `serve` is given it: what the SDK's handler factories take before the policies. */
export type PackIdentity = [name: string, version: string, enforcementLevel: string];

/** The SDK's server module; its handler factories are marked internal, so they are not in the typings. */
export function policyServer(): Record<string | symbol, any> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("@pulumi/policy/server") as Record<string | symbol, any>;
}

/**
 * Wraps the SDK's `serve` so that `replace` gives the Analyzer service's implementation. Returns
 * false, changing nothing, when the SDK does not have the shape this was written for; true when
 * installed now or before (under `marker`).
 */
export function replaceHandlersAtServe(marker: symbol, replace: (pack: PackIdentity, policies: Policy[], implementation: Implementation) => Implementation): boolean {
    const server = policyServer();
    const grpc = policySdkModule("@grpc/grpc-js");
    const rpc = policySdkModule("@pulumi/pulumi/proto/analyzer_grpc_pb");
    const serve = server.serve;
    if (typeof serve !== "function" || typeof grpc.Server?.prototype?.addService !== "function" || !rpc.AnalyzerService) {
        return false;
    }
    if (serve[marker]) {
        return true;
    }
    const replacingServe = function (this: unknown, packName: string, packVersion: string, packLevel: string, args: { policies?: Policy[] }, ...rest: unknown[]) {
        const prototype = grpc.Server.prototype;
        const addService = prototype.addService;
        prototype.addService = function (this: unknown, service: unknown, implementation: Implementation) {
            const replaced = service === rpc.AnalyzerService && implementation ? replace([packName, packVersion, packLevel], args.policies ?? [], implementation) : implementation;
            return addService.call(this, service, replaced);
        };
        try {
            return serve.call(this, packName, packVersion, packLevel, args, ...rest);
        } finally {
            prototype.addService = addService;
        }
    };
    // Kept visible through any later wrapper: each installs once.
    Object.defineProperty(replacingServe, marker, { value: true });
    for (const key of Object.getOwnPropertySymbols(serve)) {
        Object.defineProperty(replacingServe, key, { value: serve[key] });
    }
    server.serve = replacingServe;
    return server.serve === replacingServe;
}

/**
 * A resource of `type` with nothing in it (an `AnalyzeRequest` or a stack's `AnalyzerResource`), for
 * asking the SDK's handlers what they answer by type alone.
 */
export function placeholderOf<M>(message: new () => M, type: string, urn: string): M {
    const pb = policySdkModule("@pulumi/pulumi/proto/analyzer_pb");
    const { Struct } = policySdkModule("google-protobuf/google/protobuf/struct_pb");
    const placeholder = new message() as M & Record<string, (value: unknown) => void>;
    placeholder.setType(type);
    placeholder.setUrn(urn);
    placeholder.setProperties(new Struct());
    placeholder.setOptions(new pb.AnalyzerResourceOptions());
    return placeholder;
}
