/**
 * The Bedrock and AgentCore classification against the installed @pulumi/aws: every resource type
 * of the bedrock, bedrockmodel, bedrockfoundation and agentregistry modules (and any other type
 * whose token names Bedrock or AgentCore) is classified, and every IAM role or KMS key property of
 * its arguments, nested blocks included, is classified too. A provider upgrade that adds a type
 * or such a property fails here until the table says what it is.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { BEDROCK_RESOURCE_TYPES } from "../../../policypack/controls/bedrock-resources";

const AWS = path.dirname(require.resolve("@pulumi/aws/package.json"));
const MODULES = ["bedrock", "bedrockmodel", "bedrockfoundation", "agentregistry"];
const ROLE_PROPERTY = /rolearn$/i;
const KEY_PROPERTY = /(kms|encryption)key(arn|id)?$/i;

function parse(file: string): ts.SourceFile {
    return ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
}

/** `namespace.Interface` -> the interface, from types/input.d.ts. */
function inputInterfaces(): Map<string, ts.InterfaceDeclaration> {
    const out = new Map<string, ts.InterfaceDeclaration>();
    for (const st of parse(path.join(AWS, "types", "input.d.ts")).statements) {
        if (ts.isModuleDeclaration(st) && st.body && ts.isModuleBlock(st.body)) {
            for (const m of st.body.statements) {
                if (ts.isInterfaceDeclaration(m)) {
                    out.set(`${st.name.text}.${m.name.text}`, m);
                }
            }
        }
    }
    return out;
}

/** Every property path of an arguments interface, through the nested input types it names. */
function propertyPaths(iface: ts.InterfaceDeclaration, inputs: Map<string, ts.InterfaceDeclaration>, prefix = "", depth = 0): string[] {
    const out: string[] = [];
    for (const member of iface.members) {
        if (!ts.isPropertySignature(member) || !member.type) {
            continue;
        }
        const name = `${prefix}${(member.name as ts.Identifier).text}`;
        out.push(name);
        const nested = /inputs\.([A-Za-z0-9]+)\.([A-Za-z0-9]+)/.exec(member.type.getText());
        const next = nested ? inputs.get(`${nested[1]}.${nested[2]}`) : undefined;
        if (next && depth < 15) {
            out.push(...propertyPaths(next, inputs, `${name}.`, depth + 1));
        }
    }
    return out;
}

interface ProviderType {
    token: string;
    paths: string[];
}

/** The resource types of the installed provider this table must cover, with their argument paths. */
function providerTypes(): ProviderType[] {
    const inputs = inputInterfaces();
    const out: ProviderType[] = [];
    for (const mod of fs.readdirSync(AWS, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== "types" && e.name !== "node_modules")) {
        const dir = path.join(AWS, mod.name);
        for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".js") && f !== "index.js")) {
            const token = /__pulumiType = '([^']+)'/.exec(fs.readFileSync(path.join(dir, file), "utf8"))?.[1];
            if (!token || (!MODULES.includes(mod.name) && !/bedrock|agentcore/i.test(token))) {
                continue;
            }
            const dts = parse(path.join(dir, file.replace(/\.js$/, ".d.ts")));
            const args = dts.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && /Args$/.test(s.name.text));
            out.push({ token, paths: args ? propertyPaths(args, inputs) : [] });
        }
    }
    return out;
}

describe("Bedrock and AgentCore resource classification", function () {
    this.timeout(60000);
    const provider = providerTypes();

    it("finds the provider's types (about forty in 7.48)", () => {
        assert.ok(provider.length >= 40, `${provider.length} types`);
    });

    it("classifies every Bedrock and AgentCore resource type of the installed provider, and names no other", () => {
        const tokens = provider.map((p) => p.token).sort();
        assert.deepEqual(tokens.filter((t) => !BEDROCK_RESOURCE_TYPES[t]), [], "types the table does not classify");
        assert.deepEqual(Object.keys(BEDROCK_RESOURCE_TYPES).filter((t) => !tokens.includes(t)), [], "tokens the provider does not have");
    });

    for (const { token, paths } of provider) {
        const entry = BEDROCK_RESOURCE_TYPES[token];
        it(`${token}: its role and key properties are exactly the classified ones`, () => {
            if (!entry) {
                return;
            }
            const last = (p: string) => p.split(".").pop()!;
            const roles = paths.filter((p) => ROLE_PROPERTY.test(last(p))).sort();
            const keys = paths.filter((p) => KEY_PROPERTY.test(last(p))).sort();
            assert.deepEqual([...entry.executionRoles.map((r) => r.property), ...entry.serviceRoles.map((r) => r.property)].sort(), roles);
            assert.deepEqual([...entry.customerKeys.map((k) => k.property), ...entry.otherKeys.map((k) => k.property)].sort(), keys);
            for (const role of entry.executionRoles) {
                if (role.owner) {
                    assert.ok(paths.includes(role.owner.property), `${role.owner.property} is an argument`);
                    assert.ok(BEDROCK_RESOURCE_TYPES[role.owner.type], `${role.owner.type} is classified`);
                }
            }
        });
    }

    it("gives every workload that runs on a role the service principal of its family", () => {
        for (const [token, entry] of Object.entries(BEDROCK_RESOURCE_TYPES)) {
            for (const role of entry.executionRoles) {
                assert.equal(role.service, entry.agentCore ? "bedrock-agentcore.amazonaws.com" : "bedrock.amazonaws.com", token);
            }
        }
    });
});
