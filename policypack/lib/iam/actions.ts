/**
 * IAM's action matching: whether a pattern or a statement's Action / NotAction covers an action.
 * The catalogue itself is `./catalog`.
 */
import { wildcardToRegExp } from "../wildcards";
import { Statement } from "./document";

export { wildcardToRegExp };
export function actionMatches(pattern: string, action: string): boolean {
    return wildcardToRegExp(pattern).test(action);
}

/** Whether the statement's Action / NotAction covers the action (ignores Resource and Condition). */
export function statementCoversAction(statement: Statement, action: string): boolean {
    if (statement.actions) {
        return statement.actions.some((p) => actionMatches(p, action));
    }
    if (statement.notActions) {
        return !statement.notActions.some((p) => actionMatches(p, action));
    }
    return false;
}

/** Whether the statement's Resource covers `resource` (an ARN or ARN pattern taken literally, or `*`). */
export function statementCoversResource(s: Statement, resource: string): boolean {
    if (s.resources) {
        return s.resources.some((p) => p === "*" || wildcardToRegExp(p).test(resource));
    }
    if (s.notResources) {
        return !s.notResources.some((p) => p === "*" || wildcardToRegExp(p).test(resource));
    }
    return false;
}
