import * as assert from "assert";
import { GUARDRAIL_CONDITION_KEY, INVOKE_ACTIONS, SILENT_NO_OPS } from "../../../policypack/controls/model-access";
import { actionMatches, statementCoversAction } from "../../../policypack/lib/iam/actions";
import { actionExists, conditionKeyExists, expandActionPattern, expandActionPatterns, serviceExists } from "../../../policypack/lib/iam/catalog";
import { parsePolicyDocument } from "../../../policypack/lib/iam/document";

const statement = (s: Record<string, unknown>) => parsePolicyDocument({ Statement: [{ Effect: "Allow", Resource: "*", ...s }] }).statements[0];

describe("IAM action catalogue and matching", () => {
    it("matches actions with IAM wildcards, case-insensitively", () => {
        assert.ok(actionMatches("bedrock:Invoke*", "bedrock:InvokeModel"));
        assert.ok(actionMatches("BEDROCK:invokemodel", "bedrock:InvokeModel"));
        assert.ok(actionMatches("*", "s3:GetObject"));
        assert.ok(actionMatches("s3:Get?bject", "s3:GetObject"));
        assert.ok(!actionMatches("s3:Get?bject", "s3:GetObjectAcl"));
        assert.ok(!actionMatches("bedrock:Invoke", "bedrock:InvokeModel"), "no implicit prefix match");
        assert.ok(!actionMatches("bedrock:Invoke.odel", "bedrock:InvokeModel"), "a dot is literal");
    });

    it("decides whether a statement covers an action through Action or NotAction", () => {
        assert.ok(statementCoversAction(statement({ Action: ["s3:GetObject", "bedrock:*"] }), "bedrock:InvokeModel"));
        assert.ok(!statementCoversAction(statement({ Action: "bedrock:Get*" }), "bedrock:InvokeModel"));
        assert.ok(statementCoversAction(statement({ NotAction: "iam:*" }), "bedrock:InvokeModel"), "NotAction covers everything it does not name");
        assert.ok(!statementCoversAction(statement({ NotAction: ["bedrock:Invoke*"] }), "bedrock:InvokeModel"));
    });

    it("expands wildcards against the real catalogue, in the catalogue's spelling", async () => {
        const invoke = await expandActionPattern("bedrock:Invoke*");
        for (const action of INVOKE_ACTIONS) {
            assert.ok(invoke.includes(action), action);
        }
        assert.ok(invoke.every((a) => a.startsWith("bedrock:Invoke")), "only actions the pattern matches");
        assert.ok(!invoke.includes("bedrock:Converse"));
        assert.deepStrictEqual(await expandActionPattern("bedrock:invokemodel"), ["bedrock:InvokeModel"]);
        const all = await expandActionPattern("bedrock:*");
        assert.ok(all.length > 100, `bedrock has many actions (${all.length})`);
        assert.ok(all.includes("bedrock:ApplyGuardrail") && all.includes("bedrock:DeleteGuardrail"));
        assert.deepStrictEqual(await expandActionPattern("nosuchservice:*"), []);
        assert.deepStrictEqual(await expandActionPattern("s3:Fly*"), []);
    });

    it("expands a service wildcard across services", async () => {
        const deletes = await expandActionPattern("*:DeleteGuardrail");
        assert.deepStrictEqual(deletes, ["bedrock:DeleteGuardrail"]);
    });

    it("expands pattern lists de-duplicated and sorted", async () => {
        const actions = await expandActionPatterns(["bedrock:InvokeModel*", "bedrock:InvokeModel", "s3:GetObject"]);
        assert.deepStrictEqual(actions, ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "s3:GetObject"]);
    });

    it("knows which actions exist: bedrock:Converse does not", async () => {
        assert.ok(await actionExists("bedrock:InvokeModel"));
        assert.ok(await actionExists("bedrock:invokemodelwithresponsestream"));
        assert.ok(await actionExists("*"));
        assert.ok(await actionExists("bedrock:*"));
        assert.ok(await actionExists("bedrock-agentcore:InvokeGateway"));
        assert.ok(!(await actionExists("bedrock:Converse")));
        assert.ok(!(await actionExists("bedrock:ConverseStream")));
        assert.ok(!(await actionExists("s3:Fly*")));
        assert.ok(!(await actionExists("InvokeModel")));
        assert.ok(!(await actionExists("nosuchservice:Get")));
        assert.ok(await serviceExists("Bedrock"));
        assert.ok(!(await serviceExists("bedrok")));
    });

    it("knows which condition keys exist: bedrock:GuardrailIdentifier does, bedrock:GuardrailArn does not", async () => {
        assert.ok(await conditionKeyExists(GUARDRAIL_CONDITION_KEY));
        assert.ok(await conditionKeyExists("bedrock:guardrailidentifier"));
        assert.ok(!(await conditionKeyExists("bedrock:GuardrailArn")));
        assert.ok(await conditionKeyExists("aws:SourceVpce"));
        assert.ok(await conditionKeyExists("aws:PrincipalTag/team"), "keys with a variable suffix");
        assert.ok(await conditionKeyExists("bedrock-agentcore:PolicyEngineMode"));
        assert.ok(!(await conditionKeyExists("aws:SourceVpcEndpoint")));
        assert.ok(await conditionKeyExists("token.actions.githubusercontent.com:sub"), "an OIDC provider's claim");
        assert.ok(await conditionKeyExists("oidc.eks.eu-west-1.amazonaws.com/id/ABC123:aud"), "an OIDC provider URL with a path");
        assert.ok(!(await conditionKeyExists("token.actions.githubusercontent.com:subject")), "a claim IAM does not evaluate");
    });

    it("keeps the pack's control names honest: the invoke actions and the guardrail key exist, the silent no-ops do not", async () => {
        for (const action of INVOKE_ACTIONS) {
            assert.ok(await actionExists(action), action);
        }
        assert.ok(await conditionKeyExists(GUARDRAIL_CONDITION_KEY));
        for (const name of Object.keys(SILENT_NO_OPS)) {
            assert.ok(!(await actionExists(name)) && !(await conditionKeyExists(name)), `${name} must be neither an action nor a condition key`);
        }
    });
});
