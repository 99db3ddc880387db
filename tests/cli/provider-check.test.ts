/**
 * What the offline preview hands the pack is what the engine hands an analyzer: the inputs the AWS
 * provider's Check returns (cli/provider-check.ts), not the program's own.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AUTONAMED_PROPERTIES, goJson, JSON_DOCUMENT_PROPERTIES, transformJsonDocument } from "../../cli/provider-check";
import { renderComponent, single } from "../helpers/mocks";

const WIRE_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const wire = { isUnknown: (v: unknown) => v === WIRE_UNKNOWN, unknown: WIRE_UNKNOWN };

/** Properties @pulumi/aws types `string | <Service>.PolicyDocument`: the ones its provider declares as JSON documents. */
function declaredJsonDocuments(): Record<string, string[]> {
    const root = path.dirname(require.resolve("@pulumi/aws/package.json"));
    const out: Record<string, string[]> = {};
    for (const dir of fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== "types" && d.name !== "node_modules")) {
        for (const file of fs.readdirSync(path.join(root, dir.name)).filter((f) => f.endsWith(".d.ts"))) {
            const text = fs.readFileSync(path.join(root, dir.name, file), "utf8");
            const args = /export interface \w+Args \{([\s\S]*?)\n\}/.exec(text);
            const js = path.join(root, dir.name, file.replace(/\.d\.ts$/, ".js"));
            const token = args && fs.existsSync(js) ? /__pulumiType = '([^']+)'/.exec(fs.readFileSync(js, "utf8")) : null;
            if (!token || !args) {
                continue;
            }
            const props = [...args[1].matchAll(/^\s{4}(\w+)\??: pulumi\.Input<string \| inputs\.\w+\.\w*PolicyDocument(?: \| undefined)?>;/gm)].map((m) => m[1]);
            if (props.length > 0) {
                out[token[1]] = props;
            }
        }
    }
    return out;
}

describe("the provider's Check, as the offline preview models it", () => {
    it("knows every JSON-document property of the installed @pulumi/aws", () => {
        const declared = declaredJsonDocuments();
        assert.ok(Object.keys(declared).length > 5, "the declarations were read");
        assert.deepEqual(
            Object.fromEntries(Object.entries(JSON_DOCUMENT_PROPERTIES).map(([t, p]) => [t, [...p]])),
            Object.fromEntries(Object.keys(declared).sort().map((t) => [t, declared[t]])),
        );
    });

    it("turns a structured document into JSON as Go writes it, and one holding an unknown anywhere into one unknown", () => {
        assert.equal(goJson({ b: [{ d: 1, c: "<&>" }], a: true }), '{"a":true,"b":[{"c":"\\u003c\\u0026\\u003e","d":1}]}');
        const doc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }] };
        assert.equal(transformJsonDocument(doc, wire), goJson(doc));
        assert.equal(transformJsonDocument(JSON.stringify(doc), wire), JSON.stringify(doc), "a string is kept as it is");
        const partial = { ...doc, Statement: [{ ...doc.Statement[0], Resource: [WIRE_UNKNOWN] }] };
        assert.equal(transformJsonDocument(partial, wire), WIRE_UNKNOWN);
    });

    it("at preview, analyzers get a policy passed as an object with one unknown ARN as one unknown string", async () => {
        const build = () => {
            const key = new aws.kms.Key("k", {});
            new aws.iam.RolePolicy("p", {
                role: "r",
                policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: key.arn }] },
            });
        };
        const preview = single(await renderComponent(build, { preview: true }), "aws:iam/rolePolicy:RolePolicy");
        assert.equal(preview.inputs.policy, WIRE_UNKNOWN);
        assert.equal(preview.outputs.policy, WIRE_UNKNOWN);
        const up = single(await renderComponent(build), "aws:iam/rolePolicy:RolePolicy");
        assert.equal(typeof up.inputs.policy, "string");
        assert.match(up.inputs.policy, /^\{"Statement":\[\{"Action":"kms:Decrypt","Effect":"Allow","Resource":"arn:aws:kms:/);
    });

    it("fills in auto-names, known at preview, so ARNs computed from them are known too", async () => {
        assert.deepEqual(AUTONAMED_PROPERTIES["aws:s3/bucket:Bucket"], { property: "bucket", lowerCase: true });
        let arn: pulumi.Output<string> | undefined;
        const resources = await renderComponent(
            () => {
                const bucket = new aws.s3.Bucket("Logs", {});
                arn = pulumi.interpolate`arn:aws:s3:::${bucket.bucket}`;
                new aws.s3.BucketPolicy("logs-policy", { bucket: bucket.bucket, policy: pulumi.jsonStringify({ Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: arn }] }) });
            },
            { preview: true },
        );
        const bucket = single(resources, "aws:s3/bucket:Bucket");
        assert.match(bucket.inputs.bucket, /^logs-[0-9a-f]{7}$/);
        assert.equal(JSON.parse(single(resources, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy).Statement[0].Resource, `arn:aws:s3:::${bucket.inputs.bucket}`);
        // A computed output such as the bucket's own ARN stays unknown.
        assert.equal(bucket.outputs.arn, undefined);
    });
});
