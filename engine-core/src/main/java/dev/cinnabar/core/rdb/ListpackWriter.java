// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import dev.cinnabar.core.structures.Listpack;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds a whole Redis listpack ({@code listpack.c}) by appending elements, byte for byte as
 * {@code lpAppend} and {@code lpAppendInteger} do: the 6-byte header (total bytes, element count), the
 * entries in {@link Listpack}'s entry format, the end byte. Used to save hashes and sorted sets in the
 * listpack encoding.
 */
public final class ListpackWriter {
    /** LP_EOF. */
    static final int EOF = 0xFF;

    private byte[] buf = new byte[64];
    private int used = Listpack.HEADER;
    private long count;

    /** Appends {@code value}, as an integer entry when it is the canonical text of one. */
    public ListpackWriter append(byte[] value) {
        int size = Listpack.entrySize(value);
        ensure(size);
        Listpack.write(buf, used, value);
        used += size;
        count++;
        return this;
    }

    /** Appends an integer entry of the smallest width that holds {@code v} ({@code lpAppendInteger}). */
    public ListpackWriter appendInteger(long v) {
        return append(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
    }

    /** Elements appended so far. */
    public long count() {
        return count;
    }

    /** The finished listpack. */
    public byte[] toBytes() {
        byte[] lp = Arrays.copyOf(buf, used + 1);
        lp[used] = (byte) EOF;
        int total = lp.length;
        for (int i = 0; i < 4; i++) {
            lp[i] = (byte) (total >>> (8 * i));
        }
        int n = (int) Math.min(count, Listpack.UNKNOWN_COUNT);
        lp[4] = (byte) n;
        lp[5] = (byte) (n >>> 8);
        return lp;
    }

    private void ensure(int more) {
        if ((long) used + more + 1 > buf.length) {
            long grown = Math.max((long) used + more + 1, (long) buf.length * 2);
            if (grown > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("listpack larger than 2 GB");
            }
            buf = Arrays.copyOf(buf, (int) grown);
        }
    }
}
