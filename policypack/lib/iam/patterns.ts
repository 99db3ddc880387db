/**
 * Reasoning about IAM resource patterns (ARNs with `*` and `?` wildcards) against each other,
 * not only against concrete ARNs: "can this Resource reach a model at all?" (intersection) and
 * "is this Resource no broader than an approved pattern?" (containment).
 *
 * Semantics follow "IAM JSON policy elements: Resource" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html):
 * wildcards work within the colon-separated segments of an ARN; a `*` that is the last character of
 * a segment can expand across colons; the resource part (after the fifth colon) keeps its own
 * colons, so a `*` there matches them. Matching is case-sensitive. A policy variable such as
 * `${aws:username}` resolves per request and is treated as a `*` that may match anything.
 */

import { BoundedMemo, BoundedPairMemo } from "../bounded-memo";

type Token = { kind: "char"; ch: string } | { kind: "one" } | { kind: "star"; colons: boolean };

const tokenized = new BoundedMemo<Token[]>(20000);

/**
 * Answers already given, by pattern pair: rules compare the same few approved and target patterns
 * with the same resources over and over.
 */
const answers = {
    covers: new BoundedPairMemo<boolean>(20000),
    intersect: new BoundedPairMemo<boolean>(20000),
    intersectStrict: new BoundedPairMemo<boolean>(20000),
};

/** Replaces policy variables by `*`: they resolve per request, so any value is possible. */
export function normalizeResourcePattern(pattern: string): string {
    return pattern.replace(/\$\{[^}]*\}/g, "*");
}

/**
 * `strict`: the pattern describes ARNs of a known shape (`arn:aws:bedrock:*::foundation-model/*`
 * for "any foundation model"), so its stars stay within the first five segments.
 */
function tokenize(pattern: string, strict = false): Token[] {
    return tokenized.get(strict ? `strict ${pattern}` : pattern, () => tokensOf(pattern, strict));
}

function tokensOf(pattern: string, strict: boolean): Token[] {
    const p = normalizeResourcePattern(pattern);
    const tokens: Token[] = [];
    let segment = 0;
    for (let i = 0; i < p.length; i++) {
        const c = p[i];
        if (c === "*") {
            // In the resource part, or at the end of a segment, a star also matches colons.
            tokens.push({ kind: "star", colons: segment >= 5 || (!strict && (i + 1 === p.length || p[i + 1] === ":")) });
        } else if (c === "?") {
            tokens.push({ kind: "one" });
        } else {
            tokens.push({ kind: "char", ch: c });
            if (c === ":") {
                segment++;
            }
        }
    }
    return tokens;
}

function literalPrefixLength(tokens: readonly Token[]): number {
    const i = tokens.findIndex((t) => t.kind !== "char");
    return i < 0 ? tokens.length : i;
}

/** Whether a star may stand for (part of) what the other side has at this position. */
function starTakes(star: { colons: boolean }, other: Token): boolean {
    if (other.kind === "char") {
        return other.ch !== ":" || star.colons;
    }
    return true;
}

/**
 * Whether some ARN matches both patterns (`b` read as `strict` when it describes ARNs of a known
 * shape). Walks both patterns at once: a `*` on either side may end (match nothing more) or take
 * the other side's next character; two non-star tokens must agree (a `?` agrees with any single
 * character).
 */
export function patternsIntersect(a: string, b: string, strictB = false): boolean {
    return (strictB ? answers.intersectStrict : answers.intersect).get(a, b, () => intersect(a, b, strictB));
}

function intersect(a: string, b: string, strictB: boolean): boolean {
    const p = tokenize(a);
    const q = tokenize(b, strictB);
    const width = q.length + 1;
    const seen = new Set<number>();
    const stack: Array<[number, number]> = [[0, 0]];
    while (stack.length > 0) {
        const [i, j] = stack.pop()!;
        const key = i * width + j;
        if (seen.has(key)) {
            continue;
        }
        seen.add(key);
        if (i === p.length && j === q.length) {
            return true;
        }
        const pi = p[i];
        const qj = q[j];
        if (pi?.kind === "star") {
            stack.push([i + 1, j]);
            if (qj && qj.kind !== "star" && starTakes(pi, qj)) {
                stack.push([i, j + 1]);
            }
        }
        if (qj?.kind === "star") {
            stack.push([i, j + 1]);
            if (pi && pi.kind !== "star" && starTakes(qj, pi)) {
                stack.push([i + 1, j]);
            }
        }
        if (pi && qj && pi.kind !== "star" && qj.kind !== "star") {
            if (pi.kind === "one" || qj.kind === "one" || pi.ch === qj.ch) {
                stack.push([i + 1, j + 1]);
            }
        }
    }
    return false;
}

/**
 * Whether every ARN `specific` matches also matches `general`. Sound, not complete: each wildcard
 * of `specific` must fall inside a star of `general` that reaches at least as far (or a `?` on a
 * `?`), so `true` is always right and odd overlaps such as `a?` against `a*` answer `false`.
 */
export function patternCovers(general: string, specific: string): boolean {
    return answers.covers.get(general, specific, () => coversPattern(general, specific));
}

function coversPattern(general: string, specific: string): boolean {
    const g = tokenize(general);
    const s = tokenize(specific);
    // Fast rejection on the literal prefixes, which is where most candidates differ.
    const gp = literalPrefixLength(g);
    const sp = literalPrefixLength(s);
    for (let k = 0; k < Math.min(gp, sp); k++) {
        if ((g[k] as { ch: string }).ch !== (s[k] as { ch: string }).ch) {
            return false;
        }
    }
    if (gp > sp && sp < s.length) {
        return false;
    }
    const width = s.length + 1;
    const memo = new Map<number, boolean>();
    const covers = (i: number, j: number): boolean => {
        const key = i * width + j;
        const known = memo.get(key);
        if (known !== undefined) {
            return known;
        }
        const gi = g[i];
        const sj = s[j];
        let result: boolean;
        if (!gi) {
            result = !sj;
        } else if (gi.kind === "star") {
            // The star ends here, or also takes s[j]: a character it may match, a `?` (which can
            // be a colon), or a star that reaches no further than this one.
            const takes =
                sj !== undefined &&
                (sj.kind === "char" ? sj.ch !== ":" || gi.colons : sj.kind === "one" ? gi.colons : gi.colons || !sj.colons);
            result = covers(i + 1, j) || (takes && covers(i, j + 1));
        } else if (!sj || sj.kind === "star") {
            result = false;
        } else if (gi.kind === "one") {
            result = covers(i + 1, j + 1);
        } else {
            result = sj.kind === "char" && sj.ch === gi.ch && covers(i + 1, j + 1);
        }
        memo.set(key, result);
        return result;
    };
    return covers(0, 0);
}

/** Whether the pattern contains a wildcard (after policy variables are normalised). */
export function hasWildcard(pattern: string): boolean {
    return /[*?]/.test(normalizeResourcePattern(pattern));
}
