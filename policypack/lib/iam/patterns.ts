/**
 * Reasoning about IAM resource patterns (ARNs with `*` and `?` wildcards) against each other,
 * not only against concrete ARNs: "can this Resource reach a model at all?" (intersection) and
 * "is this Resource no broader than an approved pattern?" (containment). Resource matching in IAM
 * is case-sensitive. A policy variable such as `${aws:username}` stands for an unknown value and is
 * treated as `*`.
 */

/** Replaces policy variables by `*`: they resolve per request, so any value is possible. */
export function normalizeResourcePattern(pattern: string): string {
    return pattern.replace(/\$\{[^}]*\}/g, "*");
}

function isWildcard(c: string): boolean {
    return c === "*" || c === "?";
}

/**
 * Whether some string matches both patterns. Walks both patterns at once: a `*` on either side
 * may end (match nothing more) or absorb the other side's next symbol; two non-star symbols must
 * agree (a `?` agrees with any single character).
 */
export function patternsIntersect(a: string, b: string): boolean {
    const p = normalizeResourcePattern(a);
    const q = normalizeResourcePattern(b);
    const seen = new Set<number>();
    const width = q.length + 1;
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
        if (i < p.length && p[i] === "*") {
            stack.push([i + 1, j]);
            if (j < q.length) {
                stack.push([i, j + 1]);
            }
        }
        if (j < q.length && q[j] === "*") {
            stack.push([i, j + 1]);
            if (i < p.length) {
                stack.push([i + 1, j]);
            }
        }
        if (i < p.length && j < q.length && p[i] !== "*" && q[j] !== "*") {
            if (p[i] === "?" || q[j] === "?" || p[i] === q[j]) {
                stack.push([i + 1, j + 1]);
            }
        }
    }
    return false;
}

/**
 * Whether every string `specific` matches also matches `general`. Sound, not complete: each
 * wildcard of `specific` must fall inside a `*` of `general` (or a `?` on a `?`), so a `true`
 * answer is always right and odd overlaps such as `a?` against `a*` answer `false`.
 */
export function patternCovers(general: string, specific: string): boolean {
    const g = normalizeResourcePattern(general);
    const s = normalizeResourcePattern(specific);
    // memo[i][j]: does g[i..] cover s[j..]?
    const memo = new Map<number, boolean>();
    const width = s.length + 1;
    const covers = (i: number, j: number): boolean => {
        const key = i * width + j;
        const known = memo.get(key);
        if (known !== undefined) {
            return known;
        }
        let result: boolean;
        if (i === g.length) {
            result = j === s.length;
        } else if (g[i] === "*") {
            // The star matches nothing more, or also takes s[j] (a literal or a wildcard).
            result = covers(i + 1, j) || (j < s.length && covers(i, j + 1));
        } else if (j === s.length) {
            result = false;
        } else if (g[i] === "?") {
            result = s[j] !== "*" && covers(i + 1, j + 1);
        } else {
            result = !isWildcard(s[j]) && g[i] === s[j] && covers(i + 1, j + 1);
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
