import { strict as assert } from "assert";
import { z } from "zod";
import { loadStackConfig } from "../../../components/config";
import { NAMESPACE } from "../../../components/config/namespace";
import { describeIssues, settingsKeys } from "../../../components/config/issues";
import { identitySchema } from "../../../components/config/identity";
import { loadStackConfigFile } from "../../../cli/stack-config";
import { DEFAULT_AGENT_TOOL_ACTIONS, DEFAULT_READ_ONLY_SERVICES } from "../../../policypack/controls/agent-identity";

/** The identity section as the stack schema nests it, so messages name the full key. */
const section = z.object({ identity: identitySchema }).strict();

function parse(identity: unknown) {
    return section.parse({ identity }).identity;
}

function problems(identity: unknown): string[] {
    const result = section.safeParse({ identity });
    return result.success ? [] : describeIssues(result.error, { identity }, section, settingsKeys(NAMESPACE)).map((p) => p.reason);
}

describe("ai-guardrails:identity configuration", () => {
    it("defaults to the agent path, the read-only and tool ceilings, no extras and no PassRole roles", () => {
        // A stack file without an identity section gets the defaults.
        const config = loadStackConfig(loadStackConfigFile("dev"));
        assert.deepEqual(config.identity, {
            rolePath: "/ai-agents/",
            readOnlyServices: [...DEFAULT_READ_ONLY_SERVICES],
            toolActions: [...DEFAULT_AGENT_TOOL_ACTIONS],
            extraDestructiveActions: [],
            allowedPassRoleArns: [],
        });
    });

    it("accepts a stricter ceiling and extra destructive actions", () => {
        const identity = parse({ readOnlyServices: ["logs"], toolActions: ["bedrock-agentcore:InvokeGateway"], extraDestructiveActions: ["glue:Delete*"] });
        assert.deepEqual(identity.readOnlyServices, ["logs"]);
        assert.deepEqual(identity.toolActions, ["bedrock-agentcore:InvokeGateway"]);
        assert.deepEqual(identity.extraDestructiveActions, ["glue:Delete*"]);
    });

    it("lets agents emit EventBridge events but not rewrite or retarget the rules that route findings", () => {
        assert.deepEqual(parse({ toolActions: ["events:PutEvents"] }).toolActions, ["events:PutEvents"]);
        assert.match(problems({ toolActions: ["events:PutRule"] })[0], /^ai-guardrails:identity\.toolActions\[0\] = "events:PutRule": is in the destructive-action catalogue/);
        assert.match(problems({ toolActions: ["events:PutTargets"] })[0], /^ai-guardrails:identity\.toolActions\[0\] = "events:PutTargets": is in the destructive-action catalogue/);
    });

    it("names the key, the value and what is allowed for each bad value", () => {
        assert.deepEqual(problems({ rolePath: "agents" }), ['ai-guardrails:identity.rolePath = "agents": expected an IAM path that starts and ends with /, such as /ai-agents/']);
        assert.match(problems({ readOnlyServices: ["cloudwatchh"] })[0], /^ai-guardrails:identity\.readOnlyServices\[0\] = "cloudwatchh": expected an IAM service prefix/);
        assert.match(problems({ toolActions: ["ec2:TerminateInstances"] })[0], /^ai-guardrails:identity\.toolActions\[0\] = "ec2:TerminateInstances": is in the destructive-action catalogue/);
        assert.match(problems({ extraDestructiveActions: ["s3:Nuke"] })[0], /^ai-guardrails:identity\.extraDestructiveActions\[0\] = "s3:Nuke": expected an IAM action/);
        assert.match(problems({ allowedPassRoleArns: ["admin"] })[0], /^ai-guardrails:identity\.allowedPassRoleArns\[0\] = "admin": expected a role ARN/);
        assert.match(problems({ boundary: "x" })[0], /ai-guardrails:identity\.boundary = "x": unknown key; allowed keys: rolePath, readOnlyServices, toolActions, extraDestructiveActions, allowedPassRoleArns/);
    });

    it("refuses extra destructive actions that would take a tool away or contradict the PassRole roles", () => {
        assert.match(problems({ extraDestructiveActions: ["lambda:Invoke*"] })[0], /extraDestructiveActions\[0\] = "lambda:Invoke\*": denies the tool action lambda:InvokeFunction/);
        const passRole = problems({ extraDestructiveActions: ["iam:Pass*"], allowedPassRoleArns: ["arn:aws:iam::111111111111:role/ai-agents/x"] });
        assert.match(passRole[0], /contradicts allowedPassRoleArns/);
    });
});
