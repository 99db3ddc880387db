import * as assert from "assert";
import { ConfigValidationError, loadStackConfig } from "../../components/config";
import { loadStackConfigFile } from "../../cli/stack-config";

/**
 * The problems `loadStackConfig` reports for a raw configuration (one line each: key, value, what
 * is allowed). Fails the test when the configuration is valid or the error is of another kind.
 */
export function configProblems(raw: Record<string, string>): string[] {
    try {
        loadStackConfig(raw);
    } catch (e) {
        assert.ok(e instanceof ConfigValidationError, `expected a ConfigValidationError, got ${e}`);
        return e.problems;
    }
    assert.fail("expected a ConfigValidationError");
}

/**
 * A stack's raw settings with keys replaced as Pulumi would hand them over: objects and lists as
 * JSON strings, strings as written; `undefined` removes the key.
 */
export function stackConfigWith(stack: string, overrides: Record<string, unknown>): Record<string, string> {
    const raw = { ...loadStackConfigFile(stack) };
    for (const [key, value] of Object.entries(overrides)) {
        if (value === undefined) {
            delete raw[key];
        } else {
            raw[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return raw;
}
