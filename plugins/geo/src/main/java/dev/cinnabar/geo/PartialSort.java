// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.geo;

import java.util.Comparator;

/**
 * Redis 7.0's {@code pqsort} (NetBSD's Bentley-McIlroy quicksort that skips partitions outside a wanted range
 * of indexes, without the later switch to insertion sort when a pass swaps nothing), ported step for step: it
 * is not stable, and a search with COUNT returns equally distant members
 * in the order this exact algorithm leaves them.
 */
final class PartialSort {
    private PartialSort() {
    }

    /** Sorts {@code a} enough that indexes {@code lrange..rrange} (inclusive) hold their sorted elements. */
    static <T> void sort(T[] a, Comparator<? super T> cmp, int lrange, int rrange) {
        sort(a, 0, a.length, cmp, lrange, rrange);
    }

    private static <T> void sort(T[] x, int a, int n, Comparator<? super T> cmp, int lrange, int rrange) {
        while (true) {
            if (n < 7) {
                insertionSort(x, a, n, cmp);
                return;
            }
            int pm = a + n / 2;
            if (n > 7) {
                int pl = a;
                int pn = a + n - 1;
                if (n > 40) {
                    int d = n / 8;
                    pl = med3(x, pl, pl + d, pl + 2 * d, cmp);
                    pm = med3(x, pm - d, pm, pm + d, cmp);
                    pn = med3(x, pn - 2 * d, pn - d, pn, cmp);
                }
                pm = med3(x, pl, pm, pn, cmp);
            }
            swap(x, a, pm);
            int pa = a + 1;
            int pb = pa;
            int pc = a + n - 1;
            int pd = pc;
            while (true) {
                int c;
                while (pb <= pc && (c = cmp.compare(x[pb], x[a])) <= 0) {
                    if (c == 0) {
                        swap(x, pa, pb);
                        pa++;
                    }
                    pb++;
                }
                while (pb <= pc && (c = cmp.compare(x[pc], x[a])) >= 0) {
                    if (c == 0) {
                        swap(x, pc, pd);
                        pd--;
                    }
                    pc--;
                }
                if (pb > pc) {
                    break;
                }
                swap(x, pb, pc);
                pb++;
                pc--;
            }
            int pn = a + n;
            int r = Math.min(pa - a, pb - pa);
            vecswap(x, a, pb - r, r);
            r = Math.min(pd - pc, pn - pd - 1);
            vecswap(x, pb, pn - r, r);
            r = pb - pa;
            if (r > 1 && wanted(a, a + r - 1, lrange, rrange)) {
                sort(x, a, r, cmp, lrange, rrange);
            }
            r = pd - pc;
            if (r > 1) {
                // iterate rather than recurse, as the C code does
                a = pn - r;
                n = r;
                if (wanted(a, a + r - 1, lrange, rrange)) {
                    continue;
                }
            }
            return;
        }
    }

    /** False when the wanted range lies wholly before or wholly after indexes {@code from..to}. */
    private static boolean wanted(int from, int to, int lrange, int rrange) {
        return !((lrange < from && rrange < from) || (lrange > to && rrange > to));
    }

    private static <T> void insertionSort(T[] x, int a, int n, Comparator<? super T> cmp) {
        for (int pm = a + 1; pm < a + n; pm++) {
            for (int pl = pm; pl > a && cmp.compare(x[pl - 1], x[pl]) > 0; pl--) {
                swap(x, pl, pl - 1);
            }
        }
    }

    private static <T> int med3(T[] x, int a, int b, int c, Comparator<? super T> cmp) {
        return cmp.compare(x[a], x[b]) < 0
                ? (cmp.compare(x[b], x[c]) < 0 ? b : (cmp.compare(x[a], x[c]) < 0 ? c : a))
                : (cmp.compare(x[b], x[c]) > 0 ? b : (cmp.compare(x[a], x[c]) < 0 ? a : c));
    }

    private static <T> void swap(T[] x, int i, int j) {
        T t = x[i];
        x[i] = x[j];
        x[j] = t;
    }

    private static <T> void vecswap(T[] x, int i, int j, int n) {
        for (int k = 0; k < n; k++) {
            swap(x, i + k, j + k);
        }
    }
}
