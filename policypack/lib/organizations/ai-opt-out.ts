/**
 * The Organizations AI services opt-out policy (AISERVICES_OPT_OUT_POLICY): its content, opting
 * every AI service out with child policies unable to opt back in, and the check of a policy's
 * content. Source: AWS Organizations user guide, "AI services opt-out policy syntax and examples"
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_ai-opt-out_syntax.html).
 */
import { AI_OPT_OUT } from "../../controls/organization";

/** Every AI service opted out, and no child policy may change it. */
export function aiServicesOptOutContent(): Record<string, unknown> {
    return {
        services: {
            [AI_OPT_OUT.allServices]: {
                opt_out_policy: { [AI_OPT_OUT.childControl]: [AI_OPT_OUT.noChildOperators], "@@assign": AI_OPT_OUT.optOut },
            },
        },
    };
}

function isObject(v: unknown): v is Record<string, any> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** What keeps a policy's content (object or JSON string) from opting every AI service out for good; empty when it does. */
export function aiOptOutProblems(content: unknown): string[] {
    let doc: unknown = content;
    if (typeof content === "string") {
        try {
            doc = JSON.parse(content);
        } catch (e) {
            return [`the content is not valid JSON: ${(e as Error).message}`];
        }
    }
    const services = isObject(doc) ? doc.services : undefined;
    if (!isObject(services)) {
        return ['the content has no "services" object'];
    }
    const problems: string[] = [];
    const all = isObject(services[AI_OPT_OUT.allServices]) ? services[AI_OPT_OUT.allServices].opt_out_policy : undefined;
    if (!isObject(all) || all["@@assign"] !== AI_OPT_OUT.optOut) {
        problems.push(`services.${AI_OPT_OUT.allServices}.opt_out_policy does not assign "${AI_OPT_OUT.optOut}": AI services not named may store and use the content they process`);
    } else {
        const child = all[AI_OPT_OUT.childControl];
        if (!(Array.isArray(child) && child.length === 1 && child[0] === AI_OPT_OUT.noChildOperators)) {
            problems.push(`services.${AI_OPT_OUT.allServices}.opt_out_policy does not set ${AI_OPT_OUT.childControl} to ["${AI_OPT_OUT.noChildOperators}"]: a policy on an OU or account can opt back in`);
        }
    }
    for (const [service, setting] of Object.entries(services)) {
        if (service !== AI_OPT_OUT.allServices && isObject(setting) && isObject(setting.opt_out_policy) && setting.opt_out_policy["@@assign"] === AI_OPT_OUT.optIn) {
            problems.push(`services.${service} opts back in ("${AI_OPT_OUT.optIn}")`);
        }
    }
    return problems;
}
