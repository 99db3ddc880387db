/** What a body matcher matches: WAF's text transformations and matching, simulated on plain text. */
import { BodyMatcher } from "./analysis";

/** Applies the text transformations WAF would apply, as far as they change plain text. */
export function applyTransforms(text: string, transforms: readonly string[]): string {
    let out = text;
    for (const t of transforms) {
        if (t === "LOWERCASE") {
            out = out.toLowerCase();
        } else if (t === "COMPRESS_WHITE_SPACE") {
            out = out.replace(/[\f\t\n\r\v\u00a0]/g, " ").replace(/ {2,}/g, " ");
        }
    }
    return out;
}

/** Forms a known phrase takes to slip past a naive matcher: other case, other spacing. */
export function phraseVariants(phrase: string): { label: string; text: string }[] {
    const title = phrase.replace(/\b[a-z]/g, (c) => c.toUpperCase());
    return [
        { label: "as written", text: phrase },
        { label: "in capitals", text: phrase.toUpperCase() },
        { label: "in title case", text: title },
        { label: "with doubled spaces", text: phrase.replace(/ /g, "  ") },
        { label: "with tabs between words", text: phrase.replace(/ /g, "\t") },
    ];
}

/** A JSON request body carrying the text the way a model API receives a prompt. */
function requestBody(text: string): string {
    return `{"messages":[{"role":"user","content":[{"text":"Please ${text} and continue."}]}]}`;
}

function regexMatches(pattern: string, text: string): boolean | undefined {
    try {
        return new RegExp(pattern).test(text);
    } catch {
        return undefined;
    }
}

/**
 * Whether the matcher blocks a request body carrying `text`. Regex pattern sets are evaluated with
 * `patternsOf`; a pattern JavaScript cannot compile counts as not matching.
 */
export function matcherBlocks(matcher: BodyMatcher, text: string, patternsOf: (m: BodyMatcher) => string[]): boolean {
    const body = applyTransforms(requestBody(text), matcher.transforms);
    switch (matcher.kind) {
        case "byte": {
            const position = (matcher.positionalConstraint ?? "").toUpperCase();
            return (matcher.searchStrings ?? []).some((s) => {
                if (s === "") {
                    return false;
                }
                if (position === "CONTAINS") {
                    return body.includes(s);
                }
                if (position === "CONTAINS_WORD") {
                    return new RegExp(`(^|[^A-Za-z0-9_])${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^A-Za-z0-9_])`).test(body);
                }
                // EXACTLY, STARTS_WITH, ENDS_WITH compare against the whole body: a prompt inside a JSON body never matches.
                return position === "EXACTLY" ? body === s : position === "STARTS_WITH" ? body.startsWith(s) : position === "ENDS_WITH" ? body.endsWith(s) : false;
            });
        }
        case "regex":
            return regexMatches(matcher.pattern ?? "", body) === true;
        case "regexSet":
            return patternsOf(matcher).some((p) => regexMatches(p, body) === true);
    }
}
