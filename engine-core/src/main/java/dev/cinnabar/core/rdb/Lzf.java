// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

/**
 * LZF as Redis bundles it (liblzf 3.6, {@code lzf_c.c} and {@code lzf_d.c} with HLOG 16, VERY_FAST and
 * CHECK_INPUT), so compressed strings come out byte for byte as Redis writes them. The format: a control
 * byte {@code 000LLLLL} starts a run of L+1 literals; {@code LLLooooo oooooooo} copies L+2 bytes from
 * offset o+1 back; {@code 111ooooo LLLLLLLL oooooooo} copies L+9 bytes.
 */
public final class Lzf {
    /** HLOG 16: the hash table has 65536 slots. */
    private static final int HSIZE = 1 << 16;
    /** Longest literal run: 32 bytes. */
    private static final int MAX_LIT = 1 << 5;
    /** Farthest back reference: 8192 bytes. */
    private static final int MAX_OFF = 1 << 13;
    /** Longest back reference: 264 bytes. */
    private static final int MAX_REF = (1 << 8) + (1 << 3);

    /**
     * The hash table of one thread. Redis starts each compression from a table whose slots do not point
     * into the input; a generation number per slot gives that without clearing 65536 slots every call.
     */
    private static final ThreadLocal<Table> TABLE = ThreadLocal.withInitial(Table::new);

    private Lzf() {
    }

    private static final class Table {
        final int[] positions = new int[HSIZE];
        final int[] generations = new int[HSIZE];
        int generation;

        int next() {
            if (++generation == 0) {
                java.util.Arrays.fill(generations, 0);
                generation = 1;
            }
            return generation;
        }
    }

    private static int idx(int h) {
        return ((h >>> 8) - h * 5) & (HSIZE - 1);
    }

    /**
     * Compresses {@code in[0..inLen)} into {@code out}, using at most {@code outLen} bytes ({@code out} must
     * have room for one more, as Redis allocates it).
     *
     * @return the compressed length, or 0 if it does not fit in {@code outLen} bytes
     */
    public static int compress(byte[] in, int inLen, byte[] out, int outLen) {
        if (inLen == 0 || outLen == 0) {
            return 0;
        }
        Table table = TABLE.get();
        int[] htab = table.positions;
        int[] gens = table.generations;
        int gen = table.next();
        int ip = 0;
        int op = 0;
        int inEnd = inLen;
        int outEnd = outLen;
        int lit = 0;
        op++;
        int hval = ((in[0] & 0xff) << 8) | (inLen > 1 ? in[1] & 0xff : 0);
        while (ip < inEnd - 2) {
            hval = (hval << 8) | (in[ip + 2] & 0xff);
            int slot = idx(hval);
            int ref = gens[slot] == gen ? htab[slot] : 0;
            htab[slot] = ip;
            gens[slot] = gen;
            int off = ip - ref - 1;
            if (ref > 0 && off < MAX_OFF && in[ref + 2] == in[ip + 2] && in[ref] == in[ip]
                    && in[ref + 1] == in[ip + 1]) {
                int len = 2;
                int maxlen = Math.min(inEnd - ip - len, MAX_REF);
                if (op + 3 + 1 >= outEnd && op - (lit == 0 ? 1 : 0) + 3 + 1 >= outEnd) {
                    return 0;
                }
                out[op - lit - 1] = (byte) (lit - 1);
                op -= lit == 0 ? 1 : 0;
                len = matchLength(in, ref, ip, len, maxlen);
                len -= 2;
                ip++;
                if (len < 7) {
                    out[op++] = (byte) ((off >> 8) + (len << 5));
                } else {
                    out[op++] = (byte) ((off >> 8) + (7 << 5));
                    out[op++] = (byte) (len - 7);
                }
                out[op++] = (byte) off;
                lit = 0;
                op++;
                ip += len + 1;
                if (ip >= inEnd - 2) {
                    break;
                }
                // VERY_FAST: hash only the last two positions of the match
                ip -= 2;
                hval = ((in[ip] & 0xff) << 8) | (in[ip + 1] & 0xff);
                hval = (hval << 8) | (in[ip + 2] & 0xff);
                slot = idx(hval);
                htab[slot] = ip;
                gens[slot] = gen;
                ip++;
                hval = (hval << 8) | (in[ip + 2] & 0xff);
                slot = idx(hval);
                htab[slot] = ip;
                gens[slot] = gen;
                ip++;
            } else {
                if (op >= outEnd) {
                    return 0;
                }
                lit++;
                out[op++] = in[ip++];
                if (lit == MAX_LIT) {
                    out[op - lit - 1] = (byte) (lit - 1);
                    lit = 0;
                    op++;
                }
            }
        }
        if (op + 3 > outEnd) {
            return 0;
        }
        while (ip < inEnd) {
            lit++;
            out[op++] = in[ip++];
            if (lit == MAX_LIT) {
                out[op - lit - 1] = (byte) (lit - 1);
                lit = 0;
                op++;
            }
        }
        out[op - lit - 1] = (byte) (lit - 1);
        op -= lit == 0 ? 1 : 0;
        return op;
    }

    /**
     * The length of the match at {@code ip} against {@code ref}, given that {@code len} bytes already
     * match, exactly as liblzf counts it: sixteen unbounded steps first when {@code maxlen > 16}.
     */
    private static int matchLength(byte[] in, int ref, int ip, int len, int maxlen) {
        if (maxlen > 16) {
            for (int i = 0; i < 16; i++) {
                len++;
                if (in[ref + len] != in[ip + len]) {
                    return len;
                }
            }
        }
        do {
            len++;
        } while (len < maxlen && in[ref + len] == in[ip + len]);
        return len;
    }

    /**
     * Decompresses {@code in[inOff..inOff+inLen)} into {@code out[0..outLen)}.
     *
     * @return the decompressed length, or 0 if the data is corrupt or does not fit (as {@code lzf_decompress})
     */
    public static int decompress(byte[] in, int inOff, int inLen, byte[] out, int outLen) {
        int ip = inOff;
        int inEnd = inOff + inLen;
        int op = 0;
        if (inLen == 0) {
            return 0;
        }
        do {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < (1 << 5)) {
                ctrl++;
                if (op + ctrl > outLen || ip + ctrl > inEnd) {
                    return 0;
                }
                System.arraycopy(in, ip, out, op, ctrl);
                op += ctrl;
                ip += ctrl;
            } else {
                int len = ctrl >> 5;
                int ref = op - ((ctrl & 0x1f) << 8) - 1;
                if (ip >= inEnd) {
                    return 0;
                }
                if (len == 7) {
                    len += in[ip++] & 0xff;
                    if (ip >= inEnd) {
                        return 0;
                    }
                }
                ref -= in[ip++] & 0xff;
                if (op + len + 2 > outLen || ref < 0) {
                    return 0;
                }
                len += 2;
                // byte by byte: the source may overlap what is being written
                for (int i = 0; i < len; i++) {
                    out[op++] = out[ref++];
                }
            }
        } while (ip < inEnd);
        return op;
    }

    /**
     * The length {@code in[inOff..inOff+inLen)} decompresses to, found by walking its control bytes as
     * {@link #decompress} does but writing nothing, so a check needs no memory for the output.
     *
     * @return the decompressed length, or -1 if the data is corrupt (a reference before the start, a
     *         literal run past the input's end)
     */
    public static long decompressedLength(byte[] in, int inOff, int inLen) {
        int ip = inOff;
        int inEnd = inOff + inLen;
        long op = 0;
        if (inLen == 0) {
            return -1;
        }
        do {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < (1 << 5)) {
                ctrl++;
                if (ip + ctrl > inEnd) {
                    return -1;
                }
                op += ctrl;
                ip += ctrl;
            } else {
                int len = ctrl >> 5;
                long ref = op - ((ctrl & 0x1f) << 8) - 1;
                if (ip >= inEnd) {
                    return -1;
                }
                if (len == 7) {
                    len += in[ip++] & 0xff;
                    if (ip >= inEnd) {
                        return -1;
                    }
                }
                ref -= in[ip++] & 0xff;
                if (ref < 0) {
                    return -1;
                }
                op += len + 2;
            }
        } while (ip < inEnd);
        return op;
    }
}
