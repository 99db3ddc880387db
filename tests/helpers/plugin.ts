/**
 * The component plugin as Pulumi's Node.js host sees it: the schema analyzer of
 * `@pulumi/pulumi/provider/experimental` run over `plugin/` (its tsconfig and entry point), for
 * all the public components or a few.
 */
import * as fs from "fs";
import * as path from "path";

export const PLUGIN_DIR = path.join(__dirname, "..", "..", "plugin");

export interface AnalyzedComponent {
    name: string;
    description?: string;
    inputs: Record<string, any>;
    outputs: Record<string, any>;
}

export interface Analysis {
    components: Record<string, AnalyzedComponent>;
    typeDefinitions: Record<string, any>;
}

/** Analyzes the named components exactly as `GetSchema` does; throws the host's own error. */
export function analyzePlugin(componentNames: readonly string[]): Analysis {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Analyzer } = require("@pulumi/pulumi/provider/experimental/analyzer");
    const packageJson = JSON.parse(fs.readFileSync(path.join(PLUGIN_DIR, "package.json"), "utf8"));
    return new Analyzer(PLUGIN_DIR, packageJson.name, packageJson, new Set(componentNames)).analyze();
}
