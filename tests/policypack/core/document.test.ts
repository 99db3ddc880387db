import * as assert from "assert";
import { describeStatement, isConditionOperator, isUnreadable, parsePolicyDocument } from "../../../policypack/lib/iam/document";
import { isUndecided } from "../../../policypack/lib/unknowns";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const UNKNOWN = (require("@pulumi/policy/proxy") as { unknownStringValue: string }).unknownStringValue;

const allow = { Sid: "Read", Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"] };

describe("parsePolicyDocument", () => {
    it("reads a JSON string and the same document as an object identically", () => {
        const doc = { Version: "2012-10-17", Statement: [allow] };
        const fromString = parsePolicyDocument(JSON.stringify(doc));
        const fromObject = parsePolicyDocument(doc);
        assert.deepStrictEqual(fromString, fromObject);
        assert.deepStrictEqual(fromObject.errors, []);
        assert.deepStrictEqual(fromObject.statements, [
            {
                sid: "Read",
                effect: "Allow",
                actions: ["s3:GetObject", "s3:ListBucket"],
                notActions: undefined,
                resources: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
                notResources: undefined,
                principals: undefined,
                notPrincipals: undefined,
                conditions: [],
                index: 0,
            },
        ]);
    });

    it("normalises a single Statement, Action and Resource to lists", () => {
        const { statements, errors } = parsePolicyDocument({ Version: "2012-10-17", Statement: { Effect: "Deny", Action: "s3:*", Resource: "*" } });
        assert.deepStrictEqual(errors, []);
        assert.strictEqual(statements.length, 1);
        assert.deepStrictEqual(statements[0].actions, ["s3:*"]);
        assert.deepStrictEqual(statements[0].resources, ["*"]);
        assert.strictEqual(statements[0].effect, "Deny");
    });

    it("keeps NotAction and NotResource apart from Action and Resource", () => {
        const { statements, errors } = parsePolicyDocument({ Statement: [{ Effect: "Deny", NotAction: "iam:*", NotResource: ["arn:aws:s3:::b"] }] });
        assert.deepStrictEqual(errors, []);
        assert.strictEqual(statements[0].actions, undefined);
        assert.deepStrictEqual(statements[0].notActions, ["iam:*"]);
        assert.strictEqual(statements[0].resources, undefined);
        assert.deepStrictEqual(statements[0].notResources, ["arn:aws:s3:::b"]);
    });

    it("reads every Principal form", () => {
        const { statements, errors } = parsePolicyDocument({
            Statement: [
                { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" },
                { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "s3:GetObject", Resource: "*" },
                { Effect: "Allow", Principal: { AWS: ["111111111111", "222222222222"], Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" },
                { Effect: "Allow", Principal: { Federated: "cognito-identity.amazonaws.com" }, Action: "sts:AssumeRoleWithWebIdentity" },
                { Effect: "Deny", NotPrincipal: { AWS: "arn:aws:iam::123456789012:role/admin" }, Action: "s3:*", Resource: "*" },
            ],
        });
        assert.deepStrictEqual(errors, []);
        assert.strictEqual(statements[0].principals, "*");
        assert.deepStrictEqual(statements[1].principals, { AWS: ["arn:aws:iam::123456789012:root"] });
        assert.deepStrictEqual(statements[2].principals, { AWS: ["111111111111", "222222222222"], Service: ["bedrock.amazonaws.com"] });
        assert.deepStrictEqual(statements[3].principals, { Federated: ["cognito-identity.amazonaws.com"] });
        assert.deepStrictEqual(statements[4].notPrincipals, { AWS: ["arn:aws:iam::123456789012:role/admin"] });
    });

    it("rejects a Principal that is neither * nor an object of kinds, and Principal with NotPrincipal", () => {
        const { errors } = parsePolicyDocument({
            Statement: [
                { Effect: "Allow", Principal: "arn:aws:iam::123456789012:root", Action: "s3:GetObject", Resource: "*" },
                { Effect: "Allow", Principal: "*", NotPrincipal: "*", Action: "s3:GetObject", Resource: "*" },
                { Effect: "Allow", Principal: { AWS: 123456789012 }, Action: "s3:GetObject", Resource: "*" },
            ],
        });
        assert.deepStrictEqual(errors, [
            'Statement[0]: Principal must be "*" or an object such as {"Service": "..."}',
            "Statement[1]: Principal and NotPrincipal cannot both be present",
            "Statement[2]: Principal.AWS must be a string or a list of strings, got 123456789012",
        ]);
    });

    it("reads conditions: several operators and keys, lists, set and IfExists forms, non-string values", () => {
        const { statements, errors } = parsePolicyDocument({
            Statement: {
                Effect: "Deny",
                Action: "bedrock:InvokeModel",
                Resource: "*",
                Condition: {
                    StringNotEqualsIfExists: { "bedrock:GuardrailIdentifier": ["arn:a", "arn:b"], "aws:SourceVpce": "vpce-1" },
                    Bool: { "aws:ViaAWSService": false },
                    "ForAnyValue:StringLike": { "aws:TagKeys": "team*" },
                    Null: { "aws:RequestTag/team": "true" },
                    NumericLessThan: { "s3:TlsVersion": 1.2 },
                },
            },
        });
        assert.deepStrictEqual(errors, []);
        assert.deepStrictEqual(statements[0].conditions, [
            { operator: "StringNotEqualsIfExists", key: "bedrock:GuardrailIdentifier", values: ["arn:a", "arn:b"] },
            { operator: "StringNotEqualsIfExists", key: "aws:SourceVpce", values: ["vpce-1"] },
            { operator: "Bool", key: "aws:ViaAWSService", values: ["false"] },
            { operator: "ForAnyValue:StringLike", key: "aws:TagKeys", values: ["team*"] },
            { operator: "Null", key: "aws:RequestTag/team", values: ["true"] },
            { operator: "NumericLessThan", key: "s3:TlsVersion", values: ["1.2"] },
        ]);
    });

    it("reports a condition operator outside Condition (the seed's SCP error) with a hint", () => {
        const { statements, errors } = parsePolicyDocument({
            Statement: [
                {
                    Effect: "Deny",
                    Action: "bedrock:InvokeModel",
                    Resource: "*",
                    Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-1" } },
                    BoolIfExists: { "aws:ViaAWSService": "false" },
                },
            ],
        });
        assert.deepStrictEqual(errors, ["Statement[0]: unknown statement element BoolIfExists (a condition operator belongs inside Condition)"]);
        assert.strictEqual(statements.length, 1, "the rest of the statement is still read");
    });

    it("reports unknown operators, misspelt elements and malformed condition blocks", () => {
        const { errors } = parsePolicyDocument({
            Statement: [
                { Effect: "Allow", Action: "s3:GetObject", Resources: "*" },
                { Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { StringEqualz: { k: "v" } } },
                { Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: "v" } },
                { Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: "StringEquals" },
            ],
        });
        assert.deepStrictEqual(errors, [
            "Statement[0]: unknown statement element Resources",
            "Statement[1]: unknown condition operator StringEqualz",
            "Statement[2]: Condition.StringEquals must map condition keys to values",
            "Statement[3]: Condition must be an object of operators",
        ]);
    });

    it("reports grammar errors: Effect, Action/NotAction, Resource/NotResource, Sid, types", () => {
        const { statements, errors } = parsePolicyDocument({
            Statement: [
                { Effect: "allow", Action: "s3:GetObject", Resource: "*" },
                { Effect: "Allow", Resource: "*" },
                { Effect: "Allow", Action: "s3:GetObject", NotAction: "s3:PutObject", Resource: "*" },
                { Effect: "Allow", Action: "s3:GetObject", Resource: "*", NotResource: "arn:aws:s3:::b" },
                { Sid: 7, Effect: "Allow", Action: ["s3:GetObject", 42], Resource: {} },
                "Allow",
            ],
        });
        assert.deepStrictEqual(errors, [
            'Statement[0]: Effect must be "Allow" or "Deny", got "allow"',
            "Statement[1]: exactly one of Action or NotAction is required",
            "Statement[2]: exactly one of Action or NotAction is required",
            "Statement[3]: Resource and NotResource cannot both be present",
            "Statement[4]: Sid must be a string, got 7",
            "Statement[4]: Action must be a string or a list of strings, got 42",
            "Statement[4]: Resource must be a string or a list of strings, got {}",
            "Statement[5]: a statement must be an object",
        ]);
        assert.deepStrictEqual(
            statements.map((s) => s.index),
            [1, 2, 3, 4],
            "a statement with an invalid Effect or shape is dropped, the others are kept with their position",
        );
        assert.deepStrictEqual(statements[3].actions, ["s3:GetObject"]);
    });

    it("reports malformed JSON and documents that are not objects, never throwing", () => {
        for (const input of ['{"Statement": [', "", "null", "[]", "42", '"text"', null, undefined, 42, [], true]) {
            const doc = parsePolicyDocument(input);
            assert.strictEqual(doc.statements.length, 0, String(input));
            assert.strictEqual(doc.errors.length, 1, String(input));
            assert.ok(isUnreadable(doc));
        }
        assert.match(parsePolicyDocument('{"Statement": [').errors[0], /^not valid JSON: /);
        assert.deepStrictEqual(parsePolicyDocument([]).errors, ["a policy document must be a JSON object"]);
    });

    it("reports a document without Statement, a wrong Version and unknown top-level elements", () => {
        assert.deepStrictEqual(parsePolicyDocument({ Version: "2012-10-17" }).errors, ["the document has no Statement"]);
        assert.deepStrictEqual(parsePolicyDocument({ Version: "2012-10-18", Statement: [] }).errors, ['Version must be "2012-10-17" (or the legacy "2008-10-17"), got "2012-10-18"']);
        assert.deepStrictEqual(parsePolicyDocument({ Version: "2012-10-17", Id: "x", Statment: [] }).errors, [
            "unknown document element Statment (expected Version, Id, Statement)",
            "the document has no Statement",
        ]);
    });

    it("accepts an empty statement list", () => {
        const doc = parsePolicyDocument({ Version: "2012-10-17", Statement: [] });
        assert.deepStrictEqual(doc, { statements: [], errors: [] });
        assert.strictEqual(isUnreadable(doc), false);
    });

    it("reads a document given as text once for every reader, read-only", () => {
        const text = JSON.stringify({ Version: "2012-10-17", Statement: [allow] });
        const first = parsePolicyDocument(text);
        assert.strictEqual(parsePolicyDocument(`${text}`), first, "the same text, read the same way");
        assert.ok([first, first.errors, first.statements, first.statements[0], first.statements[0].actions, first.statements[0].conditions].every(Object.isFrozen));
        assert.throws(() => first.statements[0].actions!.push("s3:PutObject"), TypeError);
        assert.notStrictEqual(parsePolicyDocument(text, { partial: true }), first, "read partially, a separate reading");
        assert.notStrictEqual(parsePolicyDocument(text, { location: "policy" }), first, "at another location, a separate reading");
        const asObject = parsePolicyDocument({ Version: "2012-10-17", Statement: [allow] });
        assert.deepStrictEqual(asObject, first);
        assert.strictEqual(Object.isFrozen(asObject), false, "a document given as an object is parsed for its reader");
    });

    it("leaves a document whose text holds an unknown undecided on every read, not only the first", () => {
        const text = JSON.stringify({ Version: "2012-10-17", Statement: [{ ...allow, Action: UNKNOWN }] });
        for (let read = 0; read < 2; read++) {
            assert.throws(() => parsePolicyDocument(text), (e: unknown) => isUndecided(e), `read ${read + 1}`);
        }
    });

    it("labels statements by Sid, else by position", () => {
        const { statements } = parsePolicyDocument({ Statement: [allow, { ...allow, Sid: undefined }] });
        assert.strictEqual(describeStatement(statements[0]), 'statement "Read"');
        assert.strictEqual(describeStatement(statements[1]), "Statement[1]");
    });
});

describe("isConditionOperator", () => {
    it("knows the operators with their IfExists and set forms, and nothing else", () => {
        for (const op of ["StringEquals", "ArnNotLikeIfExists", "ForAllValues:StringLike", "ForAnyValue:StringEqualsIgnoreCase", "Null", "BoolIfExists", "IpAddress", "DateGreaterThanEquals"]) {
            assert.ok(isConditionOperator(op), op);
        }
        for (const op of ["StringEqualz", "NullIfExists", "ForAnyValue:Null", "Resource", "stringequals", "ForAllValues:"]) {
            assert.ok(!isConditionOperator(op), op);
        }
    });
});
