// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.acl;

/**
 * Redis's {@code stringmatchlen} on bytes, case-sensitive: {@code *}, {@code ?}, {@code [...]} with ranges and
 * {@code ^}, backslash escapes. Bytes compare as C's signed {@code char}, as Redis compares them. Recursion
 * stops at depth 1000 and a failed {@code *} stops the outer ones from retrying, as in Redis 7.0, so no
 * pattern costs more than a polynomial time.
 */
final class Glob {
    /** Redis's limit on nested {@code *} recursion. */
    private static final int MAX_NESTING = 1000;

    private Glob() {
    }

    static boolean matches(byte[] pattern, byte[] string) {
        return match(pattern, 0, pattern.length, string, 0, string.length, new boolean[1], 0);
    }

    private static boolean match(byte[] pat, int p, int plen, byte[] str, int s, int slen, boolean[] skipLonger,
                                 int nesting) {
        if (nesting > MAX_NESTING) {
            return false;
        }
        while (plen > 0 && slen > 0) {
            switch (pat[p]) {
                case '*' -> {
                    while (plen > 1 && pat[p + 1] == '*') {
                        p++;
                        plen--;
                    }
                    if (plen == 1) {
                        return true;
                    }
                    while (slen > 0) {
                        if (match(pat, p + 1, plen - 1, str, s, slen, skipLonger, nesting + 1)) {
                            return true;
                        }
                        if (skipLonger[0]) {
                            return false;
                        }
                        s++;
                        slen--;
                    }
                    skipLonger[0] = true;
                    return false;
                }
                case '?' -> {
                    s++;
                    slen--;
                }
                case '[' -> {
                    p++;
                    plen--;
                    boolean not = plen > 0 && pat[p] == '^';
                    if (not) {
                        p++;
                        plen--;
                    }
                    boolean matched = false;
                    while (true) {
                        if (plen == 0) {
                            p--;
                            plen++;
                            break;
                        } else if (pat[p] == '\\' && plen >= 2) {
                            p++;
                            plen--;
                            if (pat[p] == str[s]) {
                                matched = true;
                            }
                        } else if (pat[p] == ']') {
                            break;
                        } else if (plen >= 3 && pat[p + 1] == '-') {
                            int start = pat[p];
                            int end = pat[p + 2];
                            int c = str[s];
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            p += 2;
                            plen -= 2;
                            if (c >= start && c <= end) {
                                matched = true;
                            }
                        } else if (pat[p] == str[s]) {
                            matched = true;
                        }
                        p++;
                        plen--;
                    }
                    if (not) {
                        matched = !matched;
                    }
                    if (!matched) {
                        return false;
                    }
                    s++;
                    slen--;
                }
                default -> {
                    if (pat[p] == '\\' && plen >= 2) {
                        p++;
                        plen--;
                    }
                    if (pat[p] != str[s]) {
                        return false;
                    }
                    s++;
                    slen--;
                }
            }
            p++;
            plen--;
            if (slen == 0) {
                while (plen > 0 && pat[p] == '*') {
                    p++;
                    plen--;
                }
                break;
            }
        }
        return plen == 0 && slen == 0;
    }
}
