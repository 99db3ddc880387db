/**
 * The invoke class (controls/invoke-class.ts) expanded against the action catalogue, and the
 * tripwire that keeps the rule complete: the actions whose catalogue description speaks of running
 * on input that the rule neither takes in nor sets aside with a reason.
 */
import { INVOKE_CLASS_PATTERNS, INVOKE_CLASS_SERVICES, NOT_INVOKE_CLASS } from "../../controls/invoke-class";
import { actionMatches } from "./actions";
import { actionsOfService, expandActionPatterns } from "./catalog";

/** Every invoke-class action of the catalogue, sorted. */
export function invokeClassActions(): string[] {
    return expandActionPatterns(INVOKE_CLASS_PATTERNS);
}

export function isInvokeClassAction(action: string): boolean {
    return INVOKE_CLASS_PATTERNS.some((p) => actionMatches(p, action));
}

/** Words of a catalogue description that mark an action as running something on the caller's input. */
const RUNS_ON_INPUT = /\b(user input|inference|invoke|invocation|generat\w*|rank documents|optimi[sz]e a prompt)\b/i;

/** Actions of the invoke-class services that read as invocations but are neither in the class nor set aside. */
export function unclassifiedInvokeCandidates(): string[] {
    const setAside = Object.keys(NOT_INVOKE_CLASS);
    return INVOKE_CLASS_SERVICES.flatMap((service) => actionsOfService(service))
        .filter((a) => RUNS_ON_INPUT.test(a.description) && !isInvokeClassAction(a.action) && !setAside.some((p) => actionMatches(p, a.action)))
        .map((a) => a.action);
}
