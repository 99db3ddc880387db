/**
 * A module as `@pulumi/policy` itself resolves it: the gRPC server, protobuf classes and
 * `@pulumi/pulumi` protocol its server uses, which the pack's hooks into that server must share
 * (another copy's classes would fail its `instanceof` checks and never see its calls).
 */
import * as path from "node:path";

export function policySdkModule(id: string): any {
    const policySdk = path.dirname(require.resolve("@pulumi/policy/package.json"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(require.resolve(id, { paths: [policySdk] }));
}
