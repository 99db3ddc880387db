import * as assert from "assert";
import { T } from "../../../../policypack/lib/types";
import { bedrockFlowGuardrail as rule } from "../../../../policypack/rules/agents/bedrock-flow-guardrail";
import { messages, runResourceRule, UNKNOWN } from "../../../helpers/policy-harness";

const GUARDRAIL = { guardrailIdentifier: "a1b2c3d4e5f6", guardrailVersion: "3" };
// A flow definition as GetFlow returns it and Prowler's bedrock_flow_guardrail_enabled reads it: input, prompt, knowledge base, output.
function definition(prompt: Record<string, unknown> = { guardrailConfiguration: GUARDRAIL }, knowledgeBase: Record<string, unknown> = { guardrailConfiguration: GUARDRAIL }) {
    return {
        nodes: [
            { name: "FlowInputNode", type: "Input", configuration: { input: {} }, outputs: [{ name: "document", type: "String" }] },
            {
                name: "Summarize",
                type: "Prompt",
                configuration: { prompt: { sourceConfiguration: { inline: { modelId: "anthropic.claude-3-5-sonnet-20240620-v1:0", templateType: "TEXT" } }, ...prompt } },
            },
            { name: "Policies", type: "KnowledgeBase", configuration: { knowledgeBase: { knowledgeBaseId: "KB12345678", modelId: "anthropic.claude-3-haiku-20240307-v1:0", ...knowledgeBase } } },
            { name: "FlowOutputNode", type: "Output", configuration: { output: {} } },
        ],
    };
}
const flow = (props: Record<string, unknown>, type: string = T.agentFlow) =>
    runResourceRule(rule, { type, name: "triage", props: { name: "triage", executionRoleArn: "arn:aws:iam::123456789012:role/flows/triage", ...props } });

describe("bedrock-flow-guardrail", () => {
    it("passes a flow whose prompt and generating knowledge-base nodes carry a published guardrail version (Prowler PASS)", async () => {
        assert.deepStrictEqual((await flow({ definition: definition() })).violations, []);
        assert.deepStrictEqual((await flow({ definitionString: JSON.stringify(definition()) }, T.nativeFlow)).violations, []);
        // A retrieve-only knowledge-base node cannot take a guardrail.
        const retrieveOnly = definition({ guardrailConfiguration: GUARDRAIL }, { modelId: undefined, guardrailConfiguration: undefined });
        assert.deepStrictEqual((await flow({ definition: retrieveOnly })).violations, []);
    });

    it("flags each node without a guardrail (Prowler FAIL), and a DRAFT version", async () => {
        assert.deepStrictEqual(messages(await flow({ definition: definition({}, {}) })), [
            'prompt node "Summarize" has no guardrailConfiguration: its prompts and responses are not filtered',
            'knowledge-base node "Policies" has no guardrailConfiguration: its prompts and responses are not filtered',
        ]);
        const draft = definition({ guardrailConfiguration: { ...GUARDRAIL, guardrailVersion: "DRAFT" } });
        assert.deepStrictEqual(messages(await flow({ definition: draft })), ['prompt node "Summarize" uses guardrail version "DRAFT": pin a published numeric version (DRAFT changes under the flow)']);
    });

    it("passes during preview when the guardrail version comes from the stack, and cannot decide when the definition is unknown", async () => {
        const pending = definition({ guardrailConfiguration: { guardrailIdentifier: UNKNOWN, guardrailVersion: UNKNOWN } });
        assert.deepStrictEqual((await flow({ definition: pending })).violations, []);
        const unknown = await flow({ definition: UNKNOWN });
        assert.deepStrictEqual(unknown.violations, []);
        assert.match(unknown.previewUnknown ?? "", /during preview/);
    });

    it("is not applicable to a flow without prompt or knowledge-base nodes", async () => {
        const plain = { nodes: [{ name: "FlowInputNode", type: "Input", configuration: { input: {} } }] };
        assert.match((await flow({ definition: plain })).notApplicable ?? "", /no prompt or knowledge-base node/);
    });

    it("reports odd input in one line", async () => {
        assert.match(messages(await flow({ definitionString: "{nodes" }, T.nativeFlow))[0], /definitionString is not valid JSON/);
    });
});
