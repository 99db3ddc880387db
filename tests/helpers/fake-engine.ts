/**
 * A stand-in for the Pulumi engine that a component plugin talks to during `Construct`: the
 * ResourceMonitor service (registrations, outputs, feature queries) and the Engine service (logs),
 * over real gRPC. It records every registration the plugin's component makes and answers with a
 * URN and the outputs the offline preview's mocks compute (realistic ARNs and IDs).
 */
import * as path from "path";
import { awsLikeMocks } from "../../cli/mock-runtime";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
/* eslint-disable @typescript-eslint/no-require-imports */
const grpc: typeof import("@grpc/grpc-js") = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
const structproto = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }));
const emptyproto = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [pulumiDir] }));
const resproto = require(path.join(pulumiDir, "proto/resource_pb"));
const resrpc = require(path.join(pulumiDir, "proto/resource_grpc_pb"));
const enginerpc = require(path.join(pulumiDir, "proto/engine_grpc_pb"));
const engineproto = require(path.join(pulumiDir, "proto/engine_pb"));
/* eslint-enable @typescript-eslint/no-require-imports */

export interface Registration {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent: string;
    inputs: Record<string, any>;
    /** Alias specs' types and alias URNs. */
    aliases: string[];
}

export interface FakeEngine {
    /** `127.0.0.1:<port>`: the monitor endpoint and the engine address (one server serves both). */
    address: string;
    registrations: Registration[];
    logs: string[];
    stop(): Promise<void>;
}

export async function startFakeEngine(project: string, stack: string): Promise<FakeEngine> {
    const registrations: Registration[] = [];
    const mocks = awsLikeMocks({ accountId: "111111111111", region: "us-east-1", partition: "aws" }, false);
    const logs: string[] = [];
    const server = new grpc.Server();
    const ok = (callback: any) => callback(null, new emptyproto.Empty());

    server.addService(resrpc.ResourceMonitorService, {
        supportsFeature: (call: any, callback: any) => {
            const resp = new resproto.SupportsFeatureResponse();
            resp.setHassupport(["secrets", "resourceReferences", "aliasSpecs"].includes(call.request.getId()));
            callback(null, resp);
        },
        getDeploymentInfo: (_call: any, callback: any) => {
            const resp = new resproto.DeploymentInfo();
            const f = resproto.ResourceMonitorFeature;
            resp.setSupportedfeaturesList([f.RESOURCE_MONITOR_FEATURE_SECRETS, f.RESOURCE_MONITOR_FEATURE_RESOURCE_REFERENCES, f.RESOURCE_MONITOR_FEATURE_ALIAS_SPECS]);
            callback(null, resp);
        },
        registerResource: async (call: any, callback: any) => {
            const req = call.request;
            const parent: string = req.getParent();
            const type: string = req.getType();
            const qualified = parent ? `${parent.split("::")[2].split("$").pop()}$${type}` : type;
            const urn = `urn:pulumi:${stack}::${project}::${qualified}::${req.getName()}`;
            const inputs = req.getObject()?.toJavaScript() ?? {};
            registrations.push({
                urn,
                type,
                name: req.getName(),
                custom: req.getCustom(),
                parent,
                inputs,
                aliases: [...req.getAliasurnsList(), ...req.getAliasesList().map((a: any) => (a.hasUrn() ? a.getUrn() : a.getSpec().getType()))].filter(Boolean),
            });
            const resp = new resproto.RegisterResourceResponse();
            resp.setUrn(urn);
            if (req.getCustom()) {
                const { id, state } = await mocks.newResource({ type, name: req.getName(), inputs, custom: true });
                resp.setId(id ?? "");
                resp.setObject(structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(state))));
            } else {
                resp.setObject(structproto.Struct.fromJavaScript({}));
            }
            callback(null, resp);
        },
        registerResourceOutputs: (_call: any, callback: any) => ok(callback),
        invoke: (_call: any, callback: any) => {
            const resp = new resproto.InvokeResponse();
            resp.setReturn(structproto.Struct.fromJavaScript({}));
            callback(null, resp);
        },
    });
    server.addService(enginerpc.EngineService, {
        log: (call: any, callback: any) => {
            logs.push(call.request.getMessage());
            ok(callback);
        },
        getRootResource: (_call: any, callback: any) => callback(null, new engineproto.GetRootResourceResponse()),
        setRootResource: (_call: any, callback: any) => callback(null, new engineproto.SetRootResourceResponse()),
    });
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    return {
        address: `127.0.0.1:${port}`,
        registrations,
        logs,
        stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
    };
}
