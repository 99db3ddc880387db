import * as assert from "assert";
import { approvedModelArnPatterns, DEFAULT_APPROVED_MODEL_IDS, FOUNDATION_MODEL_ID, modelResourceArns } from "../../../policypack/controls/model-access";
import { parsePolicyDocument } from "../../../policypack/lib/iam/document";
import { invokeGrants, invokeTargetPatterns, isApprovedResource, noOpGuardrailDenies, reviewGuardrailDenies } from "../../../policypack/lib/iam/invoke";
import { allowApproved, denyWithoutGuardrail, doc, PROFILE } from "../fixtures/iam";

describe("model-invocation analysis of IAM documents", () => {
    it("derives the resource types the invoke actions accept from the catalogue", async () => {
        const targets = await invokeTargetPatterns();
        assert.ok(targets.includes("arn:aws:bedrock:*::foundation-model/*"));
        assert.ok(targets.includes("arn:aws:bedrock:*:*:inference-profile/*"));
        assert.ok(targets.includes("arn:aws:bedrock:*:*:application-inference-profile/*"));
        assert.ok(targets.includes("arn:aws-us-gov:bedrock:*::foundation-model/*"));
        assert.ok(!targets.some((t) => t.includes(":guardrail/")), "a guardrail is not something one invokes");
    });

    it("finds the Allow statements that grant invoke, through which patterns, on which model resources", async () => {
        const grants = await invokeGrants(
            parsePolicyDocument(
                doc(
                    { Sid: "A", Effect: "Allow", Action: "bedrock:*", Resource: ["arn:aws:s3:::b/*", "*"] },
                    { Sid: "B", Effect: "Allow", Action: "bedrock:InvokeModelWithResponseStream", Resource: "arn:aws:bedrock:us-east-1::foundation-model/m" },
                    { Sid: "C", Effect: "Allow", NotAction: "s3:*", NotResource: "arn:aws:s3:::b" },
                    { Sid: "D", Effect: "Allow", Action: "bedrock:ApplyGuardrail", Resource: "*" },
                    { Sid: "E", Effect: "Deny", Action: "bedrock:*", Resource: "*" },
                ),
            ),
        );
        assert.deepStrictEqual(
            grants.map((g) => [g.statement.sid, g.actions, g.via, g.resources, g.unbounded]),
            [
                ["A", ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], ["bedrock:*"], ["*"], false],
                ["B", ["bedrock:InvokeModelWithResponseStream"], ["bedrock:InvokeModelWithResponseStream"], ["arn:aws:bedrock:us-east-1::foundation-model/m"], false],
                ["C", ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], ["NotAction [s3:*]"], [], true],
            ],
        );
    });

    it("approves exactly the ARNs the ModelAccessPolicy component grants for an approved ID", () => {
        const approved = approvedModelArnPatterns(PROFILE);
        for (const arn of modelResourceArns("aws", "eu-central-1", "210987654321", PROFILE)) {
            assert.ok(isApprovedResource(arn, approved), arn);
        }
        assert.ok(!isApprovedResource("arn:aws:bedrock:us-east-1:1:inference-profile/eu.anthropic.claude-3-5-sonnet-20240620-v1:0", approved));
        assert.ok(!isApprovedResource("arn:aws:bedrock:*::foundation-model/*", approved));
    });

    it("ships default approved IDs that the stack config would accept", () => {
        for (const id of DEFAULT_APPROVED_MODEL_IDS) {
            assert.match(id, FOUNDATION_MODEL_ID);
        }
    });

    it("reviews guardrail Denies: enforcing, weak, and keyed on a name that is not a key", async () => {
        const document = parsePolicyDocument(
            doc(
                allowApproved,
                denyWithoutGuardrail,
                { Sid: "Weak", Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "*", Condition: { StringEquals: { "bedrock:GuardrailIdentifier": "arn:x" } } },
                { Sid: "NoOp", Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "*", Condition: { StringNotEquals: { "bedrock:GuardrailArn": "arn:x" } } },
            ),
        );
        const grants = await invokeGrants(document);
        const reviews = reviewGuardrailDenies(document, grants, []);
        assert.deepStrictEqual(
            reviews.map((r) => [r.statement.sid, r.problems.length, r.actions]),
            [
                ["DenyInvokeWithoutApprovedGuardrail", 0, ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]],
                ["Weak", 2, ["bedrock:InvokeModel"]],
            ],
        );
        assert.deepStrictEqual(
            noOpGuardrailDenies(document, ["bedrock:guardrailarn"]).map((s) => s.sid),
            ["NoOp"],
        );
    });
});
