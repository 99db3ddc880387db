import { loadStackConfig } from "../config";
import { BaselineSettings } from "./baseline";

/** Where `loadStackSettings` reads from. */
export interface StackSettingsSource {
    /** The config namespace of the settings (`<namespace>:guardrail`, ...). Defaults to `ai-guardrails`. */
    namespace?: string;
    /** The raw configuration (`namespace:key` -> value, objects as JSON). Defaults to the running stack's. */
    config?: Record<string, string>;
}

/**
 * The baseline's settings from stack configuration: the keys of one namespace plus `aws:region`,
 * validated, with every default filled in, ready for `new AiSecurityBaseline(name, settings)`.
 * Throws `ConfigValidationError` (one line per bad key: the key, its value, what is allowed) before
 * anything is created.
 */
export function loadStackSettings(source: StackSettingsSource = {}): BaselineSettings {
    return loadStackConfig(source.config, source.namespace);
}
