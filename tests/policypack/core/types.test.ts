/**
 * The pack matches resources by type token without importing the providers: each token must be a
 * resource class of the installed @pulumi/aws or @pulumi/aws-native, or the rule never sees its resources.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { T } from "../../../policypack/lib/types";

const PULUMI = path.join(path.dirname(require.resolve("@pulumi/aws/package.json")), "..");

/** The files of the provider module a token belongs to (`aws:bedrock/...` -> aws/bedrock/, `aws-native:bedrock:...` -> aws-native/bedrock/). */
function moduleDirOf(token: string): string {
    const [pkg, module] = token.split(":");
    return path.join(PULUMI, pkg, pkg === "aws" ? module.split("/")[0] : module);
}

describe("resource type tokens", () => {
    it("each names a resource class of the installed providers", () => {
        for (const [key, token] of Object.entries(T)) {
            const dir = moduleDirOf(token);
            const declared = fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.endsWith(".js") && fs.readFileSync(path.join(dir, f), "utf8").includes(`__pulumiType = '${token}'`));
            assert.ok(declared, `${key}: ${token}`);
        }
    });
});
