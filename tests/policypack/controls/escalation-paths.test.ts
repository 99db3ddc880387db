/**
 * The escalation paths against the service authorization reference: real actions only, every pivot
 * among the actions its path requires, and a pivot's resource type one the action really accepts.
 */
import { strict as assert } from "assert";
import { DESTRUCTIVE_ACTIONS } from "../../../policypack/controls/destructive-actions";
import { ESCALATION_PATHS, ESCALATION_PIVOTS, pivotResource } from "../../../policypack/controls/escalation-paths";
import { actionMatches } from "../../../policypack/lib/iam/actions";
import { actionDetails } from "../../../policypack/lib/iam/catalog";

describe("escalation paths", () => {
    it("name real actions, each pivot one its path requires, on a resource type the action accepts", () => {
        for (const path of ESCALATION_PATHS) {
            for (const action of path.requires) {
                assert.ok(actionDetails(action), `${path.id}: ${action}`);
            }
            assert.ok(path.pivots.length > 0, path.id);
            for (const pivot of path.pivots) {
                assert.ok(path.requires.includes(pivot.action), `${path.id}: pivot ${pivot.action} is not required by the path`);
                if (pivot.resourceType) {
                    assert.ok(actionDetails(pivot.action)!.resourceTypes.includes(pivot.resourceType), `${path.id}: ${pivot.action} on ${pivot.resourceType}`);
                }
            }
        }
        assert.equal(new Set(ESCALATION_PATHS.map((p) => p.id)).size, ESCALATION_PATHS.length);
    });

    it("covers the paths the issue names, AgentCore's included", () => {
        const pivots = ESCALATION_PIVOTS.map((p) => p.action);
        for (const action of [
            "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "glue:UpdateDevEndpoint", "ssm:SendCommand", "ssm:StartSession",
            "bedrock-agentcore:InvokeAgentRuntimeCommand", "bedrock-agentcore:InvokeAgentRuntimeCommandShell", "bedrock-agentcore:StartCodeInterpreterSession",
            "bedrock-agentcore:InvokeCodeInterpreter", "bedrock-agentcore:StartBrowserSession",
        ]) {
            assert.ok(pivots.includes(action), action);
        }
    });

    it("leaves the built-in AgentCore sandboxes (no customer role) outside the sandbox pivots", () => {
        for (const pivot of ESCALATION_PIVOTS.filter((p) => p.resourceType)) {
            const scope = pivotResource(pivot, "aws");
            assert.match(scope, /-custom\/\*$/);
            assert.ok(!actionMatches(scope, "arn:aws:bedrock-agentcore:us-east-1:aws:code-interpreter/aws.codeinterpreter.v1"));
        }
    });

    it("are not destructive catalogue entries: they are judged by path, the catalogue by action", () => {
        const overlap = ESCALATION_PIVOTS.filter((p) => DESTRUCTIVE_ACTIONS.some((d) => actionMatches(d, p.action)));
        // ec2:ModifyInstanceAttribute-like overlaps would make one path flagged twice; none today.
        assert.deepEqual(overlap, []);
    });
});
