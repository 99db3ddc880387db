import * as assert from "assert";
import { parsePolicyDocument } from "../../../policypack/lib/iam/document";
import { administrativeGrants } from "../../../policypack/lib/iam/privilege";

const ACCOUNT = "123456789012";
const grants = (...statements: unknown[]) => administrativeGrants(parsePolicyDocument({ Version: "2012-10-17", Statement: statements }));

describe("administrative grants in an identity policy", () => {
    it("finds every action, iam:* and NotAction", () => {
        assert.deepStrictEqual(grants({ Effect: "Allow", Action: "*", Resource: "*" }), ['Statement[0] allows every action (Action "*")']);
        assert.deepStrictEqual(grants({ Effect: "Allow", Action: "IAM:*", Resource: "*" }), ["Statement[0] allows iam:*"]);
        assert.deepStrictEqual(grants({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }), ["Statement[0] allows every action (Allow with NotAction)"]);
    });

    it("finds iam:PassRole on every role: *, a role wildcard in one account or in all, NotResource", () => {
        for (const resource of ["*", "arn:aws:iam::*:role/*", `arn:aws:iam::${ACCOUNT}:role/*`, `arn:aws:iam::${ACCOUNT}:*`, "arn:*:iam::*:role/*", "arn:aws-us-gov:iam::*:role/*"]) {
            assert.deepStrictEqual(grants({ Effect: "Allow", Action: "iam:PassRole", Resource: resource }), [`Statement[0] allows iam:PassRole on every role (Resource ["${resource}"])`], resource);
        }
        assert.deepStrictEqual(grants({ Sid: "Pass", Effect: "Allow", Action: "iam:Pass*", NotResource: `arn:aws:iam::${ACCOUNT}:role/admin` }), [
            `statement "Pass" allows iam:PassRole on every role (NotResource ["arn:aws:iam::${ACCOUNT}:role/admin"])`,
        ]);
    });

    it("leaves PassRole on named roles or a narrower path alone, and Deny statements", () => {
        assert.deepStrictEqual(grants({ Effect: "Allow", Action: "iam:PassRole", Resource: [`arn:aws:iam::${ACCOUNT}:role/ticketing`, `arn:aws:iam::${ACCOUNT}:role/ai-agents/*`] }), []);
        assert.deepStrictEqual(grants({ Effect: "Deny", Action: "*", Resource: "*" }, { Effect: "Allow", Action: "s3:GetObject", Resource: "*" }), []);
    });
});
